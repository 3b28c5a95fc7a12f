"""RIS for reference managers: the included records, read back by the project's own RIS reader
(and by rispy when installed) with the reviewed citation and the decision in a note."""

from __future__ import annotations

from pathlib import Path

import pytest
from exportkit import DEFAULT_STATUSES, Reviewed, expected, open_ro, reviewed
from storekit import fill

from evidence.ingest import ingest_paths
from store import ReviewStore
from store.export import export_store
from store.model import REJECTED


@pytest.fixture
def store_file(tmp_path: Path) -> Reviewed:
    return reviewed(tmp_path / "review.json")


def test_included_records_read_back_with_their_reviewed_citation(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store:
        result = export_store(store, "ris", Path("included.ris"))
        want = expected(store, {"include"}, DEFAULT_STATUSES)
    assert result.records == len(want) == len(store_file.included)
    ingest = ingest_paths([Path("included.ris")])
    assert not ingest.errors and not ingest.warnings
    assert [f.format for f in ingest.files] == ["ris"]
    records = ingest.records
    assert len(records) == len(want)
    for record, w in zip(records, want, strict=True):
        by_field = w.by_field()
        assert record.meta.title == (by_field.get("title") or [w.record.title])[0]
        assert record.meta.authors == by_field.get("authors", [])
        assert record.meta.journal == (by_field.get("journal") or [None])[0]
        assert record.meta.year == (by_field.get("year") or [None])[0]
        assert record.meta.doi == (by_field.get("doi") or [None])[0]
        assert record.meta.extra["native_id"] == w.record.id
    first, second, third = records
    assert first.meta.authors == ["Smith J", "Doe A", "Ørsted H"] and first.meta.year == 2011
    assert second.meta.authors == ["Doe Anne"] and second.meta.doi is None  # doi set back to pending
    assert third.meta.title == want[2].record.title  # no title decided: the record's own
    # the abstract is the record's text, on one line
    assert "23 patients" in first.text


def test_each_tag_is_one_line_and_the_review_is_in_notes(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store:
        export_store(store, "ris", Path("included.ris"))
    raw = Path("included.ris").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    lines = raw.decode("utf-8").split("\r\n")
    assert all(line[:2].isalnum() and line[2:6] == "  - " for line in lines if line), "untagged line"
    assert lines.count("TY  - JOUR") == lines.count("ER  - ") == 3
    assert "N1  - Screening decision: include (meets all criteria)" in lines
    extracted = next(line for line in lines if line.startswith("N1  - Extracted:"))
    assert "sample_size: 40" in extracted and "age: range 11-62 years" in extracted
    assert "conclusion: Treatment \"works\", and is well tolerated" in extracted
    assert f"ID  - {store_file.included[0]}" in lines


def test_more_records_when_asked_and_rispy_agrees(store_file: Reviewed) -> None:
    rispy = pytest.importorskip("rispy")
    with open_ro(store_file.path) as store:
        export_store(store, "ris", Path("screened.ris"), statuses=["maybe", "excluded"])
    entries = rispy.loads(Path("screened.ris").read_text(encoding="utf-8"))
    n = len(store_file.included) + len(store_file.maybe) + len(store_file.excluded)
    assert len(entries) == n
    by_id = {e["id"]: e for e in entries}
    excluded = by_id[store_file.excluded[0]]
    assert "Screening decision: exclude (wrong population)" in excluded["notes"]
    assert by_id[store_file.included[0]]["authors"] == ["Smith J", "Doe A", "Ørsted H"]
    assert by_id[store_file.included[0]]["doi"] == "10.1000/xyz123"


def test_a_rejected_title_never_comes_back_as_the_fallback(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 3)
    first, second, _ = filled.ids
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide(first, "title", 0, REJECTED, reason="that is the journal's banner")
        store.decide_record(first, "include")
        store.decide_record(second, "include")  # no title decided: the record's own
        titles = {rid: store.record(rid).title for rid in (first, second)}
        export_store(store, "ris", Path("out.ris"))
    lines = Path("out.ris").read_bytes().decode("utf-8").split("\r\n")
    assert [line for line in lines if line.startswith("TI  - ")] == [f"TI  - {titles[second]}"]
    assert lines.count("TY  - JOUR") == 2
