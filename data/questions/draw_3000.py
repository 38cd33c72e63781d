#!/usr/bin/env python3
"""Draw the 3,000-paper paperlists subset used by the frozen ClaimGraph question set.

Procedure (stdlib only, deterministic):
  1. read every record of ../shared/data/paperlists/paperlists_abstracts.jsonl.gz
     (fields: id, venue, year, title, abstract);
  2. sort the records by "id" (plain string order);
  3. draw 3,000 records with random.Random(3000).sample(sorted_records, 3000)
     (seed 3000; the draw order is kept);
  4. write the drawn ids, one per line in draw order, to graph3000_ids.txt and the
     drawn papers (id, title, abstract, year, venue) to graph3000.jsonl, one JSON
     object per line in the same order, both beside this script.

Seed: 3000.  Command (from anywhere):

    python3 data/questions/draw_3000.py

Optional arguments: --src PATH (input jsonl.gz), --out DIR (output folder), --n N, --seed S.
"""
import argparse
import gzip
import json
import os
import random
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = str(Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "paperlists" / "paperlists_abstracts.jsonl.gz")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=SRC)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=3000)
    a = ap.parse_args()

    papers = []
    with gzip.open(a.src, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                papers.append(json.loads(line))
    papers.sort(key=lambda p: p["id"])
    drawn = random.Random(a.seed).sample(papers, a.n)

    with open(os.path.join(a.out, "graph3000_ids.txt"), "w", encoding="utf-8") as f:
        for p in drawn:
            f.write(p["id"] + "\n")
    with open(os.path.join(a.out, "graph3000.jsonl"), "w", encoding="utf-8") as f:
        for p in drawn:
            rec = {k: p.get(k) for k in ("id", "title", "abstract", "year", "venue")}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(papers)} papers read, {len(drawn)} drawn with seed {a.seed} -> {a.out}")


if __name__ == "__main__":
    main()
