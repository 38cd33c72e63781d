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
"""
from __future__ import annotations

import argparse
import gzip
import json
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


def _nodes() -> list[tuple[str, str, str]]:
    cypher = ("MATCH (e) WHERE labels(e)[0] IN $labels "
              "RETURN labels(e)[0] AS label, e.key AS key, e.name AS name")
    exe = Path(sys.executable).with_name("claimgraph")
    res = subprocess.run([str(exe), "query", cypher, "-p", f"labels={json.dumps(list(LABELS))}",
                          "--format", "json", "--limit", "10000000", "--timeout", "300"],
                         check=True, capture_output=True, text=True)
    rows = json.loads(res.stdout)
    return sorted({(r["label"], r["key"], r["name"]) for r in rows})


def sample(out: Path, n_all: int, n_label: int, seed: int) -> None:
    nodes = _nodes()
    rng = random.Random(seed)
    picked = [("random", *x) for x in rng.sample(nodes, min(n_all, len(nodes)))]
    for label in LABELS:
        of_label = [x for x in nodes if x[0] == label]
        picked += [("per-label", *x) for x in rng.sample(of_label, min(n_label, len(of_label)))]
    counts = {label: sum(1 for x in nodes if x[0] == label) for label in LABELS}
    with out.open("w", encoding="utf-8") as fh:
        fh.write(f"# nodes per label: {json.dumps(counts)}; seed {seed}\n")
        fh.write("sample\tlabel\tkey\tname\tjudgement\n")
        for row in picked:
            fh.write("\t".join(row) + "\t\n")
    print(f"{len(nodes)} entity nodes {counts}; wrote {len(picked)} rows -> {out}")


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
    args = parser.parse_args(argv)
    if args.cmd == "draw":
        draw(args.out, args.n, args.seed)
    else:
        sample(args.out, args.n_all, args.n_label, args.seed)


if __name__ == "__main__":
    main()
