"""The embedded store server manager against a real ArcadeDB server (no mocks).

Each test that changes the server's life cycle gets its own home under tmp_path and
stops its server in a finalizer; the read-only checks share one module-scoped server.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import Forbidden
from test_exposure import _sockets

from claimgraph.graph import server as server_mod
from claimgraph.graph.server import Connection, EmbeddedServer, default_home
from claimgraph.schema import StoreError

pytestmark = pytest.mark.integration


def _server(home: Path, request) -> EmbeddedServer:
    srv = EmbeddedServer(home, heap="512m")
    request.addfinalizer(srv.stop)
    return srv


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    srv = EmbeddedServer(tmp_path_factory.mktemp("server-home"), heap="512m")
    t0 = time.monotonic()
    conn = srv.start()
    srv.cold_start_seconds = time.monotonic() - t0
    yield srv, conn
    srv.stop()


def _run(conn: Connection, query: str, *, reader: bool = False, **params) -> list[dict]:
    auth = (conn.read_user, conn.read_password) if reader else (conn.user, conn.password)
    with GraphDatabase.driver(conn.uri, auth=auth) as driver:
        with driver.session(database=conn.database) as s:
            return s.run(query, **params).data()


def _listening(pid: int) -> set[tuple[str, int]]:
    """(address, port) of the TCP sockets pid listens on, from /proc (no ss needed)."""
    return {(s["addr"], s["port"]) for s in _sockets([pid]) if s["listen"]}


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# ---------------------------------------------------------------- shared server


def test_start_serves_bolt_on_loopback_only(shared):
    srv, conn = shared
    assert conn.uri.startswith("bolt://127.0.0.1:") and conn.database == "claimgraph"
    assert _run(conn, "RETURN 1 AS one") == [{"one": 1}]
    status = srv.status()
    assert status.running and status.pid
    listeners = _listening(status.pid)
    assert {port for _, port in listeners} == {status.bolt_port, status.http_port}
    assert {addr for addr, _ in listeners} == {"127.0.0.1"}


def test_passwords_are_private(shared):
    srv, conn = shared
    creds = srv.home / "credentials.json"
    assert stat.S_IMODE(creds.stat().st_mode) == 0o600
    assert not (srv.home / ".root_password").exists()   # only needed until the first start is done
    logs = (srv.home / "server.log").read_text(errors="replace")
    logs += "".join(p.read_text(errors="replace") for p in (srv.home / "log").glob("*"))
    for pw in (conn.password, conn.read_password):
        assert pw and pw not in logs
        assert pw not in Path(f"/proc/{srv.status().pid}/cmdline").read_text(errors="replace")
    assert conn.password not in repr(conn)


def test_second_start_reuses_the_running_server(shared):
    srv, conn = shared
    pid = srv.status().pid
    t0 = time.monotonic()
    again = EmbeddedServer(srv.home).start()   # a second "process" with its own manager
    assert time.monotonic() - t0 < 3
    assert again == conn and srv.status().pid == pid
    assert EmbeddedServer(srv.home).connection() == conn


def test_reader_can_read_but_not_write(shared):
    _, conn = shared
    assert conn.read_user == server_mod.READ_USER and conn.read_password
    _run(conn, "CREATE (:Probe {name: 'kept'})")
    assert _run(conn, "MATCH (p:Probe) RETURN p.name AS name", reader=True) == [{"name": "kept"}]
    assert {"label": "Probe"} in _run(conn, "CALL db.labels()", reader=True)
    for query in ("CREATE (:Probe {name: 'new'})",
                  "MATCH (p:Probe) SET p.name = 'changed'",
                  "MERGE (:Probe {name: 'merged'})",
                  "MATCH (p:Probe) DETACH DELETE p",
                  "CREATE INDEX probe_name IF NOT EXISTS FOR (p:Probe) ON (p.name)"):
        with pytest.raises(Forbidden):
            _run(conn, query, reader=True)
    assert _run(conn, "MATCH (p:Probe) RETURN p.name AS name") == [{"name": "kept"}]


def test_concurrent_starts_share_one_server(shared):
    srv, conn = shared
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(EmbeddedServer(srv.home).start().uri))
               for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [conn.uri] * 3


# ---------------------------------------------------------------- own servers


def test_concurrent_cold_starts_start_one_server(tmp_path, request):
    """Separate processes race to start the same home: the lock lets one java run."""
    home = tmp_path / "home"
    request.addfinalizer(EmbeddedServer(home).stop)
    code = ("import sys; from graph.server import EmbeddedServer; "
            "print(EmbeddedServer(sys.argv[1], heap='512m').start().uri)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(home)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2]) for _ in range(2)]
    uris = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert uris[0] == uris[1] and uris[0].startswith("bolt://")
    java = subprocess.run(["pgrep", "-f", f"rootPath={home}( |$)"], capture_output=True, text=True).stdout.split()
    assert len(java) == 1


def test_stop_then_restart_keeps_data_on_new_ports(tmp_path, request):
    srv = _server(tmp_path / "home", request)
    conn = srv.start()
    _run(conn, "CREATE (:Paper {id: 'p1', title: 'Survives'})")
    old = srv.status()

    assert srv.stop() is True
    assert not Path(f"/proc/{old.pid}").exists()
    assert srv.status().running is False and not (srv.home / "server.json").exists()
    assert srv.stop() is False
    with pytest.raises(StoreError, match="not running"):
        srv.connection()

    # Someone else now holds the dead server's ports: the restart must pick others.
    squatters = []
    for port in (old.bolt_port, old.http_port):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen()
        squatters.append(s)
        request.addfinalizer(s.close)
    (srv.home / "server.json").write_text(json.dumps(
        {"pid": old.pid, "bolt_port": old.bolt_port, "http_port": old.http_port}))

    conn2 = srv.start()
    new = srv.status()
    assert new.pid != old.pid and new.bolt_port not in (old.bolt_port, old.http_port)
    assert conn2.password == conn.password   # root's password is fixed at first start
    assert _run(conn2, "MATCH (p:Paper {id: 'p1'}) RETURN p.title AS t") == [{"t": "Survives"}]
    assert _run(conn2, "MATCH (p:Paper) RETURN count(p) AS n", reader=True) == [{"n": 1}]


def test_stale_pid_file_is_replaced(tmp_path, request):
    srv = _server(tmp_path / "home", request)
    srv.home.mkdir()
    # A dead pid, and a live pid that is not our server (this very test process).
    for pid in (_dead_pid(), os.getpid()):
        (srv.home / "server.json").write_text(json.dumps({"pid": pid, "bolt_port": 1, "http_port": 2}))
        assert srv.status().running is False
    conn = srv.start()
    status = srv.status()
    assert status.running and status.pid != os.getpid()
    assert _run(conn, "RETURN 2 AS two") == [{"two": 2}]


def test_port_taken_before_java_binds_is_retried(tmp_path, request, monkeypatch):
    """The free port picked is grabbed by someone else before java binds it: start retries."""
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    request.addfinalizer(busy.close)
    real = server_mod.free_ports
    picks = iter([[busy.getsockname()[1], real(1)[0]]])
    monkeypatch.setattr(server_mod, "free_ports", lambda n: next(picks, None) or real(n))

    srv = _server(tmp_path / "home", request)
    conn = srv.start()
    assert srv.status().bolt_port != busy.getsockname()[1]
    assert _run(conn, "RETURN 3 AS three") == [{"three": 3}]
    assert len(subprocess.run(["pgrep", "-f", f"rootPath={srv.home}( |$)"],
                              capture_output=True, text=True).stdout.split()) == 1


def test_unwritable_home_fails_fast_with_advice(tmp_path):
    (tmp_path / "afile").write_text("not a folder")
    t0 = time.monotonic()
    with pytest.raises(StoreError, match="not writable.*CLAIMGRAPH_HOME"):
        EmbeddedServer(tmp_path / "afile" / "home").start()
    assert time.monotonic() - t0 < 10


def test_default_home(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMGRAPH_HOME", str(tmp_path / "x"))
    assert default_home() == tmp_path / "x"
    monkeypatch.delenv("CLAIMGRAPH_HOME")
    monkeypatch.chdir(tmp_path)
    assert default_home() == tmp_path / ".claimgraph" and default_home().is_absolute()


def test_report_cold_start(shared, capsys):
    with capsys.disabled():
        print(f"\n[embedded store cold start: {shared[0].cold_start_seconds:.1f} s]")


@pytest.mark.slow
def test_hung_server_is_replaced(tmp_path, request):
    """A live server that does not answer (here: SIGSTOPped) is killed and replaced."""
    srv = _server(tmp_path / "home", request)
    srv.unresponsive_grace = 2.0
    srv.start()
    hung = srv.status().pid
    os.kill(hung, signal.SIGSTOP)
    request.addfinalizer(lambda: Path(f"/proc/{hung}").exists() and os.kill(hung, signal.SIGKILL))
    conn = srv.start()
    assert srv.status().pid != hung and not Path(f"/proc/{hung}").exists()
    assert _run(conn, "RETURN 4 AS four") == [{"four": 4}]
