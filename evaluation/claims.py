"""`claimgraph eval claims PATH`: claim precision and recall against hand-labelled abstracts.

Gold format (data/gold/claims.jsonl, guidelines in docs/annotation.md): per abstract a
`title` and `claims` with `subject`, `effect`, `negated`, `target` (plus context,
magnitude, hedged, evidence, not scored here).

A predicted claim matches a gold claim of the same abstract when

- the polarity matches: same axis and signed direction (schema.EFFECT_POLARITY with
  negation applied), so "improves" ~ "outperforms", "does not correlate" ≠ "correlates";
  on a target that names a good or bad quantity the direction is read as its value's:
  "reduces accuracy" ~ "worsens accuracy", "reduces WER" ~ "improves WER"; the quantity is
  the target's head, the last word before its first preposition ("accuracy on corrupted
  data" names accuracy, "bound of generalization error" a bound);
- the subject matches: names are compared after the same resolution the graph uses
  (acronyms expanded, list synonyms folded), by normalised key or by content-word
  overlap (Jaccard ≥ 0.5 over singular words: "generalization performance" ~
  "generalization", "number of words" ~ "number of words in notes"); a name made only of
  generic words ("performance", "model performance") is compared word for word with the
  other ("performance" ~ "average performance"); the gold
  subject PROPOSED (an unnamed proposed method) matches the paper's proposed method
  or a subject phrase naming "our/proposed method";
- the target matches the same way.

Each gold and each predicted claim is used once.
"""
from __future__ import annotations

import json
from pathlib import Path

from claimgraph.extract.claims import BAD_NOUNS, QUALITY_NOUNS
from claimgraph.schema import EFFECT_POLARITY, Claim, Effect
from claimgraph.schema.keys import normalize_key, singular

_HEAD_PREPS = {"of", "on", "in", "for", "to", "with", "across", "at", "under", "from", "against", "over",
               "between", "beyond", "without", "within", "by", "via", "through"}
_STOP = {"the", "a", "an", "of", "on", "in", "for", "to", "and", "with", "model", "models", "performance", "ability"}


def load_gold_claims(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def polarity(effect: str, negated: bool, target_key: str = "") -> tuple[str, int]:
    """Signed polarity of a claim, read as what happens to the target's *value* when the
    target names a desirable or undesirable quantity: "reduces accuracy" = "worsens
    accuracy", "reduces WER" = "improves WER", "increases robustness" = "improves robustness".
    Other targets keep the effect's own axis."""
    axis, sign = EFFECT_POLARITY[Effect(effect)]
    sign = -sign if negated else sign
    head = head_word(target_key)
    if axis == "amount" and head in QUALITY_NOUNS:
        axis = "quality"
    elif axis in ("amount", "quality") and head in BAD_NOUNS:
        axis, sign = "quality", (-sign if axis == "amount" else sign)
    return axis, sign


def head_word(key: str) -> str:
    """Head noun of a normalised name: the last word before its first preposition
    ("accuracy on corrupted data" -> accuracy, "bound of generalization error" -> bound)."""
    words = key.split()
    for i, w in enumerate(words):
        if i and w in _HEAD_PREPS:
            return words[i - 1]
    return words[-1] if words else ""


def _words(key: str) -> set[str]:
    # every word singular: normalize_key makes only a name's last word singular, so without this
    # "number of words" (key "number of word") and "number of words in notes" share no "word"
    return {singular(w) for w in key.split() if w not in _STOP}


def name_matches(pred_forms: set[str], gold_forms: set[str]) -> bool:
    if pred_forms & gold_forms:
        return True
    for p in pred_forms:
        for g in gold_forms:
            pw, gw = _words(p), _words(g)
            if not pw or not gw:
                # a name made only of generic words ("performance", "model performance"): compare
                # both names word for word, so "performance" ~ "average performance" as
                # "generalization" ~ "generalization performance"
                pw, gw = {singular(w) for w in p.split()}, {singular(w) for w in g.split()}
            if pw and gw and len(pw & gw) / len(pw | gw) >= 0.5:
                return True
    return False


def _forms(name: str, canon) -> set[str]:
    return {normalize_key(name), canon(name)}


def claim_matches(pred: Claim, gold: dict, canon, proposed_keys: set[str]) -> bool:
    gold_polarity = polarity(gold["effect"], gold.get("negated", False), normalize_key(gold["target"]))
    if polarity(pred.effect.value, pred.negated, pred.target.key) != gold_polarity:
        return False
    subject_forms = {pred.subject.key, normalize_key(pred.subject.name), *map(normalize_key, pred.subject.aliases)}
    if gold["subject"] == "PROPOSED":
        if not (subject_forms & proposed_keys or any(w in pred.subject.key.split() for w in ("our", "proposed"))):
            return False
    elif not name_matches(subject_forms, _forms(gold["subject"], canon)):
        return False
    target_forms = {pred.target.key, normalize_key(pred.target.name), *map(normalize_key, pred.target.aliases)}
    return name_matches(target_forms, _forms(gold["target"], canon))


def evaluate_claims(gold: list[dict], predicted: dict[str, list[Claim]], canon,
                    proposed: dict[str, set[str]]) -> dict:
    """`predicted` and `proposed` are keyed by paper title; `canon(name) -> key` resolves names."""
    tp = n_pred = n_gold = 0
    per_effect: dict[str, list[int]] = {}
    misses, false_alarms = [], []
    for row in gold:
        preds = list(predicted.get(row["title"], []))
        n_pred += len(preds)
        n_gold += len(row["claims"])
        used = set()
        for g in row["claims"]:
            stats = per_effect.setdefault(g["effect"], [0, 0])
            stats[1] += 1
            for i, p in enumerate(preds):
                if i not in used and claim_matches(p, g, canon, proposed.get(row["title"], set())):
                    used.add(i)
                    tp += 1
                    stats[0] += 1
                    break
            else:
                misses.append({"title": row["title"], **{k: g[k] for k in ("subject", "effect", "negated", "target")}})
        false_alarms += [{"title": row["title"], "claim": f"{p.subject.name} | {'not ' if p.negated else ''}"
                          f"{p.effect.value} | {p.target.name}"} for i, p in enumerate(preds) if i not in used]
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"abstracts": len(gold), "tp": tp, "pred": n_pred, "gold": n_gold, "precision": precision,
            "recall": recall, "f1": f1, "recall_by_effect": {k: v[0] / v[1] for k, v in sorted(per_effect.items())},
            "misses": misses, "false_alarms": false_alarms}


def format_report(report: dict) -> str:
    lines = [f"claims over {report['abstracts']} abstracts: precision {report['precision']:.3f}  "
             f"recall {report['recall']:.3f}  F1 {report['f1']:.3f}  "
             f"(tp {report['tp']}, predicted {report['pred']}, gold {report['gold']})",
             "recall by gold effect: " + ", ".join(f"{k} {v:.2f}" for k, v in report["recall_by_effect"].items())]
    return "\n".join(lines)
