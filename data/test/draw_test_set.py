#!/usr/bin/env python3
"""Draw the frozen ClaimGraph TEST set of 60 abstracts (stdlib only).

Command (run from anywhere):

    python3 data/test/draw_test_set.py

Source: ../shared/data/paperlists/paperlists_abstracts.jsonl.gz (one JSON object per line
with id, venue, year, title, abstract, ...).

Filtering:
  * drop papers whose abstract is missing/empty or shorter than 400 characters
    (len(abstract.strip()) < 400);
  * exclusion rule: drop every paper whose normalised title (lowercase, alphanumerics only,
    i.e. ''.join(c for c in title.lower() if c.isalnum())) equals the normalised form of
      - any non-empty line of ../shared/corpus/hf_papers_generalization.txt
        (this covers all 74 title lines of the demo corpus; page-chrome and abstract lines
        cannot collide with a real title),
      - the "title" field of any record in ../shared/data/eval/pwc_proposed_dev.jsonl,
      - the "title" field of any record in data/gold/entities.jsonl.

Draw: the remaining papers are sorted by "id", then
    random.Random(20261207).sample(remaining, 60)
Seed: 20261207.

Output: data/test/test_abstracts.jsonl, one JSON object per line with keys
id, venue, year, title, abstract, in draw order (the order returned by sample()).
"""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

SEED = 20261207
N = 60
MIN_ABSTRACT_CHARS = 400

PAPERLISTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "paperlists" / "paperlists_abstracts.jsonl.gz"
HF_CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "hf_papers_generalization.txt"
PWC_DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "eval" / "pwc_proposed_dev.jsonl"
GOLD_ENTITIES = Path(__file__).resolve().parents[2] / "data" / "gold" / "entities.jsonl"
OUT = Path(__file__).resolve().parent / "test_abstracts.jsonl"


def norm(title: str) -> str:
    return "".join(c for c in (title or "").lower() if c.isalnum())


def jsonl_titles(path: Path) -> set[str]:
    out = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.add(norm(json.loads(line).get("title", "")))
    return out


def excluded_titles() -> set[str]:
    excl = {norm(l) for l in HF_CORPUS.read_text(encoding="utf-8").split("\n") if l.strip()}
    excl |= jsonl_titles(PWC_DEV)
    excl |= jsonl_titles(GOLD_ENTITIES)
    excl.discard("")
    return excl


def main() -> None:
    excl = excluded_titles()
    kept = []
    n_total = n_short = n_excl = 0
    with gzip.open(PAPERLISTS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            n_total += 1
            abstract = rec.get("abstract") or ""
            if len(abstract.strip()) < MIN_ABSTRACT_CHARS:
                n_short += 1
                continue
            if norm(rec.get("title", "")) in excl:
                n_excl += 1
                continue
            kept.append(rec)
    kept.sort(key=lambda r: r["id"])
    drawn = random.Random(SEED).sample(kept, N)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in drawn:
            row = {k: r.get(k) for k in ("id", "venue", "year", "title", "abstract")}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"total={n_total} short_or_empty={n_short} excluded_by_title={n_excl} "
          f"pool={len(kept)} drawn={len(drawn)} seed={SEED} -> {OUT}")


if __name__ == "__main__":
    main()
