"""The update guard behind consistent reads (graph/store.py, Store._consistent), on the real store.

A torn read needs a commit to land inside a read, which is rare (once in a CI run; none in
1,354 reads against 1,050 update commits in a stress run), so the end-to-end check in
test_concurrency.py cannot be relied on to catch a broken guard. These tests put the
update exactly where it matters instead.
"""
from __future__ import annotations

import threading
import time

import pytest
from test_concurrency import PER_PAPER
from test_crash_safety import synthetic_corpus

from claimgraph.graph import cypher

pytestmark = pytest.mark.integration

N = 8


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Two extractions of the same N papers (every abstract differs between them)."""
    from claimgraph.orchestration.build import extract_only

    folder = tmp_path_factory.mktemp("guard")
    return [list(extract_only([synthetic_corpus(folder / f"v{k}.jsonl", N, version=k)], use_model=False))
            for k in (0, 1)]


def _builder(store):
    from claimgraph.orchestration.build import Builder

    return Builder(store, batch_size=N)


def _guard(store):
    from claimgraph.graph.store import _guard

    with store._session(read=True) as session:
        return _guard(session)


def _per_paper(store):
    return {r["id"]: (r["edges"], r["claims"]) for r in store.read(PER_PAPER)}


def _both_versions(builder, store, versions):
    """Each version's per-paper rows (the store left holding the first), which must differ."""
    builder.write(versions[0])
    before = _per_paper(store)
    builder.write(versions[1])
    after = _per_paper(store)
    builder.write(versions[0])
    assert before != after, "the two versions must differ for this test to mean anything"
    return before, after


def test_a_read_that_an_update_overlaps_is_read_again(empty_store, versions):
    builder = _builder(empty_store)
    before, after = _both_versions(builder, empty_store, versions)

    calls = []

    def read_during_which_the_papers_change():
        calls.append(len(calls))
        if len(calls) == 1:
            builder.write(versions[1])   # commits while "the read" is running
            return ["torn"]
        return [_per_paper(empty_store)]

    with empty_store._session(read=True) as session:
        rows = empty_store._consistent(session, read_during_which_the_papers_change)
    assert calls == [0, 1], "the read an update overlapped was not read again"
    assert rows == [after]


def test_only_replacing_stored_papers_opens_the_guard_and_it_is_closed_after(empty_store, versions):
    builder = _builder(empty_store)
    builder.write(versions[0])
    assert _guard(empty_store).count == (None, None), "new papers alone need no guard"
    builder.write(versions[1])
    builder.write(versions[1][:2])
    guard = _guard(empty_store)
    assert guard.count == (2, 2) and not guard.open
    assert not any(n["label"] == "UpdateGuard" for n in empty_store.all_nodes()), "exports must leave it out"


def test_a_read_waits_while_an_update_is_open(empty_store):
    empty_store._write(lambda tx: tx.run(cypher.BEGIN_UPDATE, scope=cypher.GUARD_SCOPE).consume())
    answered = threading.Event()
    reader = threading.Thread(target=lambda: (empty_store.read("RETURN 1 AS x"), answered.set()), daemon=True)
    reader.start()
    try:
        assert not answered.wait(0.5), "a read ran while an update was open"
    finally:
        empty_store.close_update()
    assert answered.wait(5), "the read did not go on once the update closed"


def test_the_guard_a_killed_build_left_open_blocks_nobody_for_long(empty_store, monkeypatch):
    """A writer killed between opening and closing: readers ignore its bracket after the
    lease, and the next build closes it at its start."""
    from claimgraph.orchestration.build import Builder

    empty_store._write(lambda tx: tx.run(cypher.BEGIN_UPDATE, scope=cypher.GUARD_SCOPE).consume())
    assert _guard(empty_store).open
    monkeypatch.setattr(cypher, "GUARD_LEASE_MS", 0)   # as if the lease had run out
    started = time.monotonic()
    assert empty_store.read("RETURN 1 AS x") == [{"x": 1}]
    assert time.monotonic() - started < 1
    monkeypatch.undo()
    assert _guard(empty_store).open
    Builder(empty_store)
    assert not _guard(empty_store).open


def test_reads_bracketed_together_are_read_again_together(empty_store, versions):
    """Store.consistently: one guard around several reads (a question's ~25) instead of one
    around each; an update landing between two of them runs the whole work again, so the
    result never joins a read of the old papers with a read of the new."""
    builder = _builder(empty_store)
    before, after = _both_versions(builder, empty_store, versions)

    runs = []

    def two_reads_with_an_update_between():
        first = _per_paper(empty_store)
        if not runs:
            builder.write(versions[1])   # commits between the two reads of the first run
        runs.append(first)
        return first, _per_paper(empty_store)

    first, second = empty_store.consistently(two_reads_with_an_update_between)
    assert runs == [before, after], "the work an update overlapped was not run again"
    assert first == second == after


def test_reads_inside_a_bracket_skip_their_own_guard(empty_store, monkeypatch):
    from claimgraph.graph import store as store_module

    guards = []
    real = store_module._guard
    monkeypatch.setattr(store_module, "_guard", lambda session: guards.append(1) or real(session))
    empty_store.consistently(lambda: [empty_store.read("RETURN 1 AS x") for _ in range(5)])
    assert len(guards) == 2, "five reads in one bracket should cost the bracket's two guard reads"
    guards.clear()
    empty_store.read("RETURN 1 AS x")
    assert len(guards) == 2 and not empty_store._bracket.open
