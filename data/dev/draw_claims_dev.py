#!/usr/bin/env python3
"""Draw the ClaimGraph claims DEV set of 40 abstracts (stdlib only).

Command (run from anywhere):

    python3 data/dev/draw_claims_dev.py

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
    set). Only the "id" field of that file is read; nothing else in data/test/ is used.

Draw: the remaining papers are sorted by "id", then
    random.Random(20261210).sample(remaining, 40)
Seed: 20261210.

Output: data/dev/claims_dev_abstracts.jsonl, one JSON object per line with keys
id, venue, year, title, abstract, in draw order (the order returned by sample()).
"""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

SEED = 20261210
N = 40
MIN_ABSTRACT_CHARS = 400

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
PAPERLISTS = SHARED / "data" / "paperlists" / "paperlists_abstracts.jsonl.gz"
HF_CORPUS = SHARED / "corpus" / "hf_papers_generalization.txt"
PWC_DEV = SHARED / "data" / "eval" / "pwc_proposed_dev.jsonl"
GOLD_FILES = [REPO / "data" / "gold" / "entities.jsonl", REPO / "data" / "gold" / "claims.jsonl"]
TEST_ABSTRACTS = REPO / "data" / "test" / "test_abstracts.jsonl"
OUT = Path(__file__).resolve().parent / "claims_dev_abstracts.jsonl"


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


def draw(seed: int, out: Path, excluded_ids: dict[str, Path]) -> None:
    """Draw N abstracts of the pool with `seed` into `out`; `excluded_ids` names files whose
    "id" fields leave the pool (only that field is read)."""
    excl = excluded_titles()
    ids = {name: jsonl_field(path, "id") - {""} for name, path in excluded_ids.items()}
    kept = []
    n_total = n_short = n_excl = 0
    n_ids = dict.fromkeys(ids, 0)
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
            hit = next((name for name, found in ids.items() if rec.get("id") in found), None)
            if hit:
                n_ids[hit] += 1
                continue
            kept.append(rec)
    kept.sort(key=lambda r: r["id"])
    drawn = random.Random(seed).sample(kept, N)
    with out.open("w", encoding="utf-8") as fh:
        for r in drawn:
            row = {k: r.get(k) for k in ("id", "venue", "year", "title", "abstract")}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    by_ids = " ".join(f"excluded_{name}_ids={n}" for name, n in n_ids.items())
    print(f"total={n_total} short_or_empty={n_short} excluded_by_title={n_excl} {by_ids} "
          f"pool={len(kept)} drawn={len(drawn)} seed={seed} -> {out}")


def main() -> None:
    draw(SEED, OUT, {"test": TEST_ABSTRACTS})


if __name__ == "__main__":
    main()
