"""Answers a person reads at a glance: pure functions from a question's rows to plain data and
escaped HTML (no Streamlit here, so they are tested alone).

- `summarize`: one row per subject (method, dataset, claim subject or paper) with the number
  of papers, what it is said to do (the effect written out: "does not correlate with"), and
  the best sentence.
- `evidence_html`: every row as a card, the sentence and its paper first, wrapped, with the
  context as chips and the claim's flags spelled out (never a bare "True · False").
"""
from __future__ import annotations

import html
import re

from claimgraph.graph.reads import effect_text

SUBJECT_COLUMNS = ("subject", "method", "dataset", "paper_title")
_HIDDEN = {"evidence", "other_evidence", "paper_id", "other_paper_id", "paper_title", "other_paper_title", "context",
           "negated", "hedged", "effect", "effect_text", "other_effect", "other_negated", "other_hedged",
           "subject_label"}


def subject_column(rows: list[dict]) -> str | None:
    return next((c for c in SUBJECT_COLUMNS if rows and c in rows[0]), None)


def reading(row: dict, prefix: str = "") -> str | None:
    """'does not correlate with generalization' for a claim row (None for other rows)."""
    effect = row.get(prefix + "effect")
    if not effect:
        return None
    claim = {"effect": effect, "negated": row.get(prefix + "negated"), "hedged": row.get(prefix + "hedged"),
             "effect_text": row.get(prefix + "effect_text")}
    target = row.get(prefix + "target") or row.get("target") or ""
    return f"{effect_text(claim)} {target}".strip()


def sentence(row: dict) -> str:
    """The claim row as one sentence: 'sharpness does not correlate with generalization'."""
    said = reading(row)
    return f"{row.get('subject')} {said}" if said and row.get("subject") else (said or "")


def summarize(rows: list[dict]) -> list[dict]:
    """One row per subject, in the answer's order: {subject, papers, rows, says, evidence, paper_title, paper_id}."""
    col = subject_column(rows)
    if col is None:
        return []
    groups: dict[str, dict] = {}
    for row in rows:
        name = str(row.get(col) or "")
        group = groups.setdefault(name, {"subject": name, "papers": set(), "rows": 0, "says": [],
                                         "evidence": None, "paper_title": None, "paper_id": None, "_rank": None})
        group["rows"] += 1
        if row.get("paper_id"):
            group["papers"].add(row["paper_id"])
        said = reading(row)
        if said and said not in group["says"]:
            group["says"].append(said)
        # The best sentence: the first a plain (not negated, not hedged) claim gives, else the first.
        rank = (bool(row.get("negated")), bool(row.get("hedged")))
        if row.get("evidence") and (group["_rank"] is None or rank < group["_rank"]):
            group.update(evidence=row["evidence"], paper_title=row.get("paper_title"), paper_id=row.get("paper_id"),
                         _rank=rank)
    out = []
    for g in groups.values():
        g.pop("_rank")
        says = g["says"]
        out.append({**g, "papers": len(g["papers"]),
                    "says": "; ".join(says[:3]) + (f" (+{len(says) - 3} more)" if len(says) > 3 else "")})
    return out


def chips_html(items) -> str:
    """Context such as ['model: foundation model', 'dataset: ImageNet'] as small labelled chips."""
    chips = []
    for item in items or []:
        role, _, name = str(item).partition(": ")
        label = f'<b style="font-weight:600">{html.escape(role)}</b> {html.escape(name)}' if name else html.escape(role)
        chips.append('<span style="display:inline-block;margin:2px 4px 2px 0;padding:1px 8px;border-radius:10px;'
                     f'background:#eef1f6;font-size:.8rem;color:#31333f">{label}</span>')
    return "".join(chips)


def _badge(text: str, colour: str) -> str:
    return (f'<span style="display:inline-block;margin-left:6px;padding:0 6px;border-radius:6px;font-size:.75rem;'
            f'background:{colour};color:#fff">{html.escape(text)}</span>')


def _flags(row: dict, prefix: str = "") -> str:
    return "".join(b for b in (_badge("negated", "#d62728") if row.get(prefix + "negated") else "",
                               _badge("hedged", "#e08a00") if row.get(prefix + "hedged") else "") if b)


def _other_cells(row: dict) -> str:
    """The row's remaining columns as 'name: value' (lists joined), never bare booleans."""
    parts = []
    for col, value in row.items():
        if col in _HIDDEN or col.startswith("other_") or col in SUBJECT_COLUMNS or col == "target":
            continue
        if value in (None, "", []) or isinstance(value, bool):
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{col.replace('_', ' ')}: {shown}")
    return " · ".join(parts)


def _card(row: dict, prefix: str = "") -> str:
    quote = row.get(prefix + "evidence")
    title = row.get(prefix + "paper_title") or row.get(prefix + "paper_id") or ""
    subject = row.get(prefix + "subject") or row.get("subject")
    said = reading(row, prefix)
    head = f"{subject} {said}" if said and subject else ""
    out = ['<div style="padding:.5rem .75rem;margin:.4rem 0;border-left:3px solid #d4a017;background:#fbfaf5;'
           'border-radius:4px;white-space:normal;overflow-wrap:anywhere">']
    if quote:
        out.append(f'<div style="font-size:.95rem;line-height:1.45">“{html.escape(str(quote))}”</div>')
    if title:
        out.append(f'<div style="font-size:.85rem;color:#555;margin-top:.2rem">— <i>{html.escape(str(title))}</i></div>')
    meta = ""
    if head:
        meta += f'<span style="color:#1f5fa8">{html.escape(head)}</span>{_flags(row, prefix)}'
    if not prefix:
        others = _other_cells(row)
        if others:
            meta += f'<span style="color:#6b7280;margin-left:8px">{html.escape(others)}</span>'
    if meta:
        out.append(f'<div style="font-size:.85rem;margin-top:.25rem">{meta}</div>')
    if not prefix and row.get("context"):
        out.append(f'<div style="margin-top:.2rem">{chips_html(row["context"])}</div>')
    out.append("</div>")
    return "".join(out)


def evidence_html(rows: list[dict], limit: int = 100) -> str:
    """Each row as a card: the sentence, its paper, then what the claim says, context chips and flags."""
    cards = []
    for row in rows[:limit]:
        card = _card(row)
        if row.get("other_evidence"):   # a contested pair: both sides
            card = (f'<div style="display:grid;grid-template-columns:1fr 1fr;gap:8px">{card}'
                    f'{_card(row, "other_")}</div>')
        cards.append(card)
    return "".join(cards)


# ------------------------------------------------------------------ comparison (methods × datasets × metrics)

NOT_NAMED = "(no dataset named)"
_NUMBER = re.compile(r"(?<![\w.])[+-−]?\d+(?:\.\d+)?\s*(?:%|pp\b|points?\b|x\b|×|-fold\b|fold\b)", re.I)


def magnitude(row: dict) -> str:
    """The claim's magnitude, else the first number with a unit the sentence gives ("3.2%", "2x")."""
    if row.get("magnitude"):
        return str(row["magnitude"])
    found = _NUMBER.search(str(row.get("evidence") or ""))
    return " ".join(found.group(0).split()) if found else ""


def comparison(rows: list[dict]) -> list[dict]:
    """Claims (claimgraph.graph.reads.comparison_claims) as table rows, one per method, dataset
    and metric: {method, dataset, metric, result, magnitude, evidence, paper_title, paper_id}.
    The metric is the claim's target when it is a Metric, else its context metrics, else the
    target itself (what the method is said to change)."""
    out = []
    for r in rows:
        claim = {"effect": r.get("effect"), "negated": r.get("negated"), "hedged": r.get("hedged"),
                 "effect_text": r.get("effect_text")}
        metrics = [r["target"]] if r.get("target_label") == "Metric" else (r.get("metrics") or [r.get("target")])
        size = magnitude(r)
        for dataset in r.get("datasets") or [NOT_NAMED]:
            for metric in metrics:
                out.append({"method": r.get("method"), "dataset": dataset, "metric": metric or "—",
                            "result": f"{effect_text(claim)} {r.get('target') or ''}".strip()
                                      + (f" ({size})" if size else ""),
                            "magnitude": size, "evidence": r.get("evidence"), "paper_title": r.get("paper_title"),
                            "paper_id": r.get("paper_id")})
    out.sort(key=lambda x: (str(x["method"]).lower(), str(x["dataset"]).lower(), str(x["metric"]).lower()))
    return out


def pivot(table: list[dict]) -> tuple[list[str], list[dict]]:
    """Methods as rows, datasets as columns, each cell the results (metric: effect) claimed there."""
    datasets = sorted({r["dataset"] for r in table}, key=lambda d: (d == NOT_NAMED, d.lower()))
    cells: dict[str, dict[str, list[str]]] = {}
    for r in table:
        said = r["result"] if r["metric"] in r["result"] else f"{r['metric']}: {r['result']}"
        bucket = cells.setdefault(r["method"], {}).setdefault(r["dataset"], [])
        if said not in bucket:
            bucket.append(said)
    rows = [{"method": m, **{d: "; ".join(v.get(d, [])) for d in datasets}} for m, v in cells.items()]
    return datasets, rows
