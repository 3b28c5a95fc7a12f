"""The storage is a TinyDB Storage: TinyDB's own API works on it (durably, under the lock), and the
file it writes is a plain TinyDB file; a store can be copied whole while open."""

from __future__ import annotations

from pathlib import Path

import pytest
from storekit import fill
from tinydb import Query, TinyDB

from store import ReviewStore, StoreLocked
from store.model import EDITED
from store.storage import JournaledStorage


def test_tinydb_works_on_the_journaled_storage(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    with TinyDB(path, storage=JournaledStorage) as db:
        db.table("notes").insert_multiple([{"n": 1}, {"n": 2}])
        db.table("notes").update({"n": 3}, Query().n == 2)
        with pytest.raises(StoreLocked):
            TinyDB(path, storage=JournaledStorage)
    with TinyDB(path) as plain:  # the default JSONStorage reads what we wrote
        assert sorted(d["n"] for d in plain.table("notes").all()) == [1, 3]
    with TinyDB(path, storage=JournaledStorage) as db:
        assert db.table("notes").search(Query().n == 3)


def test_backup_while_open_is_a_complete_store(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    with ReviewStore.open(filled.path, "ana") as review:
        review.decide(filled.ids[3], "year", 0, EDITED, value=1990)
        copy = review.backup(tmp_path / "copy.json")
        with pytest.raises(ValueError, match="another file name"):
            review.backup(filled.path)
    with ReviewStore.open(copy, "bo", read_only=True) as restored:
        record = restored.record(filled.ids[3])
        assert record.available and record.text == filled.extractions[3].record.text
        assert next(v.final for v in record.values if v.field == "year") == 1990
