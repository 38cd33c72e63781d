"""One build at a time per home: an flock on home/build.lock, refused at once with a message.

Two builds writing one store at once would close each other's update brackets (see
docs/reliability.md, the update guard) and fight over the same papers; one of them used to
fail half way. The lock is held by the process (released when it exits, however it exits),
so a killed build never leaves it behind.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

from claimgraph.schema import StoreError


def acquire_build_lock(home: Path, what: str = "build") -> Callable[[], None]:
    """Take the home's build lock or raise StoreError naming the process that holds it.
    Returns the function that releases it."""
    home = Path(home)
    path = home / "build.lock"
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise StoreError(f"cannot open {path}: {e.strerror or e}; set CLAIMGRAPH_HOME to a writable folder") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
        os.close(fd)
        raise StoreError(f"another build is writing to the store of {home} ({holder}); wait for it to finish "
                         "(or stop it), then run this one again") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()}, claimgraph {what}\n".encode(), 0)

    def release() -> None:
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)   # releases the lock

    return release
