#!/usr/bin/env python3
"""Draw the third proposed-methods DEV set of 50 abstracts (stdlib only).

Command (run from anywhere):

    python3 data/dev/draw_proposed_dev3.py

Source: /work/shared/data/paperlists/paperlists_abstracts.jsonl.gz (one JSON object per line
with id, venue, year, title, abstract, ...).

Pool rule:
  * drop records whose abstract is missing or shorter than 400 characters after strip()
    (len(abstract.strip()) < 400);
  * drop every paper whose normalised title
        ''.join(c for c in title.lower() if c.isalnum())
    equals the normalised form of
      - any non-empty line of /work/shared/corpus/hf_papers_generalization.txt, or
      - the "title" field of any record of /work/shared/data/eval/pwc_proposed_dev.jsonl;
  * drop every paper whose "id" appears in any of
      data/test/test_abstracts.jsonl, data/dev/claims_dev_abstracts.jsonl,
      data/dev/claims_dev2_abstracts.jsonl
    (only the "id" field of those files is read; nothing else in them is used).

Draw: the remaining records are sorted by "id", then
    random.Random(20261208).sample(remaining, 50)
Seed: 20261208.

Output: data/dev/proposed_dev3_abstracts.jsonl, one JSON object per line with keys
id, venue, year, title, abstract, in draw order (the order returned by sample()).
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCE = Path("/work/shared/data/paperlists/paperlists_abstracts.jsonl.gz")
DEMO_CORPUS = Path("/work/shared/corpus/hf_papers_generalization.txt")
PWC_DEV = Path("/work/shared/data/eval/pwc_proposed_dev.jsonl")
ID_FILES = [
    REPO / "data/test/test_abstracts.jsonl",
    REPO / "data/dev/claims_dev_abstracts.jsonl",
    REPO / "data/dev/claims_dev2_abstracts.jsonl",
]
OUT = REPO / "data/dev/proposed_dev3_abstracts.jsonl"
SEED = 20261208
N = 50
MIN_ABSTRACT_CHARS = 400
KEYS = ("id", "venue", "year", "title", "abstract")


def norm(title: str) -> str:
    return "".join(c for c in (title or "").lower() if c.isalnum())


def excluded_titles() -> set[str]:
    titles: set[str] = set()
    for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            titles.add(norm(line))
    with PWC_DEV.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                titles.add(norm(json.loads(line).get("title") or ""))
    titles.discard("")
    return titles


def excluded_ids() -> set[str]:
    ids: set[str] = set()
    for path in ID_FILES:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    ids.add(json.loads(line)["id"])
    return ids


def draw() -> list[dict]:
    bad_titles = excluded_titles()
    bad_ids = excluded_ids()
    pool = []
    with gzip.open(SOURCE, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            abstract = rec.get("abstract")
            if not isinstance(abstract, str) or len(abstract.strip()) < MIN_ABSTRACT_CHARS:
                continue
            if norm(rec.get("title") or "") in bad_titles:
                continue
            if rec.get("id") in bad_ids:
                continue
            pool.append(rec)
    pool.sort(key=lambda r: r["id"])
    return random.Random(SEED).sample(pool, N)


def main() -> None:
    picked = draw()
    with OUT.open("w", encoding="utf-8") as fh:
        for rec in picked:
            fh.write(json.dumps({k: rec.get(k) for k in KEYS}, ensure_ascii=False) + "\n")
    print(f"wrote {len(picked)} records to {OUT}")


if __name__ == "__main__":
    main()
