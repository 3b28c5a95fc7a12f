"""What an export lets out: the formats, and which records and values each one carries.

Kept apart from the writers so the command line, the review screen and the tests
agree on one rule: rejected values never leave the store; by default only accepted
and edited values of the records not excluded do (RIS, a list of references to
cite, only the included records); `statuses` words add pending values or more records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreError
from store.model import ACCEPTED, EDITED, EXCLUDE, INCLUDE, MAYBE, PENDING

FORMATS: tuple[str, ...] = ("csv", "json", "jsonl", "yaml", "ris", "summary")
# Formats whose records are nested objects, where each value's evidence and history fit.
NESTED: frozenset[str] = frozenset({"json", "jsonl", "yaml"})
# File name endings -> format, so `-o included.ris` needs no --format.
EXTENSIONS: dict[str, str] = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
                              ".yaml": "yaml", ".yml": "yaml", ".ris": "ris", ".txt": "summary"}

# The words `statuses` takes; each adds to what the format lets out by default.
STATUS_WORDS: tuple[str, ...] = ("pending", "maybe", "undecided", "excluded", "all")
_RECORD_WORDS: dict[str, str | None] = {"maybe": MAYBE, "undecided": None, "excluded": EXCLUDE}


class ExportError(StoreError):
    """An export that cannot be done as asked; the message is for the reviewer, as is."""


class OutputExists(ExportError, FileExistsError):
    """The output file exists and overwriting it was not asked for."""


def format_of(path: str | Path) -> str | None:
    """The format a file name's ending implies, or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


@dataclass(frozen=True)
class Selection:
    """The record decisions (None = undecided) and value statuses that go out."""

    records: frozenset[str | None]
    values: frozenset[str]

    @classmethod
    def of(cls, fmt: str, statuses: Iterable[str] = (), *, included_only: bool = False) -> Selection:
        """The selection for `fmt`: its default, narrowed to included records by `included_only`,
        widened by each word of `statuses` (see STATUS_WORDS); ExportError on an unknown word."""
        if included_only or fmt == "ris":
            records: set[str | None] = {INCLUDE}
        else:
            records = {INCLUDE, MAYBE, None}
        values = {ACCEPTED, EDITED}
        for word in statuses:
            if word not in STATUS_WORDS:
                hint = " (rejected values are never exported)" if word == "rejected" else ""
                raise ExportError(f"unknown status {word!r}{hint}; use {', '.join(STATUS_WORDS)}")
            if word in ("pending", "all"):
                values.add(PENDING)
            if word == "all":
                records.update(_RECORD_WORDS.values())
            elif word in _RECORD_WORDS:
                records.add(_RECORD_WORDS[word])
        return cls(frozenset(records), frozenset(values))
