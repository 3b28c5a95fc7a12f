"""The review document of one record, and the rules a decision must follow before it is stored.

A review document holds three kinds of slot, which is what a history entry changes
and what undo sets back:
- a value slot, `values[field][str(index)]`: the state of one value (status, final
  value, the candidate value it was decided on, reason, reviewer, time; for values
  added by hand or kept stale, their own span); absent = pending candidate;
- the decision slot, `decision`: include / exclude / maybe with reason, reviewer, time;
- the recheck slot, `recheck`: the document changed since it was reviewed.
"""

from __future__ import annotations

from typing import Any

from evidence.spec import BY_NAME, is_valid_value
from store import jsonio
from store.model import ACCEPTED, ADD_VALUE, DECIDE, DECIDE_RECORD, EDITED, RECHECKED

VALUE_SLOT, DECISION_SLOT, RECHECK_SLOT = "value", "decision", "recheck"
SLOT_OF = {DECIDE: VALUE_SLOT, ADD_VALUE: VALUE_SLOT, DECIDE_RECORD: DECISION_SLOT, RECHECKED: RECHECK_SLOT}

State = dict[str, Any]


def slot_state(review: dict[str, Any] | None, slot: str, field: str | None, index: int | None) -> Any:
    """What a slot holds now (None for an absent value or decision)."""
    review = review or {}
    if slot == VALUE_SLOT:
        return review.get("values", {}).get(field, {}).get(str(index))
    if slot == DECISION_SLOT:
        return review.get("decision")
    return bool(review.get("recheck"))


def with_slot(review: dict[str, Any] | None, rid: str, slot: str, field: str | None, index: int | None,
              state: Any) -> dict[str, Any]:
    """A copy of the review document with one slot set; the stored one is untouched until journaled
    (copying the record's few values keeps a failed write from leaving memory ahead of the disk)."""
    out: dict[str, Any] = dict(review) if review else {"record": rid}
    if slot == VALUE_SLOT:
        values = dict(out.get("values", {}))
        states = dict(values.get(field, {}))
        if state is None:
            states.pop(str(index), None)
        else:
            states[str(index)] = state
        if states:
            values[str(field)] = states
        else:
            values.pop(str(field), None)
        out["values"] = values
    elif slot == DECISION_SLOT:
        if state is None:
            out.pop("decision", None)
        else:
            out["decision"] = state
    else:
        out["recheck"] = bool(state)
    return out


def final_value(status: str, proposed: Any, edited: Any) -> Any:
    """What the review says the value is: the proposal when accepted, the edit when edited, else None."""
    if status == ACCEPTED:
        return proposed
    if status == EDITED:
        return edited
    return None


def check_field(field: str) -> None:
    if field not in BY_NAME:
        raise ValueError(f"unknown field {field!r}")


_INT64 = 2**63


def _has_huge_int(value: Any) -> bool:
    """JSON readers (orjson, spreadsheets, most languages) disagree on integers past 64 bits."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -_INT64 <= value < _INT64
    if isinstance(value, dict):
        return any(_has_huge_int(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_huge_int(v) for v in value)
    return False


def check_value(field: str, value: Any) -> None:
    """Refuse a value that breaks the field contract (evidence.spec), saying what the field takes."""
    if value is not None and is_valid_value(field, value):
        if _has_huge_int(value):
            raise ValueError(f"{value!r} cannot be stored for {field}: a number past 64 bits")
        try:
            jsonio.dumps(value)
        except TypeError as exc:  # e.g. an integer past 64 bits: JSON readers would not agree on it
            raise ValueError(f"{value!r} cannot be stored for {field}: {exc}") from None
        return
    spec = BY_NAME[field]
    if spec.type == "string":
        expected = "non-empty text"
    elif spec.type == "int":
        expected = "a whole number, 0 or more"
    elif spec.type == "enum":
        expected = "one of " + ", ".join(spec.choices)
    else:
        expected = "an object with keys among " + ", ".join(spec.keys)
    raise ValueError(f"{value!r} is not a valid {field}: expected {expected}")
