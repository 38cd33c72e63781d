"""Scoring question answers against the frozen question set (data/questions/QUESTIONS.md).

A question counts the expected names that its answer rows contain, by the set's scoring
rule: fold both sides to lower-case letters and digits; a name is contained when its folded
form (or an alias's) equals a folded answer name, or, for folded forms of at least 4
characters, is a substring of one. Scores are micro (names found / names expected),
overall, per corpus and per kind, and for the card's paraphrases.

The asking itself is passed in (`Ask`): this layer may not import `questions/`, and the
tests score fixed answers without a store.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Columns of answer rows that hold entity names (direct, related and fallback rows alike).
NAME_COLUMNS = ("subject", "target", "method", "dataset", "model", "topic", "topics", "other_subject",
                "other_target", "name", "names", "a", "b", "related", "context")


@dataclass
class Asked:
    """What asking one question gave: the names shown and which of them were labelled related."""

    names: list[str]
    related: list[str] = field(default_factory=list)
    rows: int = 0
    reading: str = ""
    ms: float = 0.0


Ask = Callable[[str], Asked]


def fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def contains_name(expected: str, answer_names: Iterable[str], aliases: Iterable[str] = ()) -> bool:
    answers = [fold(a) for a in answer_names]
    for candidate in (expected, *aliases):
        f = fold(candidate)
        if f and any(f == a or (len(f) >= 4 and f in a) for a in answers):
            return True
    return False


def row_names(row: dict) -> list[str]:
    """The entity names an answer row shows ('role: name' context entries give the name)."""
    names = []
    for column in NAME_COLUMNS:
        value = row.get(column)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item:
                names.append(item.split(": ", 1)[1] if column == "context" and ": " in item else item)
    return names


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Tally:
    found: int = 0
    expected: int = 0

    def add(self, found: int, expected: int) -> None:
        self.found += found
        self.expected += expected

    def __str__(self) -> str:
        share = self.found / self.expected if self.expected else 0.0
        return f"{self.found}/{self.expected} ({share:.0%})"


def score(questions: list[dict], ask_for: Callable[[dict], Ask | None]) -> dict:
    """Ask each question with `ask_for(question)` (None: its corpus is unavailable, skipped);
    returns totals, per corpus and kind, and one entry per question."""
    total, items, skipped = Tally(), [], []
    by_corpus: dict[str, Tally] = {}
    by_kind: dict[str, Tally] = {}
    for q in questions:
        ask = ask_for(q)
        if ask is None:
            skipped.append(q["id"])
            continue
        asked = ask(q["question"])
        aliases = q.get("aliases", {})
        found = [name for name in q["expected"] if contains_name(name, asked.names, aliases.get(name, ()))]
        related_ok = [name for name in q.get("related", [])
                      if contains_name(name, asked.related, aliases.get(name, ()))]
        total.add(len(found), len(q["expected"]))
        by_corpus.setdefault(q.get("corpus", "demo"), Tally()).add(len(found), len(q["expected"]))
        by_kind.setdefault(q.get("kind", "paraphrase"), Tally()).add(len(found), len(q["expected"]))
        items.append({"id": q["id"], "question": q["question"], "found": found,
                      "missed": [n for n in q["expected"] if n not in found],
                      "related_labelled": related_ok, "rows": asked.rows, "reading": asked.reading,
                      "ms": round(asked.ms, 1)})
    return {"total": total, "by_corpus": by_corpus, "by_kind": by_kind, "items": items, "skipped": skipped}


def format_report(name: str, report: dict) -> str:
    lines = [f"{name}: {report['total']} expected names contained"]
    for title, tallies in (("corpus", report["by_corpus"]), ("kind", report["by_kind"])):
        if len(tallies) > 1:
            lines.append(f"  by {title}: " + ", ".join(f"{k} {v}" for k, v in sorted(tallies.items())))
    if report["skipped"]:
        lines.append(f"  skipped ({len(report['skipped'])}, no graph for their corpus): "
                     + " ".join(report["skipped"]))
    for item in report["items"]:
        mark = "ok " if not item["missed"] else "-- "
        lines.append(f"  {mark}{item['id']} {len(item['found'])}/{len(item['found']) + len(item['missed'])}"
                     f" rows={item['rows']}"
                     + (f" missed={','.join(item['missed'])}" if item["missed"] else "")
                     + (f" related={','.join(item['related_labelled'])}" if item["related_labelled"] else ""))
    return "\n".join(lines)


def as_json(report: dict) -> dict:
    plain = lambda t: {"found": t.found, "expected": t.expected}  # noqa: E731
    return {"total": plain(report["total"]),
            "by_corpus": {k: plain(v) for k, v in report["by_corpus"].items()},
            "by_kind": {k: plain(v) for k, v in report["by_kind"].items()},
            "items": report["items"], "skipped": report["skipped"]}
