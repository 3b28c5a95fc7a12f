"""The append-only journal: one line per change, fsynced before the change counts as saved.

Line format: `<crc32 of the JSON, 8 hex digits> <JSON>\\n`, the JSON being
`{"seq": n, "ops": [...]}`. The checksum and the trailing newline tell a complete line
from one cut off by a power failure; `seq` (consecutive) tells a missing or repeated line.
Each line is one `os.write` on an O_APPEND descriptor, so a killed process leaves whole
lines only; an interrupted disk may leave a torn last line, which `read_journal` reports.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import jsonio
from store.paths import fsync_dir

# fdatasync flushes the data and the file size (what an append needs) without the
# other metadata (mtime): measured here 0.2 ms per 2 kB line, as fsync.
_sync = getattr(os, "fdatasync", os.fsync)


def encode_line(payload: dict[str, Any]) -> bytes:
    """One journal line for `payload` (which carries its own "seq")."""
    body = jsonio.dumps(payload)
    return b"%08x " % zlib.crc32(body) + body + b"\n"


@dataclass
class JournalRead:
    """What a journal file holds: the good entries, and what (if anything) followed them."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    good_bytes: int = 0
    total_bytes: int = 0
    problem: str | None = None

    @property
    def damaged(self) -> bool:
        return self.problem is not None


def _decode(line: bytes) -> dict[str, Any] | None:
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    if zlib.crc32(body) != crc:
        return None
    try:
        payload = jsonio.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("seq"), int):
        return None
    return payload


def read_journal(path: Path) -> JournalRead:
    """Every entry up to the first bad line; a missing file is an empty journal.

    Reading stops at the first line that is cut off, fails its checksum or breaks the
    sequence: later lines cannot be trusted to apply to the state the bad one left.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return JournalRead()
    result = JournalRead(total_bytes=len(data))
    pos = 0
    previous: int | None = None
    while pos < len(data):
        end = data.find(b"\n", pos)
        number = len(result.entries) + 1
        if end < 0:
            result.problem = f"line {number} is cut off (a crash while it was written)"
            break
        payload = _decode(data[pos:end])
        if payload is None:
            what = "is cut off" if end + 1 >= len(data) else "is damaged"
            result.problem = f"line {number} {what} (checksum or JSON does not match)"
            break
        if previous is not None and payload["seq"] != previous + 1:
            result.problem = f"line {number} has change number {payload['seq']}, expected {previous + 1}"
            break
        previous = payload["seq"]
        result.entries.append(payload)
        pos = end + 1
    result.good_bytes = pos
    return result


class Journal:
    """The open journal of a writable store: `append` returns once the line is on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        existed = path.exists()
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        if not existed:
            fsync_dir(path.parent)  # the new file's name must survive a crash too
        self.size = os.fstat(self._fd).st_size

    def append(self, payload: dict[str, Any], *, durable: bool = True) -> int:
        """Write one line; with `durable`, return only after it is fsynced. Returns its size."""
        line = encode_line(payload)
        view = memoryview(line)
        while view:  # regular files write everything at once; the loop is for the exotic
            written = os.write(self._fd, view)
            view = view[written:]
        if durable:
            _sync(self._fd)
        self.size += len(line)
        return len(line)

    def sync(self) -> None:
        """Flush lines written with durable=False."""
        _sync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def rotate(self, previous: Path) -> None:
        """Keep the current file as `previous` and start an empty one (after a compaction)."""
        self.close()
        if self.path.exists():
            os.replace(self.path, previous)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, 0o644)
        fsync_dir(self.path.parent)
        self.size = 0


def truncate_to(path: Path, size: int) -> None:
    """Cut a journal back to its good prefix (after a copy of the whole file was kept)."""
    fd = os.open(path, os.O_WRONLY)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)


Op = list[Any]  # [table, doc_id (str), document or None to delete]


def apply_ops(tables: dict[str, dict[str, Any]], ops: list[Op]) -> None:
    """What a journal line means: whole documents set (or deleted) in named tables.

    Whole-document upserts keep replay idempotent: applying a line twice, or a line
    already contained in the main file, leaves the same state.
    """
    for table, doc_id, doc in ops:
        docs = tables.get(table)
        if docs is None:
            docs = tables[table] = {}
        if doc is None:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = doc
