"""Duplicates: the same study from several sources is reported once, different studies never."""

from __future__ import annotations

import importlib.util
import random
import time

import pytest
from conftest import CORPUS

from evidence.dedupe import DuplicateGroup, find_duplicates, normalise_doi, normalise_title
from evidence.ingest import read_file
from evidence.model import Metadata, Record

LONG = "Rituximab versus placebo for persistent immune thrombocytopenia in adults"


def rec(n: int, title: str | None = None, doi: str | None = None, pmid: str | None = None) -> Record:
    meta = Metadata(title=title, doi=doi, pmid=pmid)
    return Record(id=f"f.csv#{n}", source="f.csv", format="csv", index=n, text=title or "", meta=meta)


def groups(*records: Record) -> list[tuple[tuple[str, ...], str]]:
    return [(g.ids, g.reason) for g in find_duplicates(records)]


def test_same_doi_in_any_spelling() -> None:
    found = groups(
        rec(1, "One", doi="10.1000/ABC.1"),
        rec(2, "Two", doi="https://doi.org/10.1000/abc.1"),
        rec(3, "Three", doi="doi:10.1000%2Fabc.1."),
        rec(4, "Four", doi="10.1000/abc.2"),
    )
    assert found == [(("f.csv#1", "f.csv#2", "f.csv#3"), "same DOI 10.1000/abc.1")]


def test_same_pmid() -> None:
    assert groups(rec(1, pmid="123"), rec(2, pmid="456"), rec(3, pmid="123")) == [
        (("f.csv#1", "f.csv#3"), "same PMID 123")
    ]


@pytest.mark.parametrize(
    "variant",
    [
        LONG.upper(),
        LONG + ".",
        "<i>Rituximab</i> versus placebo for persistent immune thrombocytopenia in adults",
        "Rituximab versus placebo for persistent immune thrombocytopenia in adults: ",
        "Rituximab vérsus placebo for persistent immune-thrombocytopenia in adults",
        "Rituximab versus placebo for persistent immune thrombocytopaenia in adults",  # UK spelling
        "Rituximab versus placebo for persistent immune thrombocytopenia in the adults",
        "Rituximab versus placebo for persistent immune thrombocytopenia in adults  ",
    ],
)
def test_near_identical_titles_match(variant: str) -> None:
    assert groups(rec(1, LONG), rec(2, variant)) == [(("f.csv#1", "f.csv#2"), "near-identical title")]


def test_title_normalisation() -> None:
    assert normalise_title("The <i>β</i>-Cell &amp; Ça  va.") == "the beta cell and ca va"
    assert normalise_title("a <b and c> d, p<0.05") == "a b and c d p 0 05"  # not tags
    assert normalise_doi("HTTPS://DX.DOI.ORG/10.1000/X%2FY.") == "10.1000/x/y"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Decided: titles that differ in a number are different studies.
        ("A randomized phase 2 trial of nivolumab in refractory Hodgkin lymphoma",
         "A randomized phase 3 trial of nivolumab in refractory Hodgkin lymphoma"),
        ("A randomized phase II trial of nivolumab in refractory Hodgkin lymphoma",
         "A randomized phase III trial of nivolumab in refractory Hodgkin lymphoma"),
        ("Vitamin C supplementation and mortality in critically ill adults with sepsis",
         "Vitamin D supplementation and mortality in critically ill adults with sepsis"),
        ("Intensive blood pressure lowering in patients with hypertension after stroke onset",
         "Intensive blood pressure lowering in patients with hypotension after stroke onset"),
        ("Azacitidine maintenance after induction chemotherapy in older patients with AML",
         "Azacitidine maintenance after induction chemotherapy in older patients with ALL"),
        ("Eltrombopag with immunosuppressive therapy in severe aplastic anemia in children",
         "Eltrombopag without immunosuppressive therapy in severe aplastic anemia in children"),
        ("Erratum: Eltrombopag added to immunosuppression in severe aplastic anemia",
         "Eltrombopag added to immunosuppression in severe aplastic anemia"),
        ("Retraction: Efficacy of hydroxychloroquine in hospitalised adults with COVID-19 pneumonia",
         "Efficacy of hydroxychloroquine in hospitalised adults with COVID-19 pneumonia"),
    ],
)
def test_near_misses_do_not_match(first: str, second: str) -> None:
    assert groups(rec(1, first), rec(2, second)) == []


@pytest.mark.parametrize(
    "title", ["Congenital Neck Masses", "Untitled", "Erratum", "Letter to the editor", ""]
)
def test_short_and_generic_titles_never_match_by_title_alone(title: str) -> None:
    assert groups(rec(1, title), rec(2, title)) == []


def test_same_title_but_different_dois_are_different_publications() -> None:
    assert groups(rec(1, LONG, doi="10.1000/a"), rec(2, LONG, doi="10.1000/b")) == []
    # one side without a DOI may still join either
    found = groups(rec(1, LONG, doi="10.1000/a"), rec(2, LONG))
    assert found == [(("f.csv#1", "f.csv#2"), "near-identical title")]


def test_links_are_transitive_and_reasons_add_up() -> None:
    found = find_duplicates([
        rec(1, "Unrelated study of something else entirely here"),
        rec(2, LONG, doi="10.1000/a"),
        rec(3, "A different title with the same DOI as record two", doi="10.1000/A"),
        rec(4, LONG.lower(), pmid="99"),
        rec(5, "Yet another title, linked by its PMID only", pmid="99"),
    ])
    assert found == [
        DuplicateGroup(
            ids=("f.csv#2", "f.csv#3", "f.csv#4", "f.csv#5"),
            reason="same DOI 10.1000/a; same PMID 99; near-identical title",
        )
    ]


def test_groups_come_in_input_order_and_records_are_untouched() -> None:
    records = [rec(1, doi="10.1/x"), rec(2, pmid="5"), rec(3, pmid="5"), rec(4, doi="10.1/x")]
    before = [r.meta.as_dict() for r in records]
    assert [g.ids for g in find_duplicates(records)] == [("f.csv#1", "f.csv#4"), ("f.csv#2", "f.csv#3")]
    assert [r.meta.as_dict() for r in records] == before
    assert find_duplicates([]) == []


def test_fifty_thousand_records_in_a_few_seconds() -> None:
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 10)))
             for _ in range(3000)]
    starts = ["A randomized controlled trial of", "Efficacy and safety of", "", "", ""]
    records: list[Record] = []
    for n in range(50_000):
        if n % 25 == 24:  # a copy of an earlier title with one letter changed in a long word
            source = records[rng.randrange(len(records))].meta.title or ""
            title = source[:-1] + ("x" if source[-1] != "x" else "y")
        else:
            title = f"{rng.choice(starts)} {' '.join(rng.choices(words, k=rng.randint(6, 16)))}".strip()
        doi = f"10.1000/{n}" if n % 3 == 0 and n % 25 != 24 else None
        records.append(rec(n, title, doi=doi, pmid=str(n % 40_000) if n % 7 == 0 else None))
    started = time.perf_counter()
    found = find_duplicates(records)
    elapsed = time.perf_counter() - started
    assert elapsed < 6, f"{elapsed:.1f} s"
    linked = {i for g in found for i in g.ids}
    copies = [r.id for r in records if r.index % 25 == 24]
    assert sum(c in linked for c in copies) / len(copies) > 0.95


# --- the same studies exported by different tools --------------------------------------


def corpus_records(*names: str) -> list[Record]:
    records: list[Record] = []
    for name in names:
        found, report = read_file(CORPUS / name, name)
        assert report.ok, report.errors
        records.extend(found)
    return records


def test_dinosaur_set_from_embase_excel_and_rayyan() -> None:
    names = ("csv/_baseline_embase.csv", "csv/_baseline_excel.csv", "csv/_baseline_rayyan.csv")
    found = find_duplicates(corpus_records(*names))
    assert len(found) == 10
    assert all([i.split("#")[0] for i in g.ids] == list(names) for g in found)
    assert all(g.reason.startswith("same DOI 10.") for g in found)


def test_abstrackr_without_dois_joins_by_title_and_errata_stay_apart() -> None:
    found = find_duplicates(corpus_records("csv/_baseline_embase.csv", "csv/_baseline_abstrackr.csv"))
    assert len(found) == 10 and all(len(g.ids) == 2 for g in found)
    # Embase #2 is "Erratum: Author Correction: A remarkable assemblage…", #4 the article itself.
    by_embase = {g.ids[0]: g.ids[1] for g in found}
    assert by_embase["csv/_baseline_embase.csv#2"] == "csv/_baseline_abstrackr.csv#3"
    assert by_embase["csv/_baseline_embase.csv#4"] == "csv/_baseline_abstrackr.csv#5"


def test_duplicate_records_fixture_has_no_real_identifiers() -> None:
    # Its "10.3" values are not DOIs and its one-letter titles are too short to match.
    assert find_duplicates(corpus_records("csv/duplicate_records.csv")) == []


@pytest.mark.skipif(importlib.util.find_spec("evidence.readers.ris") is None, reason="no RIS reader yet")
def test_embase_ris_and_csv_are_six_pairs() -> None:
    found = find_duplicates(corpus_records("ris/embase.ris", "csv/embase.csv"))
    assert len(found) == 6
    assert all([i.split("#")[0] for i in g.ids] == ["ris/embase.ris", "csv/embase.csv"] for g in found)
