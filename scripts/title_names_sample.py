"""Draw a sheet of plain title names to judge by hand: paperlists papers whose title opens with
several capitalised words before a colon that `find_title_name` reads as the paper's name only
because the abstract writes them again with the same capitals (pattern "title-plain", not a
known name or a generic family). The papers of data/test/test_abstracts.jsonl (by id) and the
titles of any `--exclude` sheet are left out. Fill the `judgement` column (yes / yes - task /
no - reason) without looking at the rule, then count.

    .venv/bin/python scripts/title_names_sample.py --seed 20261208 --n 60 \
        --exclude docs/title_names_dev_seed20261207.tsv --out /tmp/sheet.tsv
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
from pathlib import Path

from claimgraph.extract.patterns import clean_title, find_title_name, is_generic_name
from claimgraph.extract.proposals import is_known
from claimgraph.schema.keys import normalize_key

ROOT = Path(__file__).resolve().parents[1]
PAPERLISTS = ROOT.parent / "shared" / "data" / "paperlists" / "paperlists_abstracts.jsonl.gz"


def plain_title_names(exclude_titles: set[str]) -> list[tuple[str, str, str, str]]:
    test_ids = {json.loads(line)["id"] for line in (ROOT / "data/test/test_abstracts.jsonl").open(encoding="utf-8")}
    found = []
    with gzip.open(PAPERLISTS, "rt", encoding="utf-8") as fh:
        for line in fh:
            paper = json.loads(line)
            if paper["id"] in test_ids or paper["title"] in exclude_titles:
                continue
            title = clean_title(paper["title"])
            name_at = find_title_name(title, paper["abstract"])
            if name_at is None or name_at.pattern != "title-plain":
                continue
            name = title[name_at.start:name_at.end]
            if not is_known(normalize_key(name), name) and not is_generic_name(name):
                found.append((paper["id"], name, paper["title"], paper["abstract"]))
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="A judged sheet whose titles to skip.")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    exclude = {row["title"] for path in args.exclude
               for row in csv.DictReader((line for line in path.open(encoding="utf-8") if not line.startswith("#")),
                                         delimiter="\t")}
    found = plain_title_names(exclude)
    sample = random.Random(args.seed).sample(found, min(args.n, len(found)))
    with args.out.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["n", "id", "name", "title", "abstract", "judgement"])
        for i, (pid, name, title, abstract) in enumerate(sample, 1):
            out.writerow([i, pid, name, title, " ".join(abstract.split()), ""])
    print(f"{len(found)} papers with a plain title name; {len(sample)} drawn -> {args.out}")


if __name__ == "__main__":
    main()
