"""Nothing let in: read-only means read-only, listeners are loopback-only, secrets stay secret.

The read-only guard has two layers: the text check (graph/readonly.py) refuses writes
early and says why; the store refuses them anyway (the embedded store's read-only
`reader` account; READ_ACCESS sessions on Neo4j). Here both are attacked through the
real `claimgraph query` command and through Store.query_read_only, which the app's
console uses, and the graph's content checksum must not move.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner
from conftest import REPO
from neo4j.exceptions import Neo4jError
from test_crash_safety import BATCH, cli, cli_env, snapshot, synthetic_corpus, wipe
from test_readonly import WRITE_QUERIES

from claimgraph.graph.readonly import check_read_only
from claimgraph.graph.server import free_ports
from claimgraph.schema import ReadOnlyError

pytestmark = pytest.mark.integration

# Write forms beyond test_readonly's list: tricks aimed at the text check, and writes that
# really touch existing nodes (a SET on nothing changes nothing whether refused or not).
EXTRA_WRITES = [
    # a string that looks like the start of a comment used to hide the rest of the line
    "MATCH (p:Paper) WHERE p.url = 'http://example.org' OR true SET p.title = 'pwned' RETURN p",
    "MATCH (p:Paper) WHERE p.title <> '/*' SET p.title = 'pwned' RETURN '*/'",
    'MATCH (p:Paper) WHERE p.id <> "//" DETACH DELETE p',
    "MATCH (`//`:Paper) SET `//`.title = 'pwned'",
    # procedure names in backticks used to slip past the CALL allow-list
    "CALL `db.createLabel`('Pwned')",
    "CALL `db`.`createLabel`('Pwned')",
    "CALL `dbms.security.createUser`('eve', 'pw', false)",
    # writes inside subqueries and other clauses
    "MATCH (p:Paper) CALL { WITH p SET p.title = 'pwned' } RETURN p",
    "MATCH (p:Paper) CALL (p) { SET p.title = 'pwned' } RETURN count(*)",
    "MATCH (p:Paper) WHERE EXISTS { MATCH (p) SET p.title = 'pwned' } RETURN p",
    "MATCH (p:Paper) WITH p CALL { WITH p DETACH DELETE p } IN TRANSACTIONS OF 10 ROWS",
    "PROFILE MATCH (p:Paper) SET p.title = 'pwned'",
    "EXPLAIN MATCH (p:Paper) DETACH DELETE p",
    "MATCH (p:Paper) FOREACH (x IN [1] | SET p.title = 'pwned')",
    "UNWIND range(1, 3) AS i MERGE (:Pwned {i: i})",
    "MATCH (p:Paper) SET p:Pwned",
    "MATCH (p:Paper) REMOVE p:Paper",
    "MATCH (p:Paper) SET p = {}",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (p:Paper)\tSET\np.title='pwned'",
    "MATCH (p:Paper) SET\u00a0p.title = 'pwned'",          # no-break space between tokens
    "MATCH (p:Paper) ſet p.title = 'pwned'",               # long s: Unicode case-folds to SET
    "MATCH (p:Paper) RETURN p;\nMATCH (p:Paper) DETACH DELETE p",
    "MATCH (p:Paper) RETURN p /* ; */ ; CREATE (:Pwned)",
    "// just a comment\nMATCH (p:Paper) DETACH DELETE p",
    "/* block */ CREATE (:Pwned)",
    "DROP INDEX `Paper[id]`",                            # ArcadeDB's name for the paper_id index
    "DROP CONSTRAINT paper_id IF EXISTS",
    "CREATE DATABASE pwned",
    "DROP DATABASE claimgraph",
    "ALTER USER reader SET PASSWORD 'x'",
    "GRANT WRITE ON GRAPH * TO reader",
    "CALL db.index.fulltext.createNodeIndex('x', ['Paper'], ['title'])",
    "CALL apoc.periodic.iterate('MATCH (p) RETURN p', 'DETACH DELETE p', {})",
    "LOAD CSV FROM 'file:///etc/passwd' AS row CREATE (:Pwned {line: row})",
]
ALL_WRITES = WRITE_QUERIES + EXTRA_WRITES


@pytest.fixture(scope="module")
def small_graph(session_store, tmp_path_factory):
    """The session store holding a small synthetic graph (the demo graph is rebuilt after)."""
    from claimgraph.orchestration.build import build

    corpus = synthetic_corpus(tmp_path_factory.mktemp("ro") / "papers.jsonl", 2 * BATCH)
    wipe(session_store)
    session_store._demo_built = False
    build([corpus], session_store, batch_size=BATCH, use_model=False)
    return session_store


def test_there_are_at_least_20_write_forms():
    assert len(set(ALL_WRITES)) >= 20


def state(store) -> tuple[str, list]:
    """Content checksum plus the schema (index and constraint names): what a write could change."""
    schema = sorted(r["name"] for r in store.read("SHOW INDEXES") + store.read("SHOW CONSTRAINTS"))
    assert schema, "the graph should have its constraints"
    return snapshot(store).digest, schema


@pytest.mark.parametrize("query", EXTRA_WRITES)
def test_text_check_refuses_the_tricks_too(query):
    with pytest.raises(ReadOnlyError, match="refused"):
        check_read_only(query)


@pytest.mark.parametrize("query", [
    "MATCH (p:Paper) WHERE p.url STARTS WITH 'http://' RETURN p.title",    # '//' in a string is data
    "MATCH (p:Paper) WHERE p.title CONTAINS '/*' RETURN p.title // and '*/' too",
    "MATCH (p:Paper) RETURN p.title AS `set`, 'CREATE' AS `delete`",
    "CALL db.labels() YIELD label RETURN label",
])
def test_text_check_still_lets_reads_through(query):
    check_read_only(query)


def test_cli_query_refuses_every_write_form_and_the_graph_is_unchanged(small_graph, server_home):
    """Every write form through the real `claimgraph query` entry point: exit status 3, a
    reason, and not one property of the graph changed."""
    from claimgraph.ui.cli import main

    before = state(small_graph)
    runner = CliRunner()
    let_through = []
    for query in ALL_WRITES:
        result = runner.invoke(main, ["query", query], env={"CLAIMGRAPH_HOME": str(server_home)})
        if result.exit_code != 3 or "refused" not in result.output:
            let_through.append((query, result.exit_code, result.output[-200:]))
    assert not let_through, let_through
    assert state(small_graph) == before
    # and as a real process, once
    proc = cli("query", EXTRA_WRITES[0], home=server_home, timeout=120)
    assert proc.returncode == 3 and proc.stderr.startswith("error: refused"), proc.stderr
    assert state(small_graph) == before


def test_store_refuses_every_write_form_even_without_the_text_check(small_graph):
    """The second guard on its own: each write form sent straight through a read session
    of the read-only account. Content checksum, not counts: a SET would show."""
    before = state(small_graph)
    for query in ALL_WRITES:
        try:
            with small_graph._session(read=True) as session:
                session.run(query).consume()
        except Neo4jError:
            pass
    assert state(small_graph) == before
    assert not small_graph.read("MATCH (n:Pwned) RETURN n")


def test_query_read_only_refuses_writes_and_says_why(small_graph):
    before = state(small_graph)
    for query in ALL_WRITES:
        with pytest.raises(ReadOnlyError, match="refused"):
            small_graph.query_read_only(query)
    assert state(small_graph) == before


def test_reads_use_read_access_sessions():
    """On Neo4j the second guard is the access mode: every read session must be READ_ACCESS."""
    from claimgraph.graph.store import Store

    modes = []

    class FakeDriver:
        def session(self, **kwargs):
            modes.append(kwargs.get("default_access_mode"))
            raise RuntimeError("stop here")

    store = object.__new__(Store)
    store._driver = store._read_driver = FakeDriver()
    store.info = type("Info", (), {"database": "neo4j", "uri": "bolt://x", "backend": "neo4j"})()
    for call in (lambda: store.read("MATCH (n) RETURN n"), lambda: store.query_read_only("MATCH (n) RETURN n")):
        with pytest.raises(RuntimeError):
            call()
    assert modes == [neo4j.READ_ACCESS, neo4j.READ_ACCESS]


# ---------------------------------------------------------------- sockets


def _sockets(pids: list[int]) -> list[dict]:
    """Every inet socket (TCP and UDP, v4 and v6, any state) that these processes hold."""
    inodes = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            cols = line.split()
            if cols[9] not in inodes:
                continue
            addr_hex, port_hex = cols[1].split(":")
            raw = bytes.fromhex(addr_hex)
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))   # host-order words
            if len(raw) == 16 and raw[:12] == b"\0" * 10 + b"\xff\xff":
                raw = raw[12:]   # IPv4-mapped IPv6
            addr = socket.inet_ntop(socket.AF_INET if len(raw) == 4 else socket.AF_INET6, raw)
            found.append({"table": table, "addr": addr, "port": int(port_hex, 16),
                          "listen": table.startswith("tcp") and cols[3] == "0A"})
    return found


def _loopback(addr: str) -> bool:
    return addr.startswith("127.") or addr == "::1"


def test_embedded_server_sockets_are_all_on_loopback(session_store, server_home):
    """All sockets of the java process, listening or connected, TCP or UDP (test_server.py
    checks the listeners of a fresh server; this checks a busy one, everything it holds)."""
    session_store.read("MATCH (n) RETURN count(n) AS n")   # so there are live connections too
    state = json.loads((server_home / "server.json").read_text())
    sockets = _sockets([state["pid"]])
    assert any(not s["listen"] for s in sockets), "expected the session's connections to show"
    assert [s for s in sockets if not _loopback(s["addr"])] == []
    assert {s["port"] for s in sockets if s["listen"]} == {state["bolt_port"], state["http_port"]}


def test_secret_files_are_owner_only(server_home):
    for name in ("credentials.json", "server.json", "config/server-users.jsonl", "config/server-groups.json"):
        mode = stat.S_IMODE((server_home / name).stat().st_mode)
        assert mode & 0o077 == 0, f"{name} is {oct(mode)}"
    assert stat.S_IMODE(server_home.stat().st_mode) & 0o077 == 0
    assert not (server_home / ".root_password").exists()


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(p.name))
    out, todo = [], [pid]
    while todo:
        out.append(todo.pop())
        todo.extend(children.get(out[-1], []))
    return out


def _passwords(home: Path) -> list[str]:
    creds = json.loads((home / "credentials.json").read_text())
    return [v for v in creds.values() if isinstance(v, str) and len(v) >= 8]


def test_app_binds_loopback_by_default_and_logs_no_secrets(server_home, tmp_path):
    [port] = free_ports(1)
    out, err = tmp_path / "app.out", tmp_path / "app.err"
    with open(out, "w") as fo, open(err, "w") as fe:
        proc = subprocess.Popen([sys.executable, "-m", "claimgraph.ui.cli", "app", "--port", str(port), "--headless"], cwd=REPO,
                                env=cli_env(server_home), stdout=fo, stderr=fe, start_new_session=True)
    try:
        deadline, listening = time.monotonic() + 90, []
        while time.monotonic() < deadline and proc.poll() is None:
            listening = [s for s in _sockets(_descendants(proc.pid)) if s["listen"]]
            if any(s["port"] == port for s in listening):
                break
            time.sleep(0.3)
        assert any(s["port"] == port for s in listening), f"the app never listened on {port}: {err.read_text()}"
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        sockets = _sockets(_descendants(proc.pid))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)   # the CLI and the Streamlit server it started (our session)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    assert [s for s in sockets if s["listen"] and not _loopback(s["addr"])] == []
    assert {s["addr"] for s in sockets if s["port"] == port and s["listen"]} == {"127.0.0.1"}
    output = out.read_text() + err.read_text()
    assert f"127.0.0.1:{port}" in output and "0.0.0.0" not in output
    for pw in _passwords(server_home):
        assert pw not in output


def test_no_credentials_in_logs_or_command_output(empty_store, server_home, tmp_path):
    corpus = synthetic_corpus(tmp_path / "papers.jsonl", BATCH)
    outputs = [
        cli("--help", home=server_home),
        cli(*["build", corpus, "--no-model"], home=server_home),
        cli("stats", home=server_home),
        cli("server", "status", home=server_home),
        cli("query", "MATCH (p:Paper) RETURN p.title LIMIT 3", home=server_home),
        cli("query", "MATCH (p:Paper) SET p.x = 1", home=server_home),                 # refused
        cli("query", "MATCH (p:Paper RETURN p", home=server_home),                     # syntax error
        cli("query", "CALL db.labels() YIELD nothing RETURN nothing", home=server_home),  # server error
        cli("export", "--format", "json", tmp_path / "g.json", home=server_home),
    ]
    assert outputs[2].returncode == 0, outputs[2].stderr
    text = "".join(r.stdout + r.stderr for r in outputs)
    logs = [server_home / "server.log", server_home / "merge_log.jsonl", tmp_path / "g.json",
            *(server_home / "log").glob("*")]
    text += "".join(p.read_text(errors="replace") for p in logs if p.is_file())
    passwords = _passwords(server_home)
    assert len(passwords) == 2
    for pw in passwords:
        assert pw not in text
