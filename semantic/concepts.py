"""Concept groups with provenance: SAME_AS proposals, a user's decisions, never a silent merge.

A link is proposed only where it is certain:

* rule "acronym expansion": two entities of one type whose names (or aliases), with their
  acronyms expanded (semantic.acronyms), normalise to the same key ("OOD performance" and
  "out-of-distribution performance");
* rule "similarity": one type and cosine of the expanded names >= SIMILARITY_THRESHOLD, if a
  threshold is ever measured at precision >= 0.95 on hand-judged pairs (none is: see below);
* rule "accepted": a pair a person accepted (`claimgraph concepts accept`).

Pairs a person undid form the cannot-link list and are never proposed again. Decisions live
in a JSON file in the store's home, so they survive rebuilds.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimgraph.schema.keys import normalize_key
from claimgraph.semantic.acronyms import Expander, covered, looks_like_acronym

# No similarity threshold reaches precision 0.95 on judged pairs (docs/semantics_judged_pairs.tsv:
# 0.70 at cosine >= 0.999, 0.54 at >= 0.95, 0.18 at >= 0.90 on graph3000; GPT ~ GPT-4,
# top-1 ~ top-5 accuracy, FPN ~ RPN: a bag-of-tokens model cannot see digits or word order),
# so similarity makes no SAME_AS link; it is used at query time only, shown with its score.
SIMILARITY_THRESHOLD: float | None = None


@dataclass(frozen=True)
class Link:
    label: str
    a: str
    b: str
    score: float
    rule: str
    model: str = ""
    why: str = ""

    def row(self, paper_ids: list[str]) -> dict:
        return {"a": self.a, "b": self.b, "score": round(self.score, 4), "rule": self.rule, "model": self.model,
                "paper_ids": paper_ids}


def concept_key(name: str, expander: Expander) -> str:
    return normalize_key(expander.expand(name))


def acronym_links(entities: list[dict], curated: Expander) -> list[Link]:
    """Entities of one label whose expanded names meet: linked to the one with most papers.
    An acronym is expanded only where its reading is certain for the entity: the curated
    table's one reading (`curated`: "model-based RL" = "model-based reinforcement learning"),
    else the entity's own definition. A reading that some other paper defined is not enough:
    at 92k papers acronyms are reused, and 36 of 60 links made that way joined two different
    things (SLAC, PANet, HDAE: docs/semantics.md)."""
    groups: dict[tuple[str, str], dict[str, str]] = {}
    for e in entities:
        # A bare acronym alias says only what the paper defined it as, which may be a wider
        # name than the entity ("SLAM" on "SLAM method"): only compounds and names group.
        aliases = [a for a in e.get("aliases", []) if len(a.split()) > 1]
        own = _own_definitions(e)
        expander = curated.with_definitions(own) if own else curated
        for form in (e["name"], *aliases):
            if not expander.expansions(form):
                continue
            ck = concept_key(form, expander)
            if ck:
                groups.setdefault((e["label"], ck), {})[e["key"]] = form
    for e in entities:        # entities named by the long form itself join their group
        ck = normalize_key(e["name"])
        if (e["label"], ck) in groups:
            groups[(e["label"], ck)].setdefault(e["key"], e["name"])
    papers = {(e["label"], e["key"]): e.get("papers", 0) for e in entities}
    links = []
    for (label, ck), members in groups.items():
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda k: (-papers.get((label, k), 0), k))
        hub = ranked[0]
        for other in ranked[1:]:
            a, b = sorted((hub, other))
            links.append(Link(label, a, b, 1.0, "acronym expansion",
                              why=f'"{members[other]}" and "{members[hub]}" both read as "{ck}"'))
    return links


def _own_definitions(e: dict) -> list[tuple[str, str]]:
    """(short, long) as the entity's own papers defined it: an acronym alias of a long name
    ("Path Aggregation Network", alias PANet), or a long alias of an acronym name. Only where the
    acronym spells the whole long form: "ZO2" for "Zeroth-Order Offloading" names a method,
    not the "zeroth-order" its letters spell."""
    name, aliases = e["name"], e.get("aliases", [])
    own = [(a, name) for a in aliases if looks_like_acronym(a) and len(name.split()) > 1]
    if looks_like_acronym(name):
        own += [(name, a) for a in aliases if len(a.split()) > 1]
    return [(short, long) for short, long in own if normalize_key(covered(short, long)) == normalize_key(long)]


def similarity_links(entities: list[dict], vectors: np.ndarray, model: str,
                     threshold: float = 0.97) -> list[Link]:
    """Same-label pairs whose name vectors (rows of `vectors`, in `entities` order) are >= threshold."""
    links = []
    by_label: dict[str, list[int]] = {}
    for i, e in enumerate(entities):
        by_label.setdefault(e["label"], []).append(i)
    for label, idx in by_label.items():
        m = vectors[idx].astype(np.float32)
        for start in range(0, len(idx), 2048):
            sims = m[start:start + 2048] @ m.T
            rows, cols = np.nonzero(sims >= threshold)
            for r, c in zip(rows, cols, strict=True):
                i, j = idx[start + r], idx[c]
                if i < j:
                    a, b = sorted((entities[i]["key"], entities[j]["key"]))
                    links.append(Link(label, a, b, float(sims[r, c]), "similarity", model,
                                      why=f'"{entities[i]["name"]}" ~ "{entities[j]["name"]}"'))
    return links


# ---------------------------------------------------------------------------- decisions

class Decisions:
    """accepted / undone (cannot-link) pairs, kept in <home>/concepts.json."""

    def __init__(self, path: Path):
        self.path = Path(path)
        data = json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}
        self.accepted: set[tuple[str, str, str]] = {tuple(x) for x in data.get("accepted", [])}  # type: ignore[misc]
        self.undone: set[tuple[str, str, str]] = {tuple(x) for x in data.get("cannot_link", [])}  # type: ignore[misc]

    @staticmethod
    def pair(label: str, a: str, b: str) -> tuple[str, str, str]:
        x, y = sorted((a, b))
        return (label, x, y)

    def accept(self, label: str, a: str, b: str) -> None:
        p = self.pair(label, a, b)
        self.undone.discard(p)
        self.accepted.add(p)
        self.save()

    def undo(self, label: str, a: str, b: str) -> None:
        p = self.pair(label, a, b)
        self.accepted.discard(p)
        self.undone.add(p)
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"accepted": sorted(self.accepted), "cannot_link": sorted(self.undone)},
                                  indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    def apply(self, links: list[Link]) -> list[Link]:
        """Proposed links less the cannot-link pairs, plus the accepted pairs."""
        out = {self.pair(x.label, x.a, x.b): x for x in links if self.pair(x.label, x.a, x.b) not in self.undone}
        for p in self.accepted:
            out.setdefault(p, Link(p[0], p[1], p[2], 1.0, "accepted", why="accepted by a person"))
        return sorted(out.values(), key=lambda x: (x.label, x.a, x.b))


def plan(links: list[Link], existing: list[dict]) -> tuple[list[Link], list[dict]]:
    """What to write (new or changed) and delete (no longer proposed) against the stored links."""
    have = {(r["label"], r["a"], r["b"]): r for r in existing}
    want = {(x.label, x.a, x.b): x for x in links}
    put = [x for k, x in want.items() if k not in have or have[k].get("rule") != x.rule
           or abs((have[k].get("score") or 0) - round(x.score, 4)) > 1e-6]
    drop = [{"label": k[0], "a": k[1], "b": k[2]} for k in have if k not in want]
    return put, drop


Papers = Callable[[str, list[str]], list[str]]
