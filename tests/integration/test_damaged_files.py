"""Clear, fast failures (issue 19, points 4 and 6): damaged credential files, two builds at
once, a full disk. Through the real `claimgraph` command, in a home of its own.

Before the fix a wrong root password in credentials.json or a garbage server-users.jsonl
hung every command for 90-100 s (ArcadeDB answers 403 where the code waited for 401) and a
garbage server-groups.json made every read fail with "Check the server log".
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from test_crash_safety import BATCH, build_args, cli, start_cli, start_server, stop_server, synthetic_corpus
from test_store_faults import timed

pytestmark = pytest.mark.integration

FAST = 5.0   # seconds, interpreter start included


@pytest.fixture(scope="module")
def damage_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("damage") / "home"
    start_server(home)
    yield home
    stop_server(home)


def assert_clear(result, seconds, *words):
    assert result.returncode == 1, result.stdout + result.stderr
    assert seconds < FAST, f"took {seconds:.1f} s to fail"
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: "), result.stderr
    for w in words:
        assert w in result.stderr, f"{w!r} not in {result.stderr}"


class _Damaged:
    """Replace a file's content for the duration of a `with`, then put it back byte for byte."""

    def __init__(self, path: Path, content: bytes):
        self.path, self.content = path, content

    def __enter__(self):
        self.saved = self.path.read_bytes()
        self.path.write_bytes(self.content)

    def __exit__(self, *exc):
        self.path.write_bytes(self.saved)


def _wrong_root_password(home: Path) -> bytes:
    creds = json.loads((home / "credentials.json").read_text())
    return json.dumps({**creds, "root_password": "not-the-password-" + "x" * 16}).encode()


@pytest.mark.parametrize("running", [True, False], ids=["server running", "server stopped"])
def test_wrong_root_password_in_credentials_fails_fast_naming_the_file(damage_home, running):
    if running:
        start_server(damage_home)
    else:
        stop_server(damage_home)
    with _Damaged(damage_home / "credentials.json", _wrong_root_password(damage_home)):
        result, seconds = timed("stats", home=damage_home)
    assert_clear(result, seconds, "credentials.json", "server-users.jsonl", "server stop")
    assert "not-the-password" not in result.stderr
    assert timed("stats", home=damage_home)[0].returncode == 0   # restored: works again


@pytest.mark.parametrize("running", [True, False], ids=["server running", "server stopped"])
def test_garbage_users_file_fails_fast_naming_the_file(damage_home, running):
    if running:
        start_server(damage_home)
    else:
        stop_server(damage_home)
    with _Damaged(damage_home / "config" / "server-users.jsonl", b"\x00garbage{{{\n"):
        result, seconds = timed("stats", home=damage_home)
    assert_clear(result, seconds, "server-users.jsonl is damaged", "delete it")
    stop_server(damage_home)   # ArcadeDB may have re-read the garbage; start from the restored file
    assert timed("stats", home=damage_home)[0].returncode == 0


@pytest.mark.parametrize("running", [True, False], ids=["server running", "server stopped"])
def test_garbage_groups_file_fails_fast_naming_the_file(damage_home, running):
    if running:
        start_server(damage_home)
    else:
        stop_server(damage_home)
    with _Damaged(damage_home / "config" / "server-groups.json", b"garbage"):
        result, seconds = timed("query", "RETURN 1 AS one", home=damage_home)
        assert_clear(result, seconds, "server-groups.json is damaged", "delete it")
    stop_server(damage_home)
    assert timed("query", "RETURN 1 AS one", home=damage_home)[0].returncode == 0


def test_a_second_build_on_the_same_home_is_refused(damage_home, tmp_path):
    corpus = synthetic_corpus(tmp_path / "papers.jsonl", 40 * BATCH)
    lock = damage_home / "build.lock"
    first = start_cli(*build_args(corpus), home=damage_home)
    try:
        deadline = time.monotonic() + 120
        while not (lock.exists() and b"pid" in lock.read_bytes()):
            assert first.poll() is None and time.monotonic() < deadline, first.stderr.read()
            time.sleep(0.1)
        result, seconds = timed(*build_args(corpus), home=damage_home)
        assert_clear(result, seconds, "another build is writing", f"pid {first.pid}")
        load, seconds = timed("load", str(corpus), home=damage_home)
        assert load.returncode == 1 and "another build is writing" in load.stderr
    finally:
        out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert timed(*build_args(corpus), home=damage_home)[0].returncode == 0   # released at the end


def test_disk_full_is_reported_as_such(session_store, server_home, monkeypatch, tmp_path):
    """ArcadeDB answers a write on a full disk with "The request failed. Check the server log";
    the store reads the server log (and the free space) and says the disk is full."""
    from claimgraph.graph.server import EmbeddedServer
    from claimgraph.schema import StoreError

    server = EmbeddedServer(server_home)
    assert server.disk_full() is None
    server._log_file = tmp_path / "server.log"   # the real one is java's stdout; leave it alone
    server._log_file.write_bytes(b"INFO started\nSEVERE: Error on writing page: java.io.IOException: "
                                 b"No space left on device\n")
    assert "No space left on device" in server.disk_full()
    monkeypatch.setattr(session_store, "_disk_full", server.disk_full)
    with pytest.raises(StoreError, match="disk of the graph store is full.*free some space.*rerun the build"):
        session_store._write(lambda tx: tx.run("THIS IS NOT CYPHER").consume())
    server._log_file.write_bytes(b"INFO started\n")
    fake = os.statvfs_result((4096, 4096, 1000, 10, 10, 1000, 10, 10, 0, 255))
    monkeypatch.setattr(os, "statvfs", lambda path: fake)
    assert "KB free" in server.disk_full()


def _can_mount() -> bool:
    import shutil
    import subprocess
    import tempfile

    if os.getuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(tempfile.mkdtemp(prefix="claimgraph-mount-"))
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
                            capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", str(probe)], check=True)
        return ok
    finally:
        probe.rmdir()


@pytest.mark.skipif(not _can_mount(), reason="needs to mount a small tmpfs (root)")
def test_a_build_on_a_really_full_disk_says_so_and_the_rerun_finishes(tmp_path, request):
    """A home on a 40 MB tmpfs: the build stops with "the disk … is full" (no traceback), whole
    batches are kept, and after the disk is grown the rerun writes the rest."""
    import subprocess

    mount = tmp_path / "small-disk"
    mount.mkdir(mode=0o700)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m,mode=0700", "tmpfs", str(mount)], check=True)
    home = mount / "home"
    request.addfinalizer(lambda: subprocess.run(["umount", "-l", str(mount)]))
    request.addfinalizer(lambda: stop_server(home))
    corpus = synthetic_corpus(tmp_path / "papers.jsonl", 1000)
    full = cli("build", str(corpus), "--no-model", "--quiet", "--batch-size", "64", home=home, timeout=900)
    assert full.returncode == 1, full.stdout + full.stderr
    assert "Traceback" not in full.stderr and "error: the disk of the graph store is full" in full.stderr, full.stderr
    assert "free some space" in full.stderr and "rerun the build" in full.stderr
    subprocess.run(["mount", "-o", "remount,size=400m", str(mount)], check=True)
    rerun = cli("build", str(corpus), "--no-model", "--quiet", "--batch-size", "64", home=home, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    count = cli("query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json", home=home, timeout=120)
    assert json.loads(count.stdout) == [{"n": 1000}]
