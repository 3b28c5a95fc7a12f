"""EndNote XML reader: counts, <style> runs, journal choice, PMIDs, hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.model import InputError, ParsedRecord
from evidence.readers import endnote_xml
from evidence.source import SourceFile, load

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FOLDER = "endnote_xml"


def _counts(folder: str) -> list[tuple[str, int]]:
    rows = []
    for line in (CORPUS / "counts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, count = line.split("\t")
        if name.startswith(folder + "/"):
            rows.append((name, int(count)))
    return rows


def _read(name: str) -> list[ParsedRecord]:
    path = CORPUS / FOLDER / name
    return list(endnote_xml.read(load(path, path.name)))


def _snippet(text: str) -> SourceFile:
    data = text.encode("utf-8")
    return SourceFile(path=Path("x.xml"), name="x.xml", data=data, text=text, encoding="utf-8")


def _record(inner: str) -> str:
    return f"<xml><records><record>{inner}</record></records></xml>"


@pytest.mark.parametrize(("name", "count"), _counts(FOLDER))
def test_record_count_matches_counts_tsv(name: str, count: int) -> None:
    source = load(CORPUS / name, Path(name).name)
    assert len(list(endnote_xml.read(source))) == count


def test_every_fixture_is_in_counts_tsv() -> None:
    listed = {Path(n).name for n, _ in _counts(FOLDER)}
    assert {p.name for p in (CORPUS / FOLDER).glob("*.xml")} <= listed


def test_blue_light_fields() -> None:
    records = _read("blue-light.xml")
    first = records[0].meta
    assert first.title == (
        "Formulation of Herbal Gel of Antirrhinum majus Extract and Evaluation of its "
        "Anti-Propionibacterium acne Effects"
    )
    assert first.authors[0] == "Shahtalebi, M. A."
    assert first.journal == "Adv Biomed Res"
    assert first.year == 2018
    assert first.doi == "10.4103/abr.abr_99_17"
    assert first.pmid == "29657938"  # accession number of an NLM record
    assert first.extra["native_id"] == "895"
    assert first.extra["keywords"] == ["Acne", "Antirrhinum majus", "Propionibacterium acnes", "blue light"]
    assert records[0].body.startswith("BACKGROUND: Antirrhinum majus contains aurone")
    assert records[0].raw_start is None
    assert sum(1 for r in records if not r.body) == 4
    assert sum(1 for r in records if r.meta.pmid) == 102


def test_full_journal_name_is_preferred_over_abbreviation() -> None:
    # full-title holds "Am J Clin Dermatol", abbr-1 the full name: EndNote term lists swap them.
    second = _read("blue-light.xml")[1].meta
    assert second.journal == "American journal of clinical dermatology"


def test_value_split_over_style_runs_is_joined_as_is() -> None:
    first = _read("bold.xml")[0]
    assert first.body.startswith(
        "The quality of physician-patient communication is a critical factor in treatment outcomes"
    )
    assert first.meta.title == "Patient satisfaction with physician-patient communication during telemedicine"


def test_entities_in_values_and_rec_number() -> None:
    [rec] = _read("multipart.xml")
    assert rec.meta.title == "Foo & Bar"
    assert rec.meta.authors == ["Foo & Bar", "Baz & Quz"]
    assert rec.meta.journal == "Foo & Journal"
    assert rec.meta.extra["native_id"] == "1 & 2"
    assert rec.body == "Foo & Bar"
    assert rec.meta.year is None


def test_pretty_printed_multi_line_title_is_one_line() -> None:
    [rec] = _read("EndnoteXmlImporterTestArticle.xml")
    assert rec.meta.title == (
        "Trends in the lifetime risk of developing cancer in Great Britain: comparison of risk "
        "for those born from 1930 to 1960"
    )
    assert rec.meta.authors == ["Ahmad, AS", "Ormiston-Smith, N", "Sasieni, PD"]
    assert rec.meta.journal == "Br J Cancer"
    assert rec.body == "test abstract"


def test_empty_keyword_and_style_runs() -> None:
    [rec] = _read("EndnoteXmlImporterTest_EmptyKeywordStyle.xml")
    assert rec.meta.extra["keywords"] == [
        "anxiety",
        "craving",
        "dependency",
        "destress",
        "health restoration",
    ]
    assert rec.meta.doi == "10.1089/acu.2018.1295"
    # No database name, but the record links to PubMed: the accession number is its PMID.
    assert rec.meta.pmid == "29937971"
    assert rec.body == ""


def test_cinahl_records_and_empty_contributors() -> None:
    records = _read("Dump-Converted test.xml")
    first = records[0].meta
    assert first.authors == []  # <contributors></contributors>
    assert first.journal == "Neurology"
    assert first.doi == "10.1212/wnl.0000000000012606"
    assert first.pmid is None
    ovid = records[3].meta
    assert ovid.doi == "10.1186/s40504-020-00106-2"  # from https://dx.doi.org/...
    assert ovid.pmid == "33043412"  # Ovid MEDLINE accession number
    assert ovid.authors == ["Angrist, M.", "Yang, A.", "Kantor, B.", "Chiba-Falek, O."]


def test_isi_accession_is_not_a_pmid() -> None:
    first, _second = _read("EndnoteXmlImporterTestArticle2.xml")
    assert first.meta.pmid is None
    assert first.meta.year == 1937
    assert first.meta.journal == "Ecology"


def test_year_from_pub_date_and_bad_year_warning() -> None:
    source = _snippet(_record("<titles><title>T</title></titles><dates><year>10 15</year></dates>"))
    [rec] = endnote_xml.read(source)
    assert rec.meta.year is None
    assert source.warnings == ["record 1: no year in '10 15'"]
    source = _snippet(
        _record(
            "<dates><year></year><pub-dates><date>Mar 2019</date></pub-dates></dates>"
            "<titles><title>T</title></titles>"
        )
    )
    [rec] = endnote_xml.read(source)
    assert rec.meta.year == 2019


def test_plain_values_without_style() -> None:
    xml = _record(
        "<titles><title>Plain</title><secondary-title>J</secondary-title></titles>"
        "<contributors><authors><author>Doe, J.</author></authors></contributors>"
        "<electronic-resource-num>doi:10.1000/X1 10.1000/second</electronic-resource-num>"
        "<abstract>Line one\nline two</abstract>"
    )
    [rec] = endnote_xml.read(_snippet(xml))
    assert (rec.meta.title, rec.meta.authors, rec.meta.journal) == ("Plain", ["Doe, J."], "J")
    assert rec.meta.doi == "10.1000/x1"
    assert rec.body == "Line one\nline two"  # a real line break, not indentation, is kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<xml><records><record>", "not valid XML"),
        ("<xml><records></records></xml>", "no EndNote"),
        ("<PubmedArticleSet/>", "not EndNote XML"),
        ("", "not valid XML"),
    ],
)
def test_unusable_files_raise_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(endnote_xml.read(_snippet(text)))


def test_truncated_fixture_is_not_valid_xml() -> None:
    text = (CORPUS / FOLDER / "bold.xml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="not valid XML"):
        list(endnote_xml.read(_snippet(text[:-200])))


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;">]><xml><records><record><titles><title>&c;</title>'
        "</titles></record></records></xml>",
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<xml><records><record><titles><title>&x;</title></titles></record></records></xml>",
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_entity_declarations_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="refused"):
        list(endnote_xml.read(_snippet(text)))


def _check(source: SourceFile) -> None:
    try:
        records = list(endnote_xml.read(source))
    except InputError:
        return
    for rec in records:
        assert isinstance(rec.body, str)
        assert all(isinstance(a, str) and a for a in rec.meta.authors)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_random_text_gives_records_or_input_error(text: str) -> None:
    _check(_snippet(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["bold.xml", "multipart.xml", "EndnoteXmlImporterTest_EmptyKeywordStyle.xml"]),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.text(max_size=12)), max_size=4),
)
def test_mutated_fixtures_give_records_or_input_error(name: str, edits: list[tuple[float, int, str]]) -> None:
    text = (CORPUS / FOLDER / name).read_text(encoding="utf-8")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    _check(_snippet(text))
