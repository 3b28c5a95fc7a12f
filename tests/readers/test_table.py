"""CSV/TSV exports: every tool's layout gives the same fields, and broken tables fail clearly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.model import InputError, ParsedRecord
from evidence.readers.table import read
from evidence.source import SourceFile, load

CSV_COUNTS = [(name, count) for name, count in corpus_counts() if name.startswith("csv/")]


def fixture(name: str) -> tuple[list[ParsedRecord], SourceFile]:
    source = load(CORPUS / "csv" / name, name)
    return list(read(source)), source


def parse(text: str) -> tuple[list[ParsedRecord], SourceFile]:
    source = SourceFile(path=Path("t.csv"), name="t.csv", data=text.encode(), text=text, encoding="utf-8")
    return list(read(source)), source


def test_every_csv_fixture_is_listed() -> None:
    listed = {name for name, _ in CSV_COUNTS}
    assert listed == {f"csv/{p.name}" for p in (CORPUS / "csv").iterdir()}


@pytest.mark.parametrize(("name", "count"), CSV_COUNTS)
def test_record_counts_match_counts_tsv(name: str, count: int) -> None:
    records, _ = fixture(name.removeprefix("csv/"))
    assert len(records) == count


# --- field mapping, checked by eye against the fixture files --------------------------


def test_cochrane_columns() -> None:
    first = fixture("_baseline_cochrane.csv")[0][0]
    assert first.meta.title.startswith("The Incredible Years Therapeutic Dinosaur Programme")
    assert first.meta.authors == ["Bywater, T", "Hutchings, J", "Whitaker, C", "Evans, C", "Parry, L"]
    assert first.meta.journal == "Trials"
    assert first.meta.year == 2011
    assert first.meta.doi == "10.1186/1745-6215-12-39"
    assert first.meta.pmid == "21314913"  # the cell says "PUBMED 21314913"
    assert first.meta.extra["native_id"] == "CN-00778158"
    assert first.body.startswith("BACKGROUND: School interventions")


def test_embase_preamble_is_skipped_and_source_title_wins() -> None:
    records, source = fixture("_baseline_embase.csv")
    first = records[0]
    assert first.meta.title.startswith("Cellular structure of dinosaur scales")
    assert first.meta.authors == ["Yang Z.", "Jiang B.", "Xu J.", "McNamara M.E."]
    assert first.meta.journal == "Nature Communications"  # not the whole "Source" citation
    assert first.meta.pmid == "38773066"
    assert first.meta.doi == "10.1038/s41467-024-48400-3"
    assert source.warnings == []


def test_excel_semicolon_copy_reads_like_the_embase_csv() -> None:
    embase, _ = fixture("_baseline_embase.csv")
    excel, _ = fixture("_baseline_excel.csv")  # BOM, ";", padded preamble rows
    assert [r.meta.as_dict() for r in excel] == [r.meta.as_dict() for r in embase]
    assert [r.body for r in excel] == [r.body for r in embase]


def test_embase_without_doi_column_takes_journal_year_and_doi_from_citation_and_link() -> None:
    first = fixture("embase.csv")[0][0]
    # Source: "Endoscopic Ultrasound (2014) 3:3 (152-160). Date of Publication: 2014"
    assert first.meta.journal == "Endoscopic Ultrasound"
    assert first.meta.year == 2014
    # Open URL Link: "...&id=doi:10.4103%2F2303-9027.138783&atitle=..."
    assert first.meta.doi == "10.4103/2303-9027.138783"
    assert first.meta.authors == ["Liu R.", "Adler D.G."]
    assert "bronchogenic duplication cyst (diagnosis, surgery)" in first.meta.extra["keywords"]


def test_rayyan_authors_joined_with_and_and_doi_with_trailing_junk() -> None:
    first = fixture("_baseline_rayyan.csv")[0][0]
    assert first.meta.authors == ["Yang, Z.", "Jiang, B.", "Xu, J.", "McNamara, M.E."]
    assert first.meta.doi == "10.1038/s41467-024-48400-3"  # cell goes on "     LK  - https://…"
    assert first.meta.extra["native_id"] == "rayyan-42924189"
    assert first.meta.journal == "Nat. Commun."


def test_pubmed_csv_list_period_is_not_part_of_a_name() -> None:
    first = fixture("_baseline_pubmed.csv")[0][0]
    assert first.meta.authors == ["Griffin DK", "Larkin DM", "O'Connor RE"]
    assert first.meta.pmid == "30922926"
    assert first.meta.journal == "Eur J Med Genet"
    assert first.body == ""  # no abstract column


def test_cinahl_excel_formula_cells_and_article_title() -> None:
    first = fixture("_baseline_cinahl.csv")[0][0]
    assert first.meta.title.startswith("Osteohistological insight into the growth dynamics")
    assert first.meta.year == 2024  # Publication Date is ="4/3/2024"
    assert first.meta.authors[0] == "Curry Rogers, Kristina"
    assert first.meta.journal == "PLoS ONE"


def test_zotero_abstract_note_and_publication_title() -> None:
    first = fixture("_baseline_zotero.csv")[0][0]
    assert first.body.startswith("Fossil feathers have transformed")
    assert first.meta.journal == "Nature Communications"
    assert first.meta.extra["native_id"] == "YVC6GC78"


def test_openalex_doi_url_and_pipe_separated_authors() -> None:
    first = fixture("_baseline_openalex.csv")[0][0]
    assert first.meta.doi == "10.1016/j.cretres.2023.105752"
    assert first.meta.authors[:2] == ["Alba Vicente", "Josep Sanjuan"]
    assert first.meta.journal == "Cretaceous Research"
    assert first.meta.year == 2024


def test_scopus_source_column_is_not_the_journal() -> None:
    first = fixture("_baseline_scopus.csv")[0][0]
    assert first.meta.journal == "Nature Communications"  # "Source" is "Scopus"
    assert first.meta.pmid == "38580657"
    assert first.meta.extra["native_id"] == "2-s2.0-85189760133"


def test_google_scholar_trailing_separator_and_no_abstract() -> None:
    first = fixture("_baseline_googlescholar.csv")[0][0]
    assert first.meta.authors == ["Barrett, Paul M", "Willis, Katherine J"]
    assert first.meta.year == 2001 and first.meta.doi is None and first.body == ""


def test_abstrackr_separator_row_skipped_with_warning() -> None:
    records, source = fixture("_baseline_abstrackr.csv")
    assert any("citations that are not yet labeled" in w for w in source.warnings)
    first = records[0]
    assert first.meta.authors == ["Longrich, N.R.", "Pereda-Suberbiola, X.", "Bardet, N.", "Jalil, N.-E."]
    assert first.meta.pmid is None  # "pubmed id" is 0
    # the 8-column rows after the separator still map by position
    assert records[-1].meta.title.startswith("A juvenile bird with possible crown-group")


def test_asreview_generic_list_literals_and_year_with_slashes() -> None:
    records, _ = fixture("generic.csv")
    assert records[0].meta.authors == ["Marx, Karl", "Lindgren, Astrid"]
    assert records[0].meta.extra["keywords"] == ["Pippi", "Nordwind", "Piraten"]
    assert records[0].meta.year == 2014  # "2014//"
    for other in ("generic_semicolon.csv", "generic_tab.tsv"):
        assert [r.meta.as_dict() for r in fixture(other)[0]] == [r.meta.as_dict() for r in records]


def test_missing_values_keep_the_record() -> None:
    records, _ = fixture("missing_values.csv")
    assert [r.meta.title for r in records] == ["Title of reference", None, "Title of reference", None]
    assert [bool(r.body) for r in records] == [False, True, False, True]


def test_duplicate_records_whitespace_cells_and_non_dois() -> None:
    records, source = fixture("duplicate_records.csv")
    assert records[12].meta.title is None and records[12].body == ""  # "   ;   ;10.6;lorem"
    assert all(r.meta.doi is None for r in records)  # "10.3" is no DOI
    assert "record 3: DOI '10.3' not understood" in source.warnings


def test_record_id_column_is_the_native_id() -> None:
    records, _ = fixture("record_id.csv")
    assert [r.meta.extra["native_id"] for r in records] == [str(n) for n in range(12, 2, -1)]


def test_raw_offsets_point_at_the_row() -> None:
    source = load(CORPUS / "csv" / "missing_values.csv", "missing_values.csv")
    records = list(read(source))
    assert source.text[records[0].raw_start : records[0].raw_end] == '"Title of reference",""'
    abstrackr = load(CORPUS / "csv" / "_baseline_abstrackr.csv", "a.csv")
    for record in read(abstrackr):  # quoted cells run over several lines
        row = next(csv.reader(io.StringIO(abstrackr.text[record.raw_start : record.raw_end])))
        assert row[5] == record.meta.title


# --- made-up tables -------------------------------------------------------------------


def test_registry_columns() -> None:
    text = (
        "Title,CTgov ID,ICTRP ID,Clinical Trial Numbers\n"
        'A trial,NCT01234567,"EUCTR2004-000123-45-GB; isrctn12345678",NCT00000102 (ClinicalTrials.gov)\n'
    )
    record = parse(text)[0][0]
    assert record.meta.registry_ids == [
        "NCT01234567", "EUCTR2004-000123-45-GB", "ISRCTN12345678", "NCT00000102",
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["TI", "AB", "AU", "PY"])
    writer.writerow(["A title, with a comma", "Text; with | and\ttab", "Smith, J", "2019"])
    records, _ = parse(out.getvalue())
    assert records[0].meta.title == "A title, with a comma"
    assert records[0].body == "Text; with | and\ttab"
    assert records[0].meta.authors == ["Smith, J"]
    assert records[0].meta.year == 2019


def test_crlf_multiline_cells_short_and_long_rows() -> None:
    text = 'title,abstract,doi\r\n"Two\r\nline title","First\r\nparagraph",https://doi.org/10.1000/ABC.\r\n'
    text += "Short row\r\nLong,row,10.1000/x,extra,cells\r\n"
    records, source = parse(text)
    assert [r.meta.title for r in records] == ["Two line title", "Short row", "Long"]
    assert records[0].body == "First\r\nparagraph"
    assert records[0].meta.doi == "10.1000/abc"
    assert any("more cells than the header" in w for w in source.warnings)


def test_huge_cell_beyond_csv_default_limit() -> None:
    abstract = "word " * 60_000  # 300 KB; csv's default limit is 128 KB
    records, _ = parse(f'title,abstract\nBig,"{abstract}"\n')
    assert len(records[0].body) == len(abstract.strip())


def test_repeated_header_and_blank_rows_are_skipped() -> None:
    records, source = parse("title,abstract\nA,x\n,\n\ntitle,abstract\nB,y\n")
    assert [r.meta.title for r in records] == ["A", "B"]
    assert source.warnings == ["line 5: skipped the header again (not a record)"]


def test_unreadable_year_warns() -> None:
    records, source = parse("title,year\nA,10 15\n")
    assert records[0].meta.year is None
    assert source.warnings == ["record 1: year '10 15' not understood"]


def test_no_title_or_abstract_column_names_the_columns() -> None:
    with pytest.raises(InputError, match=r"no title or abstract column \(columns: a, b, c\)"):
        parse("a,b,c\n1,2,3\n")


@pytest.mark.parametrize("text", ["title,abstract\n", "   \n\n", "title\n\n\n"])
def test_header_without_rows_or_empty_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        parse(text)


def test_fifty_thousand_rows_read_quickly() -> None:
    import time

    row = 'Title {n},"Yang, Z.; Jiang, B.","An abstract\nover two lines {n}",2020,10.1000/x{n}\n'
    text = "Title,Authors,Abstract,Year,DOI\n" + "".join(row.format(n=n) for n in range(50_000))
    started = time.perf_counter()
    records, _ = parse(text)
    assert len(records) == 50_000
    assert time.perf_counter() - started < 5


# --- hostile input --------------------------------------------------------------------


def only_input_errors(text: str) -> None:
    """Random input gives records or an InputError, and every message stays one line."""
    try:
        _, source = parse(text)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert not any("\n" in w or "\r" in w for w in source.warnings)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_random_text_gives_records_or_input_error(text: str) -> None:
    only_input_errors(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('title,abstract;"\n\r\t |x[]\'='))))
def test_table_like_noise_gives_records_or_input_error(text: str) -> None:
    only_input_errors(text)


RAYYAN = (CORPUS / "csv" / "_baseline_rayyan.csv").read_text(encoding="utf-8")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(RAYYAN)), st.integers(0, 50), st.text(max_size=5)), max_size=8))
def test_mutated_fixture_gives_records_or_input_error(edits: list[tuple[int, int, str]]) -> None:
    text = RAYYAN
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut :]
    only_input_errors(text)
