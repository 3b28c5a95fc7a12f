"""Schema versions of the store file, and the way from an older one to the current.

The version lives in the file's `meta` table (doc 1, `schema_version`). A file from an
older evidence-triage is upgraded step by step through `MIGRATIONS` (a copy of the
original is kept first, by the caller); a file from a newer one is refused untouched,
because this version cannot know what the newer fields mean and writing would lose them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from store.errors import NotAStore, SchemaTooNew, StoreError

SCHEMA_VERSION = 1
META = "meta"
META_ID = "1"

Tables = dict[str, dict[str, Any]]

# MIGRATIONS[n] turns a version-n store into a version-(n + 1) one, in place.
# Version 1 is the first; the table fills as the schema changes (tests drive the
# machinery with a pretend version 2).
MIGRATIONS: dict[int, Callable[[Tables], None]] = {}


def schema_version(tables: object, name: str) -> int:
    """The file's schema version; NotAStore when the JSON is not an evidence-triage store."""
    meta = tables.get(META) if isinstance(tables, dict) else None
    doc = meta.get(META_ID) if isinstance(meta, dict) else None
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise NotAStore(
            f"{name} is JSON but not an evidence-triage store (no schema version in its meta table). "
            "It was left untouched; check the path, or choose a new file name for a new review."
        )
    return version


def check_readable(version: int, name: str) -> None:
    """Refuse a newer schema before anything reads or writes the file."""
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"{name} was made by a newer evidence-triage (schema {version}); this version reads up to "
            f"{SCHEMA_VERSION}. The file was left untouched: update evidence-triage to open it."
        )


def upgrade(tables: Tables, version: int) -> int:
    """Bring `tables` from `version` to SCHEMA_VERSION in place; returns the version it started from."""
    start = version
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StoreError(
                f"schema {version} is older than this evidence-triage can upgrade (no migration from it)"
            )
        step(tables)
        version += 1
        tables[META][META_ID]["schema_version"] = version
    return start
