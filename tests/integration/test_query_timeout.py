"""`--timeout` and the console's timeout stop a slow read on the embedded store.

ArcadeDB ignores the Bolt transaction timeout, and a query whose client has gone runs on,
so `Store.query_read_only` terminates it on the server at its deadline (graph/store.py,
`_user_query_with_deadline`). These tests check that the command returns in time with the
message, that the server really stopped the query (not only the client), that only that
query was stopped, and that the server answers the next query.
"""
from __future__ import annotations

import json
import threading
import time

import pytest
from test_crash_safety import cli

from claimgraph.graph.server import EmbeddedServer
from claimgraph.schema import StoreError

pytestmark = pytest.mark.integration

# 10^10 rows whatever the graph holds: minutes of work, so only the deadline ends it in seconds.
SLOW = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
OTHER_SLOW = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*) AS other"
CANCELLED = "query cancelled after {} s; add LIMIT or narrow the MATCH"


def _running(server: EmbeddedServer, text: str) -> list[dict]:
    return [q for q in server.running_queries() if q.get("text") == text]


def _stop_leftovers(server: EmbeddedServer) -> None:
    """Never leave a 10^10-row query burning a core of a shared machine, even when a test fails."""
    for q in server.running_queries():
        if q.get("text") in (SLOW, OTHER_SLOW):
            server.terminate_queries(int(q["clientAddress"].rsplit(":", 1)[-1]))


def _gone_within(server: EmbeddedServer, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while _running(server, text):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_cli_query_timeout_stops_a_slow_read_and_the_server_stays_usable(server_home):
    server = EmbeddedServer(server_home)
    try:
        t0 = time.monotonic()
        result = cli("query", SLOW, "--timeout", "2", home=server_home, timeout=30)
        took = time.monotonic() - t0
        assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
        assert result.stderr.startswith("error: " + CANCELLED.format(2)), result.stderr
        assert "Traceback" not in result.stderr
        assert 2 <= took < 15, f"returned after {took:.1f} s"
        # Stopped on the server, not only abandoned by the client.
        assert _gone_within(server, SLOW, 2), _running(server, SLOW)
    finally:
        _stop_leftovers(server)
    ok = cli("query", "RETURN 41 + 1 AS n", "--format", "json", home=server_home, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == [{"n": 42}]


def test_the_deadline_stops_only_its_own_query(session_store, server_home):
    """Two slow reads on one Store (as the app's console shares one): the one past its
    deadline is terminated, the other one, on another connection of the same pool, runs on."""
    server = EmbeddedServer(server_home)
    other: dict = {}

    def run_other():
        try:
            other["rows"] = session_store.query_read_only(OTHER_SLOW, timeout=120)
        except StoreError as e:
            other["error"] = e

    thread = threading.Thread(target=run_other, daemon=True)
    try:
        thread.start()
        deadline = time.monotonic() + 10
        while not _running(server, OTHER_SLOW):
            assert time.monotonic() < deadline, "the other query never started"
            time.sleep(0.1)
        t0 = time.monotonic()
        with pytest.raises(StoreError, match=CANCELLED.format(1).replace("(", r"\(")):
            session_store.query_read_only(SLOW, timeout=1)
        assert time.monotonic() - t0 < 1 + 5
        assert _gone_within(server, SLOW, 2)
        assert _running(server, OTHER_SLOW) and thread.is_alive(), "the other query was stopped too"
    finally:
        _stop_leftovers(server)
        thread.join(10)
    assert "error" in other and "rows" not in other   # ended by _stop_leftovers, not by its own deadline
    assert session_store.query_read_only("RETURN 1 AS one", timeout=5) == [{"one": 1}]
