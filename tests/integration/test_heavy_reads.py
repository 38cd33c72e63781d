"""A heavy read cannot take the store or a build down (issue 19, points 2 and 4).

Before the fix, `claimgraph query --timeout 3 "RETURN size(reduce(s = [], x IN range(1,
300000) | s + [x])) AS n"` said "cancelled after 3 s" but ran on in the server for more than
149 s (`terminate query` does not stop an expression being evaluated); four of them during
a build made the server stop answering, ClaimGraph's recovery restarted it, and the build
failed. And with `server.json` lacking its reader entry, reads silently ran as root.

Each heavy query below must end, client and server, within its deadline + 2 s, or be
refused up front; the server's CPU must settle; a build running meanwhile must finish.
"""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from test_crash_safety import BATCH, build_args, cli, start_cli, synthetic_corpus

from claimgraph.graph.store import Store
from claimgraph.schema import ReadOnlyError, StoreError

pytestmark = pytest.mark.integration

DEADLINE = 3.0
HEAVY = {
    # refused by the text check: the server could not stop them
    "reduce building a list (the issue's query)": "RETURN size(reduce(s = [], x IN range(1, 300000) | s + [x])) AS n",
    "range above the limit": "UNWIND range(1, 300000000) AS x RETURN count(x) AS n",
    "nested comprehensions over ranges":
        "RETURN size([x IN range(1, 20000) | [y IN range(1, 20000) | x * y]]) AS n",
    # refused by the server (arcadedb.queryMaxRangeSize), whatever the bounds are computed from
    "range with computed bounds": "UNWIND range(1, toInteger('3000000000')) AS x RETURN count(x) AS n",
    # run, and terminated on the server at the deadline
    "cartesian product of ranges": "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n",
    "cartesian product of the graph": "MATCH (a), (b), (c) WHERE coalesce(a.name, '') + coalesce(b.name, '') <> "
                                      "coalesce(c.name, 'x') RETURN count(*) AS n",
    "long string building": "UNWIND range(1, 100000) AS a WITH a, toString(a) AS s UNWIND range(1, 100000) AS b "
                            "RETURN max(s + toString(b)) AS n",
}


def _java_pid(home: Path) -> int:
    return json.loads((home / "server.json").read_text())["pid"]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _settled(server, pid: int, within: float) -> bool:
    """No user query of ours runs any more and the server uses under half a core, within `within` s."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        busy = [q for q in server.running_queries() if "range(" in str(q.get("text", "")) or
                "(a), (b), (c)" in str(q.get("text", ""))]
        before = _cpu_seconds(pid)
        time.sleep(0.5)
        if not busy and _cpu_seconds(pid) - before < 0.25:
            return True
    return False


@pytest.mark.parametrize("name", HEAVY)
def test_a_heavy_read_ends_within_its_deadline_and_the_server_settles(demo_store, server_home, name):
    from claimgraph.graph.server import EmbeddedServer

    server = EmbeddedServer(server_home)
    t0 = time.monotonic()
    with pytest.raises((ReadOnlyError, StoreError)) as caught:
        demo_store.query_read_only(HEAVY[name], timeout=DEADLINE)
    took = time.monotonic() - t0
    assert took <= DEADLINE + 2, f"{name}: returned after {took:.1f} s ({caught.value})"
    assert _settled(server, _java_pid(server_home), within=2.0 + max(0.0, DEADLINE + 2 - took)), \
        f"{name}: the server still works on it: {server.running_queries()}"
    assert demo_store.query_read_only("RETURN 1 AS one", timeout=DEADLINE) == [{"one": 1}]


def test_heavy_reads_during_a_build_do_not_stop_it(empty_store, server_home, tmp_path):
    """The issue's scenario: four heavy reads (repeatedly, through `claimgraph query`) while a build writes."""
    corpus = synthetic_corpus(tmp_path / "papers.jsonl", 20 * BATCH)
    build = start_cli(*build_args(corpus), home=server_home)
    outcomes: list[tuple[str, int, float]] = []
    stop = threading.Event()

    def reader(query: str):
        while not stop.is_set():
            t0 = time.monotonic()
            result = cli("query", "--timeout", str(DEADLINE), query, home=server_home, timeout=120)
            outcomes.append((query, result.returncode, time.monotonic() - t0))

    queries = [HEAVY["reduce building a list (the issue's query)"], HEAVY["cartesian product of ranges"],
               HEAVY["nested comprehensions over ranges"], HEAVY["long string building"]]
    threads = [threading.Thread(target=reader, args=(q,), daemon=True) for q in queries]
    for t in threads:
        t.start()
    try:
        out, err = build.communicate(timeout=900)
    finally:
        stop.set()
        for t in threads:
            t.join(120)
    assert build.returncode == 0, err
    assert "stopped answering" not in err and "restarting" not in err
    assert outcomes and all(code in (1, 3) for _, code, _ in outcomes), outcomes
    assert max(seconds for _, _, seconds in outcomes) < 30, outcomes
    assert empty_store.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"] == 20 * BATCH


def test_reads_never_fall_back_to_root(tmp_path, request):
    """server.json without its reader entry: the account is made again and reads use it; a Store
    for the embedded store without a read account refuses to exist."""
    from claimgraph.graph.server import EmbeddedServer
    from claimgraph.graph.store import open_store

    home = tmp_path / "home"
    srv = EmbeddedServer(home, heap="512m")
    request.addfinalizer(srv.stop)
    conn = srv.start()
    with pytest.raises(StoreError, match="no read-only account"):
        Store(uri=conn.uri, auth=(conn.user, conn.password), database=conn.database, backend="embedded")
    with open_store(home) as store:
        store._write(lambda tx: tx.run("CREATE (:Paper {id: 'p1', title: 'kept'})").consume())
    state = json.loads((home / "server.json").read_text())
    del state["reader"]
    (home / "server.json").write_text(json.dumps(state))
    with open_store(home) as store:
        # straight past the text check, as a CR-hidden SET once was
        with pytest.raises(ReadOnlyError):
            store._user_query("MATCH (p:Paper) WITH p LIMIT 1 SET p.title = 'x' RETURN p.title AS t", None,
                              10, 10.0, None)
        assert store.read("MATCH (p:Paper {id: 'p1'}) RETURN p.title AS t") == [{"t": "kept"}]
    assert json.loads((home / "server.json").read_text())["reader"]


def test_a_busy_server_is_waited_for_not_killed(tmp_path, request, monkeypatch):
    """A server that accepts connections but does not answer /ready in time (busy: a build
    writing, heavy reads) is reported after `busy_patience`, never killed and replaced."""
    from claimgraph.graph import trust
    from claimgraph.graph.server import EmbeddedServer

    srv = EmbeddedServer(tmp_path / "home", heap="512m")
    request.addfinalizer(srv.stop)
    srv.start()
    pid = srv.status().pid
    monkeypatch.setattr(trust, "ready", lambda port, timeout=3.0: False)
    srv.busy_patience, srv.unresponsive_grace = 3.0, 1.0
    with pytest.raises(StoreError, match="busy"):
        srv.start()
    assert srv.status().pid == pid and Path(f"/proc/{pid}").exists()
    monkeypatch.undo()
    assert srv.start().uri == f"bolt://127.0.0.1:{srv.status().bolt_port}"
