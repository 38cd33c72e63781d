#!/usr/bin/env python3
"""The PROPOSES edges that differ between two `claimgraph extract` outputs of the same papers,
as a sheet to judge blind (stdlib only).

    claimgraph extract PAPERS --out before.jsonl        # at the old commit (a git worktree)
    claimgraph extract PAPERS --out after.jsonl         # at the new one
    python3 scripts/diff_proposals.py before.jsonl after.jsonl --sheet sheet.jsonl --key key.json

`sheet.jsonl` holds, shuffled (seed 20261208), each changed (paper, name) with the title and
abstract only, for a judge who answers: does the paper propose it, and what type is it;
`key.json` holds the types proposed before and after, to score the judged sheet against.
"""
from __future__ import annotations

import argparse
import json
import random


def proposals(path: str) -> dict[str, tuple[dict, dict[str, tuple[list[str], str]]]]:
    out = {}
    for line in open(path, encoding="utf-8"):
        result = json.loads(line)
        by_key: dict[str, tuple[list[str], str]] = {}
        for rel in result["relations"]:
            if rel["type"] == "PROPOSES":
                types, _ = by_key.get(rel["entity"]["key"], ([], ""))
                by_key[rel["entity"]["key"]] = (sorted([*types, rel["entity"]["type"]]), rel["entity"]["name"])
        out[result["paper"]["id"]] = (result["paper"], by_key)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--sheet", required=True)
    ap.add_argument("--key", required=True)
    args = ap.parse_args()
    before, after = proposals(args.before), proposals(args.after)
    items = []
    for pid, (paper, old) in before.items():
        new = after.get(pid, (paper, {}))[1]
        for key in sorted(k for k in old.keys() | new.keys() if old.get(k, ([],))[0] != new.get(k, ([],))[0]):
            items.append({"paper_id": pid, "title": paper["title"], "abstract": paper["abstract"],
                          "name": (old.get(key) or new[key])[1], "before": old.get(key, ([],))[0],
                          "after": new.get(key, ([],))[0]})
    random.Random(20261208).shuffle(items)
    with open(args.sheet, "w", encoding="utf-8") as fh:
        for n, item in enumerate(items, 1):
            fh.write(json.dumps({"n": n, "title": item["title"], "abstract": item["abstract"], "name": item["name"]}) + "\n")
    with open(args.key, "w", encoding="utf-8") as fh:
        json.dump([{"n": n, **{k: item[k] for k in ("paper_id", "name", "before", "after")}}
                   for n, item in enumerate(items, 1)], fh, indent=1)
    print(f"{len(items)} changed (paper, name) pairs -> {args.sheet}, {args.key}")


if __name__ == "__main__":
    main()
