"""JSON, JSON Lines and YAML: nested records whose values, evidence, reviewer and time read back
as the store has them, with the audit trail on request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from exportkit import (
    ALL_DECISIONS,
    ALL_STATUSES,
    DEFAULT_DECISIONS,
    DEFAULT_STATUSES,
    Reviewed,
    expected,
    load_nested,
    open_ro,
    reviewed,
)
from exportkit import check_nested as _check

from store.export import ExportError, export_store


@pytest.fixture
def store_file(tmp_path: Path) -> Reviewed:
    return reviewed(tmp_path / "review.json")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_values_read_back_with_their_evidence_reviewer_and_time(store_file: Reviewed, fmt: str) -> None:
    out = Path(f"records.{fmt}")
    with open_ro(store_file.path) as store:
        result = export_store(store, fmt, out)
        want = expected(store, DEFAULT_DECISIONS, DEFAULT_STATUSES)
    docs = load_nested(fmt, out)
    _check(docs, want)
    assert result.records == len(docs) and result.values == sum(len(w.values) for w in want)
    first = docs[0]["fields"]
    year = first["year"][0]
    assert year["value"] == 2011 and year["proposed"] == 2010 and year["status"] == "edited"
    assert year["reviewer"] == "ana" and year["time"]
    assert year["evidence"]["text"] and year["evidence"]["start"] == 5
    hand = first["condition"][1]
    assert hand["value"] == "@risk condition" and hand["added_by_hand"] and hand["confidence"] is None
    assert [v["value"] for v in first["sample_size"]] == [40]  # 120 was rejected
    stale = next(d for d in docs if d["id"] == store_file.included[2])
    assert stale["needs_recheck"]
    assert [(v["value"], v.get("stale", False)) for v in stale["fields"]["sample_size"]] == [(40, True)]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_every_status_and_record_when_asked(store_file: Reviewed, fmt: str) -> None:
    out = Path(f"all.{fmt}")
    with open_ro(store_file.path) as store:
        export_store(store, fmt, out, statuses=["all"])
        want = expected(store, ALL_DECISIONS, ALL_STATUSES)
    docs = load_nested(fmt, out)
    _check(docs, want)
    statuses = {v["status"] for d in docs for vs in d["fields"].values() for v in vs}
    assert statuses == {"accepted", "edited", "pending"}
    pending = next(d for d in docs if d["id"] == store_file.undecided[-1])["fields"]["sample_size"]
    assert [(v["value"], v["reviewer"], v["time"]) for v in pending] == [(40, None, None), (120, None, None)]


def test_the_three_nested_formats_hold_the_same_records(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store:
        for fmt in ("json", "jsonl", "yaml"):
            export_store(store, fmt, Path(f"r.{fmt}"), statuses=["all"], history=True)
    docs = load_nested("json", Path("r.json"))
    assert docs == load_nested("jsonl", Path("r.jsonl")) == load_nested("yaml", Path("r.yaml"))
    assert docs and all(d["history"] for d in docs if d["decision"])


def test_history_adds_each_records_audit_trail(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store:
        export_store(store, "jsonl", Path("with.jsonl"), history=True)
        export_store(store, "jsonl", Path("without.jsonl"))
        trails = {rid: store.history(rid) for rid in store_file.ids}
    docs = load_nested("jsonl", Path("with.jsonl"))
    for doc in docs:
        assert doc["history"] == [
            {"seq": c.seq, "who": c.who, "when": c.when, "kind": c.kind, "field": c.field, "index": c.index,
             "before": c.before, "after": c.after, "target": c.target} for c in trails[doc["id"]]]
    first = docs[0]["history"]
    assert first[0]["kind"] == "decide" and first[-1]["kind"] == "decide_record"
    assert first[-1]["after"]["reason"] == "meets all criteria"
    changed = next(d for d in docs if d["id"] == store_file.included[2])["history"]
    assert changed[-1]["kind"] == "sync"
    assert all("history" not in doc for doc in load_nested("jsonl", Path("without.jsonl")))


def test_history_is_refused_where_it_has_no_place(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store, pytest.raises(ExportError, match="--history goes with json"):
        export_store(store, "csv", Path("x.csv"), history=True)
    assert not Path("x.csv").exists()


def test_a_lost_record_cache_still_exports_every_decision(store_file: Reviewed, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in store_file.path.parent.glob("review.json*"):
        if not f.name.endswith(".records"):
            shutil.copy(f, copy / f.name)
    with open_ro(copy / "review.json") as store:
        export_store(store, "json", Path("lost.json"), statuses=["pending"])
        want = expected(store, DEFAULT_DECISIONS, ALL_STATUSES)
    docs = load_nested("json", Path("lost.json"))
    _check(docs, want)
    first = docs[0]
    assert first["fields"]["year"][0]["value"] == 2011 and first["fields"]["year"][0]["evidence"] is None
    assert [v["value"] for v in first["fields"]["sample_size"]] == [40]
