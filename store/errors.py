"""What can go wrong when opening or writing the store, as exceptions the screen can show as they are.

Every message is written for the reviewer: it names the file, says what happened
and what to do. The screen prints `str(error)` and nothing else, so the words live here.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store failure; catch this one in the screen."""


class StoreLocked(StoreError):
    """Another live process holds the store for writing. The message names it (pid, host, user, since)."""


class StoreDamaged(StoreError):
    """The store cannot be read and nothing could be recovered; the message names the backups kept."""


class SchemaTooNew(StoreError):
    """The file was written by a newer evidence-triage; it is left untouched."""


class NotAStore(StoreError):
    """The file is valid JSON but not an evidence-triage store (a wrong path, most likely); left untouched."""


class ReadOnlyStore(StoreError):
    """A write was asked of a store opened read-only."""


class UnknownRecord(StoreError, KeyError):
    """No record with that id in the store."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
