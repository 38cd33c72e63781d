"""Contested pairs of a graph under the rule before issue 21 (`specific=False`) and now.

    CLAIMGRAPH_HOME=/tmp/cg92k .venv/bin/python bench/contested_pairs.py --out /tmp/contested92k \
        --judged docs/contested_judged_92k.tsv
    CLAIMGRAPH_HOME=/tmp/cg3000b .venv/bin/python bench/contested_pairs.py --out /tmp/contested3000b \
        --sheet /tmp/contested3000b/sheet.tsv
    .venv/bin/python bench/contested_pairs.py --out /tmp/contested3000b --score /tmp/contested3000b/sheet.tsv

Reads the store's claim polarity rows (`cypher.CLAIM_POLARITIES`, every subject head) and
calls `find_contested` as a build does (strict keys, CONTRADICTIONS_PER_CLAIM) and with
`by_head=True`, each with the old and the new rule. The graph is only read (the reader
account; a graph whose schema is not current is refused, not brought up to date). Rows and
the sentences of paired claims are kept in --out, so later runs need no store.

--judged: score against a sheet of judged pairs matched by (sentence, paper title) of both
claims. --sheet: write the union of all pairs, shuffled (seed 20261207), sentences only and
no sign of which rule found a pair; which did is kept in <sheet>.key.json. --score: read the
judged sheet (last column agree/wrong) and print kept / agreed per rule.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimgraph.extract.claims import find_contested  # noqa: E402
from claimgraph.graph import cypher  # noqa: E402
from claimgraph.orchestration.build import CONTRADICTIONS_PER_CLAIM  # noqa: E402

RULES = {"strict old": {"specific": False}, "strict new": {},
         "by_head old": {"specific": False, "by_head": True}, "by_head new": {"by_head": True}}
HEADS = "MATCH (c:Claim) RETURN DISTINCT c.subject_head AS head"
DETAILS = """
UNWIND $ids AS id
MATCH (c:Claim {id: id})
MATCH (p:Paper {id: c.paper_id})
RETURN c.id AS id, c.name AS claim, c.evidence AS sentence, p.title AS title
"""
GUIDELINE = ("# judgement: agree (the two sentences really disagree about the same subject and target) "
             "/ wrong (not a real contradiction)")


def read_store(out: Path) -> tuple[list[dict], dict[str, dict]]:
    """Claim polarity rows and the sentences of claims in any pair (cached in `out`)."""
    rows_file, details_file = out / "rows.json", out / "details.json"
    if rows_file.exists() and details_file.exists():
        return json.loads(rows_file.read_text()), json.loads(details_file.read_text())
    from claimgraph.graph.store import _connect  # not open_store: it would write the schema step
    store = _connect(None)
    if not store.schema_is_current():
        sys.exit("the graph's schema is not this version's; refusing to bring it up to date (read-only)")
    heads = sorted(r["head"] for r in store.read(HEADS) if r["head"] is not None)
    rows = store.read(cypher.CLAIM_POLARITIES, heads=heads)
    ids = sorted(could_pair(rows))
    details = {r["id"]: r for r in store.read(DETAILS, ids=ids)}
    out.mkdir(parents=True, exist_ok=True)
    rows_file.write_text(json.dumps(rows))
    details_file.write_text(json.dumps(details))
    return rows, details


def could_pair(rows: list[dict]) -> set[str]:
    """Ids of claims in a (subject head, target head, axis) group with both signs: every claim
    any rule could pair, so the cache serves later rules too."""
    signs: dict[tuple, set[int]] = {}
    head = lambda key: key.split()[-1] if key else key  # noqa: E731
    group = lambda r: (head(r["subject_key"]), head(r["target_key"]), r["axis"])  # noqa: E731
    for r in rows:
        signs.setdefault(group(r), set()).add(r["sign"])
    return {r["id"] for r in rows if len(signs[group(r)]) > 1}


def all_pairs(rows: list[dict]) -> dict[str, list[tuple[str, str]]]:
    return {rule: find_contested(rows, per_claim=CONTRADICTIONS_PER_CLAIM, **opts) for rule, opts in RULES.items()}


def side(details: dict, cid: str) -> tuple[str, str]:
    return details[cid]["sentence"], details[cid]["title"]


def score_judged(pairs: dict, details: dict, judged: Path) -> None:
    """Kept / ok per rule against a sheet judged before (ok: the judgement column says so)."""
    verdict = {}
    with judged.open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    head = rows[0]
    for r in map(dict, (zip(head, r, strict=True) for r in rows[1:])):
        key = frozenset({(r["sentence_a"], r["paper_a"]), (r["sentence_b"], r["paper_b"])})
        verdict[key] = r["judgement"] in ("ok", "agree")
    for rule, found in pairs.items():
        keys = [frozenset({side(details, a), side(details, b)}) for a, b in found]
        unjudged = sum(k not in verdict for k in keys)
        ok = sum(verdict.get(k, False) for k in keys)
        print(f"{rule:12} kept {len(found):3}  ok {ok:3}  not in the judged sheet {unjudged}")


def write_sheet(pairs: dict, details: dict, sheet: Path, seed: int) -> None:
    union = sorted({p for found in pairs.values() for p in found})
    random.Random(seed).shuffle(union)
    sheet.parent.mkdir(parents=True, exist_ok=True)
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        fh.write(GUIDELINE + "\n")
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["n", "claim_a", "sentence_a", "paper_a", "claim_b", "sentence_b", "paper_b", "judgement"])
        for n, (a, b) in enumerate(union, 1):
            da, db = details[a], details[b]
            w.writerow([n, da["claim"], da["sentence"], da["title"], db["claim"], db["sentence"], db["title"], ""])
    key = {n: {"pair": list(p), "rules": [r for r, found in pairs.items() if p in found]}
           for n, p in enumerate(union, 1)}
    Path(f"{sheet}.key.json").write_text(json.dumps(key, indent=1))
    print(f"{len(union)} pairs -> {sheet} (which rule found each: {sheet}.key.json)")


def score_sheet(sheet: Path) -> None:
    key = json.loads(Path(f"{sheet}.key.json").read_text())
    with sheet.open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")][1:]
    verdict = {r[0]: r[-1].strip() for r in rows}
    if any(v not in ("agree", "wrong") for v in verdict.values()):
        sys.exit("every row of the sheet needs a judgement: agree or wrong")
    for rule in RULES:
        mine = [n for n, k in key.items() if rule in k["rules"]]
        ok = sum(verdict[n] == "agree" for n in mine)
        print(f"{rule:12} kept {len(mine):3}  agree {ok:3}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for the cached rows and sentences")
    ap.add_argument("--judged", type=Path, help="score against this judged sheet (dev)")
    ap.add_argument("--sheet", type=Path, help="write the blind sheet of all pairs here")
    ap.add_argument("--score", type=Path, help="score this judged blind sheet")
    ap.add_argument("--seed", type=int, default=20261207)
    args = ap.parse_args()
    if args.score:
        score_sheet(args.score)
        return
    rows, details = read_store(args.out)
    pairs = all_pairs(rows)
    print(f"{len(rows)} claims: " + ", ".join(f"{rule} {len(found)}" for rule, found in pairs.items()))
    missing = {i for found in pairs.values() for p in found for i in p} - details.keys()
    if missing:
        sys.exit(f"{len(missing)} paired claims lack sentences: remove {args.out} and run again")
    if args.judged:
        score_judged(pairs, details, args.judged)
    if args.sheet:
        write_sheet(pairs, details, args.sheet, args.seed)


if __name__ == "__main__":
    main()
