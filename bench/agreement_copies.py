"""Support pairs of the 92k rows with and without the copy guard of `agreement` (a claim whose
evidence sentence is a copy of another's is no second voice), scored on the judged sheet
docs/agreement_judged_92k.tsv (seen while the guard was written: a dev figure).

    CLAIMGRAPH_HOME=/tmp/cg92k .venv/bin/python bench/agreement_copies.py

Reads /tmp/contested92k/rows.json (written by bench/contested_pairs.py) and the evidence
sentences of the claims in old-rule pairs from the store (read only).
"""
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from agreement_sheet import pairs, read_details

DOCS = Path(__file__).resolve().parent.parent / "docs"
rows = json.load(open("/tmp/contested92k/rows.json"))
old = pairs(rows, specific=False)
details = read_details(sorted({i for p in old for i in p}))
for r in rows:
    r["evidence"] = details.get(r["id"], {}).get("evidence") or ""
new_before = pairs([{k: v for k, v in r.items() if k != "evidence"} for r in rows])
new_after = pairs(rows)
print("old", len(old), "new before", len(new_before), "new with copy guard", len(new_after))
key = json.load(open(DOCS / "agreement_judged_92k.key.json"))["rows"]
judged = {row["n"]: row["judgement"].split()[0] for row in csv.DictReader(open(DOCS / "agreement_judged_92k.tsv"), delimiter="\t")}
for rule in ("new", "old minus new"):
    sample = [(n, tuple(sorted((v["a"], v["b"])))) for n, v in key.items() if v["rule"] == rule]
    kept = [(n, p) for n, p in sample if p in new_after]
    agree = sum(judged[n].startswith("agree") for n, _ in kept)
    dropped_agree = sum(judged[n].startswith("agree") for n, p in sample if p not in new_after)
    print(f"{rule}: sample {len(sample)}, kept {len(kept)}, agree among kept {agree}, agree among dropped {dropped_agree}")
