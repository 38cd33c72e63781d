#!/usr/bin/env python3
"""Check data/dev/proposed_dev3.jsonl: draw order/ids match proposed_dev3_abstracts.jsonl, and every
proposed_methods item has a |-spelling that occurs (case-sensitive substring) in its title or abstract.

Command: python3 data/dev/check_proposed_dev3.py
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
abs_ = {json.loads(l)["id"]: json.loads(l) for l in open(str(HERE / "proposed_dev3_abstracts.jsonl"))}
lab = [json.loads(l) for l in open(str(HERE / "proposed_dev3.jsonl"))]
order = [json.loads(l)["id"] for l in open(str(HERE / "proposed_dev3_abstracts.jsonl"))]
assert [r["id"] for r in lab] == order, "order/id mismatch"
fails = 0; items = 0; papers = 0
for i, r in enumerate(lab):
    a = abs_[r["id"]]
    assert r["title"] == a["title"]
    text = a["title"] + "\n" + a["abstract"]
    if r["proposed_methods"]: papers += 1
    for it in r["proposed_methods"]:
        items += 1
        sp = it.split("|")
        hit = [s for s in sp if s in text]
        if not hit:
            fails += 1; print(f"FAIL [{i}] {it!r}")
        else:
            first_ok = sp[0] in a["abstract"]
            print(f"ok   [{i}] {it!r} found={hit}{'' if first_ok else '  (first spelling not in abstract)'}")
print(f"papers_with_proposed={papers} items={items} failures={fails}")
