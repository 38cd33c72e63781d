"""`claimgraph app` accepts only its configured host and origin (issue 19, point 5).

Before the fix the explorer answered any Host and upgraded the websocket for a foreign
Host or Origin: the precondition for DNS rebinding (a page on evil.example whose name is
rebound to 127.0.0.1 then drives the explorer from the visitor's browser).
"""
from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import REPO
from test_crash_safety import cli_env

from claimgraph.graph.server import free_ports

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app_port(server_home, tmp_path_factory):
    [port] = free_ports(1)
    logs = tmp_path_factory.mktemp("app")
    with open(logs / "out", "w") as fo, open(logs / "err", "w") as fe:
        proc = subprocess.Popen([sys.executable, "-m", "claimgraph.ui.cli", "app", "--port", str(port), "--headless"], cwd=REPO,
                                env=cli_env(server_home), stdout=fo, stderr=fe, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            if _status(port, "/_stcore/health", f"127.0.0.1:{port}") == 200:
                break
            time.sleep(0.3)
        else:
            pytest.fail(f"the app did not answer: {(logs / 'err').read_text()}")
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        return data


def _status(port: int, path: str, host: str, origin: str | None = None) -> int | None:
    headers = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n" + (f"Origin: {origin}\r\n" if origin else "")
    try:
        reply = _raw(port, (headers + "Connection: close\r\n\r\n").encode())
    except OSError:
        return None
    try:
        return int(reply.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def _upgrade(port: int, host: str, origin: str | None) -> int | None:
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Protocol: streamlit\r\n"
               + (f"Origin: {origin}\r\n" if origin else "") + "\r\n")
    reply = _raw(port, request.encode())
    try:
        return int(reply.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def test_websocket_upgrades_only_for_the_configured_host_and_origin(app_port):
    port = app_port
    own = f"127.0.0.1:{port}"
    assert _upgrade(port, own, f"http://{own}") == 101
    assert _upgrade(port, f"localhost:{port}", f"http://localhost:{port}") == 101
    # DNS rebinding: the browser sends the attacker's name as Host and as Origin
    assert _upgrade(port, f"evil.example:{port}", f"http://evil.example:{port}") != 101
    # a foreign page opening a websocket to the real address
    assert _upgrade(port, own, "http://evil.example") != 101
    assert _upgrade(port, f"evil.example:{port}", None) != 101


def test_plain_requests_with_a_foreign_host_are_refused(app_port):
    port = app_port
    own = f"127.0.0.1:{port}"
    assert _status(port, "/", own) == 200
    assert _status(port, "/_stcore/health", own) == 200
    assert _status(port, "/", f"evil.example:{port}") == 403
    assert _status(port, "/_stcore/health", f"evil.example:{port}") == 403
    assert _status(port, "/_stcore/health", own, origin="http://evil.example") == 403
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"http://localhost:{port}/_stcore/health", timeout=10) as r:
        assert r.status == 200


def test_allowed_hosts_follow_the_bind_address(monkeypatch):
    from claimgraph.ui.hostcheck import allowed_hosts

    assert allowed_hosts("127.0.0.1", None) == ["127.0.0.1", "localhost"]
    assert allowed_hosts("10.1.2.3", "graph.example.org, *.lab.example") == [
        "10.1.2.3", "graph.example.org", "*.lab.example"]
