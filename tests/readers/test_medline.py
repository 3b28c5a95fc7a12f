"""MEDLINE/nbib reader: record counts, PubMed fields, wrapped lines and hand-made oddities."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.model import InputError, ParsedRecord
from evidence.readers import medline, ris
from evidence.source import SourceFile, load

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FOLDER = "nbib"


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
    return list(medline.read(_source(f"{FOLDER}/{name}")))


def _snippet(text: str) -> SourceFile:
    return SourceFile(
        path=Path("x.nbib"), name="x.nbib", data=text.encode("utf-8"), text=text, encoding="utf-8"
    )


def _read_text(text: str) -> tuple[list[ParsedRecord], list[str]]:
    source = _snippet(text)
    return list(medline.read(source)), source.warnings


@pytest.mark.parametrize(("name", "count"), _counts(FOLDER))
def test_record_count_matches_counts_tsv(name: str, count: int) -> None:
    assert len(list(medline.read(_source(name)))) == count


def test_counts_tsv_lists_the_nbib_folder() -> None:
    listed = {Path(n).name for n, _ in _counts(FOLDER)}
    judged = {"MedlinePlainImporterTestMultipleEntries.txt"}  # hand-made, count left out
    assert {p.name for p in (CORPUS / FOLDER).iterdir()} == listed | judged


@pytest.mark.parametrize(
    ("name", "with_abstract"),
    [
        ("blue-light.nbib", 77),
        ("pubmed-balloongui-set.nbib", 70),
        ("_baseline_pubmed.ris", 49),
        ("pmc_medlars.txt", 4),
    ],
)
def test_abstract_counts_match_the_corpus_readme(name: str, with_abstract: int) -> None:
    assert sum(1 for rec in _read(name) if rec.body) == with_abstract


def test_pubmed_record_fields() -> None:
    first = _read("pubmed-balloongui-set.nbib")[0]
    meta = first.meta
    assert meta.pmid == "30776994"
    assert meta.title == (
        "Impact of Balloon Guide Catheter Use on Clinical and Angiographic Outcomes in the "
        "STRATIS Stroke Thrombectomy Registry."
    )
    # FAU (full names) rather than AU ("Zaidat OO").
    assert meta.authors[:2] == ["Zaidat, Osama O", "Mueller-Kronast, Nils H"]
    assert len(meta.authors) == 65
    assert meta.journal == "Stroke"  # JT; TA is the same here
    assert meta.year == 2019
    assert meta.doi == "10.1161/strokeaha.118.021126"  # from "LID - 10.1161/... [doi]"
    assert meta.registry_ids == ["NCT02239640"]  # SI  - ClinicalTrials.gov/NCT02239640
    assert meta.extra["publication_types"] == [
        "Journal Article",
        "Multicenter Study",
        "Research Support, Non-U.S. Gov't",
    ]
    assert "Catheterization/*methods" in meta.extra["keywords"]
    assert meta.extra["native_id"] == "30776994"
    assert first.body.startswith("Background and Purpose- Mechanical thrombectomy has been shown")
    assert first.body.endswith("URL: https://www.clinicaltrials.gov . Unique identifier: NCT02239640.")


def test_registry_ids_only_from_trial_registries() -> None:
    records = _read("pubmed-balloongui-set.nbib")
    assert [(r.meta.pmid, r.meta.registry_ids) for r in records if r.meta.registry_ids] == [
        ("30776994", ["NCT02239640"]),
        ("27076599", ["NCT01778335"]),
    ]
    [odd] = _read("NbibImporterTest.nbib")  # "SI  - 12563" names no registry
    assert odd.meta.registry_ids == []
    records, _ = _read_text("PMID- 1\nSI  - figshare/10.6084/m9.figshare.1\nSI  - ISRCTN/ISRCTN12345678\n")
    assert records[0].meta.registry_ids == ["ISRCTN12345678"]


def test_wrapped_lines_are_joined_with_single_spaces() -> None:
    [rec] = _read("MedlinePlainImporterTestCompleteEntry.txt")
    assert rec.meta.title == (
        "From danger and motherhood to health and beauty: health advice for the factory girl "
        "in early twentieth-century Britain."
    )
    assert rec.meta.journal == "20 century British history"  # JT, not TA "20 Century Br Hist"
    [rec] = _read("pubmed_result3.txt")
    assert rec.body.startswith("PURPOSE: High-intensity focused ultrasound is a promising method")
    assert "\n" not in rec.body and "  " not in rec.body


def test_crlf_export() -> None:
    records = _read("blue-light.nbib")
    assert all("\r" not in r.body and "\r" not in (r.meta.title or "") for r in records)
    assert records[0].meta.title.startswith("Formulation of Herbal Gel of Antirrhinum majus Extract")
    assert records[0].meta.doi == "10.4103/abr.abr_99_17"


def test_same_pmids_as_the_ris_export_of_the_library() -> None:
    nbib = {r.meta.pmid for r in _read("blue-light.nbib")}
    ris_pmids = {r.meta.pmid for r in ris.read(_source("ris/blue-light.ris"))}
    assert len(nbib) == 80
    assert nbib <= ris_pmids


def test_pmc_export_starts_records_with_pmc_line() -> None:
    source = _source("nbib/pmc_medlars.txt")
    records = list(medline.read(source))
    first = records[0]
    assert source.text[first.raw_start :].startswith("PMC - PMC6055010\nPMID- 30042925")
    assert first.meta.pmid == "30042925"
    # An empty AB followed by OAB ("Publisher: Abstract available ...") is no abstract.
    assert first.body == ""
    assert records[1].body.startswith("Background: Traditionally perceived as a disorder of women")
    assert "“role of gender”" in records[1].body  # curly quotes kept as they are


def test_baseline_pubmed_with_ris_extension() -> None:
    records = _read("_baseline_pubmed.ris")
    assert records[0].meta.pmid == "30922926"
    assert records[0].meta.title == "Time lapse: A glimpse into prehistoric genomics."
    assert records[1].meta.authors[0] == "Peñalver, Enrique"


def test_leading_blank_line_and_offsets() -> None:
    source = _source("nbib/cancer.nbib")
    records = list(medline.read(source))
    assert records[0].meta.pmid == "27236861"
    for rec in records:
        raw = source.text[rec.raw_start : rec.raw_end]
        assert raw.startswith("PMID- ")
        assert raw == raw.strip()


def test_hand_made_files() -> None:
    [multi] = _read("MedlinePlainImporterTestMultiAbstract.txt")
    assert multi.body == "Old Abstract\n\nnew abstract"
    assert multi.meta.pmid is None
    assert multi.meta.extra["native_id"] == "22664230"  # "PMC -22664230"
    assert multi.meta.journal == "Test Journal"
    assert multi.meta.year == 2013  # DP  - 2013 06 10

    source = _source("nbib/MedlinePlainImporterTestMultipleEntries.txt")
    records = list(medline.read(source))
    assert [r.meta.pmid for r in records] == [
        "20481061",
        None,
        None,
        "22664220",
        "22664238",
        "96578310",
        "45984220",
    ]
    # "PMID-22664220" (no space) and an unlabelled "AID - doi:10.1016/..." both read.
    assert records[3].meta.doi == "10.1016/j.cpr.2005.02.002"
    assert "line 53: text outside a record skipped" in source.warnings


def test_records_without_blank_lines_between_them() -> None:
    records, _ = _read_text("PMID- 1\nTI  - One\n      more\nPMID- 2\nTI  - Two\nPMID-3\nAB  - three\n")
    assert [(r.meta.pmid, r.meta.title, r.body) for r in records] == [
        ("1", "One more", ""),
        ("2", "Two", ""),
        ("3", None, "three"),
    ]


def test_doi_only_from_doi_labelled_ids() -> None:
    records, _ = _read_text("PMID- 1\nLID - S0000-0000(00)00000-0 [pii]\nAID - 10.1000/ABC [doi]\n")
    assert records[0].meta.doi == "10.1000/abc"
    records, _ = _read_text("PMID- 1\nLID - e12345\n")
    assert records[0].meta.doi is None


def test_authors_fall_back_to_au_and_include_groups() -> None:
    records, _ = _read_text("PMID- 1\nAU  - Smith J\nAU  - Doe A\nCN  - The Trial Group\n")
    assert records[0].meta.authors == ["Smith J", "Doe A", "The Trial Group"]


def test_year_warning_and_line_separator_kept() -> None:
    records, warnings = _read_text("PMID- 1\nDP  - Spring\nAB  - A\u2028B\n")
    assert records[0].meta.year is None
    assert warnings == ["record 1: year 'Spring' not understood"]
    assert records[0].body == "A\u2028B"  # U+2028 is text, not a line break


def test_non_tag_lines_are_not_tags() -> None:
    records, _ = _read_text("PMID- 1\nAB  - Start\n      SARS-CoV-2 wrapped\n")
    assert records[0].body == "Start SARS-CoV-2 wrapped"


@pytest.mark.parametrize("text", ["", "\n\n", "just some prose\n\nmore prose", "SARS-CoV-2 is a virus\n"])
def test_no_records_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        list(medline.read(_snippet(text)))


_SAMPLE = (CORPUS / FOLDER / "pubmed_result1.txt").read_text(encoding="utf-8")


def _try(text: str) -> None:
    try:
        records = list(medline.read(_snippet(text)))
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
            st.text(alphabet=st.sampled_from(list("PMIDTAB -\n\r 12")), max_size=12),
        ),
        max_size=8,
    )
)
def test_mutated_fixture_gives_records_or_input_error(edits: list[tuple[int, int, str]]) -> None:
    text = _SAMPLE
    for at, length, insert in edits:
        text = text[:at] + insert + text[at + length :]
    _try(text)
