"""The batch itself: each record's text, metadata and candidates, in a side file read on demand.

Why not in the TinyDB file: at 50,000 records (1,500-character texts, ~15 candidates
each) texts and candidates make ~190 MB of JSON, which took 2.5 s to parse here with
orjson and 1.1 GB of memory — over the 1.5 s open budget before doing anything. The
TinyDB file keeps what the reviewer made and what lists need (ids, titles, counts,
decisions with the values they decided on, history); this file keeps what the
extractor made, one line per record (`<crc32> <JSON>`), found by (offset, length).

It is a cache in the issue's sense: keyed by the source files' digests, rebuildable
by re-reading the documents. Losing it loses no decision (each decided value carries
its own copy of the candidate value); a damaged line makes its source count as
uncached, so the next sync re-extracts it.
"""

from __future__ import annotations

import os
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

from store import jsonio
from store.journal import encode_line
from store.paths import fsync_dir

Pointer = tuple[int, int]  # (offset, length) of one line


class RecordCache:
    """Append-only file of record payloads, with a small LRU of parsed lines."""

    LRU_SIZE = 64

    def __init__(self, path: Path, *, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._fd = -1
        self._lru: OrderedDict[Pointer, dict[str, Any] | None] = OrderedDict()
        self._open()

    def _open(self) -> None:
        if self.read_only:
            try:
                self._fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                self._fd = -1
            return
        existed = self.path.exists()
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        if not existed:
            fsync_dir(self.path.parent)

    @property
    def size(self) -> int:
        return os.fstat(self._fd).st_size if self._fd >= 0 else 0

    def append_many(self, payloads: list[dict[str, Any]]) -> list[Pointer]:
        """Append one line per payload, fsync once, and return where each landed.

        Called before the records pointing here are journaled: a crash in between leaves
        unreferenced lines at the end, which cost space and nothing else.
        """
        lines = [encode_line(p) for p in payloads]
        offset = self.size
        pointers = []
        for line in lines:
            pointers.append((offset, len(line)))
            offset += len(line)
        data = memoryview(b"".join(lines))
        while data:
            written = os.write(self._fd, data)
            data = data[written:]
        os.fsync(self._fd)
        return pointers

    def read(self, pointer: Pointer) -> dict[str, Any] | None:
        """The payload at `pointer`, or None when the line is missing or damaged."""
        if pointer in self._lru:
            self._lru.move_to_end(pointer)
            return self._lru[pointer]
        payload = self._read(pointer)
        self._lru[pointer] = payload
        if len(self._lru) > self.LRU_SIZE:
            self._lru.popitem(last=False)
        return payload

    def _read(self, pointer: Pointer) -> dict[str, Any] | None:
        offset, length = pointer
        if self._fd < 0 or length < 11:
            return None
        try:
            line = os.pread(self._fd, length, offset)
        except OSError:
            return None
        if len(line) != length or not line.endswith(b"\n") or line[8:9] != b" ":
            return None
        body = line[9:-1]
        try:
            if int(line[:8], 16) != zlib.crc32(body):
                return None
            payload = jsonio.loads(body)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
