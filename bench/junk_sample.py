"""Junk-rate check for entity hygiene (docs/extraction.md, "Entity hygiene").

Two steps, both deterministic:

    # 1. draw 400 paperlists papers (seed 20261208), excluding the frozen test set
    #    (data/test/test_abstracts.jsonl), the PwC proposal dev set
    #    (../shared/data/eval/pwc_proposed_dev.jsonl), the gold/demo titles and abstracts < 400 chars
    python -m bench.junk_sample draw --out /tmp/cg400_papers.jsonl
    CLAIMGRAPH_HOME=/tmp/cg400 claimgraph build /tmp/cg400_papers.jsonl
    # 2. sample entity nodes to judge by hand: 100 at random over all entity labels plus 20
    #    per label (Method, Model, Dataset, Task, Metric, Concept), seed 20261209
    CLAIMGRAPH_HOME=/tmp/cg400 python -m bench.junk_sample sample --out /tmp/cg400_sample.tsv

The sample reads the graph through `claimgraph query` (read-only Cypher), sorts the
nodes by label and key, and draws with `random.Random(seed)`, so the same graph gives the
same sample.

A blind judging sheet for someone who did not write the rules: the same draw per graph,
one row per node with its label, display name and one evidence sentence (the sentence of
an extraction edge or claim, else the paper title), nothing saying which graph a row came
from; with several graphs (before / after) their rows are pooled, deduplicated by label
and name, and shuffled. The key file, kept apart from the sheet, maps rows back to graphs:

    python -m bench.junk_sample sheet --home /tmp/cg400_before --home /tmp/cg400_after \
        --seed 20261209 --out /tmp/sheet.tsv --key /tmp/sheet_key.tsv
    # the judge fills the judgement column with junk or ok; then, per graph:
    python -m bench.junk_sample score --sheet /tmp/sheet.tsv --key /tmp/sheet_key.tsv
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")
PAPERLISTS = SHARED / "paperlists" / "paperlists_abstracts.jsonl.gz"
EXCLUDE = [ROOT / "data" / "test" / "test_abstracts.jsonl", SHARED / "eval" / "pwc_proposed_dev.jsonl",
           ROOT / "data" / "gold" / "entities.jsonl"]
DRAW_SEED, SAMPLE_SEED = 20261208, 20261209
LABELS = ("Method", "Model", "Dataset", "Task", "Metric", "Concept")


def norm(title: str) -> str:
    return "".join(c for c in (title or "").lower() if c.isalnum())


def draw(out: Path, n: int, seed: int) -> None:
    excluded = set()
    for path in EXCLUDE:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                excluded.add(norm(json.loads(line).get("title", "")))
    pool = []
    with gzip.open(PAPERLISTS, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if len((rec.get("abstract") or "").strip()) >= 400 and norm(rec.get("title", "")) not in excluded:
                pool.append(rec)
    pool.sort(key=lambda r: r["id"])
    drawn = random.Random(seed).sample(pool, n)
    with out.open("w", encoding="utf-8") as fh:
        for r in drawn:
            fh.write(json.dumps({k: r.get(k) for k in ("id", "venue", "year", "title", "abstract")},
                                ensure_ascii=False) + "\n")
    print(f"pool={len(pool)} drawn={n} seed={seed} -> {out}")


def _query(cypher: str, home: str | None = None) -> list[dict]:
    exe = Path(sys.executable).with_name("claimgraph")
    env = dict(os.environ, CLAIMGRAPH_HOME=home) if home else None
    res = subprocess.run([str(exe), "query", cypher, "-p", f"labels={json.dumps(list(LABELS))}",
                          "--format", "json", "--limit", "10000000", "--timeout", "300"],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(res.stdout)


def _nodes(home: str | None = None) -> list[tuple[str, str, str]]:
    rows = _query("MATCH (e) WHERE labels(e)[0] IN $labels "
                  "RETURN labels(e)[0] AS label, e.key AS key, e.name AS name", home)
    return sorted({(r["label"], r["key"], r["name"]) for r in rows})


def _evidence(home: str | None = None) -> dict[tuple[str, str], str]:
    """(label, key) -> one sentence that mentions it: the first paper's (by id) extraction edge,
    else a claim naming it, else the paper title."""
    found: dict[tuple[str, str], tuple[int, str, str]] = {}
    queries = [
        (0, "MATCH (p:Paper)-[r]->(e) WHERE labels(e)[0] IN $labels AND r.evidence IS NOT NULL "
            "RETURN labels(e)[0] AS label, e.key AS key, p.id AS pid, r.evidence AS text"),
        (1, "MATCH (p:Paper)-[:MAKES]->(c:Claim)-[]->(e) WHERE labels(e)[0] IN $labels "
            "RETURN labels(e)[0] AS label, e.key AS key, p.id AS pid, c.evidence AS text"),
        (2, "MATCH (p:Paper)-[]-(e) WHERE labels(e)[0] IN $labels "
            "RETURN labels(e)[0] AS label, e.key AS key, p.id AS pid, 'Title: ' + p.title AS text"),
    ]
    for rank, cypher in queries:
        for r in _query(cypher, home):
            if not r.get("text"):
                continue
            k, v = (r["label"], r["key"]), (rank, r["pid"] or "", " ".join(r["text"].split()))
            if k not in found or v < found[k]:
                found[k] = v
    return {k: v[2] for k, v in found.items()}


def _draw_nodes(nodes: list[tuple[str, str, str]], n_all: int, n_label: int,
                seed: int) -> list[tuple[str, str, str, str]]:
    rng = random.Random(seed)
    picked = [("random", *x) for x in rng.sample(nodes, min(n_all, len(nodes)))]
    for label in LABELS:
        of_label = [x for x in nodes if x[0] == label]
        picked += [("per-label", *x) for x in rng.sample(of_label, min(n_label, len(of_label)))]
    return picked


def sample(out: Path, n_all: int, n_label: int, seed: int) -> None:
    nodes = _nodes()
    picked = _draw_nodes(nodes, n_all, n_label, seed)
    counts = {label: sum(1 for x in nodes if x[0] == label) for label in LABELS}
    with out.open("w", encoding="utf-8") as fh:
        fh.write(f"# nodes per label: {json.dumps(counts)}; seed {seed}\n")
        fh.write("sample\tlabel\tkey\tname\tjudgement\n")
        for row in picked:
            fh.write("\t".join(row) + "\t\n")
    print(f"{len(nodes)} entity nodes {counts}; wrote {len(picked)} rows -> {out}")


def sheet(homes: list[str], out: Path, key_out: Path, n_all: int, n_label: int, seed: int) -> None:
    """A blind judging sheet over one or more graphs (see the module docstring)."""
    rows: dict[tuple[str, str], dict] = {}          # (label, name) -> row
    for home in homes:
        nodes = _nodes(home)
        evidence = _evidence(home)
        for kind, label, key, name in _draw_nodes(nodes, n_all, n_label, seed):
            row = rows.setdefault((label, name), {"label": label, "name": name, "evidence": "", "uses": []})
            row["evidence"] = row["evidence"] or evidence.get((label, key), "")
            row["uses"].append((home, kind, key))
    order = sorted(rows)
    random.Random(seed).shuffle(order)
    with out.open("w", encoding="utf-8") as fh, key_out.open("w", encoding="utf-8") as kh:
        fh.write("# judgement: junk (adverb, fragment, bare generic word, measurement debris, wrong type for "
                 "the label, two things in one node) or ok\n")
        fh.write("n\tlabel\tname\tevidence\tjudgement\n")
        kh.write("n\thome\tsample\tlabel\tkey\n")
        for n, k in enumerate(order, 1):
            row = rows[k]
            clean = [" ".join(str(x).split()) for x in (row["label"], row["name"], row["evidence"])]
            fh.write(f"{n}\t" + "\t".join(clean) + "\t\n")
            for home, kind, key in row["uses"]:
                kh.write(f"{n}\t{home}\t{kind}\t{row['label']}\t{key}\n")
    print(f"{len(order)} rows from {len(homes)} graph(s) -> {out} (key: {key_out})")


def score(sheet_path: Path, key_path: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """Per graph: junk / judged over the random rows ("all") and, per label, over every row of it."""
    verdict: dict[str, str] = {}
    for line in sheet_path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or cells[0] == "n" or len(cells) < 5:
            continue
        judged = cells[4].strip().lower().split(" - ")[0].strip()   # "junk - fragment": a reason may follow
        if judged in ("junk", "ok"):
            verdict[cells[0]] = judged
    tally: dict[str, dict[str, list[int]]] = {}
    for line in key_path.read_text(encoding="utf-8").splitlines()[1:]:
        n, home, kind, label, _key = line.split("\t")
        if n not in verdict:
            continue
        t = tally.setdefault(home, {})
        junk = int(verdict[n] == "junk")
        for group in ([label, "all"] if kind == "random" else [label]):
            t.setdefault(group, [0, 0])
            t[group][0] += junk
            t[group][1] += 1
    result = {home: {g: (v[0], v[1]) for g, v in t.items()} for home, t in tally.items()}
    for home, t in result.items():
        print(home)
        for group in ("all", *LABELS):
            if group in t:
                j, n = t[group]
                print(f"  {group:<8} {j:3d}/{n:<3d} junk = {j / n:.2f}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--n", type=int, default=400)
    d.add_argument("--seed", type=int, default=DRAW_SEED)
    s = sub.add_parser("sample")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--n-all", type=int, default=100)
    s.add_argument("--n-label", type=int, default=20)
    s.add_argument("--seed", type=int, default=SAMPLE_SEED)
    b = sub.add_parser("sheet", help="a blind judging sheet over one or more graphs")
    b.add_argument("--home", action="append", required=True, help="a CLAIMGRAPH_HOME (repeat for several)")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--key", type=Path, required=True, help="where rows map back to graphs; keep it from the judge")
    b.add_argument("--n-all", type=int, default=100)
    b.add_argument("--n-label", type=int, default=20)
    b.add_argument("--seed", type=int, default=SAMPLE_SEED)
    c = sub.add_parser("score", help="junk rates per graph from a judged sheet")
    c.add_argument("--sheet", type=Path, required=True)
    c.add_argument("--key", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.cmd == "draw":
        draw(args.out, args.n, args.seed)
    elif args.cmd == "sample":
        sample(args.out, args.n_all, args.n_label, args.seed)
    elif args.cmd == "sheet":
        sheet(args.home, args.out, args.key, args.n_all, args.n_label, args.seed)
    else:
        score(args.sheet, args.key)


if __name__ == "__main__":
    main()
