"""Scale features on small inputs made here: resume after interruption, shard split and
merge, the JSON Lines round trip, neo4j-admin bulk files and Dask scale-out.

No test reads the paperlists corpus; the extractor runs without the learned SciERC
recogniser (`use_model=False`) to stay fast.
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from conftest import REPO, wipe

from claimgraph.graph import export
from claimgraph.graph.bulk import write_neo4j_admin
from claimgraph.orchestration import build as build_mod
from claimgraph.orchestration.build import (
    build,
    count_records,
    extract_only,
    in_shard,
    load,
    read_results,
    result_files,
    save_results,
)
from claimgraph.schema import (
    Claim,
    ClaimContext,
    ContextRole,
    Effect,
    Entity,
    EntityType,
    ExtractionResult,
    Mention,
    Paper,
    PaperRelation,
    RecordError,
    RelType,
)

METHODS = ["Sharpness Tuning", "Gradient Noise Injection", "Label Smoothing Plus", "Contrastive Warmup",
           "Sparse Mixup", "Robust Distillation"]
DATASETS = ["CIFAR-10", "ImageNet", "MNIST", "SVHN", "GSM8K"]
MODELS = ["ResNet-50", "BERT", "CLIP", "GPT-2", "ViT"]
TASKS = ["image classification", "domain generalization", "question answering", "speech recognition"]


def synthetic_papers(n: int, start: int = 0) -> list[dict]:
    """Abstracts with named methods, datasets, models, tasks and claims, all distinct per index."""
    papers = []
    for i in range(start, start + n):
        method = f"{METHODS[i % len(METHODS)]} {i}"
        short = f"ST{i}"
        data, model, task = DATASETS[i % len(DATASETS)], MODELS[i % len(MODELS)], TASKS[i % len(TASKS)]
        abstract = (f"We propose {method} ({short}), a novel method for {task}. "
                    f"{short} improves the accuracy of {model} on {data} and reduces the generalization gap. "
                    f"Experiments on {DATASETS[(i + 1) % len(DATASETS)]} show that {short} outperforms dropout "
                    f"and weight decay.")
        papers.append({"id": f"syn-{i:04d}", "title": f"{method}: better {task}", "abstract": abstract,
                       "year": 2020 + i % 5, "venue": "synthetic"})
    return papers


def write_jsonl(path: Path, rows: list[dict], *, extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r) for r in rows] + list(extra_lines)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return path


def graph_snapshot(store) -> dict:
    """Everything a user sees: nodes with their keys, names, counts, aliases; every edge."""
    nodes = store.read("MATCH (n) RETURN labels(n)[0] AS label, coalesce(n.key, n.id) AS key, n.name AS name, "
                       "n.paper_count AS papers, n.aliases AS aliases")
    edges = store.read("MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.key, a.id) AS a, "
                       "coalesce(b.key, b.id) AS b")
    return {
        "nodes": {(r["label"], r["key"]): (r["name"], r["papers"], tuple(sorted(r["aliases"] or [])))
                  for r in nodes},
        "edges": Counter((r["type"], r["a"], r["b"]) for r in edges),
        "counts": store.counts(),
    }


# ---------------------------------------------------------------------- JSON Lines round trip


def test_jsonl_round_trip_keeps_every_field(tmp_path):
    method = Entity(type=EntityType.METHOD, key="sharpness tuning", name="Sharpness Tuning", aliases=["ST", "ŝt"])
    target = Entity(type=EntityType.METRIC, key="generalization gap", name="generalization gap")
    dataset = Entity(type=EntityType.DATASET, key="cifar 10", name="CIFAR-10")
    paper = Paper(id="p1", title="Sharpness Tuning — ünïcode “quotes”", abstract="We propose Sharpness Tuning (ST).\n"
                  "ST reduces the generalization gap on CIFAR-10 by 3%.", year=2024, venue="v", url="http://x/1",
                  source="f.jsonl:1")
    result = ExtractionResult(
        paper=paper,
        mentions=[Mention(text="Sharpness Tuning", type=EntityType.METHOD, key="sharpness tuning", start=11, end=27,
                          sentence="We propose Sharpness Tuning (ST).", sentence_start=0, proposed=True,
                          extractor="cg_proposed", confidence=0.95)],
        relations=[PaperRelation(type=RelType.PROPOSES, entity=method, evidence="We propose Sharpness Tuning (ST).",
                                 start=11, end=27, starts=[11, 29], ends=[27, 31], extractor="cg_proposed",
                                 confidence=0.95)],
        claims=[Claim(id="c1", paper_id="p1", subject=method, effect=Effect.REDUCES, negated=False, hedged=True,
                      target=target, context=[ClaimContext(role=ContextRole.DATASET, entity=dataset)],
                      magnitude="3%", confidence=0.8, evidence="ST reduces the generalization gap on CIFAR-10 by 3%.",
                      start=34, end=86, extractor="cg_claims")],
        extractor_version="test-1",
    )
    path = tmp_path / "results.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        assert save_results([result, result.model_copy(update={"claims": []})], fh) == 2
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2   # one result per line, newlines escaped
    errors = []
    back = list(read_results(path, on_error=errors.append))
    assert errors == []
    assert back[0] == result and back[0].model_dump() == result.model_dump()
    assert back[1].claims == [] and back[1].paper == paper


def test_read_results_reports_a_bad_line_and_goes_on(tmp_path):
    good = ExtractionResult(paper=Paper(id="p", title="t", abstract="a"), extractor_version="v")
    path = tmp_path / "r.jsonl"
    path.write_text(good.model_dump_json() + "\n{\"paper\": 3}\n\n" + good.model_dump_json() + "\n", encoding="utf-8")
    errors = []
    assert len(list(read_results(path, on_error=errors.append))) == 2
    assert [e.source for e in errors] == [f"{path}:2"]


def test_result_files_expands_folders(tmp_path):
    for name in ("shard-1-of-2.jsonl", "shard-0-of-2.jsonl", "notes.txt"):
        (tmp_path / name).write_text("")
    single = tmp_path.parent / f"{tmp_path.name}-single.jsonl"
    assert result_files([tmp_path, single]) == [tmp_path / "shard-0-of-2.jsonl", tmp_path / "shard-1-of-2.jsonl",
                                                single]


# ---------------------------------------------------------------------- counting and sharding


def test_count_records_is_a_line_count_that_matches_the_reader(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl.gz", synthetic_papers(7), extra_lines=["", "{not json", "   ", "[1]"])
    records = list(build_mod.read_corpus([path]))
    assert count_records([path]) == len(records) == 9     # 7 papers + 2 bad lines; blank lines are not records
    assert sum(isinstance(r, RecordError) for r in records) == 2


def test_shards_partition_any_ids():
    ids = [f"paper-{i}" for i in range(2000)]
    for n in (1, 2, 3, 7):
        owners = [[i for i in range(n) if in_shard(pid, (i, n))] for pid in ids]
        assert all(len(o) == 1 for o in owners)               # every id in exactly one shard
        sizes = Counter(o[0] for o in owners)
        assert len(sizes) == n and min(sizes.values()) > len(ids) / n * 0.8   # roughly even


def test_extract_shards_union_is_the_corpus_without_overlap(tmp_path):
    rows = synthetic_papers(12)
    corpus = write_jsonl(tmp_path / "c.jsonl", rows, extra_lines=["{broken", json.dumps({"title": "no abstract"})])
    seen, errors = [], []
    for i in range(3):
        ids = [r.paper.id for r in extract_only([corpus], use_model=False, shard=(i, 3), on_error=errors.append)]
        assert ids == sorted(ids, key=lambda x: int(x.split("-")[1]))   # corpus order kept within a shard
        seen.append(set(ids))
    assert set().union(*seen) == {r["id"] for r in rows}
    assert sum(len(s) for s in seen) == len(rows)            # no overlap
    assert sorted(e.source for e in errors) == [f"{corpus}:13", f"{corpus}:14"]   # each bad record once, not 3 times


def test_extract_command_counts_bad_records_on_its_bar_and_names_them(tmp_path):
    from click.testing import CliRunner

    from claimgraph.ui.cli import main

    corpus = write_jsonl(tmp_path / "c.jsonl", synthetic_papers(6), extra_lines=["{broken"])
    out = tmp_path / "results.jsonl"
    result = CliRunner().invoke(main, ["extract", str(corpus), "--out", str(out), "--no-model"])
    assert result.exit_code == 2                             # something was skipped
    assert f"skipped {corpus}:7: not valid JSON" in result.output
    assert "7/7" in result.output                            # the bar's total, reached with the bad record
    assert "Wrote 6 results" in result.output and len(out.read_text().splitlines()) == 6


# ---------------------------------------------------------------------- store: merge, resume

@pytest.fixture(scope="module")
def corpus_40(tmp_path_factory):
    return write_jsonl(tmp_path_factory.mktemp("scale") / "corpus.jsonl", synthetic_papers(40))


@pytest.mark.integration
def test_loading_shards_in_any_order_equals_a_single_build(empty_store, corpus_40, tmp_path):
    from claimgraph.orchestration.build import DEMO_CORPUS

    corpus = [DEMO_CORPUS, corpus_40]       # real abstracts too: acronyms, shared entities, claims
    shards = []
    for i in range(3):
        path = tmp_path / f"shard-{i}-of-3.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            save_results(extract_only(corpus, use_model=False, shard=(i, 3)), fh)
        shards.append(path)
    build(corpus, empty_store, use_model=False)
    single = graph_snapshot(empty_store)
    assert single["counts"][0]["Paper"] == 74 + 40
    for order in ([0, 1, 2], [2, 0, 1]):
        wipe(empty_store)
        summary = load([shards[i] for i in order], empty_store)
        assert summary.papers_written == 114
        assert graph_snapshot(empty_store) == single, f"shard order {order}"
    wipe(empty_store)
    load([tmp_path], empty_store)           # a folder of shard files
    assert graph_snapshot(empty_store) == single
    again = load([tmp_path], empty_store)   # idempotent
    assert again.papers_written == 0 and again.papers_unchanged == 114


class _Interrupted(Exception):
    pass


@pytest.mark.integration
def test_interrupted_build_resumes_where_it_stopped(empty_store, corpus_40, monkeypatch):
    import claimgraph.graph.store as store_mod

    store = empty_store
    original_merge = store_mod.merge_batch
    batches = []

    def failing_merge(tx, batch):
        """The third batch fails inside its transaction, after its statements ran."""
        original_merge(tx, batch)
        batches.append(1)
        if len(batches) == 3:
            raise _Interrupted("power cut")

    monkeypatch.setattr(store_mod, "merge_batch", failing_merge)
    with pytest.raises(_Interrupted):
        build([corpus_40], store, batch_size=8, use_model=False)
    monkeypatch.setattr(store_mod, "merge_batch", original_merge)
    stored = {r["id"] for r in store.read("MATCH (p:Paper) RETURN p.id AS id")}
    assert len(stored) == 16                # two whole batches; the third was rolled back, not half-written

    extracted = []
    real_extractor = build_mod.Extractor

    class CountingExtractor(real_extractor):
        def extract(self, papers, **kw):
            for result in super().extract(papers, **kw):
                extracted.append(result.paper.id)
                yield result

    monkeypatch.setattr(build_mod, "Extractor", CountingExtractor)
    summary = build([corpus_40], store, batch_size=8, use_model=False)
    everything = {r["id"] for r in synthetic_papers(40)}
    assert set(extracted) == everything - stored and len(extracted) == 24   # only the remaining papers
    assert summary.papers_unchanged == 16 and summary.papers_written == 24
    resumed = graph_snapshot(store)

    wipe(store)
    build([corpus_40], store, batch_size=8, use_model=False)
    assert resumed == graph_snapshot(store)   # the same graph as a clean build


@pytest.mark.integration
def test_killed_cli_build_resumes_without_redoing_papers(empty_store, server_home, tmp_path):
    """`claimgraph build` killed with SIGKILL mid-run, then run again."""
    total = 160
    corpus = write_jsonl(tmp_path / "kill.jsonl", synthetic_papers(total))
    env = {**os.environ, "CLAIMGRAPH_HOME": str(server_home)}
    env.pop("NEO4J_URI", None)
    cmd = [sys.executable, "-m", "claimgraph.ui.cli", "build", str(corpus), "--batch-size", "2", "--no-model", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    count = lambda: empty_store.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"]   # noqa: E731
    deadline = time.monotonic() + 240
    try:
        while count() < 6:
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "the build wrote nothing in time"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    time.sleep(0.5)                            # the server notices the dropped connection and rolls back
    done_before = count()
    assert 6 <= done_before < total, "the build finished before it could be interrupted"
    assert done_before % 2 == 0               # whole batches only

    rerun = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - done_before} written, {done_before} unchanged" in rerun.stdout
    assert count() == total


# ---------------------------------------------------------------------- neo4j-admin bulk files


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


def _toy_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("p1", id="p1", label="Paper", name="A paper", title="A paper", year=2024, abstract="line one\nline two",
               content_hash="h")
    g.add_node("p2", id="p2", label="Paper", name="B, \"quoted\"", title="B, \"quoted\"", year=2023)
    g.add_node("m1", id="m1", label="Method", name="SAM", key="sam", type="Method", paper_count=2,
               aliases=json.dumps(["sharpness-aware minimization", "SAM; variant"]))
    g.add_node("d1", id="d1", label="Dataset", name="CIFAR-10", key="cifar 10", type="Dataset", paper_count=1,
               aliases="[]")
    g.add_node("c1", id="c1", label="Claim", name="SAM improves accuracy", effect="improves", negated=False,
               hedged=True, confidence=0.9, evidence="SAM improves accuracy.")
    g.add_edge("p1", "m1", type="PROPOSES", paper_id="p1", starts=json.dumps([3, 40]), ends=json.dumps([6, 43]),
               confidence=0.95, evidence="We propose SAM.")
    g.add_edge("p2", "m1", type="USES", paper_id="p2", starts="[1]", ends="[4]", confidence=1)
    g.add_edge("p2", "d1", type="EVALUATES_ON", paper_id="p2", starts="[9]", ends="[17]", confidence=0.5)
    g.add_edge("p1", "c1", type="MAKES", paper_id="p1")
    g.add_edge("c1", "m1", type="SUBJECT", role="subject", paper_id="p1")
    return g


def test_neo4j_admin_headers_types_and_command(tmp_path):
    files = write_neo4j_admin(_toy_graph(), tmp_path / "bulk")
    names = sorted(p.name for p in files)
    assert names == ["import.sh", "nodes-Claim.csv", "nodes-Dataset.csv", "nodes-Method.csv", "nodes-Paper.csv",
                     "relationships-EVALUATES_ON.csv", "relationships-MAKES.csv", "relationships-PROPOSES.csv",
                     "relationships-SUBJECT.csv", "relationships-USES.csv", "schema.cypher"]
    bulk = tmp_path / "bulk"
    header, rows = _read_csv(bulk / "nodes-Paper.csv")
    assert header == ["id:ID", ":LABEL", "abstract:string", "content_hash:string", "name:string", "title:string",
                      "year:long"]
    assert rows[0]["abstract:string"] == "line one\nline two" and rows[1]["title:string"] == 'B, "quoted"'
    header, rows = _read_csv(bulk / "nodes-Method.csv")
    assert header == ["id:ID", ":LABEL", "aliases:string[]", "key:string", "name:string", "paper_count:long",
                      "type:string"]
    # an alias holds ';', so the array delimiter moves to '|'
    assert rows[0]["aliases:string[]"] == "sharpness-aware minimization|SAM; variant"
    header, rows = _read_csv(bulk / "nodes-Claim.csv")
    assert header == ["id:ID", ":LABEL", "confidence:double", "effect:string", "evidence:string", "hedged:boolean",
                      "name:string", "negated:boolean"]
    assert rows[0]["hedged:boolean"] == "true" and rows[0]["negated:boolean"] == "false"
    header, rows = _read_csv(bulk / "relationships-PROPOSES.csv")
    assert header == [":START_ID", ":END_ID", ":TYPE", "confidence:double", "ends:long[]", "evidence:string",
                      "paper_id:string", "starts:long[]"]
    assert rows[0]["starts:long[]"] == "3|40" and rows[0][":TYPE"] == "PROPOSES"
    assert _read_csv(bulk / "relationships-USES.csv")[0][3] == "confidence:long"
    assert _read_csv(bulk / "nodes-Dataset.csv")[1][0]["aliases:string[]"] == ""   # empty arrays are not imported

    script = (bulk / "import.sh").read_text()
    assert "database import full" in script and "--array-delimiter='|'" in script
    assert "--multiline-fields=true" in script           # the abstract has a line break
    for name in names:
        if name.endswith(".csv"):
            flag = "--nodes=" if name.startswith("nodes") else "--relationships="
            assert f"{flag}{name}" in script
    assert "CREATE CONSTRAINT paper_id IF NOT EXISTS" in (bulk / "schema.cypher").read_text()
    subprocess.run(["sh", "-n", str(bulk / "import.sh")], check=True)   # valid shell


def test_neo4j_admin_quotes_a_lone_carriage_return(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("p1", id="p1", label="Paper", title="before\rafter", year=1)
    g.add_node("p2", id="p2", label="Paper", title="plain", year=2)
    write_neo4j_admin(g, tmp_path)
    header, rows = _read_csv(tmp_path / "nodes-Paper.csv")   # unquoted, "\r" would end the row
    assert [(r["id:ID"], r["title:string"], r["year:long"]) for r in rows] == [("p1", "before\rafter", "1"),
                                                                             ("p2", "plain", "2")]
    assert "--multiline-fields=true" in (tmp_path / "import.sh").read_text()


def _check_endpoints(folder: Path, graph: nx.MultiDiGraph) -> None:
    ids, labels = set(), Counter()
    for path in folder.glob("nodes-*.csv"):
        header, rows = _read_csv(path)
        assert header[:2] == ["id:ID", ":LABEL"]
        ids.update(r["id:ID"] for r in rows)
        labels.update(r[":LABEL"] for r in rows)
    assert len(ids) == graph.number_of_nodes()            # ids are unique across every label
    edges = 0
    for path in folder.glob("relationships-*.csv"):
        header, rows = _read_csv(path)
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        assert {r[":TYPE"] for r in rows} == {path.stem.removeprefix("relationships-")}
        for r in rows:
            assert r[":START_ID"] in ids and r[":END_ID"] in ids
        edges += len(rows)
    assert edges == graph.number_of_edges()
    assert labels == Counter(a["label"] for _, a in graph.nodes(data=True))


def test_neo4j_admin_every_endpoint_is_a_node(tmp_path):
    graph = _toy_graph()
    write_neo4j_admin(graph, tmp_path)
    _check_endpoints(tmp_path, graph)


@pytest.mark.integration
def test_neo4j_admin_export_of_a_built_graph(empty_store, corpus_40, server_home, tmp_path):
    """From networkx and streamed from the store (the CLI's path): the same files."""
    from claimgraph.graph.bulk import write_neo4j_admin_from_store

    build([corpus_40], empty_store, use_model=False)
    graph = export.to_networkx(empty_store.all_nodes(), empty_store.all_edges())
    write_neo4j_admin(graph, tmp_path / "py")
    _check_endpoints(tmp_path / "py", graph)
    header, _ = _read_csv(tmp_path / "py" / "nodes-Paper.csv")
    assert "year:long" in header and "title:string" in header
    assert "aliases:string[]" in _read_csv(tmp_path / "py" / "nodes-Method.csv")[0]
    write_neo4j_admin_from_store(empty_store, tmp_path / "streamed")
    env = {**os.environ, "CLAIMGRAPH_HOME": str(server_home)}
    env.pop("NEO4J_URI", None)
    result = subprocess.run([sys.executable, "-m", "claimgraph.ui.cli", "export", "--format", "neo4j-admin", str(tmp_path / "cli")],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    index = ["nodes-TitleWord.csv", "relationships-IN_TITLE.csv"]   # only the store knows the title index
    for other in ("streamed", "cli"):
        names = sorted(p.name for p in (tmp_path / other).iterdir() if p.name not in index)
        assert names == sorted(p.name for p in (tmp_path / "py").iterdir())
        words, paper_ids = _read_csv(tmp_path / other / index[0]), _read_csv(tmp_path / other / "nodes-Paper.csv")[1]
        assert words[0] == ["id:ID", ":LABEL", "word:string"]
        word_ids = {r["id:ID"] for r in words[1]}
        links = _read_csv(tmp_path / other / index[1])[1]
        assert links and {r[":START_ID"] for r in links} <= word_ids
        assert {r[":END_ID"] for r in links} <= {r["id:ID"] for r in paper_ids}
        for name in names:
            if name.endswith(".csv"):
                h1, rows1 = _read_csv(tmp_path / "py" / name)
                h2, rows2 = _read_csv(tmp_path / other / name)
                assert h1 == h2, name
                assert sorted(map(lambda r: sorted(r.items()), rows1)) == sorted(map(lambda r: sorted(r.items()), rows2))
            else:   # import.sh also names the index files
                text = (tmp_path / other / name).read_text()
                assert all(f in text for f in index) or not name.endswith(".sh")
                kept = "".join(line for line in text.splitlines(keepends=True) if not any(f in line for f in index))
                assert (tmp_path / "py" / name).read_text() == kept


# ---------------------------------------------------------------------- Dask


def test_dask_local_cluster_extracts_every_shard_once(tmp_path):
    distributed = pytest.importorskip("distributed")
    from claimgraph.orchestration.distributed import extract_with_dask, shard_path

    rows = synthetic_papers(10)
    corpus = write_jsonl(tmp_path / "c.jsonl", rows, extra_lines=["{bad"])
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        reports = extract_with_dask([corpus], out, 3, client, use_model=False)
        assert [r.index for r in reports] == [0, 1, 2] and not any(r.skipped for r in reports)
        files = sorted(out.iterdir())
        assert files == [shard_path(out, i, 3) for i in range(3)]      # no .part files left behind
        ids = []
        for path in files:
            ids += [r.paper.id for r in read_results(path, on_error=pytest.fail)]
        assert sorted(ids) == sorted(r["id"] for r in rows)            # every paper once
        assert sum(r.papers for r in reports) == 10
        assert [e.source for r in reports for e in r.errors] == [f"{corpus}:11"]   # the bad line, once
        shard_path(out, 1, 3).unlink()
        again = extract_with_dask([corpus], out, 3, client, use_model=False)   # rerun: only the missing shard
        assert [r.skipped for r in again] == [True, False, True]
        assert sum(r.papers for r in again) == 10


# ---------------------------------------------------------------------- display names


NAME_CASES = [
    (["Performance", "performance"], "performance"),
    (["imagenet", "Imagenet", "ImageNet"], "ImageNet"),
    (["large language models", "Large language model", "large language model"], "large language model"),
    (["cifar-10", "CIFAR-10"], "CIFAR-10"),
    (["Neural Network", "neural network", "Neural network"], "neural network"),
    (["TRansformer", "Transformer"], "Transformer"), (["DEtection TRansformer", "Detection Transformer"], "Detection Transformer"),
]
# PDF-broken spellings joined to the key elsewhere: the name that is its own key wins (92k graph:
# "robustness", 3,841 papers, was shown as "ro bustness"; "generalization" as "gen- eralization").
BROKEN_CASES = [
    (["ro bustness", "Robustness", "robustness"], "robustness", "robustness"),
    (["gen- eralization", "generalization", "Generalization"], "generalization", "generalization"),
    (["ker- nels", "kernels"], "kernel", "kernels"),
    (["CIFAR10", "CIFAR-10", "cifar-10"], "cifar10", "CIFAR-10"),     # digits join in every key: no change
]


def test_name_order_picks_natural_spellings():
    from claimgraph.graph.store import name_order, name_rank
    from claimgraph.schema.keys import normalize_key

    for names, expected in NAME_CASES:
        assert min(names, key=name_order) == expected
        assert min(names, key=lambda n: name_rank(n, normalize_key(expected))) == expected
    for names, key, expected in BROKEN_CASES:
        assert min(names, key=lambda n: name_rank(n, key)) == expected


@pytest.mark.integration
def test_store_picks_the_same_name_whatever_the_write_order(empty_store):
    from itertools import permutations

    from claimgraph.graph import cypher
    from claimgraph.schema.keys import normalize_key

    cases = [(names, normalize_key(expected), expected) for names, expected in NAME_CASES] + BROKEN_CASES
    for names, key, expected in cases:
        for order in permutations(names):
            for name in order:   # one statement per name: the ON MATCH rule decides
                row = {"key": key, "id": key, "name": name, "type": "Method", "aliases": [name],
                       "natural": normalize_key(name) == key}
                empty_store._write(lambda tx, row=row: tx.run(cypher.merge_entities("Method"), rows=[row]).consume())
            got = empty_store.read("MATCH (e:Method {key: $k}) RETURN e.name AS n", k=key)[0]["n"]
            assert got == expected, (order, got)
            empty_store._write(lambda tx, key=key: tx.run("MATCH (e:Method {key: $k}) DETACH DELETE e", k=key).consume())
