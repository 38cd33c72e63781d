"""Claim precision on unseen abstracts, judged by hand: is each extracted claim what its
sentence says (subject, effect with negation and hedging, target)?

    python -m bench.claim_precision draw --seed 20261240 --n 120 --out /tmp/abstracts.jsonl
    python -m bench.claim_precision claims --abstracts /tmp/abstracts.jsonl --out /tmp/claims_now.jsonl
    python -m bench.claim_precision sheet --claims /tmp/claims_a.jsonl --claims /tmp/claims_b.jsonl \
        --seed 7 --out sheet.tsv --key key.json        # pooled, de-duplicated, shuffled, sources hidden
    python -m bench.claim_precision score --sheet sheet_judged.tsv --key key.json

`draw` takes paperlists abstracts (≥ 400 characters) that are in no labelled set of this
repository: not the frozen test set (ids), the claims dev sets (ids), the demo corpus or the
gold and PwC dev files (titles). `claims` runs the extractor of the checkout it is run from,
so two checkouts (before / after a change) give two files to pool. A judgement starts with
`ok` or `wrong`; anything after it is a free-text reason.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PAPERLISTS = SHARED / "data" / "paperlists" / "paperlists_abstracts.jsonl.gz"


def _title_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", title.lower())


def _labelled() -> tuple[set[str], set[str]]:
    """Ids and normalised titles of every abstract a labelled set of this repository holds."""
    ids, titles = set(), set()
    for path in [ROOT / "data/test/test_abstracts.jsonl", *sorted((ROOT / "data/dev").glob("*_abstracts.jsonl"))]:
        ids |= {json.loads(line)["id"] for line in path.open(encoding="utf-8") if line.strip()}
    for path in [ROOT / "data/gold/entities.jsonl", ROOT / "data/gold/claims.jsonl",
                 SHARED / "data/eval/pwc_proposed_dev.jsonl"]:
        titles |= {_title_key(json.loads(line)["title"]) for line in path.open(encoding="utf-8") if line.strip()}
    for path in (SHARED / "corpus").glob("*.txt"):
        titles |= {_title_key(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    return ids, titles


def draw(seed: int, n: int, out: Path) -> None:
    ids, titles = _labelled()
    with gzip.open(PAPERLISTS, "rt", encoding="utf-8") as fh:
        pool = [p for p in map(json.loads, fh) if len((p.get("abstract") or "").strip()) >= 400
                and p["id"] not in ids and _title_key(p["title"]) not in titles]
    pool.sort(key=lambda p: p["id"])
    chosen = random.Random(seed).sample(pool, n)
    out.write_text("".join(json.dumps({k: p[k] for k in ("id", "title", "abstract")}) + "\n" for p in chosen),
                   encoding="utf-8")
    print(f"{len(chosen)} of {len(pool)} unlabelled abstracts (seed {seed}) -> {out}")


def claims(abstracts: Path, out: Path) -> None:
    from claimgraph.extract.pipeline import Extractor
    from claimgraph.extract.readers import read_file
    from claimgraph.schema import Paper

    papers = [p for p in read_file(abstracts) if isinstance(p, Paper)]   # read as a build reads them
    rows = []
    for result in Extractor().extract(papers):
        for c in result.claims:
            rows.append({"id": result.paper.id, "subject": c.subject.name, "effect_text": c.effect_text,
                         "target": c.target.name, "evidence": c.evidence})
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} claims from {len(papers)} abstracts -> {out}")


def _claim_key(row: dict) -> tuple:
    return (row["id"], row["subject"].lower(), row["effect_text"], row["target"].lower(), row["evidence"])


def sheet(claim_files: list[Path], seed: int, out: Path, key: Path) -> None:
    sources: dict[tuple, dict] = {}
    for path in claim_files:
        for row in map(json.loads, path.open(encoding="utf-8")):
            sources.setdefault(_claim_key(row), {"row": row, "in": []})["in"].append(str(path))
    entries = list(sources.values())
    random.Random(seed).shuffle(entries)
    with out.open("w", newline="", encoding="utf-8") as fh:
        fh.write("# judgement: ok (the sentence states this subject -effect-> target, negation and hedging right) "
                 "or wrong + reason\n")
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["n", "subject", "effect", "target", "evidence", "judgement"])
        for n, e in enumerate(entries, 1):
            r = e["row"]
            w.writerow([n, r["subject"], r["effect_text"], r["target"], " ".join(r["evidence"].split()), ""])
    key.write_text(json.dumps({"files": [str(p) for p in claim_files],
                               "in": {n: e["in"] for n, e in enumerate(entries, 1)}}, indent=0), encoding="utf-8")
    print(f"{len(entries)} distinct claims -> {out} (key {key})")


def score(judged: Path, key: Path) -> dict:
    spec = json.loads(key.read_text(encoding="utf-8"))
    rows = list(csv.DictReader((line for line in judged.open(encoding="utf-8") if not line.startswith("#")),
                               delimiter="\t"))
    verdict = {int(r["n"]): r["judgement"].strip().lower().startswith("ok") for r in rows if r["judgement"].strip()}
    out = {}
    for path in spec["files"]:
        mine = [n for n, files in spec["in"].items() if path in files and int(n) in verdict]
        ok = sum(verdict[int(n)] for n in mine)
        out[path] = {"claims": len(mine), "ok": ok, "precision": round(ok / len(mine), 3) if mine else None}
        print(f"{path}: {ok} / {len(mine)} ok = {out[path]['precision']}")
    reasons = Counter(r["judgement"].split("-", 1)[-1].strip()[:40] for r in rows
                      if r["judgement"].strip() and not verdict.get(int(r["n"]), True))
    print("wrong, by reason:", dict(reasons.most_common(12)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--n", type=int, default=120)
    d.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("claims")
    c.add_argument("--abstracts", type=Path, required=True)
    c.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("sheet")
    s.add_argument("--claims", type=Path, action="append", required=True)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--key", type=Path, required=True)
    sc = sub.add_parser("score")
    sc.add_argument("--sheet", type=Path, required=True)
    sc.add_argument("--key", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "draw":
        draw(args.seed, args.n, args.out)
    elif args.cmd == "claims":
        claims(args.abstracts, args.out)
    elif args.cmd == "sheet":
        sheet(args.claims, args.seed, args.out, args.key)
    else:
        score(args.sheet, args.key)


if __name__ == "__main__":
    main()
