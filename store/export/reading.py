"""The export's read path: the store's documents straight to the values that go out.

`ReviewStore.record()` builds a `StoredValue` (a frozen dataclass of 15 fields) for
every candidate of a record, which is what the screen wants for one record and what
made a 50,000-record export spend 4 of its 5 seconds building objects it then threw
away. Here a record's chosen values are walked once, as small tuples (`Slot`) that
point at the stored state and candidate; each writer takes from them what it prints.
Records the selection leaves out are never read from the record cache, nor is the
cache read when nothing needs it (decided values carry their own value), and the
summary reads the review documents alone.

This is the one module of the exports that reaches inside `ReviewStore` (its tables,
index, record cache and mutex, all in this package). Each record is read under the
store's lock; the documents it hands out are never changed in place afterwards (a
decision replaces its record's review document and state), so writers may use them
after the lock is released, while the screen goes on deciding. The walk mirrors
`store.views.stored_values`; tests/export compare every export with the public API,
so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evidence.spec import FIELD_NAMES
from store.model import ACCEPTED, EDITED, PENDING, REJECTED

if TYPE_CHECKING:
    from store.api import ReviewStore

Doc = dict[str, Any]
# One value that goes out: (field, index, status, its stored state or None for a candidate
# never decided, its candidate from the record cache or None when not at hand or not one).
Slot = tuple[str, int, str, "Doc | None", "Doc | None"]
FINAL = frozenset({ACCEPTED, EDITED})


@dataclass(slots=True)
class OutRecord:
    """One record that goes out, with its chosen values as slots in spec field order.

    Writers that print values only get them in `by_field` (field -> values), the others
    in `slots`; the other one is empty. `decision` is the stored decision document
    (decision, reason, reviewer, time) or None when undecided. `available` is whether
    text, metadata and candidates were read from the record cache (False when not asked
    for, or lost from the cache).
    """

    id: str
    source: str
    format: str
    title: str
    text: str
    meta: Doc
    decision: Doc | None
    needs_recheck: bool
    available: bool
    slots: list[Slot]
    by_field: dict[str, list[Any]]
    rejected: frozenset[str] = frozenset()  # fields with a rejected value (read with `text` only)

    @property
    def count(self) -> int:
        """How many values go out."""
        return len(self.slots) if self.slots else sum(len(v) for v in self.by_field.values())


def record_ids(store: ReviewStore) -> list[str]:
    """The record ids in batch order, as of now."""
    with store._mutex:
        return list(store._ix.order)


def read(store: ReviewStore, record_id: str, decisions: frozenset[str | None], statuses: frozenset[str],
         *, text: bool, spans: bool, slotted: bool) -> OutRecord | None:
    """The record with its values whose status is in `statuses`; None when its decision
    (None = undecided) is not in `decisions`.

    `slotted` fills `slots`, else `by_field`. The record cache (text, metadata,
    candidates) is read only when it has something to give: always with `text`; with
    `spans` (evidence, confidence) when the record has decided values; and when pending
    values are wanted (their candidates). A decided value's state holds its value, so a
    CSV of the decided values needs the review documents alone.
    """
    with store._mutex:
        doc_id = store._ix.doc[record_id]
        if store._ix.summary[doc_id].decision not in decisions:
            return None
        doc = store._tables["records"][doc_id]
        review = store._tables["reviews"].get(doc_id) or {}
        wanted = text or PENDING in statuses or (spans and bool(review.get("values")))
        payload = store._payload(doc_id) if wanted else None
    p = payload or {}
    states_by_field = review.get("values") or {}
    walk = (doc["counts"], states_by_field, p.get("fields", {}), statuses)
    rejected: frozenset[str] = frozenset()
    if text:
        rejected = frozenset(name for name, states in states_by_field.items()
                             if any(s.get("status") == REJECTED for s in states.values()))
    return OutRecord(
        id=doc["id"], source=doc["source"], format=doc.get("format", ""), title=doc.get("title", ""),
        text=p.get("text", ""), meta=p.get("meta", {}), decision=review.get("decision"),
        needs_recheck=bool(review.get("recheck")), available=payload is not None,
        slots=slots(*walk) if slotted else [], by_field={} if slotted else values_by_field(*walk),
        rejected=rejected,
    )


_DROP = object()  # a candidate rejected (or otherwise not wanted): left out


def slots(counts: dict[str, int], states_by_field: dict[str, dict[str, Doc]],
          candidates_by_field: dict[str, list[Doc]], statuses: frozenset[str]) -> list[Slot]:
    """The values whose status is in `statuses`, in the order `stored_values` gives them: per
    field in spec order, the candidates by index, then values past them (added by hand, kept
    stale) by index. A candidate never decided is pending and has no state."""
    pending = PENDING in statuses
    out: list[Slot] = []
    if not pending and not states_by_field:
        return out
    for name in FIELD_NAMES:
        states = states_by_field.get(name)
        n = counts.get(name, 0)
        candidates = candidates_by_field.get(name) or []
        if len(candidates) > n:
            candidates = candidates[:n]
        if not states:
            if pending and candidates:
                out += [(name, i, PENDING, None, c) for i, c in enumerate(candidates)]
            continue
        at_hand = len(candidates)
        if pending:
            found: list[Any] = [(name, i, PENDING, None, c) for i, c in enumerate(candidates)]
            dropped = False
            rest = []
            for key, state in states.items():
                i = int(key)
                if i >= at_hand:  # decided, its candidate not at hand (text lost); or past the candidates
                    rest.append(i)
                    continue
                status = state.get("status", PENDING)
                if status in statuses:
                    found[i] = (name, i, status, state, candidates[i])
                else:
                    found[i] = _DROP
                    dropped = True
            out += [v for v in found if v is not _DROP] if dropped else found
            rest.sort()
        else:
            rest = sorted(int(key) for key in states)
        for i in rest:
            state = states[str(i)]
            status = state.get("status", PENDING)
            if status in statuses:
                out.append((name, i, status, state, candidates[i] if i < at_hand else None))
    return out


def values_by_field(counts: dict[str, int], states_by_field: dict[str, dict[str, Doc]],
                    candidates_by_field: dict[str, list[Doc]],
                    statuses: frozenset[str]) -> dict[str, list[Any]]:
    """field -> the values that go out (each slot's value), for writers that print values
    only (CSV, RIS): the walk of `slots` without a tuple per value, which a 50,000-record CSV
    of every value (a million of them) notices. With pending values wanted, a field's
    candidate values are taken in one go and its few states patched in."""
    pending = PENDING in statuses
    out: dict[str, list[Any]] = {}
    if not pending and not states_by_field:
        return out
    for name in FIELD_NAMES:
        states = states_by_field.get(name)
        n = counts.get(name, 0)
        candidates = candidates_by_field.get(name) or []
        if len(candidates) > n:
            candidates = candidates[:n]
        if not states:
            if pending and candidates:
                out[name] = [c["value"] for c in candidates]
            continue
        if pending:
            found = [c["value"] for c in candidates]
            at_hand = len(found)
            dropped = False
            rest = []
            for key, state in states.items():
                i = int(key)
                if i >= at_hand:
                    rest.append(i)
                    continue
                status = state.get("status", PENDING)
                if status not in statuses:
                    found[i] = _DROP
                    dropped = True
                elif status in FINAL:
                    found[i] = state.get("value")
            if dropped:
                found = [v for v in found if v is not _DROP]
            rest.sort()
        else:
            found, at_hand = [], len(candidates)
            rest = sorted(int(key) for key in states)
        for i in rest:
            state = states[str(i)]
            status = state.get("status", PENDING)
            if status in FINAL and status in statuses:
                found.append(state.get("value"))
            elif status in statuses:
                found.append(candidates[i]["value"] if i < at_hand else state.get("candidate"))
        if found:
            out[name] = found
    return out


def review_docs(store: ReviewStore) -> list[tuple[Doc | None, int]]:
    """Every record's review document (None if never reviewed) and its number of values, in
    batch order, without touching the record cache: what the summary counts."""
    with store._mutex:
        reviews = store._tables["reviews"]
        summaries = store._ix.summary
        out = []
        for rid in store._ix.order:
            doc_id = store._ix.doc[rid]
            out.append((reviews.get(doc_id), summaries[doc_id].total))
        return out
