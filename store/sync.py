"""Bringing a batch into the store: new records added, changed ones refreshed with decisions kept.

Pure functions over JSON-shaped documents; `ReviewStore.sync` does the I/O. A
decision is attached to a (field, index) slot, and indices shift when a changed text
yields a different candidate list, so decisions are carried over by value: a decided
candidate moves to the first unused new candidate of the same field with an equal
value; one with no match is kept as a "stale" value after the new candidates (its span
no longer applies); values added by hand follow. Pending candidates carry nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from evidence.extract import Extraction
from evidence.spec import FIELD_NAMES
from store.model import PENDING, SYNC, SyncReport

State = dict[str, Any]
FieldStates = dict[str, State]  # str(index) -> state
Values = dict[str, FieldStates]  # field -> states

TITLE_CHARS = 300


def file_digest(path: Path) -> str:
    """The cache key of a source file: sha256 of its bytes. Unchanged digest -> no need to re-extract."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_payload(extraction: Extraction) -> dict[str, Any]:
    """Everything the extractor made for one record, as the record cache stores it."""
    record = extraction.record
    return {
        "id": record.id,
        "fingerprint": record.fingerprint,
        "text": record.text,
        "meta": record.meta.as_dict(),
        "sections": [[s.label, s.start, s.end] for s in record.sections],
        "raw_map": [list(pair) for pair in record.raw_map],
        "problems": list(extraction.problems),
        "fields": {
            name: [{**c.as_json(), "confidence": c.confidence, "rule": c.rule} for c in candidates]
            for name, candidates in extraction.fields.items()
            if candidates and name in FIELD_NAMES
        },
    }


def counts(extraction: Extraction) -> dict[str, int]:
    """Candidates per field (only non-empty fields), kept in the TinyDB file for progress counts."""
    return {n: len(c) for n, c in extraction.fields.items() if c and n in FIELD_NAMES}


def title_of(extraction: Extraction) -> str:
    """A short title for lists: the metadata title, else the first line of the text."""
    record = extraction.record
    title = record.meta.title or next((ln for ln in record.text.splitlines() if ln.strip()), "")
    return title.strip()[:TITLE_CHARS]


def carry_over(values: Values, old_counts: dict[str, int], new_fields: dict[str, list[Any]],
               text_changed: bool) -> tuple[Values, int, int]:
    """Move decisions onto a new candidate list; returns (values, decisions kept in place, made stale).

    `new_fields` maps field -> the new candidates' values, in order.
    """
    out: Values = {}
    kept = stale = 0
    for name in FIELD_NAMES:
        states = values.get(name)
        if not states:
            continue
        n_old = old_counts.get(name, 0)
        new_values = new_fields.get(name, [])
        used: set[int] = set()
        placed: FieldStates = {}
        extras: list[State] = []
        for index in sorted(int(k) for k in states):
            state = states[str(index)]
            if index >= n_old:  # by hand or already stale: follows the candidates
                extras.append({**state, "start": None, "end": None} if text_changed else state)
                continue
            if state.get("status") == PENDING:
                continue
            match = next((j for j, v in enumerate(new_values) if j not in used and v == state["candidate"]),
                         None)
            if match is None:
                extras.append({**state, "stale": True, "start": None, "end": None})
                stale += 1
            else:
                used.add(match)
                placed[str(match)] = state
                kept += 1
        for k, state in enumerate(extras):
            placed[str(len(new_values) + k)] = state
        if placed:
            out[name] = placed
    return out, kept, stale


def new_record_doc(extraction: Extraction, pointer: tuple[int, int], now: str,
                   old: dict[str, Any] | None) -> dict[str, Any]:
    """The `records` document of a synced record (keeping when it was first added)."""
    record = extraction.record
    return {"id": record.id, "source": record.source, "format": record.format, "index": record.index,
            "fingerprint": record.fingerprint, "title": title_of(extraction), "counts": counts(extraction),
            "at": list(pointer), "added": old.get("added", now) if old else now}


def refresh_review(review: dict[str, Any] | None, old_doc: dict[str, Any], extraction: Extraction,
                   report: SyncReport) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The review document of a refreshed record with its decisions carried over, and the "sync"
    history entry recording it (who/when left to the caller); None when nothing was reviewed."""
    record = extraction.record
    changed = old_doc["fingerprint"] != record.fingerprint
    (report.changed if changed else report.refreshed).append(record.id)
    if not review or not (review.get("values") or review.get("decision") or review.get("recheck")):
        return None
    new_fields = {n: [c.value for c in cs] for n, cs in extraction.fields.items()}
    values, kept, stale = carry_over(review.get("values", {}), old_doc["counts"], new_fields, changed)
    report.decisions_kept += kept
    report.decisions_stale += stale
    new_review = {**review, "values": values, "recheck": bool(review.get("recheck")) or changed}
    entry = {"kind": SYNC, "record": record.id, "field": None, "index": None,
             "before": {"fingerprint": old_doc["fingerprint"]},
             "after": {"fingerprint": record.fingerprint, "kept": kept, "stale": stale}}
    return new_review, entry
