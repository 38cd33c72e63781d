"""Trust no process you did not start (issue 19, point 1).

Another local user can start a program whose command line looks like this home's ArcadeDB
server (java, the main class, `rootPath` = our home, ports of their choosing). Before the
fix, the next `claimgraph` command took it for "this home's server" and sent root's
password in the Bolt HELLO. These tests run such an impostor as the user `nobody` (the
suite runs as root here; without root or setpriv the impostor is simulated by making the
/proc reader report another uid) and check that no byte of a password reaches it.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from claimgraph.graph import trust
from claimgraph.graph.server import MAIN_CLASS, EmbeddedServer, free_ports
from claimgraph.schema import StoreError

pytestmark = pytest.mark.integration

NOBODY = 65534
_IMPOSTOR = r'''
import socket, sys, threading
ports = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith(("-Darcadedb.bolt.port=",
                                                                           "-Darcadedb.server.httpIncomingPort="))]
def serve(srv):
    while True:
        conn, _ = srv.accept()
        conn.settimeout(2)
        try:
            data = conn.recv(65536)
            if data.startswith(b"GET /api/v1/ready"):
                conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
                data += conn.recv(65536)
            elif data[:4] == b"\x60\x60\xb0\x17":   # Bolt handshake: agree to 5.0, then read the HELLO
                conn.sendall(b"\x00\x00\x00\x05")
                data += conn.recv(65536)
            print("got", data.hex(), flush=True)
        except OSError:
            pass
        finally:
            conn.close()
for port in ports:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(16)
    threading.Thread(target=serve, args=(s,), daemon=True).start()
print("listening", flush=True)
threading.Event().wait()
'''


def _can_run_as_nobody() -> bool:
    return os.getuid() == 0 and shutil.which("setpriv") is not None


@pytest.fixture
def impostor_dir():
    folder = Path(tempfile.mkdtemp(prefix="claimgraph-impostor-"))
    folder.chmod(0o755)
    (folder / "java").symlink_to(sys.executable)   # argv[0] ends with "java"
    (folder / "impostor.py").write_text(_IMPOSTOR)
    (folder / "impostor.py").chmod(0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _start_impostor(folder: Path, home: Path, bolt: int, http: int, request, *, as_nobody: bool):
    cmd = [str(folder / "java"), str(folder / "impostor.py"), f"-Darcadedb.server.rootPath={home}",
           f"-Darcadedb.bolt.port={bolt}", f"-Darcadedb.server.httpIncomingPort={http}", MAIN_CLASS]
    if as_nobody:
        cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd="/")
    request.addfinalizer(lambda: (proc.kill(), proc.wait()))
    assert proc.stdout.readline().strip() == b"listening"
    return proc


def _received(proc) -> bytes:
    proc.kill()
    proc.wait()
    out = proc.stdout.read().decode()
    return b"".join(bytes.fromhex(line.split()[1]) for line in out.splitlines()
                    if line.startswith("got ") and len(line.split()) > 1)


@pytest.fixture
def stopped_home(tmp_path, request):
    """A home whose server was started once and stopped (`claimgraph server stop`): credentials exist."""
    srv = EmbeddedServer(tmp_path / "home", heap="512m")
    request.addfinalizer(srv.stop)
    srv.start()
    srv.stop()
    return srv


@pytest.mark.skipif(not _can_run_as_nobody(), reason="needs root and setpriv to run a process as another user")
def test_another_users_lookalike_server_gets_no_password(stopped_home, impostor_dir, request, caplog):
    """The issue's attack: server.json gone, an impostor of user nobody poses as this home's server."""
    srv = stopped_home
    creds = json.loads((srv.home / "credentials.json").read_text())
    bolt, http = free_ports(2)
    impostor = _start_impostor(impostor_dir, srv.home, bolt, http, request, as_nobody=True)
    assert trust.process_uids(impostor.pid) == (NOBODY, NOBODY)
    with caplog.at_level(logging.WARNING, logger="claimgraph.graph.server"):
        conn = srv.start()   # must not pick the impostor; starts our own server instead
    got = _received(impostor)
    assert creds["root_password"].encode() not in got and creds["reader_password"].encode() not in got
    assert b"root" not in got   # not even a HELLO
    assert conn.uri != f"bolt://127.0.0.1:{bolt}" and srv.status().pid != impostor.pid
    assert any(str(impostor.pid) in r.getMessage() and f"uid {NOBODY}" in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(not _can_run_as_nobody(), reason="needs root and setpriv to run a process as another user")
def test_server_json_naming_another_users_process_is_not_trusted(stopped_home, impostor_dir, request):
    srv = stopped_home
    bolt, http = free_ports(2)
    impostor = _start_impostor(impostor_dir, srv.home, bolt, http, request, as_nobody=True)
    (srv.home / "server.json").write_text(json.dumps({"pid": impostor.pid, "bolt_port": bolt, "http_port": http,
                                                      "reader": "reader:bolt"}))
    assert not srv.status().running
    with pytest.raises(StoreError, match="not running"):
        srv.connection()
    assert _received(impostor) == b""


@pytest.mark.skipif(not _can_run_as_nobody(), reason="needs root and setpriv to run a process as another user")
def test_a_port_held_by_another_user_is_refused_before_any_password(tmp_path, impostor_dir, request):
    """Our own server runs, but server.json's Bolt port is another user's listener: refused, clearly."""
    srv = EmbeddedServer(tmp_path / "home", heap="512m")
    request.addfinalizer(srv.stop)
    srv.start()
    state = json.loads((srv.home / "server.json").read_text())
    bolt, http = free_ports(2)
    impostor = _start_impostor(impostor_dir, tmp_path / "elsewhere", bolt, http, request, as_nobody=True)
    (srv.home / "server.json").write_text(json.dumps({**state, "bolt_port": bolt}))
    t0 = time.monotonic()
    with pytest.raises(StoreError, match=rf"port {bolt} is held by uid {NOBODY}.*No password was sent"):
        srv.start()
    with pytest.raises(StoreError, match="No password was sent"):
        srv.terminate_queries(12345)   # the HTTP control path checks too
    assert time.monotonic() - t0 < 10
    assert _received(impostor) == b""
    (srv.home / "server.json").write_text(json.dumps(state))


def test_impostor_simulated_by_the_proc_reader(stopped_home, impostor_dir, request, monkeypatch, caplog):
    """Where processes cannot run as another user: our own look-alike, reported by /proc as uid+1."""
    srv = stopped_home
    bolt, http = free_ports(2)
    impostor = _start_impostor(impostor_dir, srv.home, bolt, http, request, as_nobody=False)
    real = trust.process_uids
    monkeypatch.setattr(trust, "process_uids",
                        lambda pid: (os.getuid() + 1,) * 2 if pid == impostor.pid else real(pid))
    with caplog.at_level(logging.WARNING, logger="claimgraph.graph.server"):
        conn = srv.start()
    assert conn.uri != f"bolt://127.0.0.1:{bolt}"
    with pytest.raises(trust.Untrusted, match="runs as uid"):
        trust.verify(impostor.pid, [bolt], home=srv.home, main_class=MAIN_CLASS)
    assert b"root" not in _received(impostor)


def test_liveness_probes_send_no_credentials():
    """accepts() connects and sends nothing; ready() sends a bare GET with no Authorization header."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    srv.settimeout(5)
    port = srv.getsockname()[1]
    assert trust.accepts(port)
    conn, _ = srv.accept()
    conn.settimeout(1)
    assert conn.recv(100) == b""
    conn.close()
    import threading

    seen = []

    def answer():
        c, _ = srv.accept()
        seen.append(c.recv(4096))
        c.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
        c.close()

    t = threading.Thread(target=answer)
    t.start()
    assert trust.ready(port)
    t.join()
    assert seen[0].startswith(b"GET /api/v1/ready") and b"authorization" not in seen[0].lower()
    srv.close()
