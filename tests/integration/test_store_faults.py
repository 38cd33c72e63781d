"""Store faults, through the real `claimgraph` command: each ends fast with advice, or recovers.

Every failing case must end within 10 s (interpreter start included) with a non-zero
exit, one line that says what to do, and no traceback. Where recovery is safe (a stale
pid file, ports taken, a server killed between commands, a lost server.json) the
command simply works.

Covered already in tests/test_server.py (API level, not repeated here):
test_stale_pid_file_is_replaced, test_port_taken_before_java_binds_is_retried,
test_stop_then_restart_keeps_data_on_new_ports, test_unwritable_home_fails_fast_with_advice,
test_concurrent_cold_starts_start_one_server.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from test_crash_safety import cli, server_pid, start_server, stop_server

from claimgraph.graph.server import free_ports

pytestmark = pytest.mark.integration

FAIL_FAST = 10.0


def timed(*args, home: Path, **env) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.monotonic()
    result = cli(*args, home=home, timeout=120, **env)
    return result, time.monotonic() - t0


def assert_fails_fast(result, seconds, *advice: str):
    assert result.returncode not in (0, 2), result.stdout
    assert seconds < FAIL_FAST, f"took {seconds:.1f} s to fail"
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    for words in advice:
        assert words in result.stderr, f"{words!r} not in: {result.stderr}"


def _bolt_port(home: Path) -> int:
    return json.loads((home / "server.json").read_text())["bolt_port"]


def _java_pids(home: Path) -> list[int]:
    """Live ArcadeDB servers of this home (by their command line)."""
    from claimgraph.graph.server import EmbeddedServer

    srv = EmbeddedServer(home)
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and srv._is_ours(int(p.name))]


# ---------------------------------------------------------------- a real Neo4j that is not there


def test_neo4j_unreachable(tmp_path):
    result, seconds = timed("stats", home=tmp_path / "unused",
                            NEO4J_URI=f"bolt://127.0.0.1:{free_ports(1)[0]}", NEO4J_PASSWORD="x")
    assert_fails_fast(result, seconds, "cannot reach", "Start it", "NEO4J_URI")
    assert not (tmp_path / "unused").exists(), "NEO4J_URI is set: the embedded store must not be started"


@pytest.mark.parametrize("user", ["root", "nobody"])
def test_wrong_password_says_check_the_credentials(server_home, tmp_path, user):
    """The embedded server's Bolt port with a wrong password stands in for a Neo4j with one."""
    wrong = "wrong-" + secrets.token_hex(8)
    result, seconds = timed("stats", home=tmp_path, NEO4J_URI=f"bolt://127.0.0.1:{_bolt_port(server_home)}",
                            NEO4J_USER=user, NEO4J_PASSWORD=wrong)
    assert_fails_fast(result, seconds, "refused the credentials", "check NEO4J_USER/NEO4J_PASSWORD")
    assert wrong not in result.stdout + result.stderr


def test_neo4j_password_not_set(tmp_path):
    result, seconds = timed("stats", home=tmp_path, NEO4J_URI="bolt://127.0.0.1:7687")
    assert_fails_fast(result, seconds, "NEO4J_PASSWORD is not", "set both")


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "localhost:7687", "bolt://"])
def test_neo4j_uri_that_is_not_a_bolt_address(tmp_path, uri):
    result, seconds = timed("stats", home=tmp_path, NEO4J_URI=uri, NEO4J_PASSWORD="x")
    assert_fails_fast(result, seconds, "NEO4J_URI")


def test_port_taken_by_something_that_is_not_a_graph_store(server_home, tmp_path):
    """NEO4J_URI points at a port some other program holds: one that never answers, and one
    that speaks HTTP (the embedded server's own HTTP port)."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(silent.accept()), daemon=True).start()
    try:
        result, seconds = timed("stats", home=tmp_path, NEO4J_URI=f"bolt://127.0.0.1:{silent.getsockname()[1]}",
                                NEO4J_PASSWORD="x")
    finally:
        silent.close()
        for conn, _ in accepted:
            conn.close()
    assert_fails_fast(result, seconds, "cannot reach", "NEO4J_URI")

    http = json.loads((server_home / "server.json").read_text())["http_port"]
    result, seconds = timed("stats", home=tmp_path, NEO4J_URI=f"bolt://127.0.0.1:{http}", NEO4J_PASSWORD="x")
    assert_fails_fast(result, seconds, "cannot reach", "NEO4J_URI")


# ---------------------------------------------------------------- the embedded store's own faults


@pytest.mark.parametrize("kind", ["under a file", "is a file"])
def test_data_folder_not_writable(tmp_path, kind):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    home = blocker / "home" if kind == "under a file" else blocker
    result, seconds = timed("stats", home=home)
    assert_fails_fast(result, seconds, "not writable", "CLAIMGRAPH_HOME")


@pytest.fixture(scope="module")
def fault_home(tmp_path_factory):
    """One private embedded store for the life-cycle faults below (never the session's)."""
    home = tmp_path_factory.mktemp("faults") / "home"
    start_server(home)
    with _store(home) as store:
        store._write(lambda tx: tx.run("MERGE (:Paper {id: 'survivor', title: 'Still here'})").consume())
    yield home
    stop_server(home)


def _store(home):
    from claimgraph.graph.store import open_store

    return open_store(home)


def _survivor(home: Path) -> list:
    with _store(home) as store:
        return store.read("MATCH (p:Paper {id: 'survivor'}) RETURN p.title AS t")


def test_stale_pid_file_and_taken_ports_recover_on_new_ports(fault_home):
    start_server(fault_home)
    old = json.loads((fault_home / "server.json").read_text())
    stop_server(fault_home)
    # The pid file comes back, stale: its pid is dead and other programs now hold its ports.
    squatters = []
    try:
        for port in (old["bolt_port"], old["http_port"]):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
            s.listen()
            squatters.append(s)
        (fault_home / "server.json").write_text(json.dumps(old))
        result, seconds = timed("stats", home=fault_home)
    finally:
        for s in squatters:
            s.close()
    assert result.returncode == 0, result.stderr
    new = json.loads((fault_home / "server.json").read_text())
    assert new["pid"] != old["pid"] and new["bolt_port"] not in (old["bolt_port"], old["http_port"])
    assert "Paper 1" in result.stdout and _survivor(fault_home) == [{"t": "Still here"}]


def test_server_killed_between_commands(fault_home):
    """SIGKILL the java between two commands: status says so, the next command restarts it,
    and a Store opened before the kill (like the app's) fails with advice, not a hang."""
    start_server(fault_home)
    java = server_pid(fault_home)
    held = _store(fault_home)
    os.kill(java, signal.SIGKILL)
    from claimgraph.graph.server import _gone  # our own child here: reaped, not left a zombie

    deadline = time.monotonic() + 10
    while not _gone(java) and time.monotonic() < deadline:
        time.sleep(0.1)

    status, seconds = timed("server", "status", home=fault_home)
    assert status.returncode == 1 and "not running" in status.stdout and seconds < FAIL_FAST

    # Our own reads and a user's console query, at once (each waits out the driver's retries).
    from concurrent.futures import ThreadPoolExecutor

    t0 = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        calls = [pool.submit(held.read, "MATCH (n) RETURN count(n) AS n"),
                 pool.submit(held.query_read_only, "MATCH (n) RETURN count(n) AS n")]
        errors = [c.exception(timeout=60) for c in calls]
    held.close()
    assert time.monotonic() - t0 < 30
    for error in errors:   # a StoreError (the CLI and app show its message), not a raw driver error
        assert type(error).__name__ == "StoreError", repr(error)
        assert "stopped answering" in str(error) and "run the command again" in str(error)

    result, seconds = timed("stats", home=fault_home)
    assert result.returncode == 0, result.stderr
    assert server_pid(fault_home) != java and _survivor(fault_home) == [{"t": "Still here"}]


@pytest.mark.parametrize("damage", ["deleted", "garbage"])
def test_lost_server_json_while_the_server_runs_is_recovered(fault_home, damage):
    """server.json gone or damaged while its server runs: the running server is found by its
    command line and reused (a second one would be refused by the data folder's lock), and
    `server stop` still stops it."""
    start_server(fault_home)
    java = server_pid(fault_home)
    if damage == "deleted":
        (fault_home / "server.json").unlink()
    else:
        (fault_home / "server.json").write_text("{not json")
    result, seconds = timed("stats", home=fault_home)
    assert result.returncode == 0, result.stderr
    assert _java_pids(fault_home) == [java] and server_pid(fault_home) == java
    assert "Paper 1" in result.stdout

    (fault_home / "server.json").unlink()
    stopped, _ = timed("server", "stop", home=fault_home)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout.lower() and "not" not in stopped.stdout
    assert _java_pids(fault_home) == []


def test_credentials_file_lost_says_how_to_reset(fault_home):
    stop_server(fault_home)
    creds = fault_home / "credentials.json"
    saved = creds.read_bytes()
    creds.unlink()
    try:
        result, seconds = timed("stats", home=fault_home)
    finally:
        fd = os.open(creds, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, saved)
        os.close(fd)
    assert_fails_fast(result, seconds, "credentials.json is missing", "server-users.jsonl")
    assert _java_pids(fault_home) == []
    assert timed("stats", home=fault_home)[0].returncode == 0
