"""Nothing lost: rebuilds, updates and crashes all end in the graph a clean build makes.

The graph is compared by content, not only by counts: `snapshot()` hashes every node
(label, id, sorted properties) and every relationship (type, end ids, sorted properties),
so a changed title, a lost edge property or a duplicated claim all show.

The crash tests run `claimgraph build` as a real subprocess against their own embedded
store (their own CLAIMGRAPH_HOME), never the session's, and stop it when done.

Helpers here (`synthetic_corpus`, `snapshot`, `cli`, `own_home`) are shared with
test_concurrency.py, test_store_faults.py and test_exposure.py.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.integration

BATCH = 16
CRASH_PAPERS = 400      # 25 batches of 16: enough to kill a build part-way, small enough for CI

# ---------------------------------------------------------------- synthetic corpora

DATASETS = ["CIFAR-10", "CIFAR-100", "ImageNet", "MNIST", "SVHN", "ImageNet-R", "DomainNet", "PACS",
            "Office-Home", "GLUE", "SQuAD", "COCO"]
TASKS = ["domain generalization", "out-of-distribution generalization", "image classification",
         "few-shot learning", "continual learning", "question answering"]
METRICS = ["accuracy", "top-1 accuracy", "calibration error", "F1 score", "robustness"]
MODELS = ["ResNet-50", "ViT-B/16", "BERT", "CLIP", "GPT-2", "T5"]
SHARED = ["Dropout", "weight decay", "data augmentation", "label smoothing", "mixup"]
EFFECTS = ["improves", "reduces", "increases", "does not improve", "worsens", "hurts"]


def synthetic_abstract(i: int, version: int = 0) -> dict:
    """Paper i of a templated corpus; `version` changes the abstract (same id, new content).

    Each paper proposes its own method and reuses shared datasets, tasks, metrics and
    models, so entities are shared across papers and batches. In every ten papers, two take
    opposite sides on one of 25 shared questions ("Dropout improves / does not improve
    accuracy on CIFAR-10": one dataset, as "accuracy" is a question only within one), so
    there are CONTRADICTS links, and their number grows linearly with the
    corpus (links are bounded per claim anyway: docs/claims.md, "Contested claims").
    """
    r = random.Random(i * 7919 + version * 104729)
    name = f"Synth{i}Net" if version == 0 else f"Synth{i}NetV{version}"
    d1, d2 = r.sample(DATASETS, 2)
    task, metric, model = r.choice(TASKS), r.choice(METRICS), r.choice(MODELS)
    text = (f"We propose {name}, a novel method for {task}. {name} {r.choice(EFFECTS)} {metric} on {d1} and {d2} "
            f"with {model} backbones. Experiments show that {name} outperforms {r.choice(SHARED)} on {d1}.")
    if i % 10 < 2:
        question = (i // 10) % 25
        verb = "improves" if i % 10 == 0 else "does not improve"
        text += (f" We also find that {SHARED[question % 5]} {verb} {METRICS[question // 5]}"
                 f" on {DATASETS[question % len(DATASETS)]}.")
    return {"id": f"syn-{i:05d}", "title": f"{name}: revisiting {task} ({i})", "abstract": text,
            "year": 2015 + i % 10}


def synthetic_corpus(path: Path, n: int, *, version: int = 0, changed: set[int] | None = None) -> Path:
    """n papers as JSON Lines; with `changed`, only those papers get `version`'s abstract."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            v = version if changed is None or i in changed else 0
            fh.write(json.dumps(synthetic_abstract(i, v)) + "\n")
    return path


# ---------------------------------------------------------------- graph content


@dataclass(frozen=True)
class Snapshot:
    labels: dict
    types: dict
    digest: str
    lines: frozenset   # "N …" / "E …" lines, each with its multiplicity ("… x2" for a duplicate)

    def diff(self, other: "Snapshot", n: int = 8) -> str:
        """What differs, for assertion messages."""
        only_a, only_b = sorted(self.lines - other.lines), sorted(other.lines - self.lines)
        return (f"{len(only_a)} lines only in the first graph, {len(only_b)} only in the second\n"
                + "\n".join("- " + x[:300] for x in only_a[:n]) + "\n"
                + "\n".join("+ " + x[:300] for x in only_b[:n]))

    def without(self, node_ids: set[str]) -> "Snapshot":
        """The same graph minus the node lines of these ids (for known leftovers)."""
        keep = frozenset(x for x in self.lines
                         if not (x.startswith("N ") and any(f'"id": {json.dumps(i)}' in x for i in node_ids)))
        return Snapshot(self.labels, self.types, _digest(keep), keep)


def _canon(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _digest(lines) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def snapshot(store) -> Snapshot:
    """Content checksum of the whole graph, read through Store.read (the read-only account)."""
    lines = []
    for row in store.read("MATCH (n) WHERE NOT n:UpdateGuard RETURN labels(n) AS labels, properties(n) AS props"):
        lines.append("N " + _canon([sorted(row["labels"]), row["props"]]))
    for row in store.read("MATCH (a)-[r]->(b) RETURN labels(a)[0] AS al, a.id AS a, type(r) AS type, "
                          "properties(r) AS props, labels(b)[0] AS bl, b.id AS b"):
        lines.append("E " + _canon([row["al"], row["a"], row["type"], row["bl"], row["b"], row["props"]]))
    # A multiset: the same node or edge twice must change the checksum.
    counted = frozenset(f"{line} x{n}" if n > 1 else line for line, n in Counter(lines).items())
    labels, types = store.counts()
    return Snapshot(labels, types, _digest(counted), counted)


def paper_edge_counts(store) -> dict[str, int]:
    """Outgoing relationships of every Paper (mentions + MAKES), by paper id."""
    rows = store.read("MATCH (p:Paper) OPTIONAL MATCH (p)-[r]->() RETURN p.id AS id, count(r) AS n")
    return {r["id"]: r["n"] for r in rows}


def assert_same_extractor(store, reference: "Snapshot") -> None:
    """All papers carry the extractor version of the reference build. (The version fingerprints
    the code under extract/: if that code is edited while the tests run, a rerun re-extracts
    everything, which is right, but then it cannot be compared with the reference.)"""
    versions = {r["v"] for r in store.read("MATCH (p:Paper) RETURN DISTINCT p.extractor_version AS v")}
    expected = {json.loads(x[2:])[1]["extractor_version"] for x in reference.lines
                if x.startswith("N ") and '"Paper"' in x[:20]}
    assert versions == expected, (f"extractor version changed during the test ({expected} -> {versions}): "
                                  "was code under extract/ edited meanwhile?")


def wipe(store) -> None:
    store._write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())


# ---------------------------------------------------------------- processes


def cli_env(home: Path, **extra) -> dict:
    env = {**os.environ, "CLAIMGRAPH_HOME": str(home), **extra}
    env.setdefault("CLAIMGRAPH_SERVER_HEAP", "512m")
    for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        if key not in extra:
            env.pop(key, None)
    return env


def cli(*args, home: Path, timeout: float = 600, **extra_env) -> subprocess.CompletedProcess:
    """`claimgraph ARGS` as a subprocess with its own CLAIMGRAPH_HOME; stdout and stderr as text."""
    return subprocess.run([sys.executable, "-m", "claimgraph.ui.cli", *map(str, args)], cwd=REPO, env=cli_env(home, **extra_env),
                          capture_output=True, text=True, timeout=timeout)


def start_cli(*args, home: Path, **extra_env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "claimgraph.ui.cli", *map(str, args)], cwd=REPO,
                            env=cli_env(home, **extra_env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def build_args(corpus: Path, batch: int = BATCH) -> list[str]:
    return ["build", str(corpus), "--batch-size", str(batch), "--no-model", "--quiet"]


def server_pid(home: Path) -> int:
    return json.loads((home / "server.json").read_text())["pid"]


def stop_server(home: Path) -> None:
    """Stop the embedded server of a home this test created (only that java, by its pid file)."""
    from claimgraph.graph.server import EmbeddedServer

    EmbeddedServer(home).stop()


def start_server(home: Path):
    from claimgraph.graph.server import EmbeddedServer

    return EmbeddedServer(home, heap=os.environ.get("CLAIMGRAPH_SERVER_HEAP", "512m")).start()


@pytest.fixture
def own_home(tmp_path, request):
    """A CLAIMGRAPH_HOME of this test's own; its server (if any was started) is stopped at the end."""
    home = tmp_path / "home"
    request.addfinalizer(lambda: stop_server(home))
    return home


def open_own(home: Path):
    from claimgraph.graph.store import open_store

    start_server(home)   # with a small heap; open_store then reuses it
    return open_store(home)


def wait_for_papers(store, proc: subprocess.Popen, at_least: int, timeout: float = 300) -> int:
    """Poll the Paper count until it reaches `at_least`; fails if the build ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = store.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"]
        if n >= at_least:
            return n
        assert proc.poll() is None, f"the build ended before {at_least} papers were stored:\n{proc.stderr.read()}"
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} papers after {timeout} s")


def summary_counts(stdout: str) -> tuple[int, int, int]:
    """(written, unchanged, skipped) from the build summary line."""
    line = next(x for x in stdout.splitlines() if x.startswith("Papers:"))
    words = line.replace(",", "").split()
    return int(words[1]), int(words[3]), int(words[5])


# ---------------------------------------------------------------- the clean graph


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory) -> Path:
    return synthetic_corpus(tmp_path_factory.mktemp("crash") / "papers.jsonl", CRASH_PAPERS)


@pytest.fixture(scope="module")
def crash_home(tmp_path_factory):
    """One private server for this module's build-crash test and the clean reference build."""
    home = tmp_path_factory.mktemp("crash-home") / "home"
    yield home
    stop_server(home)


@pytest.fixture(scope="module")
def clean(crash_home, crash_corpus):
    """Snapshot and per-paper edge counts of a clean, uninterrupted build of the crash corpus."""
    from claimgraph.orchestration.build import build

    with open_own(crash_home) as store:
        wipe(store)
        summary = build([crash_corpus], store, batch_size=BATCH, use_model=False)
        assert summary.papers_written == CRASH_PAPERS and not summary.errors
        result = snapshot(store), paper_edge_counts(store)
        wipe(store)
    return result


# ---------------------------------------------------------------- idempotence and updates


def test_rebuild_changes_nothing_not_even_a_property(empty_store, tmp_path):
    from claimgraph.orchestration.build import build

    corpus = synthetic_corpus(tmp_path / "p.jsonl", 48)
    first = build([corpus], empty_store, batch_size=BATCH, use_model=False)
    before = snapshot(empty_store)
    assert first.papers_written == 48 and before.labels["Paper"] == 48
    assert before.labels["Claim"] > 48 and before.types.get("CONTRADICTS"), "the corpus should make contested claims"
    again = build([corpus], empty_store, batch_size=BATCH, use_model=False)
    assert (again.papers_written, again.papers_unchanged) == (0, 48)
    assert (again.finalized.entities, again.finalized.claims) == (0, 0), "an unchanged rebuild redid finishing work"
    after = snapshot(empty_store)
    assert after.digest == before.digest, before.diff(after)


def test_changed_abstracts_replace_their_mentions_and_claims(empty_store, tmp_path):
    """Papers whose abstract changed (same id, same file) are re-extracted and what they said
    before is gone: the graph equals a clean build of the new corpus, claims, CONTRADICTS links
    and entity paper counts included, and the entities only the old abstracts named (each
    paper's own SynthNNNet) are deleted with their last mention."""
    from claimgraph.orchestration.build import build

    corpus = tmp_path / "papers.jsonl"
    changed = set(range(0, 48, 3))   # 16 of 48 papers, in every batch
    build([synthetic_corpus(corpus, 48)], empty_store, batch_size=BATCH, use_model=False)
    old = {r["id"]: r["pid"] for r in empty_store.read("MATCH (p:Paper)-[:MAKES]->(c:Claim) RETURN c.id AS id, p.id AS pid")}
    old_names = {f"Synth{i}Net" for i in changed}
    named = "MATCH (e) WHERE e.key IS NOT NULL AND e.name IN $names RETURN labels(e)[0] AS label, e.name AS name"
    only_old = empty_store.read(named, names=sorted(old_names))
    assert {r["name"] for r in only_old} == old_names   # a Method, and a Concept for the claims' subject
    synthetic_corpus(corpus, 48, version=1, changed=changed)
    summary = build([corpus], empty_store, batch_size=BATCH, use_model=False)
    assert (summary.papers_written, summary.papers_unchanged) == (16, 32)
    assert summary.finalized.orphans == len(only_old), summary.finalized
    updated = snapshot(empty_store)

    ids = [f"syn-{i:05d}" for i in sorted(changed)]
    said = empty_store.read("MATCH (p:Paper)-[r]->(x) WHERE p.id IN $ids "
                            "RETURN p.id AS pid, x.name AS name, coalesce(r.evidence, '') AS evidence", ids=ids)
    assert said and not [r for r in said if re.search(r"Synth\d+Net\b", r["name"] + " " + r["evidence"])], \
        "a changed paper still links to what its old abstract said"
    claims = {r["id"] for r in empty_store.read("MATCH (c:Claim) RETURN c.id AS id")}
    assert not {c for c, p in old.items() if p in ids} & claims, "old claims of changed papers survived"
    assert {c for c, p in old.items() if p not in ids} <= claims, "claims of unchanged papers were lost"
    assert not empty_store.read("MATCH (e) WHERE e.key IS NOT NULL AND NOT (e)--() RETURN e.name AS name"), "orphans"
    assert not empty_store.read(named, names=sorted(old_names))
    assert not empty_store.read("MATCH (e) WHERE e.pending IS NOT NULL RETURN e.key LIMIT 1"), "pending marks left"

    wipe(empty_store)
    build([corpus], empty_store, batch_size=BATCH, use_model=False)
    fresh = snapshot(empty_store)
    assert (updated.labels, updated.types) == (fresh.labels, fresh.types)
    assert updated.digest == fresh.digest, updated.diff(fresh)


# ---------------------------------------------------------------- crashes


def test_build_killed_midway_then_rerun_equals_a_clean_build(clean, crash_home, crash_corpus):
    """SIGKILL `claimgraph build` after a few batches: every batch is all or nothing, and the
    rerun finishes the job so the graph equals an uninterrupted build, property for property."""
    reference, reference_edges = clean
    with open_own(crash_home) as store:
        wipe(store)
        proc = start_cli(*build_args(crash_corpus), home=crash_home)
        try:
            wait_for_papers(store, proc, 3 * BATCH)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=30)
        edges = paper_edge_counts(store)
        assert 0 < len(edges) < CRASH_PAPERS, "the build finished before it was killed; use a bigger corpus"
        assert len(edges) % BATCH == 0, f"{len(edges)} papers stored: a batch was half written"
        torn = {p: n for p, n in edges.items() if n != reference_edges[p]}
        assert not torn, f"papers stored without all their relationships: {torn}"

        rerun = cli(*build_args(crash_corpus), home=crash_home)
        assert rerun.returncode == 0, rerun.stderr
        assert_same_extractor(store, reference)
        assert summary_counts(rerun.stdout) == (CRASH_PAPERS - len(edges), len(edges), 0)
        after = snapshot(store)
    assert after.digest == reference.digest, reference.diff(after)


def test_store_server_killed_during_a_write_then_rerun_equals_a_clean_build(clean, own_home, crash_corpus):
    """SIGKILL the embedded server (the java pid in server.json) while a build writes: the build
    fails with advice, committed batches survive, and the rerun restarts the server (stale pid)
    and finishes, equal to a clean build."""
    reference, _ = clean
    start_server(own_home)
    java = server_pid(own_home)
    store = open_own(own_home)
    proc = start_cli(*build_args(crash_corpus), home=own_home)
    try:
        seen = wait_for_papers(store, proc, 3 * BATCH)
        os.kill(java, signal.SIGKILL)
        killed_at = time.monotonic()
        from claimgraph.graph.server import _gone  # reap it (this process started it), so no zombie is left
        while not _gone(java) and time.monotonic() - killed_at < 10:
            time.sleep(0.05)
        out, err = proc.communicate(timeout=120)
        failed_after = time.monotonic() - killed_at
    finally:
        if proc.poll() is None:
            proc.kill()
        store.close()
    assert proc.returncode not in (0, 2), f"the build did not notice the store died:\n{out}\n{err}"
    assert "Traceback" not in err, err
    assert "error: the graph store" in err and ("rerun the build" in err or "run the command again" in err), err
    assert failed_after < 60, f"the build took {failed_after:.0f} s to give up after the store died"

    # The next command finds the pid file stale, restarts the server, and every batch
    # committed before the kill is there (ArcadeDB replays its write-ahead log).
    stats = cli("stats", "--format", "json", home=own_home, timeout=300)
    assert stats.returncode == 0, stats.stderr
    assert server_pid(own_home) != java
    survived = json.loads(stats.stdout)["nodes"].get("Paper", 0)
    assert survived >= seen, f"{seen} papers were committed before the kill but only {survived} survived it"
    assert survived % BATCH == 0, f"{survived} papers after recovery: a batch was half written"

    rerun = cli(*build_args(crash_corpus), home=own_home)
    assert rerun.returncode == 0, rerun.stderr
    written, unchanged, _ = summary_counts(rerun.stdout)
    with open_own(own_home) as store:
        assert_same_extractor(store, reference)
        after = snapshot(store)
    assert (written, unchanged) == (CRASH_PAPERS - survived, survived)
    assert after.digest == reference.digest, reference.diff(after)
