"""Persistence of the reviewer's decisions (TinyDB) and the exports. Knows nothing of the screen.

The screen and the exports use `ReviewStore` and the dataclasses of `store.model`;
nothing outside this package touches TinyDB. See `store.api` for the file layout and
`store.storage` for how a decision stays O(1) and durable.
"""

from store.api import ReviewStore
from store.errors import (
    NotAStore,
    ReadOnlyStore,
    SchemaTooNew,
    StoreDamaged,
    StoreError,
    StoreLocked,
    UnknownRecord,
)
from store.model import (
    Change,
    Position,
    Progress,
    RecordDecision,
    StoredRecord,
    StoredValue,
    SyncReport,
    Terms,
)
from store.sync import file_digest

__all__ = [
    "Change",
    "NotAStore",
    "Position",
    "Progress",
    "ReadOnlyStore",
    "RecordDecision",
    "ReviewStore",
    "SchemaTooNew",
    "StoreDamaged",
    "StoreError",
    "StoreLocked",
    "StoredRecord",
    "StoredValue",
    "SyncReport",
    "Terms",
    "UnknownRecord",
    "file_digest",
]
