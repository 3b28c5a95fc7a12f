"""One writer per store: a lock file beside it, held with the kernel's advisory lock.

Why `flock` rather than O_CREAT|O_EXCL plus "is that pid alive?": the kernel drops an
flock the moment its process dies (kill -9 included), so a dead holder can never block
the store, a reused pid can never pass for a live holder, and two processes taking over
the same stale lock cannot both win. The file's content (pid, host, user, since) is only
there to name the holder in the message; a content left by a dead process is reported
as taken over. Windows uses msvcrt.locking, which the OS also releases on exit.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from store import jsonio
from store.errors import StoreError, StoreLocked

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a lock, as written in the lock file."""

    pid: int
    host: str
    user: str
    since: str
    program: str = ""

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host} (user {self.user}, since {self.since})"

    @classmethod
    def current(cls) -> Holder:
        try:
            user = getpass.getuser()
        except Exception:  # no user name in some containers
            user = str(os.getuid()) if hasattr(os, "getuid") else "?"
        return cls(
            pid=os.getpid(),
            host=socket.gethostname(),
            user=user,
            since=time.strftime("%Y-%m-%d %H:%M:%S"),
            program=" ".join(sys.argv[:2])[:200],
        )


def read_holder(path: Path) -> Holder | None:
    """The holder named in a lock file, or None when it is missing, empty or unreadable."""
    try:
        data = jsonio.loads(path.read_bytes())
        return Holder(
            pid=int(data["pid"]), host=str(data["host"]), user=str(data["user"]),
            since=str(data["since"]), program=str(data.get("program", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _try_lock(fd: int) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    try:  # pragma: no cover - Windows
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:  # pragma: no cover
        return False
    return True  # pragma: no cover


class StoreLock:
    """The held lock of a writable store. `taken_over` names a dead previous holder, if any."""

    def __init__(self, path: Path, fd: int, taken_over: Holder | None) -> None:
        self.path = path
        self._fd = fd
        self.taken_over = taken_over

    @classmethod
    def acquire(cls, path: Path, store_name: str) -> StoreLock:
        """Take the lock or raise StoreLocked naming the live holder."""
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except PermissionError as exc:
                raise StoreError(
                    f"{store_name} cannot be opened for review: no permission to write in {path.parent} "
                    f"({exc.strerror}). Open it read-only to look, or copy it somewhere writable."
                ) from exc
            if not _try_lock(fd):
                os.close(fd)
                holder = read_holder(path)
                who = holder.describe() if holder else "another process"
                raise StoreLocked(
                    f"{store_name} is open for review in another evidence-triage: {who}. "
                    "Close it there, or open this one read-only."
                )
            # The previous holder may have unlinked the file between our open and our
            # lock; then we hold a lock on a name nobody else will see. Start again.
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        taken_over = read_holder(path)
        data = jsonio.dumps(asdict(Holder.current()))
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
        os.fsync(fd)
        return cls(path, fd, taken_over)

    def release(self) -> None:
        """Remove the file, then let go (in that order, so nobody locks a name about to vanish)."""
        if self._fd < 0:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = -1
