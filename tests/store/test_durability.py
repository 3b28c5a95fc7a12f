"""Durable: a decision is on disk before the call returns, and no kill -9 at any moment loses one
that was reported saved or leaves a store that does not open."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from storekit import fill
from tinydb import TinyDB

import store.journal
import store.paths
from store import ReviewStore
from store.model import ACCEPTED, REJECTED

DECIDER = Path(__file__).with_name("decider.py")
KILLS = 50


def _slot_state(store: ReviewStore, rid: str, field: str | None, index: int | None) -> Any:
    """What a value slot (field, index) or the record-decision slot (None) holds now."""
    record = store.record(rid)
    if field is None:
        d = record.decision
        return None if d is None else {"decision": d.decision, "reason": d.reason,
                                       "reviewer": d.reviewer, "time": d.time}
    return next((v for v in record.values if (v.field, v.index) == (field, index)), None)


def test_kill_9_at_random_moments_never_loses_a_saved_decision(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 20)
    rng = random.Random(20240601)
    reported_total = 0
    began = time.monotonic()
    for round_ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(DECIDER), str(filled.path), str(round_), "6000"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
        )
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first == b"ready\n", child.stderr.read().decode() if child.stderr else first
        time.sleep(rng.uniform(0.0, 0.12))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, err.decode()
        reported = [json.loads(line) for line in out.decode().splitlines(keepends=True)
                    if line.endswith("\n")]
        reported_total += len(reported)
        with ReviewStore.open(filled.path, "checker") as review:  # must open, every time
            history = {c.seq: c for c in review.history()}
            for line in reported:
                change = history.get(line["seq"])
                assert change is not None, f"round {round_}: change {line['seq']} reported saved, lost"
                assert (change.kind, change.record_id, change.field, change.index, change.after) == (
                    line["kind"], line["record"], line["field"], line["index"], line["after"])
            # The state agrees with the history: each slot holds what its last change set.
            last: dict[tuple[object, ...], object] = {}
            for change in history.values():
                if change.kind in ("decide", "add_value", "decide_record", "undo", "redo"):
                    last[(change.record_id, change.field, change.index)] = change.after
            for (rid, field, index), after in list(last.items())[-30:]:
                got = _slot_state(review, str(rid), field, index)  # type: ignore[arg-type]
                if field is None:
                    assert got == after
                elif after is None:
                    assert got is None or got.status == "pending"
                else:
                    assert got is not None and got.status == after["status"] and got.final == after["value"]
    assert reported_total > KILLS, "the child made too few decisions to test anything"
    assert time.monotonic() - began < 60


def test_every_decision_is_fsynced_before_the_call_returns(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    filled = fill(tmp_path / "review.json", 15)
    synced: list[int] = []
    real = store.journal._sync
    monkeypatch.setattr(store.journal, "_sync", lambda fd: (synced.append(fd), real(fd)))
    with ReviewStore.open(filled.path, "ana") as review:
        rid = filled.ids[0]
        calls = [
            lambda: review.decide(rid, "year", 0, ACCEPTED),
            lambda: review.decide(rid, "sample_size", 1, REJECTED, reason="no"),
            lambda: review.add_value(rid, "condition", "asthma"),
            lambda: review.decide_record(rid, "include"),
            review.undo,
            review.redo,
        ]
        for call in calls:
            before = len(synced)
            size = review._storage.paths.journal.stat().st_size
            call()
            assert len(synced) == before + 1
            assert review._storage.paths.journal.stat().st_size > size


def test_the_main_file_is_replaced_atomically_and_stays_a_plain_tinydb_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filled = fill(tmp_path / "review.json", 15)
    with ReviewStore.open(filled.path, "ana") as review:
        review.decide(filled.ids[0], "year", 0, ACCEPTED)

        def crash(*args: object, **kwargs: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(store.paths.os, "replace", crash)
        with pytest.raises(OSError, match="disk full"):
            review.compact()
        monkeypatch.undo()
        review.decide(filled.ids[1], "year", 0, REJECTED)
        review._storage._release()  # the process "dies": no close, no compaction
        review._storage._journal = None
    with TinyDB(filled.path) as plain:  # TinyDB's own default storage reads it
        assert len(plain.table("records")) == 15
        assert plain.table("meta").get(doc_id=1)["schema_version"] == 1
    with ReviewStore.open(filled.path, "ana") as review:
        states = {rid: next(v.status for v in review.values(rid) if v.field == "year")
                  for rid in filled.ids[:2]}
    assert states == {filled.ids[0]: ACCEPTED, filled.ids[1]: REJECTED}
    with TinyDB(filled.path) as plain:
        assert len(plain.table("history")) == 2
