"""`ReviewStore`: the one door the screen and the exports use to the reviewer's decisions.

Every mutating call journals one line (the changed review document, the history
entry and the reviewer's position, atomically) and returns only after it is fsynced,
so "saved" on screen means on disk. Nothing here scans the store per keystroke: the
record index, per-record summaries, progress sums and the undo stacks are kept in
memory and updated per change, which is what makes a decision cost the same at 50
and at 50,000 records. TinyDB's Table write path is bypassed on purpose (it rebuilds
the whole table per write); the file stays a TinyDB file (see `store.storage`).

Tables of the TinyDB file:
- `meta`: schema version, last journal line folded in;
- `records`: one per record (id, source, fingerprint, title, candidate counts, where
  its text and candidates are in the record cache);
- `reviews`: one per reviewed record, same doc id as its record: value states by field
  and index, the include/exclude/maybe decision, the needs-recheck flag;
- `history`: one per change, doc id = Change.seq, append-only;
- `sources`: the digest of each source file synced (the extraction cache key);
- `session`: position, highlight terms, settings.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar, cast

from evidence.extract import Extraction
from store import jsonio
from store.cache import RecordCache
from store.errors import StoreDamaged, StoreError, UnknownRecord
from store.history import to_change
from store.index import StoreIndex
from store.model import (
    ACCEPTED,
    ADD_VALUE,
    DECIDE,
    DECIDE_RECORD,
    DECISIONS,
    EDITED,
    PENDING,
    RECHECKED,
    REDO,
    REJECTED,
    STATUSES,
    SYNC,
    UNDO,
    Change,
    Position,
    Progress,
    StoredRecord,
    StoredValue,
    SyncReport,
    Terms,
)
from store.reviews import (
    DECISION_SLOT,
    RECHECK_SLOT,
    SLOT_OF,
    VALUE_SLOT,
    State,
    check_field,
    check_value,
    final_value,
    slot_state,
    with_slot,
)
from store.storage import JournaledStorage
from store.sync import cache_payload, new_record_doc, refresh_review
from store.views import stored_record, stored_values

RECORDS, REVIEWS, HISTORY, SOURCES, SESSION = "records", "reviews", "history", "sources", "session"
POSITION_ID, TERMS_ID, SETTINGS_ID = "1", "2", "3"

F = TypeVar("F", bound=Callable[..., Any])


def _locked(method: F) -> F:
    """Serialise calls: the screen decides on its thread while a worker thread syncs or exports."""

    @functools.wraps(method)
    def wrapper(self: ReviewStore, *args: Any, **kwargs: Any) -> Any:
        with self._mutex:
            return method(self, *args, **kwargs)

    return cast(F, wrapper)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class ReviewStore:
    """The reviewer's decisions on disk. Open with `ReviewStore.open(path, reviewer)`; use as a
    context manager or call `close()` (which folds the journal into the main file)."""

    def __init__(self, path: Path, reviewer: str, *, read_only: bool = False,
                 compact_bytes: int | None = None) -> None:
        self.path = Path(path)
        self.reviewer = reviewer
        self.read_only = read_only
        self._mutex = threading.RLock()
        with jsonio.gc_paused(freeze=True):
            self._storage = JournaledStorage(self.path, read_only=read_only, compact_bytes=compact_bytes)
            try:
                self._cache = RecordCache(self._storage.paths.records, read_only=read_only)
                tables = self._storage.read()
                for name in (RECORDS, REVIEWS, HISTORY, SOURCES, SESSION):
                    tables.setdefault(name, {})
                self._tables = tables
                self._notices = list(self._storage.notices)
                self._ix = StoreIndex(tables, self._cache.size)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self._storage.abandon()
                raise StoreDamaged(
                    f"{self.path.name} holds entries this version of evidence-triage cannot read "
                    f"({type(exc).__name__}: {exc}), perhaps edited by hand. It was left untouched; "
                    f"the previous save is {self._storage.paths.bak.name}."
                ) from exc
            except BaseException:
                self._storage.abandon()
                raise
        self._announce_missing_text()

    @classmethod
    def open(cls, path: str | os.PathLike[str], reviewer: str, *, read_only: bool = False,
             compact_bytes: int | None = None) -> ReviewStore:
        """Open (or create) the store at `path` for `reviewer`.

        Raises StoreLocked when another live process has it open for writing (use
        read_only=True to look anyway), StoreDamaged when it cannot be read and nothing
        could be recovered, SchemaTooNew / NotAStore for files it must not touch.
        Anything recovered or repaired is described in `notices`.
        """
        return cls(Path(path), reviewer, read_only=read_only, compact_bytes=compact_bytes)

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @_locked
    def close(self) -> None:
        """Fold the journal into the main file, release the lock. Safe to call twice."""
        self._cache.close()
        self._storage.close()

    @property
    def notices(self) -> list[str]:
        """What the reviewer must be told about this open: recoveries, repairs, a lock taken over."""
        return list(self._notices)

    def _announce_missing_text(self) -> None:
        missing = self._ix.missing_sources
        if missing:
            self._notices.append(
                f"The cached text of {len(missing)} source file(s) is missing from "
                f"{self._storage.paths.records.name}; decisions are intact. Open those files again to "
                "restore their text: " + ", ".join(sorted(missing)[:5])
            )

    def _doc_id(self, record_id: str) -> str:
        try:
            return self._ix.doc[record_id]
        except KeyError:
            raise UnknownRecord(f"no record {record_id!r} in {self.path.name}") from None

    def _payload(self, doc_id: str) -> dict[str, Any] | None:
        doc = self._tables[RECORDS][doc_id]
        offset, length = doc["at"]
        payload = self._cache.read((offset, length))
        if payload is None or payload.get("id") != doc["id"]:
            self._ix.missing_sources.add(doc["source"])
            return None
        return payload

    # -- reading -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ix.order)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._ix.doc

    @_locked
    def record_ids(self, filter: str = "all") -> list[str]:
        """Record ids in batch order. Filters: all; pending (not done: see Progress); included;
        excluded; maybe; rejections (a value rejected); recheck (text changed since decided)."""
        return self._ix.record_ids(filter)

    @_locked
    def record(self, record_id: str) -> StoredRecord:
        """One record with its text (read from the record cache) and its values."""
        doc_id = self._doc_id(record_id)
        return stored_record(self._tables[RECORDS][doc_id], self._tables[REVIEWS].get(doc_id),
                             self._payload(doc_id))

    @_locked
    def values(self, record_id: str) -> list[StoredValue]:
        """The record's values in spec field order, candidates first then values added by hand."""
        doc_id = self._doc_id(record_id)
        return self._values_of(doc_id)

    def iter_records(self, decisions: Iterable[str | None] | None = None) -> Iterator[StoredRecord]:
        """Every record (for exports), or those whose include/exclude/maybe decision is in
        `decisions` (None in it = undecided), in batch order."""
        wanted = None if decisions is None else set(decisions)
        with self._mutex:
            ids = list(self._ix.order)
        for rid in ids:
            if wanted is not None and self._ix.summary[self._ix.doc[rid]].decision not in wanted:
                continue
            yield self.record(rid)

    @_locked
    def progress(self) -> Progress:
        """Counts for the status bar, kept up to date per change (O(1))."""
        return self._ix.tally.progress()

    @_locked
    def history(self, record_id: str | None = None) -> list[Change]:
        """The history, oldest first: of one record, or of the whole store."""
        history = self._tables[HISTORY]
        if record_id is None:
            return [to_change(int(k), v) for k, v in history.items()]
        return [to_change(seq, history[str(seq)]) for seq in self._ix.by_record.get(record_id, [])]

    @property
    def can_undo(self) -> bool:
        return bool(self._ix.stacks.undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._ix.stacks.redo)

    @_locked
    def cached_sources(self) -> dict[str, str]:
        """Source name -> digest of the bytes last synced. A caller skips re-extracting a file
        whose digest (`store.sync.file_digest`) is unchanged; sources whose cached text is
        lost are left out, so they are read again."""
        return {doc["source"]: doc["digest"] for doc in self._tables[SOURCES].values()
                if doc["source"] not in self._ix.missing_sources}

    @_locked
    def position(self) -> Position:
        """Where the reviewer was at the last change or `set_position`."""
        doc = self._tables[SESSION].get(POSITION_ID) or {}
        rid = doc.get("record")
        return Position(rid if rid in self._ix.doc else None, doc.get("field"))

    @property
    def terms(self) -> Terms:
        doc = self._tables[SESSION].get(TERMS_ID) or {}
        return Terms(tuple(doc.get("include", ())), tuple(doc.get("exclude", ())))

    @property
    def settings(self) -> dict[str, Any]:
        """A copy of the small settings dict (change with `set_setting`)."""
        doc = self._tables[SESSION].get(SETTINGS_ID) or {}
        return dict(doc.get("values", {}))

    # -- changing ----------------------------------------------------------------------

    @_locked
    def decide(self, record_id: str, field: str, index: int, status: str, *,
               value: Any = None, reason: str | None = None) -> Change:
        """Accept, edit (with `value`), reject (with an optional `reason`) or reset to pending one value.

        ValueError, with a sentence for the reviewer, when the value does not fit the field.
        """
        doc_id = self._doc_id(record_id)
        check_field(field)
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        values = [v for v in self._values_of(doc_id) if v.field == field]
        if not isinstance(index, int) or not 0 <= index < len(values):
            if self._payload(doc_id) is None:
                raise StoreError(f"the text of {record_id} is missing from the record cache; open "
                                 f"{self._tables[RECORDS][doc_id]['source']} again to restore it")
            raise ValueError(f"{field} has no value number {index} in {record_id}")
        current = values[index]
        if status == EDITED:
            check_value(field, value)
        elif value is not None:
            raise ValueError("a new value is given only when editing")
        if reason is not None and status != REJECTED:
            raise ValueError("a reason is given only when rejecting")
        review = self._tables[REVIEWS].get(doc_id)
        old = slot_state(review, VALUE_SLOT, field, index)
        extra = current.added_by_hand or current.stale
        if status == PENDING and not extra:
            new: State | None = None
        else:
            new = {"status": status, "value": final_value(status, current.value, value),
                   "candidate": current.value, "reason": reason, "reviewer": self.reviewer, "time": _now()}
            if extra and old is not None:
                new.update({k: old[k] for k in ("by_hand", "stale", "start", "end") if k in old})
        return self._commit(doc_id, DECIDE, VALUE_SLOT, field, index, old, new)

    @_locked
    def add_value(self, record_id: str, field: str, value: Any, start: int | None = None,
                  end: int | None = None) -> Change:
        """A value the reviewer found that the extractor did not propose; it counts as accepted."""
        doc_id = self._doc_id(record_id)
        check_field(field)
        check_value(field, value)
        if (start is None) != (end is None) or (start is not None and end is not None and
                                                not 0 <= start <= end):
            raise ValueError("a span needs a start and an end with 0 <= start <= end")
        index = sum(1 for v in self._values_of(doc_id) if v.field == field)
        new = {"status": ACCEPTED, "value": value, "candidate": value, "reason": None,
               "reviewer": self.reviewer, "time": _now(), "by_hand": True, "start": start, "end": end}
        return self._commit(doc_id, ADD_VALUE, VALUE_SLOT, field, index, None, new)

    @_locked
    def decide_record(self, record_id: str, decision: str | None, reason: str | None = None) -> Change:
        """Include / exclude / maybe the whole record (None clears the decision)."""
        doc_id = self._doc_id(record_id)
        if decision is not None and decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}; one of {', '.join(DECISIONS)}")
        review = self._tables[REVIEWS].get(doc_id) or {}
        old = review.get("decision")
        new = None if decision is None else {"decision": decision, "reason": reason,
                                             "reviewer": self.reviewer, "time": _now()}
        return self._commit(doc_id, DECIDE_RECORD, DECISION_SLOT, None, None, old, new)

    @_locked
    def mark_rechecked(self, record_id: str) -> Change | None:
        """Clear the needs-recheck flag a changed document raised; None when it was not set."""
        doc_id = self._doc_id(record_id)
        if not (self._tables[REVIEWS].get(doc_id) or {}).get("recheck"):
            return None
        return self._commit(doc_id, RECHECKED, RECHECK_SLOT, None, None, True, False)

    @_locked
    def undo(self) -> Change | None:
        """Revert the last undoable change (persisted: works after a restart). None if nothing to undo."""
        if not self._ix.stacks.undo:
            return None
        return self._revert(self._ix.stacks.undo[-1], UNDO)

    @_locked
    def redo(self) -> Change | None:
        """Repeat the last undone change, unless a new change was made since. None if nothing to redo."""
        if not self._ix.stacks.redo:
            return None
        return self._revert(self._ix.stacks.redo[-1], REDO)

    @_locked
    def set_position(self, record_id: str, field: str | None = None) -> None:
        """Remember where the reviewer is. Cheap: written to the journal without an fsync
        (survives a killed process; the next decision or close makes it durable)."""
        self._doc_id(record_id)
        if field is not None:
            check_field(field)
        doc = {"kind": "position", "record": record_id, "field": field}
        if self._tables[SESSION].get(POSITION_ID) == doc:
            return
        self._storage.apply([[SESSION, POSITION_ID, doc]], durable=False)

    @_locked
    def set_terms(self, terms: Terms) -> None:
        """Replace the highlight terms."""
        doc = {"kind": "terms", "include": list(terms.include), "exclude": list(terms.exclude)}
        self._storage.apply([[SESSION, TERMS_ID, doc]])

    @_locked
    def set_setting(self, key: str, value: Any) -> None:
        """Set one setting (any JSON value; None removes it)."""
        jsonio.dumps(value)  # refuse what cannot be stored before touching anything
        values = self.settings
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
        self._storage.apply([[SESSION, SETTINGS_ID, {"kind": "settings", "values": values}]])

    @_locked
    def compact(self) -> None:
        """Fold the journal into the main file now (close does it too)."""
        self._storage.compact()

    @_locked
    def backup(self, target: str | os.PathLike[str]) -> Path:
        """Write a complete copy of the store to `target` (a store file others can open) while open.

        The record cache is copied beside it as `<target>.records`; the decisions are all
        in `target` itself.
        """
        target = Path(target)
        if target.absolute() == self._storage.paths.main:
            raise ValueError("a backup needs another file name than the store itself")
        self._storage.snapshot(target)
        if self._storage.paths.records.exists():
            shutil.copyfile(self._storage.paths.records, target.with_name(target.name + ".records"))
        return target

    # -- sync --------------------------------------------------------------------------

    @_locked
    def sync(self, extractions: Iterable[Extraction], source_digests: dict[str, str]) -> SyncReport:
        """Bring a batch in: new records added, changed ones refreshed keeping their decisions.

        A record whose text changed (fingerprint) gets the new candidates; its decisions
        are carried over by field and value (see `store.sync`) and it is flagged for a
        second look. Records are never deleted: ids of a synced source that are no longer
        in it are reported as missing. `source_digests` (source -> digest of its bytes)
        is stored as the extraction cache key (`cached_sources`).
        """
        self._storage.check_writable()
        report = SyncReport()
        records, reviews = self._tables[RECORDS], self._tables[REVIEWS]
        todo: dict[str, tuple[Extraction, str | None]] = {}
        seen: set[str] = set()
        seen_sources: set[str] = set()
        for extraction in extractions:
            rid = extraction.record.id
            seen.add(rid)
            seen_sources.add(extraction.record.source)
            doc_id = self._ix.doc.get(rid)
            if doc_id is not None:
                doc = records[doc_id]
                offset, length = doc["at"]
                cached = (doc["source"] not in self._ix.missing_sources
                          and offset + length <= self._cache.size)
                if doc["fingerprint"] == extraction.record.fingerprint and cached:
                    report.unchanged += 1
                    continue
            todo[rid] = (extraction, doc_id)
        pointers = self._cache.append_many([cache_payload(e) for e, _ in todo.values()])
        ops: list[list[Any]] = []
        now = _now()
        next_record = self._storage.next_id(RECORDS)
        next_history = self._storage.next_id(HISTORY)
        next_source = self._storage.next_id(SOURCES)
        barriers: list[tuple[int, str]] = []
        for (extraction, doc_id), pointer in zip(todo.values(), pointers, strict=True):
            old_doc = records[doc_id] if doc_id is not None else None
            new_doc = new_record_doc(extraction, pointer, now, old_doc)
            if doc_id is None or old_doc is None:
                report.added.append(extraction.record.id)
                ops.append([RECORDS, str(next_record), new_doc])
                next_record += 1
                continue
            ops.append([RECORDS, doc_id, new_doc])
            refreshed = refresh_review(reviews.get(doc_id), old_doc, extraction, report)
            if refreshed is None:
                continue
            review, entry = refreshed
            entry.update(who=self.reviewer, when=now)
            ops.append([REVIEWS, doc_id, review])
            ops.append([HISTORY, str(next_history), entry])
            barriers.append((next_history, extraction.record.id))
            next_history += 1
        for source, digest in source_digests.items():
            doc_id = self._ix.source_doc.get(source)
            if doc_id is None:
                doc_id = str(next_source)
                next_source += 1
            ops.append([SOURCES, doc_id, {"source": source, "digest": digest, "synced": now}])
        if ops:
            # One line: the batch is in or out as a whole. A big one triggers a compaction.
            self._storage.apply(ops)
        for table, doc_id, doc in ops:
            if table == RECORDS:
                self._ix.add_record(doc["id"], doc_id)
                self._ix.missing_sources.discard(doc["source"])
                self._ix.refresh(doc_id)
            elif table == SOURCES:
                self._ix.source_doc[doc["source"]] = doc_id
        for seq, rid in barriers:
            self._ix.add_history(seq, rid, SYNC, None)
        report.missing = [rid for rid in self._ix.order if rid not in seen
                          and records[self._ix.doc[rid]]["source"] in seen_sources]
        return report

    # -- internals ---------------------------------------------------------------------

    def _values_of(self, doc_id: str) -> list[StoredValue]:
        return stored_values(self._tables[RECORDS][doc_id], self._tables[REVIEWS].get(doc_id),
                             self._payload(doc_id))

    def _commit(self, doc_id: str, kind: str, slot: str, field: str | None, index: int | None,
                before: Any, after: Any, target: int | None = None) -> Change:
        """Journal the slot's new state, the history entry and the position as one fsynced line."""
        self._storage.check_writable()
        rid = self._tables[RECORDS][doc_id]["id"]
        review = with_slot(self._tables[REVIEWS].get(doc_id), rid, slot, field, index, after)
        seq = self._storage.next_id(HISTORY)
        entry: dict[str, Any] = {"who": self.reviewer, "when": _now(), "kind": kind, "record": rid,
                                 "field": field, "index": index, "before": before, "after": after}
        if target is not None:
            entry["target"] = target
        position = {"kind": "position", "record": rid,
                    "field": field if field is not None else self.position().field}
        self._storage.apply([[REVIEWS, doc_id, review], [HISTORY, str(seq), entry],
                             [SESSION, POSITION_ID, position]])
        self._ix.refresh(doc_id)
        self._ix.add_history(seq, rid, kind, target)
        return to_change(seq, entry)

    def _revert(self, target: int, kind: str) -> Change:
        """Undo (set the target's slot back to its `before`) or redo (to its `after`), as a new entry."""
        entry = self._tables[HISTORY][str(target)]
        doc_id = self._doc_id(entry["record"])
        slot = SLOT_OF[entry["kind"]]
        current = slot_state(self._tables[REVIEWS].get(doc_id), slot, entry["field"], entry["index"])
        wanted = entry["before"] if kind == UNDO else entry["after"]
        return self._commit(doc_id, kind, slot, entry["field"], entry["index"], current, wanted, target)


__all__ = ["ReviewStore", "StoreError"]
