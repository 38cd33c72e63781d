"""Reads while a build writes: no errors, no torn reads; repeated builds under load change nothing.

A build writes each batch of papers in ONE transaction that first deletes what those
papers said before and then writes what they say now. So a reader should see every paper
either not yet written or with its complete set of relationships and claims, and, while
an update replaces abstracts, with its complete old set or its complete new set.

Both are checked strictly. New papers appear whole with their commit. Replacing papers is
the hard case: both stores read at READ COMMITTED without a snapshot, so a read walking a
paper's relationships while a commit replaces them could see part of each (seen before the
fix: 2 claims for a paper that had 1 before and 3 after). Store.read therefore brackets its
reads with the update guard (a seqlock, graph/store.py) and reads again when an update ran
meanwhile. Counts are checked each on its own (relationships, claims).
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict

import pytest
from test_crash_safety import BATCH, build_args, cli, paper_edge_counts, snapshot, summary_counts, synthetic_corpus

pytestmark = pytest.mark.integration

# One read transaction: each paper with its outgoing relationships and its claims.
PER_PAPER = ("MATCH (p:Paper) OPTIONAL MATCH (p)-[r]->() WITH p, count(r) AS edges "
             "OPTIONAL MATCH (p)-[:MAKES]->(c:Claim) RETURN p.id AS id, edges, count(c) AS claims")

# What the explorer asks while people use it (reads only, through the same Store API).
APP_LIKE = [
    "MATCH (n) RETURN labels(n)[0] AS label, count(n) AS n",
    "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n",
    "MATCH (m:Method)<-[:PROPOSES]-(p:Paper) RETURN m.name AS m, count(p) AS n ORDER BY n DESC LIMIT 10",
    "MATCH (c:Claim)-[:SUBJECT]->(s), (c)-[:TARGET]->(t) RETURN s.name AS s, c.effect AS e, t.name AS t LIMIT 50",
    "MATCH (a:Claim)-[:CONTRADICTS]->(b:Claim) RETURN a.name AS a, b.name AS b LIMIT 20",
    "MATCH (d:Dataset) RETURN d.name AS name, d.paper_count AS n ORDER BY n DESC LIMIT 10",
]


class Reader(threading.Thread):
    """Runs `work(store)` in a loop on its own Store until stopped; keeps every error."""

    def __init__(self, home, work):
        super().__init__(daemon=True)
        self.home, self.work = home, work
        self.errors: list[BaseException] = []
        self.rounds = 0
        self._halt = threading.Event()

    def run(self):
        from claimgraph.graph.store import open_store

        with open_store(self.home) as store:
            while not self._halt.is_set():
                try:
                    self.work(store)
                    self.rounds += 1
                except BaseException as e:   # noqa: BLE001 - every failure is a finding
                    self.errors.append(e)
                    time.sleep(0.2)

    def stop(self):
        self._halt.set()
        self.join(60)
        assert not self.is_alive(), "the reader did not stop"


def _observe(into: list):
    def work(store):
        into.append({r["id"]: (r["edges"], r["claims"]) for r in store.read(PER_PAPER)})
    return work


def _final(store) -> dict[str, tuple[int, int]]:
    return {r["id"]: (r["edges"], r["claims"]) for r in store.read(PER_PAPER)}


N_TORN = 10 * BATCH


@pytest.fixture(scope="module")
def built_while_reading(session_store, server_home, tmp_path_factory):
    """A `claimgraph build` of 160 new papers (batches of 16) with a reader running throughout:
    (corpus, final per-paper counts, what the reader saw, reader errors, reader rounds)."""
    from test_crash_safety import wipe

    wipe(session_store)
    session_store._demo_built = False
    corpus = synthetic_corpus(tmp_path_factory.mktemp("torn") / "papers.jsonl", N_TORN)
    _, seen, reader = _build_while_reading(corpus, server_home)
    return corpus, _final(session_store), seen, reader.errors, reader.rounds


def _build_while_reading(corpus, home):
    """`claimgraph build corpus` with a Reader observing per-paper counts throughout:
    (the build's CompletedProcess, what the reader saw, the stopped reader)."""
    seen: list[dict] = []
    reader = Reader(home, _observe(seen))
    reader.start()
    try:
        result = cli(*build_args(corpus), home=home)
    finally:
        reader.stop()
    assert result.returncode == 0, result.stderr
    return result, seen, reader


def test_reads_during_a_build_never_see_half_a_paper(built_while_reading):
    """New papers: each batch appears whole, so a paper is seen with all its relationships
    and claims or not at all."""
    _, v0, seen, errors, rounds = built_while_reading
    assert not errors, errors[:3]
    assert len(v0) == N_TORN
    partial = [obs for obs in seen if 0 < len(obs) < N_TORN]
    assert partial, f"the reader never ran during the build ({rounds} rounds); the test proves nothing"
    torn = [(pid, got, v0[pid]) for obs in seen for pid, got in obs.items() if got != v0[pid]]
    assert not torn, f"papers seen without all their relationships or claims: {torn[:5]}"


def test_reads_during_an_update_see_the_old_or_the_new_paper_never_half(built_while_reading, session_store,
                                                                         server_home):
    """Every abstract changes: each batch deletes the old extraction and writes the new one in
    one transaction, so a reader should see each paper's old or new counts, never a mix."""
    corpus, v0, _, _, _ = built_while_reading
    assert _final(session_store) == v0, "the graph changed since the build (test order?)"
    synthetic_corpus(corpus, N_TORN, version=1)
    result, seen, reader = _build_while_reading(corpus, server_home)
    assert summary_counts(result.stdout)[:2] == (N_TORN, 0)
    assert not reader.errors, reader.errors[:3]
    v1 = _final(session_store)
    changed = [p for p in v0 if v0[p][0] != v1[p][0]]
    assert changed, "no paper's relationship count changed; the test could not see a torn update"
    mixed = [obs for obs in seen if any(obs[p] != v1[p] for p in obs) and any(obs[p] != v0[p] for p in obs)]
    assert mixed, f"no read happened mid-update ({reader.rounds} rounds); the test proves nothing"
    assert all(set(obs) == set(v0) for obs in seen), "papers disappeared during an update"
    # (edges, claims): each must be the old or the new value on its own (see the module docstring).
    torn = [(pid, got, v0[pid], v1[pid]) for obs in seen for pid, got in obs.items()
            if any(got[k] not in (v0[pid][k], v1[pid][k]) for k in (0, 1))]
    assert not torn, f"papers seen between their old and new extraction: {torn[:5]}"


def _soak(store, server_home, tmp_path, n: int, *, via_cli: bool) -> list[float]:
    """Three builds of the same n papers while a reader runs the explorer's queries."""
    from claimgraph.orchestration.build import build

    corpus = synthetic_corpus(tmp_path / "papers.jsonl", n)
    errors_by_query: dict[str, int] = defaultdict(int)

    def app_like(reader_store):
        for q in APP_LIKE:
            try:
                reader_store.query_read_only(q, limit=100, timeout=30)
            except Exception:
                errors_by_query[q] += 1
                raise

    reader = Reader(server_home, app_like)
    reader.start()
    snapshots, timings = [], []
    try:
        for run in range(3):
            t0 = time.monotonic()
            if via_cli:
                result = cli(*build_args(corpus, batch=64), home=server_home, timeout=3600)
                assert result.returncode == 0, result.stderr
                counts = summary_counts(result.stdout)
            else:
                summary = build([corpus], store, batch_size=64, use_model=False)
                counts = (summary.papers_written, summary.papers_unchanged, len(summary.skipped))
            timings.append(time.monotonic() - t0)
            assert counts == ((n, 0, 0) if run == 0 else (0, n, 0))
            snapshots.append(snapshot(store))
    finally:
        reader.stop()
    assert not reader.errors, (dict(errors_by_query), reader.errors[:3])
    assert reader.rounds > 0
    first = snapshots[0]
    assert first.labels["Paper"] == n and sum(paper_edge_counts(store).values()) > n
    for later in snapshots[1:]:
        assert (later.labels, later.types) == (first.labels, first.types)
        assert later.digest == first.digest, first.diff(later)
    return timings


def test_three_builds_with_queries_running_change_nothing_after_the_first(empty_store, server_home, tmp_path):
    """The CI-sized soak: 300 papers, three builds (in this process), the explorer's queries
    running throughout from a thread with its own Store."""
    _soak(empty_store, server_home, tmp_path, 300, via_cli=False)


@pytest.mark.slow
def test_soak_5000_papers_three_builds_with_queries_running(empty_store, server_home, tmp_path, capsys):
    """The full soak: 5,000 papers, three `claimgraph build` processes, queries throughout."""
    timings = _soak(empty_store, server_home, tmp_path, 5000, via_cli=True)
    with capsys.disabled():
        print(f"\n[soak 5,000 papers: builds took {', '.join(f'{t:.0f} s' for t in timings)}]")
