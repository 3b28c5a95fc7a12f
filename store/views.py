"""Stored documents turned into the dataclasses the screen and the exports read.

A record's values are its candidates (from the record cache) in spec field order,
each with its state from the review document, followed per field by the values
added by hand or kept stale (indices past the candidates). When the cached text is
lost, decided values still show, from the copy of the candidate value in their state.
"""

from __future__ import annotations

from typing import Any

from evidence.spec import FIELD_NAMES
from store.model import PENDING, RecordDecision, StoredRecord, StoredValue

Doc = dict[str, Any]


def stored_values(doc: Doc, review: Doc | None, payload: Doc | None) -> list[StoredValue]:
    rid = doc["id"]
    states_by_field = (review or {}).get("values", {})
    candidates_by_field = payload.get("fields", {}) if payload else {}
    out: list[StoredValue] = []
    for name in FIELD_NAMES:
        n = doc["counts"].get(name, 0)
        states = states_by_field.get(name, {})
        candidates = candidates_by_field.get(name, [])
        for index in range(n):
            state = states.get(str(index))
            if index < len(candidates):
                c = candidates[index]
                out.append(_value(rid, name, index, c["value"], c.get("start"), c.get("end"),
                                  c.get("confidence"), c.get("rule", ""), state))
            elif state is not None:
                out.append(_value(rid, name, index, state.get("candidate"), None, None, None, "", state))
        for index in sorted(int(k) for k in states if int(k) >= n):
            state = states[str(index)]
            rule = "hand" if state.get("by_hand") else "stale"
            out.append(_value(rid, name, index, state.get("candidate"), state.get("start"),
                              state.get("end"), None, rule, state))
    return out


def stored_record(doc: Doc, review: Doc | None, payload: Doc | None) -> StoredRecord:
    review = review or {}
    decision = review.get("decision")
    p = payload or {}
    return StoredRecord(
        id=doc["id"], source=doc["source"], format=doc.get("format", ""), index=doc.get("index", 0),
        title=doc.get("title", ""), fingerprint=doc.get("fingerprint", ""),
        text=p.get("text", ""), meta=p.get("meta", {}),
        sections=[(s[0], s[1], s[2]) for s in p.get("sections", [])],
        raw_map=[(m[0], m[1]) for m in p.get("raw_map", [])],
        problems=list(p.get("problems", [])),
        values=stored_values(doc, review, payload),
        decision=RecordDecision(**decision) if decision else None,
        needs_recheck=bool(review.get("recheck")),
        available=payload is not None,
    )


def _value(rid: str, field: str, index: int, value: Any, start: int | None, end: int | None,
           confidence: float | None, rule: str, state: Doc | None) -> StoredValue:
    if state is None:
        return StoredValue(rid, field, index, value, start, end, confidence, rule)
    return StoredValue(
        rid, field, index, value, start, end, confidence, rule,
        status=state.get("status", PENDING), final=state.get("value"), reason=state.get("reason"),
        reviewer=state.get("reviewer"), time=state.get("time"), added_by_hand=bool(state.get("by_hand")),
        stale=bool(state.get("stale")),
    )
