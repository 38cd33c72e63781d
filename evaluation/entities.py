"""`claimgraph eval gold PATH`: per-type precision/recall/F1 against hand-labelled abstracts.

Gold format (data/gold/entities.jsonl, guidelines in docs/annotation.md): one object
per abstract with `title` and lists `proposed_methods`, `methods`, `models`,
`datasets`, `tasks`, `metrics`; an item's `|`-separated spellings all count.

Matching is lenient on names: a predicted entity matches a gold item when any of its
surface forms (name or alias) and any of the item's spellings have the same
normalised key, or when one key is the other plus or minus a trailing generic word
("ResNet-50 model" ~ "ResNet-50"). Each gold item and each prediction matches once.
"""
from __future__ import annotations

import json
from pathlib import Path

from claimgraph.schema import EntityType, ExtractionResult, RelType
from claimgraph.schema.keys import normalize_key

FIELDS = ["proposed_methods", "methods", "models", "datasets", "tasks", "metrics"]
_GENERIC = {"model", "network", "method", "framework", "approach", "algorithm", "dataset", "benchmark", "task", "the"}


def load_gold(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if "title" not in row:
                raise ValueError(f"{path}:{n}: gold record has no title")
            rows.append(row)
    return rows


def predicted_fields(result: ExtractionResult) -> dict[str, list[set[str]]]:
    """Each field's predictions, as the set of surface-form keys of each entity."""
    fields: dict[str, list[set[str]]] = {f: [] for f in FIELDS}
    for rel in result.relations:
        forms = {normalize_key(rel.entity.name), *(normalize_key(a) for a in rel.entity.aliases), rel.entity.key}
        etype = rel.entity.type
        if rel.type is RelType.PROPOSES and etype in (EntityType.METHOD, EntityType.MODEL):
            fields["proposed_methods"].append(forms)
        elif etype is EntityType.METHOD:
            fields["methods"].append(forms)
        elif etype is EntityType.MODEL:
            fields["models"].append(forms)
        elif etype is EntityType.DATASET:
            fields["datasets"].append(forms)
        elif etype is EntityType.TASK:
            fields["tasks"].append(forms)
        elif etype is EntityType.METRIC:
            fields["metrics"].append(forms)
    return fields


def _strip_generic(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[-1] in _GENERIC:
        words.pop()
    while len(words) > 1 and words[0] in _GENERIC:
        words.pop(0)
    return " ".join(words)


def names_match(pred: set[str], gold: set[str]) -> bool:
    return bool(pred & gold) or bool({_strip_generic(k) for k in pred} & {_strip_generic(k) for k in gold})


def match_count(preds: list[set[str]], golds: list[set[str]]) -> int:
    """Greedy one-to-one matching."""
    used = set()
    hits = 0
    for g in golds:
        for i, p in enumerate(preds):
            if i not in used and names_match(p, g):
                used.add(i)
                hits += 1
                break
    return hits


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": p, "recall": r, "f1": f}


def evaluate_gold(gold: list[dict], results: dict[str, ExtractionResult]) -> dict:
    """Compare predictions (by paper title) to gold; returns per-field and micro P/R/F1 and misses."""
    totals = {f: [0, 0, 0] for f in FIELDS}
    errors: list[dict] = []
    missing = []
    for row in gold:
        result = results.get(row["title"])
        if result is None:
            missing.append(row["title"])
            continue
        pred = predicted_fields(result)
        for field in FIELDS:
            golds = [{normalize_key(s) for s in item.split("|")} for item in row.get(field, [])]
            hits = match_count(pred[field], golds)
            totals[field][0] += hits
            totals[field][1] += len(pred[field])
            totals[field][2] += len(golds)
            if hits < max(len(golds), len(pred[field])):
                errors.append({"title": row["title"], "field": field,
                               "gold": row.get(field, []), "pred": sorted(min(p, key=len) for p in pred[field])})
    report = {f: prf(*totals[f]) for f in FIELDS}
    report["micro"] = prf(*(sum(t[i] for t in totals.values()) for i in range(3)))
    return {"fields": report, "abstracts": len(gold) - len(missing), "missing": missing, "errors": errors}


def format_report(report: dict) -> str:
    lines = [f"{'type':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for name, r in report["fields"].items():
        lines.append(f"{name:<18}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
                     f"{r['tp']:>6}{r['pred']:>6}{r['gold']:>6}")
    lines.append(f"({report['abstracts']} abstracts)")
    if report["missing"]:
        lines.append(f"not in the corpus: {len(report['missing'])} titles")
    return "\n".join(lines)
