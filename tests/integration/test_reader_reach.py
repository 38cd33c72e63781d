"""The read-only account cannot reach ArcadeDB's HTTP API (issue 19, point 6).

ArcadeDB has no group permission for `CHECK DATABASE FIX` or `CONSOLE.log` (which writes
into the server log), so before the fix the reader could run both over HTTP. Its name now
holds a ':' ("reader:bolt"): HTTP Basic authentication splits "user:password" at the first
':', so no request can name it, while Bolt carries the name whole.
"""
from __future__ import annotations

import base64
import json
import secrets
import urllib.error
import urllib.request

import pytest
from neo4j import GraphDatabase

from claimgraph.graph import server as server_mod
from claimgraph.graph.server import EmbeddedServer

pytestmark = pytest.mark.integration

_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _post(port: int, path: str, user: str, password: str, body: dict) -> int:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"})
    try:
        with _http.open(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_reader_has_no_http_reach_but_reads_over_bolt(session_store, server_home):
    state = json.loads((server_home / "server.json").read_text())
    creds = json.loads((server_home / "credentials.json").read_text())
    conn = EmbeddedServer(server_home).connection()
    marker = "pwned-" + secrets.token_hex(8)
    assert conn.read_user == server_mod.READ_USER and ":" in conn.read_user
    for user in (conn.read_user, server_mod.LEGACY_READ_USER):
        for path, body in (
                ("/api/v1/command/claimgraph", {"language": "sql", "command": "CHECK DATABASE FIX"}),
                ("/api/v1/command/claimgraph", {"language": "sql", "command": f"CONSOLE.log '{marker}'"}),
                ("/api/v1/query/claimgraph", {"language": "sql", "command": "SELECT 1"}),
                ("/api/v1/server", {"command": "list queries database claimgraph"}),
                ("/api/v1/login", {})):
            assert _post(state["http_port"], path, user, creds["reader_password"], body) in (401, 403), (user, path)
    logs = [server_home / "server.log", *(server_home / "log").glob("*")]
    assert not any(marker in path.read_text(errors="replace") for path in logs if path.is_file())
    with GraphDatabase.driver(conn.uri, auth=(conn.read_user, conn.read_password)) as driver:
        with driver.session(database=conn.database) as s:
            assert s.run("RETURN 7 AS seven").single()["seven"] == 7


def test_a_home_with_the_old_reader_account_is_migrated(tmp_path, request):
    """A home whose server.json says `"reader": true` (the account named "reader", reachable over
    HTTP) gets the new account when next opened, and the old one is dropped."""
    srv = EmbeddedServer(tmp_path / "home", heap="512m")
    request.addfinalizer(srv.stop)
    srv.start()
    http, root = srv._control()
    creds = json.loads((srv.home / "credentials.json").read_text())
    spec = {"name": "reader", "password": creds["reader_password"], "databases": {"claimgraph": ["reader"]}}
    assert server_mod._server_command(http, root, f"create user {json.dumps(spec)}").get("result") == "ok"
    state = json.loads((srv.home / "server.json").read_text())
    (srv.home / "server.json").write_text(json.dumps({**state, "reader": True}))
    conn = srv.start()
    assert conn.read_user == server_mod.READ_USER
    names = [json.loads(line)["name"] for line in (srv.home / "config" / "server-users.jsonl").read_text().splitlines()
             if line.strip()]
    assert sorted(names) == sorted([server_mod.ROOT_USER, server_mod.READ_USER])
