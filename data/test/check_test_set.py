#!/usr/bin/env python3
"""Self-check of the ClaimGraph TEST set files (stdlib only).

Mirrors the checks of tests/test_gold_files.py (adapted to the test-set layout, which
adds an "id" key), and makes the spelling check stricter: at least one spelling of every entity
item must occur in title + "\n" + abstract as a CASE-SENSITIVE substring (the repo test lowercases).

Command: python3 data/test/check_test_set.py
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ("proposed_methods", "methods", "models", "datasets", "tasks", "metrics")
CLAIM_KEYS = {"subject", "effect", "negated", "hedged", "target", "context", "magnitude", "evidence"}
EFFECTS = {"improves", "reduces", "increases", "worsens", "outperforms", "enables", "correlates", "affects",
           "requires"}

errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def load(name: str) -> list[dict]:
    out = []
    for n, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            err(f"{name}:{n} blank line")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{name}:{n} does not parse: {e}")
            continue
        if not isinstance(rec, dict):
            err(f"{name}:{n} not an object")
            continue
        out.append(rec)
    return out


abstracts = load("test_abstracts.jsonl")
entities = load("entities.jsonl")
claims = load("claims.jsonl")
by_id = {r["id"]: r for r in abstracts}
if len(abstracts) != 60 or len(by_id) != 60:
    err(f"expected 60 unique abstracts, got {len(abstracts)} / {len(by_id)}")
for name, recs in (("entities", entities), ("claims", claims)):
    if [r.get("id") for r in recs] != [r["id"] for r in abstracts]:
        err(f"{name}: ids are not the 60 test ids in draw order")
    for r in recs:
        a = by_id.get(r.get("id"))
        if a is None or r.get("title") != a["title"]:
            err(f"{name}: title mismatch for {r.get('id')}")

for rec in entities:
    a = by_id.get(rec.get("id"))
    if a is None:
        continue
    if set(rec) != {"id", "title", *FIELDS}:
        err(f"entities {rec['id']}: keys {sorted(rec)}")
    text = rec["title"] + "\n" + a["abstract"]
    seen: dict[str, str] = {}
    for field in FIELDS:
        if not isinstance(rec.get(field), list):
            err(f"entities {rec['id']}: {field} not a list")
            continue
        for item in rec[field]:
            if not isinstance(item, str) or not item.strip():
                err(f"entities {rec['id']}: bad item {item!r}")
                continue
            alts = item.split("|")
            if not all(x and x.strip() == x for x in alts):
                err(f"entities {rec['id']}: whitespace/empty spelling in {item!r}")
            if not any(x in text for x in alts):
                err(f"entities {rec['id']}: no spelling of {item!r} ({field}) occurs case-sensitively")
            if alts[0] not in text:
                err(f"entities {rec['id']}: first spelling of {item!r} not written (case-sensitive)")
            for x in alts:
                k = x.lower()
                if k in seen and seen[k] != f"{field}:{item}":
                    err(f"entities {rec['id']}: spelling {x!r} used twice ({seen[k]} / {field}:{item})")
                seen[k] = f"{field}:{item}"
    proposed = {x.lower() for it in rec["proposed_methods"] for x in it.split("|")}
    used = {x.lower() for it in rec["methods"] for x in it.split("|")}
    if proposed & used:
        err(f"entities {rec['id']}: proposed also in methods: {proposed & used}")

for rec in claims:
    a = by_id.get(rec.get("id"))
    if a is None:
        continue
    abstract = a["abstract"]
    if set(rec) != {"id", "title", "claims"}:
        err(f"claims {rec['id']}: keys {sorted(rec)}")
    for cl in rec["claims"]:
        if set(cl) != CLAIM_KEYS:
            err(f"claims {rec['id']}: claim keys {sorted(cl)}")
            continue
        if cl["effect"] not in EFFECTS:
            err(f"claims {rec['id']}: effect {cl['effect']!r}")
        if not (isinstance(cl["negated"], bool) and isinstance(cl["hedged"], bool)):
            err(f"claims {rec['id']}: flags not bool")
        for k in ("subject", "target"):
            if not (isinstance(cl[k], str) and cl[k].strip()):
                err(f"claims {rec['id']}: empty {k}")
        if not (isinstance(cl["context"], list) and all(isinstance(c, str) and c for c in cl["context"])):
            err(f"claims {rec['id']}: bad context")
        if not (cl["magnitude"] is None or (isinstance(cl["magnitude"], str) and cl["magnitude"])):
            err(f"claims {rec['id']}: bad magnitude")
        ev = cl["evidence"]
        if not (isinstance(ev, str) and ev in abstract):
            err(f"claims {rec['id']}: evidence not verbatim: {ev[:80]!r}")
            continue
        start = abstract.index(ev)
        end = start + len(ev)
        if ev[-1] not in ".!?":
            err(f"claims {rec['id']}: evidence does not end a sentence: {ev[-30:]!r}")
        if not (end == len(abstract) or abstract[end] == " "):
            err(f"claims {rec['id']}: evidence end not at a boundary: {ev[-30:]!r}")
        if not (start == 0 or (abstract[start - 1] == " " and abstract[start - 2] in ".?!")):
            err(f"claims {rec['id']}: evidence start not at a boundary: {ev[:30]!r}")

# counts
fc = Counter()
for rec in entities:
    for f in FIELDS:
        fc[f] += len(rec.get(f, []))
ncl = [len(r["claims"]) for r in claims]
eff = Counter(c["effect"] for r in claims for c in r["claims"])
flags = Counter()
for r in claims:
    for c in r["claims"]:
        flags["negated"] += c["negated"]
        flags["hedged"] += c["hedged"]
        flags["magnitude"] += c["magnitude"] is not None
        flags["PROPOSED subject"] += c["subject"] == "PROPOSED"
print(f"abstracts={len(abstracts)} entity_records={len(entities)} claim_records={len(claims)}")
print("entity items:", sum(fc.values()), dict(fc))
print(f"claims={sum(ncl)} mean/abstract={sum(ncl)/max(1, len(ncl)):.2f} "
      f"abstracts_with_no_claims={ncl.count(0)} max={max(ncl)}")
print("claims per abstract histogram:", dict(sorted(Counter(ncl).items())))
print("effects:", dict(eff.most_common()))
print("flags:", dict(flags))
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK: all checks passed")
