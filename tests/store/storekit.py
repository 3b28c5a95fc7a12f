"""Building blocks for the store tests: deterministic batches from the sample documents.

The candidates are made here, not by the extractors (which others are changing), so
the tests depend only on the store. Not a conftest: a second `conftest` module would
shadow the suite's own for `from conftest import ...`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from evidence.extract import Extraction
from evidence.extract.candidate import Candidate
from evidence.ingest import ingest_paths
from evidence.model import Record

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DOCS = ROOT / "sample_docs"

# pytest puts tests/ on sys.path, where tests/store/ passes for a namespace package named
# `store` and shadows the real one when the editable install's finder is consulted last
# (`.venv/bin/pytest`; `python -m pytest` has the repository on the path already). Test
# modules import this module first, so the repository goes first here. A lasting fix is
# `pythonpath = ["."]` in the pytest settings.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if "store" in sys.modules and getattr(sys.modules["store"], "__file__", None) is None:
    del sys.modules["store"]

# field -> candidate values every test record gets (spans are made up but inside the text)
VALUES: dict[str, list[object]] = {
    "authors": ["Smith J", "Doe A"],
    "year": [2010],
    "study_design": ["rct"],
    "sample_size": [40, 120],
    "age": [{"stat": "median", "value": 54, "unit": "years"}],
    "intervention": ["cyclosporine"],
}


@functools.lru_cache(maxsize=1)
def sample_records() -> tuple[Record, ...]:
    records = ingest_paths([SAMPLE_DOCS]).records
    assert len(records) >= 10
    return tuple(records)


def extraction(record: Record, values: dict[str, list[object]] | None = None) -> Extraction:
    """An Extraction with fixed candidates: a title from the record plus `values`."""
    values = VALUES if values is None else values
    title = record.meta.title or record.text.splitlines()[0]
    fields = {"title": [Candidate(title, 0, min(len(record.text), 20), 0.9, "test.title")]}
    for name, vals in values.items():
        fields[name] = [Candidate(v, 5 + i, 9 + i, 0.8 - i / 10, f"test.{name}") for i, v in enumerate(vals)]
    return Extraction(record, fields=fields)


def batch(n: int) -> list[Extraction]:
    """`n` records: the sample documents, copied with distinct ids and sources when n is larger."""
    base = sample_records()
    out = []
    for i in range(n):
        record = base[i % len(base)]
        copy = i // len(base)
        if copy:
            record = dataclasses.replace(record, id=f"{record.id}~{copy}", source=f"{record.source}~{copy}")
        out.append(extraction(record))
    return out


def digests(extractions: list[Extraction], salt: str = "") -> dict[str, str]:
    return {e.record.source: hashlib.sha256((e.record.source + salt).encode()).hexdigest()
            for e in extractions}


def with_text(ex: Extraction, text: str, values: dict[str, list[object]] | None = None) -> Extraction:
    """The same record id with a different text (so a different fingerprint)."""
    record = dataclasses.replace(ex.record, text=text,
                                 fingerprint=hashlib.sha256(text.encode()).hexdigest()[:16])
    return extraction(record, values)


@dataclass
class Filled:
    """A store file already holding a batch."""

    path: Path
    ids: list[str]
    extractions: list[Extraction]


def fill(path: Path, n: int) -> Filled:
    from store import ReviewStore

    extractions = batch(n)
    with ReviewStore.open(path, "ana") as store:
        report = store.sync(extractions, digests(extractions))
    assert len(report.added) == n
    return Filled(path, [e.record.id for e in extractions], extractions)


def abandon(store: object) -> None:
    """Leave a store as a killed process would: descriptors closed, no compaction, lock file left."""
    storage = store._storage  # type: ignore[attr-defined]
    storage._journal.close()
    storage._journal = None
    lock = storage._lock
    os.close(lock._fd)  # the kernel drops the lock; the file with our pid stays
    lock._fd = -1
    storage._lock = None
    store._cache.close()  # type: ignore[attr-defined]
