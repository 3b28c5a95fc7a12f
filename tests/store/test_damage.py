"""Damage: each case opens with a clear message, keeps a copy of what was damaged, recovers all it
can, and never starts empty over the user's data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from storekit import Filled, abandon, fill

from store import NotAStore, ReviewStore, SchemaTooNew, StoreDamaged, StoreError, migrate
from store.model import ACCEPTED, EDITED, REJECTED


def _three_sessions(tmp_path: Path) -> Filled:
    """Decisions in a closed session, then in one that crashed: main, .bak, both journal segments
    all hold part of the work."""
    filled = fill(tmp_path / "review.json", 15)
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide(filled.ids[0], "year", 0, ACCEPTED)
        store.decide_record(filled.ids[0], "include")
    store = ReviewStore.open(filled.path, "ana")
    store.decide(filled.ids[1], "year", 0, EDITED, value=1999)
    store.decide(filled.ids[2], "sample_size", 1, REJECTED, reason="screened")
    abandon(store)
    return filled


def _assert_all_work_present(store: ReviewStore, filled: Filled) -> None:
    year = {rid: next(v for v in store.values(rid) if v.field == "year") for rid in filled.ids[:2]}
    assert year[filled.ids[0]].status == ACCEPTED
    assert year[filled.ids[1]].final == 1999
    assert store.record(filled.ids[0]).decision is not None
    assert next(v.reason for v in store.values(filled.ids[2]) if v.field == "sample_size" and v.index == 1) \
        == "screened"
    assert len(store.record_ids()) == 15
    assert [c.seq for c in store.history()] == [1, 2, 3, 4]


def _copies(tmp_path: Path, name: str) -> list[Path]:
    return sorted(tmp_path.glob(f"{name}.damaged-*"))


def test_a_truncated_main_file_is_kept_aside_and_everything_is_recovered(tmp_path: Path) -> None:
    filled = _three_sessions(tmp_path)
    original = filled.path.read_bytes()
    filled.path.write_bytes(original[: len(original) // 2])
    with ReviewStore.open(filled.path, "ana") as store:
        notices = " ".join(store.notices)
        assert "review.json is not valid JSON" in notices and "Recovered from review.json.bak" in notices
        _assert_all_work_present(store, filled)
    [copy] = _copies(tmp_path, "review.json")
    assert copy.read_bytes() == original[: len(original) // 2]
    with ReviewStore.open(filled.path, "ana") as store:  # repaired on disk: the next open is clean
        assert not [n for n in store.notices if "JSON" in n]
        _assert_all_work_present(store, filled)


def test_a_deleted_main_file_is_rebuilt_from_the_backup_and_journals(tmp_path: Path) -> None:
    filled = _three_sessions(tmp_path)
    filled.path.unlink()
    with ReviewStore.open(filled.path, "ana") as store:
        assert any("review.json is missing" in n for n in store.notices)
        _assert_all_work_present(store, filled)


def test_read_only_recovers_in_memory_and_writes_nothing(tmp_path: Path) -> None:
    filled = _three_sessions(tmp_path)
    filled.path.write_bytes(b'{"meta": {"1": {"schema_vers')
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with ReviewStore.open(filled.path, "ana", read_only=True) as store:
        assert any("left as it is" in n for n in store.notices)
        _assert_all_work_present(store, filled)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("content", [b"", b"\x00\x13garbage\xff" * 50, b'{"meta": {"1": {"schema_ve'],
                         ids=["empty", "garbage", "truncated"])
def test_an_unreadable_file_with_nothing_to_recover_from_is_refused_never_emptied(
        tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "review.json"
    path.write_bytes(content)
    for _ in range(2):  # and not silently "fixed" on a second try either
        with pytest.raises(StoreDamaged) as refused:
            ReviewStore.open(path, "ana")
        message = str(refused.value)
        assert "review.json cannot be opened" in message and "review.json.bak" in message
        assert "review.json.damaged-" in message and "Restore review.json from your own backup" in message
        assert path.read_bytes() == content
    copies = _copies(tmp_path, "review.json")
    assert copies and all(c.read_bytes() == content for c in copies)
    assert not (tmp_path / "review.json.lock").exists()  # the refusal released the lock


def test_a_torn_last_journal_line_is_cut_with_a_copy_kept(tmp_path: Path) -> None:
    filled = _three_sessions(tmp_path)
    journal = tmp_path / "review.json.journal"
    good = journal.read_bytes()
    last_line = good.splitlines(keepends=True)[-1]
    journal.write_bytes(good + last_line[: len(last_line) // 2])  # a power cut in mid-write
    with ReviewStore.open(filled.path, "ana") as store:
        notice = next(n for n in store.notices if "review.json.journal" in n)
        assert "cut off" in notice and "never reported saved" in notice and "damaged-" in notice
        _assert_all_work_present(store, filled)
    [copy] = _copies(tmp_path, "review.json.journal")
    assert copy.read_bytes().startswith(good) and len(copy.read_bytes()) > len(good)


def test_a_damaged_journal_line_in_the_middle_keeps_what_came_before(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    store = ReviewStore.open(filled.path, "ana")
    for rid in filled.ids[:4]:
        store.decide(rid, "year", 0, ACCEPTED)
    abandon(store)
    journal = tmp_path / "review.json.journal"
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"accepted", b"accepteD")  # a flipped bit: the checksum fails
    journal.write_bytes(b"".join(lines))
    with ReviewStore.open(filled.path, "ana") as store:
        assert any("line 3 is damaged" in n for n in store.notices)
        assert store.progress().values_decided == 2
    [copy] = _copies(tmp_path, "review.json.journal")
    assert copy.read_bytes() == b"".join(lines)


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    data = json.loads(filled.path.read_bytes())
    data["meta"]["1"]["schema_version"] = 7
    filled.path.write_text(json.dumps(data))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for read_only in (False, True):
        with pytest.raises(SchemaTooNew) as refused:
            ReviewStore.open(filled.path, "ana", read_only=read_only)
        assert str(refused.value).startswith(
            "review.json was made by a newer evidence-triage (schema 7); this version reads up to 1")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix != ".lock"} == before


@pytest.mark.parametrize("content", ['{"_default": {"1": {"a": 1}}}', "[1, 2, 3]"])
def test_json_that_is_not_a_store_is_refused_untouched(tmp_path: Path, content: str) -> None:
    path = tmp_path / "notes.json"
    path.write_text(content)
    with pytest.raises(NotAStore, match=r"notes\.json is JSON but not an evidence-triage store"):
        ReviewStore.open(path, "ana")
    assert path.read_text() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.json"]


def test_an_older_schema_is_migrated_with_the_original_kept(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    filled = fill(tmp_path / "review.json", 15)
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide(filled.ids[0], "year", 0, ACCEPTED)

    def to_v2(tables: migrate.Tables) -> None:
        for doc in tables["records"].values():
            doc["migrated"] = True

    monkeypatch.setattr(migrate, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrate, "MIGRATIONS", {1: to_v2})
    with ReviewStore.open(filled.path, "ana") as store:
        assert any("upgraded from schema 1 to 2" in n for n in store.notices)
        assert next(v.status for v in store.values(filled.ids[0]) if v.field == "year") == ACCEPTED
    data = json.loads(filled.path.read_bytes())
    assert data["meta"]["1"]["schema_version"] == 2
    assert all(doc["migrated"] for doc in data["records"].values())
    [kept] = tmp_path.glob("review.json.schema-1-*")
    assert json.loads(kept.read_bytes())["meta"]["1"]["schema_version"] == 1
    monkeypatch.setattr(migrate, "SCHEMA_VERSION", 3)
    with pytest.raises(StoreError, match="no migration from it"):
        ReviewStore.open(filled.path, "ana")


def test_an_entry_edited_by_hand_into_nonsense_is_refused_untouched(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    data = json.loads(filled.path.read_bytes())
    del data["records"]["3"]["at"]
    filled.path.write_text(json.dumps(data))
    before = filled.path.read_bytes()
    with pytest.raises(StoreDamaged, match=r"entries this version of evidence-triage cannot read .*KeyError"):
        ReviewStore.open(filled.path, "ana")
    assert filled.path.read_bytes() == before
    assert not (tmp_path / "review.json.lock").exists()
