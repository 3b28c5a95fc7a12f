"""CSV: one row per record, one column per field, for a spreadsheet or a meta-analysis script.

Objects are split into readable columns (age_stat, age_value, age_low, age_high,
age_unit; sex_male, sex_female; the same for follow-up); outcomes read as one phrase
each ("overall response rate: 69.5% (16/23) at 6 months"); several values of a field
share a cell, joined with "; " (for objects, position by position, so the n-th part of
age_value goes with the n-th part of age_stat). Strings are written as they are (the
csv module quotes line breaks and commas). Cells that a spreadsheet would run as a
formula get a leading apostrophe (see `cells.safe_cell`). Line ends are CRLF (RFC 4180).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from evidence.spec import FIELDS, STAT_KEYS
from store.export import cells
from store.export.reading import OutRecord

SEX_KEYS = ("male", "female")
RECORD_COLUMNS = ("id", "source", "decision", "decision_reason")
# field -> the keys it is split into (objects other than outcomes), in column order
SPLIT: dict[str, tuple[str, ...]] = {"age": STAT_KEYS, "sex": SEX_KEYS, "follow_up": STAT_KEYS}


def _header() -> tuple[tuple[str, ...], dict[str, int]]:
    """The column names, and the position of each field's first column."""
    out = list(RECORD_COLUMNS)
    first: dict[str, int] = {}
    for spec in FIELDS:
        first[spec.name] = len(out)
        keys = SPLIT.get(spec.name)
        out += [f"{spec.name}_{key}" for key in keys] if keys else [spec.name]
    return tuple(out), first


HEADER, _COLUMN = _header()


def _text(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return value
    if kind is int:
        return str(value)
    return cells.number(value)


def _safe(text: str) -> str:
    return ("'" + text) if text[:1] in cells.FORMULA_STARTS else text


def row(record: OutRecord) -> list[str]:
    """The record's row: record columns, then each field's values, formula-safe."""
    decision = record.decision or {}
    out = [""] * len(HEADER)
    out[0], out[1] = _safe(record.id), _safe(record.source)
    out[2], out[3] = decision.get("decision") or "", _safe(decision.get("reason") or "")
    starts = cells.FORMULA_STARTS
    for field, values in record.by_field.items():
        at = _COLUMN[field]
        keys = SPLIT.get(field)
        if keys is not None:
            for offset, key in enumerate(keys):
                parts = [_text(v.get(key)) if isinstance(v, dict) else "" for v in values]
                if any(parts):
                    out[at + offset] = _safe(cells.JOIN.join(parts))
            continue
        if field == "outcome":
            text = cells.JOIN.join([cells.outcome(v) if isinstance(v, dict) else _text(v) for v in values])
        else:
            try:  # strings, the common case, joined in one call
                text = cells.JOIN.join(values)
            except TypeError:
                text = cells.JOIN.join([_text(v) for v in values])
        out[at] = ("'" + text) if text[:1] in starts else text
    return out


def write(records: Iterable[OutRecord], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(row(record) for record in records)
