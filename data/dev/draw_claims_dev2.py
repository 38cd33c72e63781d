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

Output: data/dev/claims_dev2_abstracts.jsonl, one JSON object per line with keys
id, venue, year, title, abstract, in draw order (the order returned by sample()).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_claims_dev import (  # noqa: E402
    OUT as DEV1_ABSTRACTS,  # noqa: E402  (the first dev set, drawn by the same rule)
    TEST_ABSTRACTS,
    draw,
)

SEED = 20261231
OUT = Path(__file__).resolve().parent / "claims_dev2_abstracts.jsonl"


def main() -> None:
    draw(SEED, OUT, {"test": TEST_ABSTRACTS, "dev1": DEV1_ABSTRACTS})


if __name__ == "__main__":
    main()
