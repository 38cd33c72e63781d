"""A blind sheet of support pairs (`agreement`) under the rule before issue 21 and now, and its score.

    CLAIMGRAPH_HOME=/tmp/cg92k .venv/bin/python bench/agreement_sheet.py \
        --rows /tmp/contested92k/rows.json --sheet docs/agreement_judged_92k.tsv
    .venv/bin/python bench/agreement_sheet.py --score docs/agreement_judged_92k.tsv

A support pair is (claim c, one claim of each paper in c's `support_papers`): that paper's
claim with c's subject key, target key, axis and sign which itself lists c's paper as support
under the same rule, else the first such claim by id; unordered pairs are deduplicated. The
lists are taken whole (`papers_shown` = all), not the five the graph shows.

--sheet: draw up to 40 pairs of the new rule and 40 of (old minus new) (random.Random(20261207)),
shuffle the union (random.Random(20261208)) and write both sentences and paper titles with no
sign of the rule; which rule drew each row (and the claim ids) goes to <sheet without .tsv>.key.json.
An existing sheet is never overwritten. The store is only read (`_connect`, not `open_store`,
which may write the schema step).
--score: read the judged sheet (last column starts with agree / wrong) and the key, print
judged / agree / precision per sample.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimgraph.extract.claims.contested import agreement  # noqa: E402

SAMPLE, SEED_DRAW, SEED_SHUFFLE = 40, 20261207, 20261208
DETAILS = """
UNWIND $ids AS id
MATCH (c:Claim {id: id})<-[:MAKES]-(p)
RETURN c.id AS id, c.evidence AS evidence, c.effect_text AS effect, p.title AS title
"""
COLUMNS = ["n", "subject_key", "target_key", "sentence_a", "title_a", "sentence_b", "title_b", "judgement"]


def key(r: dict) -> tuple:
    return (r["subject_key"], r["target_key"], r["axis"], r["sign"])


def pairs(rows: list[dict], **rule) -> set[tuple[str, str]]:
    """Unordered support pairs (smaller id first) of one rule."""
    by_id = {r["id"]: r for r in rows}
    support = {a["id"]: set(a["support_papers"]) for a in agreement(rows, papers_shown=len(rows), **rule)
               if a["supported_by"]}
    by_paper_key: dict[tuple, list[str]] = {}
    for r in rows:
        by_paper_key.setdefault((r["paper_id"], key(r)), []).append(r["id"])
    out = set()
    for cid, papers in support.items():
        c = by_id[cid]
        for paper in papers:
            candidates = sorted(by_paper_key.get((paper, key(c)), []))
            if not candidates:
                continue
            mutual = [o for o in candidates if c["paper_id"] in support.get(o, ())]
            other = (mutual or candidates)[0]
            out.add(tuple(sorted((cid, other))))
    return out


def read_details(ids: list[str]) -> dict[str, dict]:
    """id -> {id, evidence, effect, title} of the claims, read from CLAIMGRAPH_HOME's store
    (`_connect`, not `open_store`, which may write the schema step)."""
    from claimgraph.graph.store import _connect
    details = {}
    with _connect(None) as store:
        for start in range(0, len(ids), 500):
            details.update({r["id"]: r for r in store.read(DETAILS, ids=ids[start:start + 500])})
    return details


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def write_sheet(rows: list[dict], sheet: Path) -> None:
    if sheet.exists():
        sys.exit(f"{sheet} exists; not overwriting a (possibly judged) sheet")
    old, new = pairs(rows, specific=False), pairs(rows)
    only_old = old - new
    print(f"pairs: old {len(old)}, new {len(new)}, old minus new {len(only_old)}, new minus old {len(new - old)}")
    draw = random.Random(SEED_DRAW)
    sample = [(p, "new") for p in draw.sample(sorted(new), min(SAMPLE, len(new)))]
    sample += [(p, "old minus new") for p in draw.sample(sorted(only_old), min(SAMPLE, len(only_old)))]
    random.Random(SEED_SHUFFLE).shuffle(sample)

    ids = sorted({i for p, _ in sample for i in p})
    details = read_details(ids)
    by_id = {r["id"]: r for r in rows}
    keyfile, lines = sheet.with_suffix(".key.json"), []
    for n, ((a, b), _) in enumerate(sample, 1):
        da, db = details.get(a, {}), details.get(b, {})
        lines.append([n, by_id[a]["subject_key"], by_id[a]["target_key"], one_line(da.get("evidence")),
                      one_line(da.get("title")), one_line(db.get("evidence")), one_line(db.get("title")), ""])
    sheet.parent.mkdir(parents=True, exist_ok=True)
    with sheet.open("w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(lines)
    keyfile.write_text(json.dumps({"seeds": [SEED_DRAW, SEED_SHUFFLE], "pairs": {"old": len(old), "new": len(new)},
                                   "rows": {str(n): {"rule": rule, "a": a, "b": b}
                                            for n, ((a, b), rule) in enumerate(sample, 1)}}, indent=1) + "\n")
    print(f"wrote {len(lines)} rows to {sheet} (rules in {keyfile}); {len(ids) - len(details)} ids not found")


def score(sheet: Path) -> None:
    key_rows = json.loads(sheet.with_suffix(".key.json").read_text())["rows"]
    tally: dict[str, list[int]] = {}
    with sheet.open(newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            verdict = row["judgement"].split("—")[0].strip().lower()
            if verdict not in ("agree", "wrong"):
                continue
            t = tally.setdefault(key_rows[row["n"]]["rule"], [0, 0])
            t[0] += 1
            t[1] += verdict == "agree"
    for rule, (judged, agreed) in sorted(tally.items()):
        print(f"{rule}: judged {judged}, agree {agreed}, precision {agreed / judged:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=Path, help="claim polarity rows (rows.json of bench/contested_pairs.py --out)")
    ap.add_argument("--sheet", type=Path, help="write a new blind sheet here")
    ap.add_argument("--score", type=Path, help="score this judged sheet against its key")
    args = ap.parse_args()
    if args.sheet:
        if not args.rows:
            ap.error("--sheet needs --rows")
        write_sheet(json.loads(args.rows.read_text()), args.sheet)
    if args.score:
        score(args.score)


if __name__ == "__main__":
    main()
