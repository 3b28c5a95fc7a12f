"""Opening a store from whatever is on disk: the main file, the journal, and after damage the backups.

The rule: never start empty over the user's data. A file that cannot be read is
copied aside (`<name>.damaged-<time>`) before anything else; the state is then
rebuilt from the last compaction's `.bak` plus both journal segments; only when
nothing can be recovered does opening fail, with a message naming the copy kept.
A newer schema or a JSON file that is not a store is refused untouched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import jsonio, migrate
from store.errors import StoreDamaged
from store.journal import apply_ops, read_journal, truncate_to
from store.migrate import META, META_ID, Tables, check_readable, schema_version, upgrade
from store.paths import StorePaths, backup_copy


@dataclass
class Loaded:
    """The state a store opens with, and what the reviewer must be told about how it was obtained."""

    tables: Tables
    last_seq: int
    notices: list[str] = field(default_factory=list)
    repaired: bool = False  # the disk does not match `tables` yet: compact before going on
    created: bool = False
    gap: bool = False  # journal lines are missing between the base file and the journal


def new_tables() -> Tables:
    """An empty store at the current schema."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    return {META: {META_ID: {"schema_version": migrate.SCHEMA_VERSION, "journal_seq": 0,
                             "app": "evidence-triage", "created": now}}}


def _read(path: Path) -> tuple[Any, str | None, bool]:
    """(parsed JSON or None, what is wrong or None, whether the file exists)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None, False
    if not data.strip():
        return None, "is empty", True
    try:
        return jsonio.loads(data), None, True
    except ValueError as exc:
        return None, f"is not valid JSON ({exc}; the file has {len(data):,} bytes)", True


def _journal_seq(tables: Tables) -> int:
    seq = tables[META][META_ID].get("journal_seq", 0)
    return seq if isinstance(seq, int) else 0


def load(paths: StorePaths, *, read_only: bool) -> Loaded:
    """Read, check, recover and replay; see the module docstring for the rules."""
    name = paths.main.name
    notices: list[str] = []
    repaired = False
    tables, problem, exists = _read(paths.main)
    if exists and problem is None:
        check_readable(schema_version(tables, name), name)
    elif not exists and not paths.bak.exists() and not read_journal(paths.journal).entries:
        return Loaded(new_tables(), 0, created=True)
    from_backup = problem is not None or not exists
    if from_backup:
        tables, repaired = _from_backup(paths, problem or "is missing", read_only, notices), True
    base_seq = _journal_seq(tables)
    segments = [paths.previous_journal, paths.journal] if from_backup else [paths.journal]
    entries: dict[int, list[Any]] = {}
    for segment in segments:
        result = read_journal(segment)
        for entry in result.entries:
            entries[entry["seq"]] = entry["ops"]
        if result.damaged:
            repaired = True
            notices.append(_repair_journal(segment, result.problem or "", result.good_bytes,
                                           len(result.entries), read_only))
    last = base_seq
    missing: list[int] = []
    for seq in sorted(s for s in entries if s > base_seq):
        if seq != last + 1:
            missing.append(last + 1)
        apply_ops(tables, entries[seq])
        last = seq
    if from_backup:
        replayed = last - base_seq
        notices.append(f"{replayed} change(s) replayed from the journal over {paths.bak.name}.")
    if missing:
        notices.append(f"Some changes could not be recovered (the first missing is change {missing[0]}); "
                       "check the last decisions before going on.")
    version = schema_version(tables, name)
    if version < migrate.SCHEMA_VERSION:
        if not read_only and exists and problem is None:
            kept = backup_copy(paths.main, f"schema-{version}")
            notices.append(f"{name} was upgraded from schema {version} to {migrate.SCHEMA_VERSION}; "
                           f"the original is kept as {kept.name}.")
        upgrade(tables, version)
        repaired = True
    tables[META][META_ID]["journal_seq"] = last
    return Loaded(tables, last, notices, repaired=repaired and not read_only, gap=bool(missing))


def _from_backup(paths: StorePaths, problem: str, read_only: bool, notices: list[str]) -> Tables:
    """The last compaction's copy, once the damaged main file has been copied aside."""
    name = paths.main.name
    kept = None
    if paths.main.exists() and not read_only:
        kept = backup_copy(paths.main)
    where = f"a copy was kept as {kept.name}" if kept else "it was left as it is"
    tables, bak_problem, bak_exists = _read(paths.bak)
    if bak_exists and bak_problem is None:
        check_readable(schema_version(tables, paths.bak.name), paths.bak.name)
        notices.append(f"{name} {problem}: {where}. Recovered from {paths.bak.name} (the previous "
                       "save) and the journal.")
        return tables
    first = read_journal(paths.previous_journal).entries or read_journal(paths.journal).entries
    if first and first[0]["seq"] == 1:
        notices.append(f"{name} {problem}: {where}. Recovered from the journal alone.")
        return new_tables()
    raise StoreDamaged(
        f"{name} cannot be opened: it {problem}; {where}. There is no earlier copy "
        f"({paths.bak.name}) to recover from"
        + (f" ({paths.bak.name} {bak_problem})" if bak_problem else "")
        + f". Restore {name} from your own backup, or move it away to start a new review."
    )


def _repair_journal(path: Path, problem: str, good: int, entries: int, read_only: bool) -> str:
    """Keep a copy of a damaged journal, cut it back to its good lines, and say so."""
    if read_only:
        return (f"{path.name}: {problem}; the {entries} change(s) before it are loaded. Opened read-only, "
                "nothing was repaired.")
    kept = backup_copy(path)
    truncate_to(path, good)
    return (f"{path.name}: {problem}. It was never reported saved; the {entries} change(s) before it are "
            f"kept. A copy of the journal as it was is kept as {kept.name}.")
