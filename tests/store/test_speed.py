"""Fast at any size: a decision writes one small journal line, never the main file, and touches one
record's summary, whatever the number of records; its time does not grow with the store."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from storekit import fill

import store.index
import store.journal
import store.storage
from store import ReviewStore
from store.model import ACCEPTED, REJECTED


def _decide(review: ReviewStore, ids: list[str], count: int) -> list[float]:
    took = []
    for k in range(count):
        rid = ids[(k * 7919) % len(ids)]
        began = time.perf_counter()
        review.decide(rid, "sample_size", k % 2, ACCEPTED if k % 3 else REJECTED)
        took.append(time.perf_counter() - began)
    return took


def _watch_decisions(path: Path, ids: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, float]:
    """(main-file rewrites, record summaries computed, journal bytes per decision) over 100 decisions."""
    rewrites: list[object] = []
    summaries: list[object] = []
    real_summarize = store.index.summarize
    with ReviewStore.open(path, "ana") as review:
        journal = review._storage.paths.journal
        before = journal.stat().st_size
        monkeypatch.setattr(store.storage, "atomic_write", lambda *a, **k: rewrites.append(a))
        monkeypatch.setattr(store.index, "summarize", lambda *a: (summaries.append(a), real_summarize(*a))[1])
        _decide(review, ids, 100)
        monkeypatch.undo()
        per_line = (journal.stat().st_size - before) / 100
    return len(rewrites), len(summaries), per_line


def test_a_decision_costs_one_small_line_whatever_the_size(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    per_line: dict[int, float] = {}
    for n in (15, 1500):
        (tmp_path / str(n)).mkdir()
        filled = fill(tmp_path / str(n) / "review.json", n)
        rewrites, summaries, per_line[n] = _watch_decisions(filled.path, filled.ids, monkeypatch)
        assert rewrites == 0  # the main file is not written per decision
        assert summaries == 100  # one record's summary per decision, no scan
    assert per_line[1500] < 4096
    assert per_line[1500] < 1.2 * per_line[15]


def test_decision_time_does_not_grow_with_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store.journal, "_sync", lambda fd: None)  # time our work, not the disk's
    medians = {}
    for n in (15, 3000):
        (tmp_path / str(n)).mkdir()
        filled = fill(tmp_path / str(n) / "review.json", n)
        with ReviewStore.open(filled.path, "ana") as review:
            _decide(review, filled.ids, 50)  # warm up
            medians[n] = statistics.median(_decide(review, filled.ids, 300))
    assert medians[3000] < 3 * medians[15] + 0.0002, medians
