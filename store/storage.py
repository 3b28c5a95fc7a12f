"""A TinyDB Storage whose writes cost the same at 50 records as at 50,000.

TinyDB's JSONStorage serialises and rewrites the whole file on every change
(226 ms per update measured here at 50,000 records) and writes in place. This
storage keeps the tables in memory (`read()` hands TinyDB the live dict),
persists each change as one fsynced journal line of whole documents (`apply`),
and folds the journal into the main file only when it grows past a threshold or
the store closes (`compact`: temp file + fsync + os.replace + directory fsync).

The main file stays a plain TinyDB file — `{"table": {"doc_id": {...}}}`, with a
`meta` table holding `schema_version` and `journal_seq`, the last journal line folded
into it — so `TinyDB("review.json")` reads it, and replay after a crash between the
replace and the journal rotation skips lines the file already holds.

`write()` (TinyDB's own write path, used by `Table.insert/update`) is supported and
durable, but costs a compaction: TinyDB's Table rebuilds the whole table dict on each
write anyway (O(n)), so the review store journals its own document-level changes
through `apply` instead.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from store import jsonio
from store.errors import ReadOnlyStore
from store.journal import Journal, Op, apply_ops
from store.lock import Holder, StoreLock
from store.migrate import META, META_ID, Tables
from store.paths import StorePaths, atomic_write, keep_previous
from store.recovery import load

DEFAULT_COMPACT_BYTES = 16 * 1024 * 1024


class JournaledStorage(Storage):
    """In-memory tables + fsynced journal + atomic compaction + single-writer lock.

    Usable by TinyDB directly (`TinyDB(path, storage=JournaledStorage)`) and by the
    review store, which calls `apply` for O(1) durable writes.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False,
                 compact_bytes: int | None = None, **_: Any) -> None:
        self.paths = StorePaths.of(path)
        self.read_only = read_only
        if compact_bytes is None:
            compact_bytes = int(os.environ.get("EVIDENCE_TRIAGE_COMPACT_BYTES", DEFAULT_COMPACT_BYTES))
        self.compact_bytes = compact_bytes
        self._lock: StoreLock | None = None
        self._journal: Journal | None = None
        self.notices: list[str] = []
        self.taken_over: Holder | None = None
        if not read_only:
            self._lock = StoreLock.acquire(self.paths.lock, self.paths.main.name)
            self.taken_over = self._lock.taken_over
            if self.taken_over:
                self.notices.append(
                    f"Took over the lock of {self.paths.main.name} left by {self.taken_over.describe()}, "
                    "which is no longer running."
                )
        try:
            loaded = load(self.paths, read_only=read_only)
            for _ in range(3):
                # A reader can catch a writer between its compaction's rename of the main
                # file and of the journal (new file, old journal gone): read again.
                if not (read_only and loaded.gap):
                    break
                time.sleep(0.05)
                loaded = load(self.paths, read_only=read_only)
        except BaseException:
            self._release()
            raise
        self._tables: Tables = loaded.tables
        self.last_seq = loaded.last_seq
        self.created = loaded.created
        self.notices.extend(loaded.notices)
        self._next_ids: dict[str, int] = {}
        if not read_only:
            self._journal = Journal(self.paths.journal)
            if loaded.created or loaded.repaired:
                self.compact()

    # -- TinyDB's interface -------------------------------------------------------------

    def read(self) -> Tables:
        """The live tables (not a copy): TinyDB reads are dictionary lookups."""
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB's whole-state write: durable through a compaction (slow path, see module doc)."""
        self.check_writable()
        self._tables = data
        self._next_ids.clear()
        self.last_seq += 1
        self.compact()

    def close(self) -> None:
        """Compact (so the main file alone is complete) and release the lock."""
        if self._journal is not None:
            try:
                if self._journal.size:
                    self.compact()
            finally:
                self._journal.close()
                self._journal = None
        self._release()

    def abandon(self) -> None:
        """Let go without compacting (opening failed half-way): the journal stays for the next open."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        self._release()

    # -- the fast path ----------------------------------------------------------------

    def apply(self, ops: list[Op], *, durable: bool = True) -> int:
        """Journal `ops` as one line (atomic: all or none), then apply them in memory; returns its seq.

        With `durable`, the line is fsynced before this returns; without, it reaches
        the OS (survives a killed process, not a power cut) and the next durable line
        or compaction flushes it.
        """
        journal = self.check_writable()
        seq = self.last_seq + 1
        journal.append({"seq": seq, "ops": ops}, durable=durable)
        self.last_seq = seq
        apply_ops(self._tables, ops)
        for table, doc_id, _doc in ops:
            nxt = self._next_ids.get(table)
            if nxt is not None and int(doc_id) >= nxt:
                self._next_ids[table] = int(doc_id) + 1
        if journal.size > self.compact_bytes:
            self.compact()
        return seq

    def next_id(self, table: str) -> int:
        """The next free document id of `table` (TinyDB's convention: max + 1)."""
        nxt = self._next_ids.get(table)
        if nxt is None:
            docs = self._tables.get(table, {})
            nxt = self._next_ids[table] = max((int(k) for k in docs), default=0) + 1
        return nxt

    def compact(self) -> None:
        """Fold the journal into the main file; keep the previous file and journal segment for recovery."""
        journal = self.check_writable()
        self._tables.setdefault(META, {}).setdefault(META_ID, {})["journal_seq"] = self.last_seq
        data = jsonio.dumps(self._tables)
        if self.paths.main.exists():
            keep_previous(self.paths.main, self.paths.bak)
        atomic_write(self.paths.main, data, self.paths.tmp)
        # A crash here leaves journal lines the main file already holds: replay skips them by seq.
        journal.rotate(self.paths.previous_journal)

    def snapshot(self, target: Path) -> None:
        """Write the current state as one complete TinyDB file at `target` (a backup while open)."""
        tables = dict(self._tables)
        meta = dict(tables.get(META, {}).get(META_ID, {}), journal_seq=self.last_seq)
        tables[META] = {META_ID: meta}
        atomic_write(Path(target), jsonio.dumps(tables))

    # -- internals -----------------------------------------------------------------------

    def check_writable(self) -> Journal:
        if self._journal is None:
            if self.read_only:
                raise ReadOnlyStore(f"{self.paths.main.name} is open read-only: changes cannot be saved.")
            raise ReadOnlyStore(f"{self.paths.main.name} is closed.")
        return self._journal

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
