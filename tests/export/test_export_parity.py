"""After any sequence of decisions, undos and changed documents, every export holds exactly what
the store's public API shows: the export's own read path never drifts from `store.values()`."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from exportkit import (
    ALL_DECISIONS,
    ALL_STATUSES,
    DEFAULT_DECISIONS,
    DEFAULT_STATUSES,
    VALUES,
    check_nested,
    expected,
    load_nested,
    open_ro,
    unguard,
)
from storekit import batch, digests, extraction, with_text

from store import ReviewStore
from store.export import export_store
from store.model import ACCEPTED, EDITED, PENDING, REJECTED

EDITS = {"year": 1999, "sample_size": 77, "studies_included": 3, "study_design": "case_series",
         "disease_status": "chronic", "age": {"stat": "mean", "value": 40.5, "unit": "years"},
         "sex": {"male": 1, "female": 2}, "follow_up": {"stat": "median", "value": 12, "unit": "months"},
         "outcome": {"name": "complete response", "value": 12.5, "unit": "%", "n": 3, "total": 24}}


def _random_review(path: Path, seed: int) -> None:
    """Decisions in random order (so stored states are not in index order), hand values, undo,
    redo, record decisions, then new texts for some records (stale values, shifted indices)."""
    rng = random.Random(seed)
    extractions = [extraction(e.record, VALUES) for e in batch(20)]
    ids = [e.record.id for e in extractions]
    with ReviewStore.open(path, "ana") as store:
        store.sync(extractions, digests(extractions))
        for n in range(400):
            rid = rng.choice(ids)
            roll = rng.random()
            if roll < 0.05:
                store.undo()
            elif roll < 0.08:
                store.redo()
            elif roll < 0.14:
                store.add_value(rid, "condition", f"condition {n}", *rng.choice([(None, None), (3, 9)]))
            elif roll < 0.24:
                store.decide_record(rid, rng.choice(["include", "exclude", "maybe", None]), f"reason {n}")
            else:
                value = rng.choice(store.values(rid))
                status = rng.choice([ACCEPTED, ACCEPTED, EDITED, REJECTED, PENDING])
                if status == EDITED:
                    edit = EDITS.get(value.field, f"edited {n}")
                    store.decide(rid, value.field, value.index, EDITED, value=edit)
                else:
                    store.decide(rid, value.field, value.index, status,
                                 reason="no" if status == REJECTED else None)
    changed = [with_text(e, e.record.text + f"\nAddendum {i}.",
                         {**VALUES, "sample_size": [120, 41], "authors": ["Doe A"]})
               for i, e in enumerate(extractions) if i % 3 == 0]
    with ReviewStore.open(path, "ana") as store:
        store.sync(changed, digests(changed, salt="v2"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_export_matches_the_public_api(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "review.json"
    _random_review(path, seed)
    with open_ro(path) as store:
        for statuses, decisions, values in ((["all"], ALL_DECISIONS, ALL_STATUSES),
                                            ([], DEFAULT_DECISIONS, DEFAULT_STATUSES)):
            want = expected(store, decisions, values)
            export_store(store, "jsonl", Path("out.jsonl"), statuses=statuses, force=True)
            check_nested(load_nested("jsonl", Path("out.jsonl")), want)
            result = export_store(store, "csv", Path("out.csv"), statuses=statuses, force=True)
            assert result.values == sum(len(w.values) for w in want)
            with Path("out.csv").open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            assert [r["id"] for r in rows] == [w.record.id for w in want]
            for row, w in zip(rows, want, strict=True):
                by_field = w.by_field()
                for field in ("authors", "sample_size", "year", "condition", "intervention"):
                    want_cell = "; ".join(str(v) for v in by_field.get(field, []))
                    assert unguard(row[field]) == want_cell, (field, row["id"])
        assert store.record_ids("recheck"), "the changed texts flagged records"
