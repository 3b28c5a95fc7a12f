"""Writing an export file so that a failure never leaves half of one, and nothing is overwritten unasked.

The text goes to a hidden temporary file beside the target, is fsynced, then takes
the target's name in one step. Without `force` the last step is a hard link, which
the kernel refuses if the name was taken meanwhile (checking first and renaming
after would clobber a file another program wrote in between).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from store.export.options import ExportError, OutputExists
from store.paths import StorePaths, fsync_dir


def refuse_store_files(target: Path, store_path: Path) -> None:
    """An export must never replace the store it reads, or one of the store's sibling files."""
    main = StorePaths.of(store_path).main
    here = target.absolute()
    if here.parent == main.parent and (here.name == main.name or here.name.startswith(main.name + ".")):
        raise ExportError(f"{target} is a file of the store being exported; choose another output name")


def check_target(target: Path, force: bool) -> None:
    """Fail before any work when the output cannot be written where asked."""
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name")
    if target.exists() and not force:
        raise OutputExists(f"{target} exists; use --force to overwrite it")
    if not target.absolute().parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.absolute().parent} does not exist")


@contextlib.contextmanager
def atomic_text(target: Path, *, force: bool) -> Iterator[TextIO]:
    """A UTF-8 text handle (no newline translation) whose content becomes `target` on success."""
    check_target(target, force)
    folder = target.absolute().parent
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        # os.open with 0o666 lets the umask decide, so the file gets the same rights as any other
        # the user writes (a tempfile would make it private to them).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with open(fd, "w", encoding="utf-8", newline="", buffering=1 << 20) as text:
            yield text
            text.flush()
            os.fsync(fd)
        _place(tmp, target, force)
        fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OutputExists):
            raise
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _place(tmp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputExists(f"{target} exists; use --force to overwrite it") from None
    except OSError:
        # No hard links here (some network and FAT file systems): check, then rename.
        if target.exists():
            raise OutputExists(f"{target} exists; use --force to overwrite it") from None
        os.replace(tmp, target)
        return
    tmp.unlink()
