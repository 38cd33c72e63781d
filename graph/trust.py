"""Is a process really this home's store server, started by this user? Read from /proc.

A server is found through `server.json` or, when that file is lost, by its command line.
Both can point at a process another local user runs: anyone may start a program whose
command line looks like ours and listen on a port of their choosing. Before any password
is sent to a server, `verify` checks that

- the process runs as this user (real and effective uid, /proc/PID/status),
- its command line is ArcadeDB's server for this home (java, the main class, `rootPath`),
- each port we are about to talk to is a listening socket on 127.0.0.1 that belongs to
  this user (uid column of /proc/net/tcp and tcp6) and to that very process (the socket's
  inode is one of the process's open files, /proc/PID/fd).

Liveness checks (`accepts`, `ready`) send no credentials at all.
"""
from __future__ import annotations

import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
_LISTEN = "0A"   # TCP_LISTEN in /proc/net/tcp


class Untrusted(Exception):
    """The process is not this user's store server for this home; the message says why."""


@dataclass(frozen=True)
class Listener:
    port: int
    uid: int
    inode: int


def process_uids(pid: int) -> tuple[int, int]:
    """(real, effective) uid of pid, from /proc/PID/status; OSError if it is gone."""
    for line in (PROC / str(int(pid)) / "status").read_text().splitlines():
        if line.startswith("Uid:"):
            real, effective = line.split()[1:3]
            return int(real), int(effective)
    raise OSError(f"no Uid line for pid {pid}")


def process_state(pid: int) -> str:
    """One letter: R running, S sleeping, D disk wait, T stopped, Z zombie, ... ('' if gone)."""
    try:
        return (PROC / str(int(pid)) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError, ValueError):
        return ""


def command_line(pid: int) -> list[str]:
    return (PROC / str(int(pid)) / "cmdline").read_bytes().decode(errors="replace").split("\0")


def listeners() -> list[Listener]:
    """Listening TCP sockets on 127.0.0.1 (IPv4, or IPv4-mapped IPv6) with their owner and inode."""
    found = []
    for table in ("tcp", "tcp6"):
        try:
            lines = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10 or fields[3] != _LISTEN:
                continue
            address, port = fields[1].rsplit(":", 1)
            if address not in ("0100007F", "0000000000000000FFFF00000100007F"):
                continue
            found.append(Listener(int(port, 16), int(fields[7]), int(fields[9])))
    return found


def socket_inodes(pid: int) -> set[int]:
    """Inodes of the sockets pid holds open (needs to be its owner, or root)."""
    inodes = set()
    for fd in (PROC / str(int(pid)) / "fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def verify(pid: int, ports: list[int], *, home: Path, main_class: str, uid: int | None = None) -> None:
    """Raise Untrusted unless pid is this user's ArcadeDB server of `home` listening on `ports`."""
    uid = os.getuid() if uid is None else uid
    try:
        real, effective = process_uids(pid)
        args = command_line(pid)
    except (OSError, ValueError) as e:
        raise Untrusted(f"process {pid} is gone") from e
    if real != uid or effective != uid:
        raise Untrusted(f"process {pid} runs as uid {effective if effective != uid else real}, not as you "
                        f"(uid {uid}): another user's program is posing as the store server of {home}")
    if not (args and args[0].endswith("java") and main_class in args
            and f"-Darcadedb.server.rootPath={home}" in args):
        raise Untrusted(f"process {pid} is not the store server of {home}")
    try:
        mine = socket_inodes(pid)
    except OSError as e:
        raise Untrusted(f"cannot read the open files of process {pid}: {e}") from e
    by_port: dict[int, list[Listener]] = {}
    for listener in listeners():
        by_port.setdefault(listener.port, []).append(listener)
    for port in ports:
        owned = by_port.get(int(port), [])
        if not owned:
            raise Untrusted(f"nothing listens on 127.0.0.1:{port}")
        for listener in owned:
            if listener.uid != uid:
                raise Untrusted(f"port {port} is held by uid {listener.uid}, not by you (uid {uid}): another "
                                "user's program is listening where the store server should be")
            if listener.inode not in mine:
                raise Untrusted(f"port {port} is not held by the store server (pid {pid})")


def accepts(port: int, timeout: float = 2.0) -> bool:
    """Does 127.0.0.1:port accept a TCP connection? Nothing is sent."""
    try:
        with socket.create_connection(("127.0.0.1", int(port)), timeout=timeout):
            return True
    except OSError:
        return False


_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def ready(http_port: int, timeout: float = 3.0) -> bool:
    """ArcadeDB's unauthenticated readiness endpoint answers 204 (no credentials sent)."""
    try:
        with _http.open(f"http://127.0.0.1:{int(http_port)}/api/v1/ready", timeout=timeout) as r:
            return r.status in (200, 204)
    except (urllib.error.URLError, OSError, ValueError):
        return False
