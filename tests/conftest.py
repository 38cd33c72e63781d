"""Shared fixtures: one real embedded store server for the whole test session.

The server runs in a temporary CLAIMGRAPH_HOME, so tests never touch a user's data.
Tests that need an empty graph use `empty_store` (which wipes it); tests that read the
demo graph use `demo_store` (built once per session).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def server_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("claimgraph-home")
    os.environ["CLAIMGRAPH_HOME"] = str(home)
    os.environ.setdefault("CLAIMGRAPH_SERVER_HEAP", "768m")  # several test sessions may share a small machine
    os.environ.pop("NEO4J_URI", None)
    from claimgraph.graph.server import EmbeddedServer

    server = EmbeddedServer(home)
    server.start()
    yield home
    server.stop()


@pytest.fixture(scope="session")
def session_store(server_home):
    from claimgraph.graph.store import open_store

    store = open_store(server_home)
    yield store
    store.close()


def wipe(store) -> None:
    store._write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())


@pytest.fixture
def empty_store(session_store):
    """The session's store, emptied before the test (the demo graph is rebuilt after)."""
    wipe(session_store)
    session_store._demo_built = False
    yield session_store


@pytest.fixture
def demo_store(session_store):
    """The session's store holding the demo corpus graph."""
    if not getattr(session_store, "_demo_built", False):
        from claimgraph.orchestration.build import DEMO_CORPUS, build

        wipe(session_store)
        build([DEMO_CORPUS], session_store)
        session_store._demo_built = True
    return session_store


def pytest_collection_modifyitems(config, items):
    """A test's folder says what it needs: tests/integration a server, tests/browser chromium."""
    for item in items:
        parts = item.path.parts
        if "integration" in parts:
            item.add_marker(pytest.mark.integration)
        elif "browser" in parts:
            item.add_marker(pytest.mark.integration)
            item.add_marker(pytest.mark.browser)
