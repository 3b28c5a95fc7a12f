"""Resume with a batch that changed: new documents added, changed ones keep their decisions and are
flagged, the extraction cache is keyed by source digests, and a lost cache loses no decision."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from storekit import batch, digests, fill, with_text

from store import ReviewStore
from store.model import ACCEPTED, EDITED, REJECTED


def test_new_documents_are_added_without_touching_decisions(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    rid = filled.ids[0]
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide(rid, "year", 0, ACCEPTED)
        store.decide_record(rid, "include")
        history = store.history()
    bigger = batch(30)
    with ReviewStore.open(filled.path, "ana") as store:
        report = store.sync(bigger, digests(bigger))
        assert report.added == [e.record.id for e in bigger[15:]]
        assert report.unchanged == 15 and not report.changed
        assert store.record_ids() == [e.record.id for e in bigger]
        assert store.history() == history
        assert store.record(rid).decision is not None
        assert next(v.status for v in store.values(rid) if v.field == "year") == ACCEPTED
        assert not store.record_ids("recheck")


def test_a_changed_text_keeps_decisions_by_value_and_flags_the_record(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    ex = filled.extractions[2]
    rid = ex.record.id
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide(rid, "sample_size", 1, ACCEPTED)        # 120: still proposed, moves to index 0
        store.decide(rid, "sample_size", 0, REJECTED, reason="screened")  # 40: no longer proposed
        store.decide(rid, "year", 0, EDITED, value=2011)     # 2010: still proposed, same index
        store.add_value(rid, "condition", "asthma", 3, 9)
        store.decide_record(rid, "include", "fits")
    changed = with_text(ex, ex.record.text + "\nErratum: corrected figures.",
                        {"sample_size": [120, 121], "year": [2010]})
    with ReviewStore.open(filled.path, "ana") as store:
        report = store.sync([changed], digests([changed], salt="v2"))
        assert report.changed == [rid] and report.decisions_kept == 2 and report.decisions_stale == 1
        values = {(v.field, v.index): v for v in store.values(rid)}
        record = store.record(rid)
        assert record.needs_recheck and store.record_ids("recheck") == [rid]
        assert record.text.endswith("corrected figures.")
        assert record.decision is not None and record.decision.reason == "fits"
        assert values[("sample_size", 0)].value == 120 and values[("sample_size", 0)].status == ACCEPTED
        assert values[("sample_size", 1)].value == 121 and not values[("sample_size", 1)].decided
        stale = values[("sample_size", 2)]
        assert stale.stale and stale.value == 40 and stale.status == REJECTED and stale.start is None
        assert values[("year", 0)].final == 2011
        hand = values[("condition", 0)]
        assert hand.added_by_hand and hand.value == "asthma" and hand.start is None
        assert ("authors", 0) not in values  # the new extraction proposes none
        assert store.history(rid)[-1].kind == "sync"
        assert store.undo() is None  # undo does not cross a re-indexing of values
        assert store.mark_rechecked(rid) is not None
        assert store.mark_rechecked(rid) is None
        assert not store.record_ids("recheck")
    with ReviewStore.open(filled.path, "ana") as store:
        assert not store.record(rid).needs_recheck
        assert store.undo() is not None and store.record(rid).needs_recheck


def test_unchanged_sources_are_skipped_by_digest_and_nothing_is_ever_deleted(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    with ReviewStore.open(filled.path, "ana") as store:
        cached = store.cached_sources()
        assert cached == digests(filled.extractions)
        source = filled.extractions[1].record.source
        kept = [e for e in filled.extractions if e.record.source == source][1:]
        report = store.sync(kept, {source: "new digest"})
        gone = next(e.record.id for e in filled.extractions if e.record.source == source)
        assert report.missing == [gone]
        assert gone in store.record_ids()
        assert store.cached_sources()[source] == "new digest"


def test_a_lost_record_cache_loses_no_decision_and_a_sync_restores_it(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    last = filled.extractions[-1]
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide(last.record.id, "year", 0, EDITED, value=2001)
    cache = tmp_path / "review.json.records"
    cache.write_bytes(cache.read_bytes()[:-100])  # the last record's line is cut
    with ReviewStore.open(filled.path, "ana") as store:
        assert any("cached text" in n for n in store.notices)
        record = store.record(last.record.id)
        assert not record.available and record.text == ""
        assert [(v.field, v.final) for v in record.values] == [("year", 2001)]
        assert last.record.source not in store.cached_sources()
        assert store.record(filled.ids[0]).available
        report = store.sync([last], digests([last]))
        assert report.refreshed == [last.record.id] and report.decisions_kept == 1
        record = store.record(last.record.id)
        assert record.available and not record.needs_recheck
        assert next(v.final for v in record.values if v.field == "year") == 2001
        assert last.record.source in store.cached_sources()


def test_a_record_with_nothing_decided_is_refreshed_without_a_flag(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    ex = filled.extractions[0]
    changed = dataclasses.replace(with_text(ex, ex.record.text + " more"))
    with ReviewStore.open(filled.path, "ana") as store:
        report = store.sync([changed], {})
        assert report.changed == [ex.record.id]
        assert not store.record(ex.record.id).needs_recheck
        assert store.record(ex.record.id).text.endswith(" more")
