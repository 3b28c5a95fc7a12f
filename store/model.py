"""What the screen and the exports get from the store: small frozen dataclasses, no TinyDB.

Everything here is a snapshot: changing the store means calling `ReviewStore`, which
returns a `Change`, never mutating one of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PENDING = "pending"
ACCEPTED = "accepted"
EDITED = "edited"
REJECTED = "rejected"
STATUSES: tuple[str, ...] = (PENDING, ACCEPTED, EDITED, REJECTED)

INCLUDE = "include"
EXCLUDE = "exclude"
MAYBE = "maybe"
DECISIONS: tuple[str, ...] = (INCLUDE, EXCLUDE, MAYBE)

Filter = Literal["all", "pending", "included", "excluded", "maybe", "rejections", "recheck"]
FILTERS: tuple[str, ...] = ("all", "pending", "included", "excluded", "maybe", "rejections", "recheck")

# Kinds of history entries. The first four change one slot and can be undone;
# "undo"/"redo" name the entry they undo/redo in `target`; "sync" records a changed
# document (its decisions were carried over) and is a barrier undo does not cross.
DECIDE = "decide"
ADD_VALUE = "add_value"
DECIDE_RECORD = "decide_record"
RECHECKED = "recheck"
UNDO = "undo"
REDO = "redo"
SYNC = "sync"
UNDOABLE: frozenset[str] = frozenset({DECIDE, ADD_VALUE, DECIDE_RECORD, RECHECKED})


@dataclass(frozen=True)
class StoredValue:
    """One value of one field of one record, with the reviewer's decision on it.

    `value` is what was proposed (the candidate, or what the reviewer typed for a value
    added by hand); `final` is what the review says: the value when accepted, the new
    value when edited, None when pending or rejected. `stale` marks a decided value whose
    candidate the extractor no longer proposes after the document changed: the decision
    is kept, without a span.
    """

    record_id: str
    field: str
    index: int
    value: Any
    start: int | None
    end: int | None
    confidence: float | None
    rule: str
    status: str = PENDING
    final: Any = None
    reason: str | None = None
    reviewer: str | None = None
    time: str | None = None
    added_by_hand: bool = False
    stale: bool = False

    @property
    def decided(self) -> bool:
        return self.status != PENDING


@dataclass(frozen=True)
class RecordDecision:
    """Include / exclude / maybe for a whole record, with the reviewer's reason."""

    decision: str
    reason: str | None
    reviewer: str
    time: str


@dataclass(frozen=True)
class StoredRecord:
    """A record as the screen shows it. `available` is False when its cached text is lost
    (the values still show what was decided; a sync of its source restores the rest)."""

    id: str
    source: str
    format: str
    index: int
    title: str
    fingerprint: str
    text: str
    meta: dict[str, Any]
    sections: list[tuple[str, int, int]]
    raw_map: list[tuple[int, int]]
    problems: list[str]
    values: list[StoredValue]
    decision: RecordDecision | None
    needs_recheck: bool
    available: bool = True


@dataclass(frozen=True)
class Change:
    """One entry of the append-only history: who changed what, when, from what, to what.

    For value changes `before`/`after` are the value's stored state (a dict with status,
    value, reason, reviewer, time...) or None (pending with no state, or a value not yet
    added); for record decisions the decision dict or None; for "recheck" booleans.
    `target` is the seq of the change an "undo"/"redo" entry reverts or repeats.
    """

    seq: int
    who: str
    when: str
    kind: str
    record_id: str | None
    field: str | None = None
    index: int | None = None
    before: Any = None
    after: Any = None
    target: int | None = None


@dataclass(frozen=True)
class Progress:
    """Counts for the status bar. A record is done when excluded, or included with no value
    pending; "maybe" and undecided records are not done."""

    records_total: int
    records_done: int
    values_total: int
    values_decided: int
    included: int
    excluded: int
    maybe: int
    needs_recheck: int

    @property
    def fraction_done(self) -> float:
        return self.records_done / self.records_total if self.records_total else 1.0


@dataclass(frozen=True)
class Position:
    """Where the reviewer was: a record and, optionally, a field."""

    record_id: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class Terms:
    """The reviewer's highlight terms for inclusion and exclusion criteria."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass
class SyncReport:
    """What a sync did: ids added, changed (text differs; decisions carried over and the record
    flagged for a second look), refreshed (cache rebuilt, text unchanged), unchanged; ids of
    synced sources no longer present (kept, never deleted); and how decisions fared."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)
    decisions_kept: int = 0
    decisions_stale: int = 0
