"""Where the cursor can go: the rows of a record's field list and the queue of pending values.

Pure functions over store snapshots, so the order the reviewer is walked through is
tested without a screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from evidence.spec import FIELD_NAMES
from store import StoredValue

DOCUMENT_ORDER = "document"
CONFIDENCE_ORDER = "confidence"
ORDERS = (DOCUMENT_ORDER, CONFIDENCE_ORDER)


@dataclass(frozen=True)
class Row:
    """One line of the field list: a value, or an empty field (where a missed value can be added)."""

    field: str
    value: StoredValue | None

    @property
    def index(self) -> int | None:
        return None if self.value is None else self.value.index

    @property
    def pending(self) -> bool:
        return self.value is not None and self.value.status == "pending"


def rows_of(values: Iterable[StoredValue]) -> list[Row]:
    """Every field in contract order, each value on its own row, an empty field as one row."""
    by_field: dict[str, list[StoredValue]] = {name: [] for name in FIELD_NAMES}
    for value in values:
        by_field.setdefault(value.field, []).append(value)
    rows: list[Row] = []
    for name, field_values in by_field.items():
        if field_values:
            rows.extend(Row(name, v) for v in sorted(field_values, key=lambda v: v.index))
        else:
            rows.append(Row(name, None))
    return rows


def _confidence(row: Row) -> float:
    assert row.value is not None
    return row.value.confidence if row.value.confidence is not None else 1.0


def next_pending_row(rows: Sequence[Row], after: int | None, order: str = DOCUMENT_ORDER) -> int | None:
    """The row to visit next among `rows` (one record), skipping `after` and, in document
    order, everything before it; None when nothing pending is left there.

    In confidence order the least certain pending value comes first, so the reviewer's
    attention goes where the extractor is least sure; ties keep document order.
    """
    pending = [i for i, row in enumerate(rows) if row.pending and i != after]
    if not pending:
        return None
    if order == CONFIDENCE_ORDER:
        return min(pending, key=lambda i: (_confidence(rows[i]), i))
    later = [i for i in pending if after is None or i > after]
    return later[0] if later else None


def find_next_pending(
    record_ids: Sequence[str], current: int, rows: Sequence[Row], row: int | None,
    values_of: Callable[[str], list[StoredValue]], order: str = DOCUMENT_ORDER,
) -> tuple[int, int] | None:
    """(record position, row) of the next pending value: this record's first, then the next
    records' in filter order, wrapping around to the records before; None when none is left."""
    here = next_pending_row(rows, row, order)
    if here is not None:
        return current, here
    count = len(record_ids)
    for step in range(1, count + 1):
        position = (current + step) % count
        if position == current:  # wrapped around: this record's values before the cursor
            earlier = [i for i, r in enumerate(rows) if r.pending and i != row]
            return (current, earlier[0]) if earlier else None
        found = next_pending_row(rows_of(values_of(record_ids[position])), None, order)
        if found is not None:
            return position, found
    return None
