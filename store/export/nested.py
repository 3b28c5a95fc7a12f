"""A record as one nested object, shared by the JSON, JSON Lines and YAML exports.

Every field of the spec appears, in spec order, as a list (empty when nothing goes
out), so a script can read any record the same way. Each value carries what a reader
of the review needs to trust it:

    {"value": 19, "status": "accepted",
     "evidence": {"text": "19 patients", "start": 412, "end": 423},
     "confidence": 0.9, "reviewer": "ana", "time": "2025-05-01T09:30:12.345+00:00"}

`evidence` is null when no span supports the value, and its `text` null when the
record's text is lost from the store's cache (the store says so when opened);
`confidence` is null for values the reviewer added; `reviewer` and `time` are null for
pending values. Three keys appear only when they say something: `proposed` (the
candidate an edited value replaced), `added_by_hand: true` and `stale: true` (decided
on a candidate the changed document no longer yields); leaving them out otherwise keeps
large files smaller without losing anything.
"""

from __future__ import annotations

from typing import Any

from evidence.spec import FIELD_NAMES
from store.export.reading import FINAL, OutRecord
from store.model import EDITED, Change


def fields_doc(record: OutRecord) -> dict[str, list[dict[str, Any]]]:
    fields: dict[str, list[dict[str, Any]]] = {name: [] for name in FIELD_NAMES}
    text = record.text if record.available else None
    for field, _index, status, state, candidate in record.slots:
        # One pass, without the helpers of `reading`: this runs once per value exported.
        if candidate is not None:
            proposed, start, end = candidate["value"], candidate.get("start"), candidate.get("end")
            confidence = candidate.get("confidence")
        elif state is not None:
            proposed, start, end = state.get("candidate"), state.get("start"), state.get("end")
            confidence = None
        else:  # pragma: no cover - a slot has a state or a candidate
            continue
        if start is None or end is None:
            evidence = None
        else:
            quote = text[start:end] if text is not None and end <= len(text) else None
            evidence = {"text": quote, "start": start, "end": end}
        if state is None:
            doc = {"value": proposed, "status": status, "evidence": evidence, "confidence": confidence,
                   "reviewer": None, "time": None}
        else:
            doc = {"value": state.get("value") if status in FINAL else proposed, "status": status,
                   "evidence": evidence, "confidence": confidence, "reviewer": state.get("reviewer"),
                   "time": state.get("time")}
            if status == EDITED:
                doc["proposed"] = proposed
            if state.get("by_hand"):
                doc["added_by_hand"] = True
            if state.get("stale"):
                doc["stale"] = True
        fields[field].append(doc)
    return fields


def change_doc(change: Change) -> dict[str, Any]:
    """One history entry: who changed which value or decision, when, from what, to what."""
    return {"seq": change.seq, "who": change.who, "when": change.when, "kind": change.kind,
            "field": change.field, "index": change.index, "before": change.before, "after": change.after,
            "target": change.target}


def record_doc(record: OutRecord, history: list[Change] | None = None) -> dict[str, Any]:
    decision = record.decision
    doc: dict[str, Any] = {
        "id": record.id,
        "source": record.source,
        "format": record.format,
        "title": record.title,
        "decision": None if decision is None else {
            "decision": decision.get("decision"), "reason": decision.get("reason"),
            "reviewer": decision.get("reviewer"), "time": decision.get("time")},
        "needs_recheck": record.needs_recheck,
        "fields": fields_doc(record),
    }
    if history is not None:
        doc["history"] = [change_doc(c) for c in history]
    return doc
