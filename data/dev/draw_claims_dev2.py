#!/usr/bin/env python3
"""Draw the SECOND ClaimGraph claims DEV set of 40 abstracts (stdlib only).

Command (run from anywhere):

    python3 data/dev/draw_claims_dev2.py

Source: ../shared/data/paperlists/paperlists_abstracts.jsonl.gz (one JSON object per line
with id, venue, year, title, abstract, ...).

Pool rule (the same as data/test/draw_test_set.py, plus one exclusion):
  * drop papers whose abstract is missing/empty or shorter than 400 characters
    (len(abstract.strip()) < 400);
  * drop every paper whose normalised title (lowercase, alphanumerics only) equals the
    normalised form of
      - any non-empty line of ../shared/corpus/hf_papers_generalization.txt (demo corpus),
      - the "title" field of any record in ../shared/data/eval/pwc_proposed_dev.jsonl,
      - the "title" field of any record in data/gold/entities.jsonl or data/gold/claims.jsonl;
  * drop every paper whose "id" is listed in data/test/test_abstracts.jsonl (the frozen test
    set). Only the "id" field of that file is read; nothing else in data/test/ is used;
  * drop every paper whose "id" is in data/dev/claims_dev_abstracts.jsonl (the first dev set).

Draw: the remaining papers are sorted by "id", then
    random.Random(20261231).sample(remaining, 40)
Seed: 20261231.

Output: data/dev/claims_dev_abstracts.jsonl, one JSON object per line with keys
id, venue, year, title, abstract, in draw order (the order returned by sample()).
"""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

SEED = 20261231
N = 40
MIN_ABSTRACT_CHARS = 400

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
PAPERLISTS = SHARED / "data" / "paperlists" / "paperlists_abstracts.jsonl.gz"
HF_CORPUS = SHARED / "corpus" / "hf_papers_generalization.txt"
PWC_DEV = SHARED / "data" / "eval" / "pwc_proposed_dev.jsonl"
GOLD_FILES = [REPO / "data" / "gold" / "entities.jsonl", REPO / "data" / "gold" / "claims.jsonl"]
TEST_ABSTRACTS = REPO / "data" / "test" / "test_abstracts.jsonl"
DEV1_ABSTRACTS = Path(__file__).resolve().parent / "claims_dev_abstracts.jsonl"
OUT = Path(__file__).resolve().parent / "claims_dev2_abstracts.jsonl"


def norm(title: str) -> str:
    return "".join(c for c in (title or "").lower() if c.isalnum())


def jsonl_field(path: Path, field: str) -> set[str]:
    out = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.add(json.loads(line).get(field) or "")
    return out


def excluded_titles() -> set[str]:
    excl = {norm(line) for line in HF_CORPUS.read_text(encoding="utf-8").split("\n") if line.strip()}
    for path in (PWC_DEV, *GOLD_FILES):
        excl |= {norm(t) for t in jsonl_field(path, "title")}
    excl.discard("")
    return excl


def main() -> None:
    excl = excluded_titles()
    test_ids = jsonl_field(TEST_ABSTRACTS, "id") - {""}
    dev1_ids = jsonl_field(DEV1_ABSTRACTS, "id") - {""}
    kept = []
    n_total = n_short = n_excl = n_test = n_dev1 = 0
    with gzip.open(PAPERLISTS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            n_total += 1
            if len((rec.get("abstract") or "").strip()) < MIN_ABSTRACT_CHARS:
                n_short += 1
                continue
            if norm(rec.get("title", "")) in excl:
                n_excl += 1
                continue
            if rec.get("id") in test_ids:
                n_test += 1
                continue
            if rec.get("id") in dev1_ids:
                n_dev1 += 1
                continue
            kept.append(rec)
    kept.sort(key=lambda r: r["id"])
    drawn = random.Random(SEED).sample(kept, N)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in drawn:
            row = {k: r.get(k) for k in ("id", "venue", "year", "title", "abstract")}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"total={n_total} short_or_empty={n_short} excluded_by_title={n_excl} excluded_test_ids={n_test} excluded_dev1_ids={n_dev1} "
          f"pool={len(kept)} drawn={len(drawn)} seed={SEED} -> {OUT}")


if __name__ == "__main__":
    main()
