"""RIS reader: record counts, the fields a reviewer sees, and every exporter quirk in the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.model import InputError, ParsedRecord
from evidence.readers import ris
from evidence.source import SourceFile, load

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FOLDER = "ris"


def _counts(folder: str) -> list[tuple[str, int]]:
    rows = []
    for line in (CORPUS / "counts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, count = line.split("\t")
        if name.startswith(folder + "/"):
            rows.append((name, int(count)))
    return rows


def _source(name: str) -> SourceFile:
    path = CORPUS / name
    return load(path, path.name)


def _read(name: str) -> list[ParsedRecord]:
    return list(ris.read(_source(f"{FOLDER}/{name}")))


def _snippet(text: str) -> SourceFile:
    return SourceFile(
        path=Path("x.ris"), name="x.ris", data=text.encode("utf-8"), text=text, encoding="utf-8"
    )


def _read_text(text: str) -> tuple[list[ParsedRecord], list[str]]:
    source = _snippet(text)
    return list(ris.read(source)), source.warnings


@pytest.mark.parametrize(("name", "count"), _counts(FOLDER))
def test_record_count_matches_counts_tsv(name: str, count: int) -> None:
    assert len(list(ris.read(_source(name)))) == count


def test_counts_tsv_lists_the_ris_folder() -> None:
    listed = {Path(n).name for n, _ in _counts(FOLDER)}
    # Left out of counts.tsv as judgement calls; their behaviour is tested below.
    judged = {
        "RisImporterCorrupted.ris",
        "example_bom.ris",
        "baseline_empty_values.ris",
        "baseline_reference_types.ris",
    }
    assert {p.name for p in (CORPUS / FOLDER).iterdir()} == listed | judged


@pytest.mark.parametrize(
    ("name", "with_abstract"),
    [("blue-light.ris", 98), ("ris_issue_992.txt", 8), ("_baseline_webofscience.ris", 7), ("scopus.ris", 6)],
)
def test_abstract_counts_match_the_corpus_readme(name: str, with_abstract: int) -> None:
    assert sum(1 for rec in _read(name) if rec.body) == with_abstract


def test_judgement_call_files() -> None:
    # Stub records of every reference type (one with an empty TY) are still records.
    assert len(_read("baseline_reference_types.ris")) == 61
    [only_doi] = _read("example_bom.ris")
    assert only_doi.meta.doi == "10.1186/s40981-020-0316-0"
    empty = _read("baseline_empty_values.ris")
    assert [r.meta.extra["native_id"] for r in empty] == ["1", "2", "3", "4"]
    assert [r.meta.title for r in empty] == ["Title of reference", None, "Title of reference", None]
    assert [bool(r.body) for r in empty] == [False, True, False, True]


def test_headless_fragment_is_not_a_record() -> None:
    source = _source("ris/RisImporterCorrupted.ris")
    with pytest.raises(InputError, match="no 'TY  - ' line"):
        list(ris.read(source))
    assert any("without a 'TY  - ' line" in w for w in source.warnings)


def test_trailing_spaces_empty_er_and_full_journal_name() -> None:
    [rec] = _read("RisImporterTestWithEmptyER.ris")
    meta = rec.meta
    assert meta.title == "Length scales and interfacial potentials in ion hydration"
    assert meta.authors == ["Shi,Yu", "Beck,Thomas L."]
    # JF/T2 give the full name; JO holds "J. Chem. Phys.".
    assert meta.journal == "The Journal of Chemical Physics"
    assert meta.year == 2013
    assert meta.doi == "10.1063/1.4814070"


def test_embase_style_record_with_empty_tag() -> None:
    [rec] = _read("example_empty_tag.ris")
    meta = rec.meta
    assert meta.year == 2020  # Y1  - 2020//
    assert meta.doi == "10.1177/2325967120950040"  # given as http://dx.doi.org/...
    assert meta.journal == "Orthopaedic Journal of Sports Medicine"  # not JA's abbreviation
    assert meta.authors == ["Fanning E."]
    assert meta.extra["native_id"] == "2006713348"
    assert meta.extra["keywords"] == ["*athlete", "biomechanics", "bone remodeling"]
    assert rec.body.startswith('Background: Athletic endeavor can require the "athletic shoulder"')


def test_faulty_year_is_none_with_a_warning() -> None:
    source = _source("ris/faulty_year.ris")
    [rec] = list(ris.read(source))
    assert rec.meta.year is None
    assert source.warnings == ["record 1: year '10 15' not understood"]
    assert rec.meta.title.startswith("The Value of Radiologic Interventions and 18 F-DOPA PET")


def test_preamble_and_editors() -> None:
    first, second = _read("example_extraneous_data.ris")
    assert first.meta.title == "Title of reference"
    assert first.meta.authors == ["Marx, Karl", "Lindgren, Astrid"]  # A2 is an editor
    assert first.meta.year == 2014
    assert first.meta.journal == "Lorem"
    assert second.meta.title == "The title of the reference"
    assert second.meta.year == 2006
    assert second.meta.extra["keywords"] == ["Pippi Langstrumpf", "Nordwind", "Piraten"]


def test_continuation_lines_including_ones_starting_with_er() -> None:
    records = _read("example_multiline.ris")
    assert len(records) == 3
    expected = "first line, ER then second line and at the end the last line"
    assert [r.body for r in records] == [expected] * 3


def test_file_starting_with_blank_lines() -> None:
    [rec] = _read("example_starting_newlines.ris")
    assert rec.meta.title == "A Mathematical Theory of Communication"
    assert rec.meta.authors == ["Shannon,Claude E."]
    assert rec.meta.year == 1948
    assert rec.meta.journal == "Bell System Technical Journal"


def test_bom_cyrillic_and_untagged_abstract_line() -> None:
    [rec] = _read("example_utf_chars.ris")
    assert rec.body.startswith("Состояние рецепторного аппарата эндометрия")
    # The untagged English line continues the abstract, joined by one space.
    assert rec.body.endswith(
        "в позднем репродуктивном периоде The state of the receptor apparatus of the endometrium "
        "and estrogen metabolism in endometrial hyperplasia in the late reproductive period"
    )
    assert "\n" not in rec.body
    assert rec.meta.title.startswith("Состояние")  # only a short title (ST) is given
    assert rec.meta.authors[0] == "Dobrokhotova, Yu E."
    assert rec.meta.year == 2009


def test_endnote_bom_crlf_keywords_and_pmid() -> None:
    source = _source("ris/blue-light.ris")
    records = list(ris.read(source))
    first = records[0].meta
    assert first.title == (
        "Formulation of Herbal Gel of Antirrhinum majus Extract and Evaluation of its "
        "Anti-Propionibacterium acne Effects"
    )
    assert first.authors[:2] == ["Shahtalebi, M. A.", "Asghari, G. R."]
    # KW values on untagged lines are separate keywords, without the CR of CRLF.
    assert first.extra["keywords"] == ["Acne", "Antirrhinum majus", "Propionibacterium acnes", "blue light"]
    # EndNote's PubMed imports: AN is the PMID when the provider (DP) is NLM.
    assert first.pmid == "29657938"
    assert first.doi == "10.4103/abr.abr_99_17"
    assert first.year == 2018
    assert all("\r" not in r.body and "\ufeff" not in (r.meta.title or "") for r in records)
    assert any("NCT03075046" in r.body for r in records)
    # Offsets point at the record in the decoded text.
    for rec in records[:5]:
        raw = source.text[rec.raw_start : rec.raw_end]
        assert raw.startswith("TY  - ")
        assert raw.endswith("ER  -")


def test_pubmed_via_endnote_starting_with_blank_line() -> None:
    records = _read("pubmed_endnote.txt")
    first = records[0].meta
    assert first.title.startswith("Boswellia serrata: an overall assessment")
    assert first.pmid == "21553931"
    assert first.journal == "Clin Pharmacokinet"  # the only journal field (T2)
    assert len(first.extra["keywords"]) == 10
    assert (
        first.extra["keywords"][1]
        == "Anti-Inflammatory Agents/adverse effects/pharmacokinetics/*pharmacology"
    )


def test_cochrane_preamble_and_stated_pmid() -> None:
    records = _read("_baseline_cochrane_endnote.ris")
    first = records[0].meta
    assert first.extra["native_id"] == "CN-00778158"  # "AN  -  CN-00778158": two spaces
    assert first.pmid == "21314913"  # C3  -  PUBMED 21314913
    assert first.journal == "Trials"
    assert records[1].meta.pmid == "38407106"  # "PUBMED 38407106,EMBASE 643589775"
    assert "ISRCTN96803379" in records[0].body


def test_pmid_only_where_stated() -> None:
    records = _read("ris_issue_992.txt")
    with_pmid = [(r.meta.title, r.meta.pmid) for r in records if r.meta.pmid]
    # Both from PubMed links in UR; no other record states a PMID.
    assert with_pmid == [
        ("Hospital reduces med errors to 0.1 per 1,000", "23162881"),
        ("Health Literate Medication Reconciliation", "24584310"),
    ]
    # Embase keeps the MEDLINE PMID in C5 without saying so: not taken.
    assert all(r.meta.pmid is None for r in _read("embase.ris"))


def test_ovid_banners_and_links_between_records() -> None:
    source = _source("ris/ovid_psycinfo.ris")
    records = list(ris.read(source))
    assert source.warnings == []  # "NL  - " after ER and "Link to ..." lines are not records
    assert records[0].meta.doi == "10.1002/cpp.2398"
    assert records[0].meta.extra["native_id"] == "2019-65183-001"
    zotero = _read("ovid_zotero.ris")
    assert [r.meta.doi for r in records] == [r.meta.doi for r in zotero]


def test_wos_style_ris_paragraph_continuations() -> None:
    first = _read("_baseline_webofscience.ris")[0]
    assert first.body.startswith("Background: During much of the Late Cretaceous")
    assert "remained poorly tested. Methodology/Principal Findings: Here we describe" in first.body
    assert "\n" not in first.body
    assert first.meta.extra["native_id"] == "WOS:000282053100002"
    assert first.meta.journal == "PLOS ONE"


def test_scopus_note_over_blank_line_keeps_records_apart() -> None:
    records = _read("ris_issue_1099.txt")
    assert len(records) == 7
    assert records[0].meta.doi == "10.15598/aeee.v16i3.2698"
    assert records[1].meta.journal is None  # a book chapter with no journal
    assert records[1].meta.authors[0] == "van Acker, B."  # A2 (editors) not included


def test_proquest_two_value_accession_number() -> None:
    first = _read("proquest.ris")[0]
    assert first.meta.extra["native_id"] == "2214991469; 51887"
    assert first.meta.doi == "10.1002/jts.22387"


def test_medline_and_wos_content_are_not_ris() -> None:
    with pytest.raises(InputError):
        list(ris.read(_source("nbib/_baseline_pubmed.ris")))
    with pytest.raises(InputError):
        list(ris.read(_source("wos_plaintext/example_wos.ris")))


# --- made-up snippets for quirks the corpus has only once or not at all ---------------------


def test_missing_er_at_end_of_file_keeps_the_record() -> None:
    records, warnings = _read_text("TY  - JOUR\nTI  - Kept\nAB  - Text\n  more text\n")
    assert [r.meta.title for r in records] == ["Kept"]
    assert records[0].body == "Text more text"
    assert warnings == ["record 1: no ER line at end of file"]


def test_missing_er_before_next_ty() -> None:
    records, warnings = _read_text("TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \n")
    assert [r.meta.title for r in records] == ["One", "Two"]
    assert warnings == ["record 1: no ER line before the next TY line"]


def test_headless_fragment_before_a_record_is_skipped_with_a_warning() -> None:
    text = "TI  - Lost title\nAU  - Lost, A.\nER  - \n\nTY  - JOUR\nTI  - Found\nER  - \n"
    records, warnings = _read_text(text)
    assert [r.meta.title for r in records] == ["Found"]
    assert warnings == ["line 1: tags without a 'TY  - ' line before them skipped (not a record)"]


def test_stray_bom_crlf_and_classic_mac_line_ends() -> None:
    records, _ = _read_text(
        "TY  - JOUR\r\nTI  - A\r\nER  - \r\n\r\n\ufeffTY  - JOUR\r\nTI  - B\r\nER  - \r\n"
    )
    assert [r.meta.title for r in records] == ["A", "B"]
    records, _ = _read_text("TY  - JOUR\rTI  - Mac\rPY  - 1999\rER  - \r")
    assert [(r.meta.title, r.meta.year) for r in records] == [("Mac", 1999)]


def test_repeated_and_empty_tags() -> None:
    text = (
        "TY  - JOUR\nTI  -\nTI  - Second title tag\n"
        "AU  - One, A.\nAU  -\nAU  - Two, B.\nKW  - a\nKW  - a\nER  -\n"
    )
    [rec], _ = _read_text(text)
    assert rec.meta.title == "Second title tag"
    assert rec.meta.authors == ["One, A.", "Two, B."]
    assert rec.meta.extra["keywords"] == ["a"]


def test_title_and_journal_preferences() -> None:
    text = "TY  - JOUR\nT1  - From T1\nTI  - From TI\nJ2  - Abbr J\nT2  - Full Journal\nER  -\n"
    [rec], _ = _read_text(text)
    assert rec.meta.title == "From TI"
    assert rec.meta.journal == "Full Journal"
    [rec], _ = _read_text("TY  - JOUR\nJA  - Abbr Only\nST  - Short\nER  -\n")
    assert (rec.meta.journal, rec.meta.title) == ("Abbr Only", "Short")


def test_doi_fallbacks_only_for_plain_dois() -> None:
    [rec], _ = _read_text("TY  - JOUR\nUR  - https://doi.org/10.1000/ABC.1.\nER  -\n")
    assert rec.meta.doi == "10.1000/abc.1"
    [rec], _ = _read_text("TY  - JOUR\nN1  - doi: 10.1000/xyz\nER  -\n")
    assert rec.meta.doi == "10.1000/xyz"
    # A note that cites another paper's DOI gives none.
    [rec], _ = _read_text("TY  - JOUR\nN1  - See Smith 2001, 10.1000/other for details\nER  -\n")
    assert rec.meta.doi is None
    # DO wins over the others.
    [rec], _ = _read_text("TY  - JOUR\nUR  - https://doi.org/10.1000/url\nDO  - 10.1000/do\nER  -\n")
    assert rec.meta.doi == "10.1000/do"


def test_abstract_from_n2_only_without_ab() -> None:
    [rec], _ = _read_text("TY  - JOUR\nN2  - Notes abstract\nAB  - Real abstract\nER  -\n")
    assert rec.body == "Real abstract"
    [rec], _ = _read_text("TY  - JOUR\nN2  - Only N2\nER  -\n")
    assert rec.body == "Only N2"


def test_year_formats() -> None:
    for stated, year in [("2020//", 2020), ("2019 Mar 5", 2019), ("1948/07//", 1948), ("2001/09/01/", 2001)]:
        [rec], _ = _read_text(f"TY  - JOUR\nPY  - {stated}\nER  -\n")
        assert rec.meta.year == year
    # PY not understood, DA gives the year.
    [rec], warnings = _read_text("TY  - JOUR\nPY  - n.d.\nDA  - 2004/05/01\nER  -\n")
    assert rec.meta.year == 2004 and warnings == ["record 1: no title or abstract"]


@pytest.mark.parametrize("text", ["", "\n\n", "hello world", "AU  - Someone\nER  -\n", "TY JOUR\nER\n"])
def test_no_records_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        list(ris.read(_snippet(text)))


# --- robustness ------------------------------------------------------------------------------

_SAMPLE = (CORPUS / FOLDER / "example_extraneous_data.ris").read_text(encoding="utf-8")


def _try(text: str) -> None:
    try:
        records = list(ris.read(_snippet(text)))
    except InputError:
        return
    for rec in records:
        assert rec.raw_start is not None and rec.raw_end is not None
        assert 0 <= rec.raw_start <= rec.raw_end <= len(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_text_gives_records_or_input_error(text: str) -> None:
    _try(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(_SAMPLE)),
            st.integers(0, 40),
            st.text(alphabet=st.sampled_from(list("TYERAUKW -\n\r\ufeff12ab")), max_size=12),
        ),
        max_size=8,
    )
)
def test_mutated_fixture_gives_records_or_input_error(edits: list[tuple[int, int, str]]) -> None:
    text = _SAMPLE
    for at, length, insert in edits:
        text = text[:at] + insert + text[at + length :]
    _try(text)
