"""End to end on a real embedded store: build, rebuild, update, export, read-only queries."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import pytest
from conftest import FIXTURES, REPO
from neo4j.exceptions import Neo4jError
from test_readonly import WRITE_QUERIES

from claimgraph.graph import export
from claimgraph.orchestration.build import DEMO_CORPUS, build

pytestmark = pytest.mark.integration
SMALL = FIXTURES / "corpus_small"


def snapshot(store):
    labels, types = store.counts()
    return labels, types


def test_small_corpus_all_formats_and_bad_records(empty_store):
    summary = build([SMALL], empty_store)
    assert summary.papers_written == 5
    assert len(summary.skipped) == 6  # 4 bad JSONL lines, 2 bad CSV rows
    sources = " ".join(e.source for e in summary.skipped)
    assert "papers.jsonl:3" in sources and "papers.csv:record 2" in sources
    titles = {r["t"] for r in empty_store.read("MATCH (p:Paper) RETURN p.title AS t")}
    assert {"Dropout for Transformers", "Fine-tuning CLIP robustly", "Length Generalization in Transformers"} <= titles
    proposed = {r["m"] for r in empty_store.read("MATCH (:Paper)-[:PROPOSES]->(m) RETURN m.name AS m")}
    assert "WiSE-FT" in proposed and "Scratchpad Prompting" in proposed


def test_rebuild_changes_nothing(empty_store):
    first = build([SMALL], empty_store)
    before = snapshot(empty_store)
    second = build([SMALL], empty_store)
    assert second.papers_written == 0 and second.papers_unchanged == first.papers_written
    assert snapshot(empty_store) == before


def test_changed_abstract_replaces_old_extraction(empty_store, tmp_path):
    path = tmp_path / "p.jsonl"
    row = {"id": "u1", "title": "A study", "abstract": "We propose FooNet, a novel method. FooNet improves accuracy on CIFAR-10."}
    path.write_text(json.dumps(row))
    build([path], empty_store)
    assert empty_store.read("MATCH (:Paper {id: 'u1'})-[]->(d:Dataset) RETURN d.name AS n") == [{"n": "CIFAR-10"}]
    row["abstract"] = "We propose BarNet, a novel method. BarNet improves accuracy on MNIST."
    path.write_text(json.dumps(row))
    summary = build([path], empty_store)
    assert summary.papers_written == 1
    datasets = {r["n"] for r in empty_store.read("MATCH (:Paper {id: 'u1'})-[]->(d:Dataset) RETURN d.name AS n")}
    assert datasets == {"MNIST"}
    proposed = {r["n"] for r in empty_store.read("MATCH (:Paper {id: 'u1'})-[:PROPOSES]->(m) RETURN m.name AS n")}
    assert proposed == {"BarNet"}
    claims = empty_store.read("MATCH (:Paper {id: 'u1'})-[:MAKES]->(c:Claim) RETURN c.evidence AS e")
    assert all("FooNet" not in c["e"] for c in claims)


def test_demo_corpus_builds_74_papers_and_is_idempotent(demo_store):
    labels, types = snapshot(demo_store)
    assert labels["Paper"] == 74
    assert types["PROPOSES"] >= 20 and types["USES"] > 50
    summary = build([DEMO_CORPUS], demo_store)
    assert summary.papers_written == 0 and summary.papers_unchanged == 74
    assert snapshot(demo_store) == (labels, types)


def test_every_paper_edge_carries_evidence(demo_store):
    rows = demo_store.read(
        "MATCH (p:Paper)-[r]->(e) WHERE type(r) <> 'MAKES' "
        "RETURN p.abstract AS abstract, p.title AS title, r.evidence AS ev, r.start AS s, r.end AS e, "
        "r.extractor AS x, r.version AS v, r.confidence AS c, e.name AS name")
    assert rows
    for row in rows:
        assert row["ev"] and row["x"] and row["v"] and 0 < row["c"] <= 1
        assert row["ev"] in row["abstract"] or row["ev"] == row["title"]
        if row["x"] != "title":
            assert row["abstract"][row["s"]:row["e"]].strip()


def test_graphml_round_trip_keeps_the_contract(demo_store, tmp_path):
    graph = export.to_networkx(demo_store.all_nodes(), demo_store.all_edges())
    path = tmp_path / "g.graphml"
    export.write(graph, "graphml", path)
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == graph.number_of_nodes() and back.number_of_edges() == graph.number_of_edges()
    labels = set()
    for _, attrs in back.nodes(data=True):
        assert isinstance(attrs["label"], str) and isinstance(attrs["name"], str)
        labels.add(attrs["label"])
        if attrs["label"] == "Paper":
            assert attrs["title"]
        if attrs["label"] == "Claim":
            assert attrs["effect"] and attrs["evidence"]
        if "aliases" in attrs:
            assert isinstance(json.loads(attrs["aliases"]), list)
    assert {"Paper", "Method", "Model", "Dataset", "Task"} <= labels
    assert all(isinstance(a["type"], str) for _, _, a in back.edges(data=True))


@pytest.mark.parametrize("query", WRITE_QUERIES)
def test_store_refuses_writes_even_without_the_text_check(demo_store, query):
    """The second guard: the read-only account refuses writes the text check never saw."""
    before = snapshot(demo_store)
    with demo_store._session(read=True) as session:
        try:
            session.run(query).consume()
        except Neo4jError:
            pass
    assert snapshot(demo_store) == before


def _cli(*args, env_home, check=True):
    env = {**os.environ, "CLAIMGRAPH_HOME": str(env_home)}
    env.pop("NEO4J_URI", None)
    result = subprocess.run([sys.executable, "-m", "claimgraph.ui.cli", *args], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_cli_query_stats_export(demo_store, server_home, tmp_path):
    out = _cli("query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json", env_home=server_home)
    assert json.loads(out.stdout) == [{"n": 74}]
    out = _cli("query", "MATCH (p:Paper) WHERE p.title STARTS WITH $t RETURN p.title AS t", "-p", "t=Light",
               "--format", "csv", env_home=server_home)
    assert out.stdout.splitlines()[0] == "t" and "Light Schr" in out.stdout
    refused = _cli("query", "MATCH (n) DETACH DELETE n", env_home=server_home, check=False)
    assert refused.returncode == 3 and "refused" in refused.stderr
    assert json.loads(_cli("stats", "--format", "json", env_home=server_home).stdout)["nodes"]["Paper"] == 74
    for fmt, name in (("graphml", "g.graphml"), ("json", "g.json"), ("csv", "csvdir")):
        _cli("export", "--format", fmt, str(tmp_path / name), env_home=server_home)
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 74
    assert json.loads((tmp_path / "g.json").read_text())["nodes"]
    assert (tmp_path / "csvdir" / "nodes.csv").read_text().startswith("aliases,") or (tmp_path / "csvdir" / "edges.csv").exists()


def test_cli_build_reports_bad_records_and_exit_status(empty_store, server_home):
    result = _cli("build", str(SMALL), "--quiet", env_home=server_home, check=False)
    assert result.returncode == 2, result.stderr
    assert "papers.jsonl:3" in result.stderr and "not valid JSON" in result.stderr
    assert "5 written" in result.stdout and "6 skipped" in result.stdout


@pytest.mark.integration
def test_entity_views_show_what_storing_every_choice_would(demo_store):
    """A build stores the choices of entities in MIN_PAPERS papers or more; a view chooses the
    others' now. Every view must equal the one read from every entity's choices."""
    from claimgraph.graph import links, reads

    ids = [r["id"] for r in demo_store.read("MATCH (p:Paper) RETURN p.id AS id")]
    rows = links._entities_of(demo_store, ids)
    every = links.strongest(rows)
    weight = {frozenset((a, l["other"])): l["papers"] for a, found in every.items() for l in found}
    papers: dict[tuple, set] = {}
    for r in rows:
        papers.setdefault((r["label"], r["key"]), set()).add(r["paper"])
    chosen = {((r["al"], r["a"]), (r["bl"], r["b"])) for r in demo_store.read(
        "MATCH (a)-[l:RELATED]->(b) RETURN labels(a)[0] AS al, a.key AS a, labels(b)[0] AS bl, b.key AS b")}
    assert 0 < len(chosen) < sum(map(len, every.values())) / 2
    assert chosen == {(a, l["other"]) for a, found in every.items() if len(papers[a]) >= links.MIN_PAPERS
                      for l in found}
    ranked = sorted(papers, key=lambda ref: (-len(papers[ref]), ref))
    for ref in ranked[:4] + ranked[len(ranked) // 2:len(ranked) // 2 + 4] + ranked[-4:]:
        view = reads.entity_links(demo_store, *ref)
        around = {b for pair in weight if ref in pair for b in pair if b != ref}
        assert {(n["label"], n["key"]) for n in view["nodes"]} == around, ref
        assert {l["b"]: l["papers"] for l in view["links"] if l["a"] == ref} == {
            b: weight[frozenset((ref, b))] for b in around}, ref
        assert {frozenset((l["a"], l["b"])) for l in view["links"]} == {
            pair for pair in weight if pair <= around | {ref}}, ref
