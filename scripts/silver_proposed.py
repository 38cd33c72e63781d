"""Write a silver `claimgraph eval proposed` file from shared data, for unseen-style dev checks.

Papers: the paperlists abstracts (../shared/data/paperlists/paperlists_abstracts.jsonl.gz) whose
normalised title is the introducing paper of a Papers-with-Code method
(../shared/data/pwc/methods.json, `paper.title` or `source_title`); each paper's `proposed` are
those methods' `name` / `full_name`. Left out: the papers of the PwC dev file (by id and
normalised title) and every paper whose id is in data/test/test_abstracts.jsonl (only the `id`
field of that file is read). Papers are split by a hash of their id with SEED into `a` (about
half) and `b`; `--part` picks one (default both).

Caveat: the shipped proposal weights (extract/resources/proposal_weights.json) were fit on
these same silver papers (evaluation/train_proposals.py), so absolute figures favour the
learned step; the file is for comparing rule changes, which were not tuned on it.

    .venv/bin/python scripts/silver_proposed.py --out /tmp/silver_proposed.jsonl [--part a|b]
    .venv/bin/claimgraph eval proposed /tmp/silver_proposed.jsonl
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEED = 20261207


def _norm_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", title.lower())


def _test_ids() -> set[str]:
    """Only the id field of the frozen test file is read."""
    path = ROOT / "data" / "test" / "test_abstracts.jsonl"
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            value = json.loads(line).get("id")
            if value:
                ids.add(str(value))
    return ids


def part_of(paper_id: str, seed: int = SEED) -> str:
    digest = hashlib.sha1(f"{seed}:{paper_id}".encode()).hexdigest()
    return "a" if int(digest[:8], 16) % 2 == 0 else "b"


def silver_rows(shared: Path = SHARED) -> list[dict]:
    methods = json.loads((shared / "pwc" / "methods.json").read_text(encoding="utf-8"))
    gold: dict[str, list[dict]] = {}
    for m in methods:
        title = (m.get("paper") or {}).get("title") or m.get("source_title")
        if title and (m.get("name") or m.get("full_name")):
            gold.setdefault(_norm_title(title), []).append({"name": m.get("name"), "full_name": m.get("full_name")})
    dev_titles, dev_ids = set(), set()
    for line in (shared / "eval" / "pwc_proposed_dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            dev_titles.add(_norm_title(row["title"]))
            dev_ids.add(str(row.get("id")))
    excluded_ids = _test_ids() | dev_ids
    rows, seen = [], set()
    with gzip.open(shared / "paperlists" / "paperlists_abstracts.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            key = _norm_title(row.get("title", ""))
            if key not in gold or key in dev_titles or key in seen or str(row.get("id")) in excluded_ids:
                continue
            if not row.get("abstract"):
                continue
            seen.add(key)
            rows.append({"id": str(row["id"]), "title": row["title"], "abstract": row["abstract"],
                         "proposed": gold[key]})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--part", choices=["a", "b"])
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    rows = [r for r in silver_rows() if args.part is None or part_of(r["id"], args.seed) == args.part]
    args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} papers, {sum(len(r['proposed']) for r in rows)} methods -> {args.out}")


if __name__ == "__main__":
    main()
