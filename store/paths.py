"""Where the store's files live, and the two file operations durability rests on.

A store is one TinyDB JSON file the user names (e.g. `review.json`) plus siblings
that share its name, so copying "review.json*" copies everything:

- `review.json`          the TinyDB file: complete as of the last compaction;
- `review.json.journal`  changes since then, one fsynced line each;
- `review.json.journal.1` the journal segment before that (recovery from `.bak`);
- `review.json.bak`      the previous compaction, kept for recovery;
- `review.json.records`  cached record texts and candidates (rebuildable from the documents);
- `review.json.lock`     who has the store open for writing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

# Where `triage review` and `triage export` keep the batch when --store is not given:
# in the folder the reviewer works in, next to the documents, never in a hidden place.
DEFAULT_STORE = Path("triage-review.json")


@dataclass(frozen=True)
class StorePaths:
    """The sibling files of one store."""

    main: Path

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> StorePaths:
        return cls(Path(path).absolute())

    def _sibling(self, suffix: str) -> Path:
        return self.main.with_name(self.main.name + suffix)

    @property
    def journal(self) -> Path:
        return self._sibling(".journal")

    @property
    def previous_journal(self) -> Path:
        return self._sibling(".journal.1")

    @property
    def bak(self) -> Path:
        return self._sibling(".bak")

    @property
    def tmp(self) -> Path:
        return self._sibling(".tmp")

    @property
    def lock(self) -> Path:
        return self._sibling(".lock")

    @property
    def records(self) -> Path:
        return self._sibling(".records")


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable (POSIX needs the directory fsynced too)."""
    if os.name != "posix":  # pragma: no cover - Windows cannot open a directory; NTFS journals renames
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, tmp: Path | None = None) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, never a mix.

    Temp file + fsync + os.replace + directory fsync: TinyDB's JSONStorage writes in
    place and truncates, which measured here left unreadable JSON after 18 of 150 kill -9s.
    """
    tmp = tmp or path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def keep_previous(path: Path, bak: Path) -> None:
    """Make `bak` the current content of `path` without copying it: a hard link, atomically swapped in.

    `path` is about to be replaced by os.replace, which gives it a new inode, so the
    link keeps the old content for free. Filesystems without hard links get a copy.
    """
    if not path.exists():
        return
    link = bak.with_name(bak.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    try:
        os.link(path, link)
    except OSError:
        shutil.copyfile(path, link)
    os.replace(link, bak)


def backup_copy(path: Path, label: str = "damaged") -> Path:
    """Copy a file we are about to repair to `<name>.<label>-<timestamp>` and return the copy's path.

    A copy, not a move: the repair may fail, and the user's file must then still be where it was.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    shutil.copy2(path, target)
    fsync_dir(target.parent)
    return target
