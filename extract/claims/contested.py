"""Contested claims: pairs of claims of different papers that contradict each other."""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from claimgraph.schema import Claim, ClaimPolarity

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


@functools.cache
def _words() -> dict[str, frozenset[str]]:
    """class -> keys, from resources/contested.tsv; "general": the single words in at least
    1 % of abstracts (resources/general_words.txt)."""
    classes: dict[str, set[str]] = {}
    for line in (RESOURCES / "contested.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, kind = line.split("\t")
            classes.setdefault(kind.strip(), set()).update(_forms(phrase.strip()))
    general = (RESOURCES / "general_words.txt").read_text(encoding="utf-8").splitlines()
    classes["general"] = {w.strip() for w in general if w.strip() and not w.startswith("#")}
    return {kind: frozenset(keys) for kind, keys in classes.items()}


def _forms(key: str) -> set[str]:
    """The spellings a word list entry may have for this key: as is, hyphens as spaces (the
    resolver writes "fine tuning"), without spaces (PDF-broken words: "per formance"), and
    without a plural s ("operators", "llms")."""
    forms = {key, key.replace("-", " "), key.replace(" ", "").replace("-", "")}
    return forms | {f[:-1] for f in forms if f.endswith("s")}


def specific_subject(key: str) -> bool:
    """Can claims about this subject contradict each other? Not when it is a generic subject
    of resources/contested.tsv ("large language model", "reinforcement learning") or a single
    common word of abstracts ("training", "fine-tuning", "fusion", "information"): claims about
    those are about different things ("fine-tuning fails to improve instance retrieval" vs
    ordinary fine-tuning gains)."""
    words = _words()
    forms = _forms(key)
    if forms & words["generic_subject"]:
        return False
    return " " in key.strip() or not forms & words["general"]


def _same_question(a: ClaimPolarity, b: ClaimPolarity) -> bool:
    """A generic target ("performance", "accuracy") is one question only within a shared
    context entity (model, dataset, baseline or setting) of both claims; any other target is."""
    generic = _words()["generic_target"]
    return not (_forms(a.target_key) & generic or _forms(b.target_key) & generic) \
        or bool(set(a.context_keys) & set(b.context_keys))


COPY_OVERLAP = 0.9   # word-set overlap (Jaccard) at which two evidence sentences are one text (near-verbatim)
_WORD = re.compile(r"[a-z0-9]+")


def _copies(a: frozenset[str], b: frozenset[str]) -> bool:
    """One text twice: the same abstract in two venues or versions, or a group's boilerplate
    (at 92k papers 26 of 40 judged support pairs were such copies): not a second finding."""
    return bool(a and b) and len(a & b) >= COPY_OVERLAP * len(a | b)


def find_contested(claims: Iterable[Claim | ClaimPolarity | Mapping[str, Any]], *, by_head: bool = False,
                   per_claim: int | None = None, opposed: dict[str, int] | None = None,
                   specific: bool = True) -> list[tuple[str, str]]:
    """Pairs of claim ids from different papers that contradict each other.

    `claims` are Claim objects or plain rows with the fields of ``ClaimPolarity`` (id,
    paper_id, subject_key, target_key, axis, sign, context_keys: the store's claim polarity
    rows), or ClaimPolarity values; all give the same pairs.

    Two claims contradict when they share subject key and target key, lie on the
    same polarity axis (``EFFECT_POLARITY``) and have opposite signed polarity
    (``Claim.polarity``, the sign flipped by negation): "sharpness correlates with
    generalization" vs "sharpness does not correlate with generalization", or
    "X improves Y" vs "X worsens Y". Each pair is returned once, ids sorted.

    And only about a specific subject and one question (issue 21: 6 of 64 pairs at 92k papers
    were defensible before): the subject is no generic word (``specific_subject``), and when
    either target is generic ("performance") the two claims share a context entity
    (``_same_question``). ``specific=False`` drops both conditions (the rule before, to measure).

    With ``by_head`` the subject and target are compared by their head words only
    ("layer-wise sharpness correlates with generalization" vs "sharpness does not
    correlate with generalization"): a looser, topic-level disagreement. Pairs whose
    subject and target keys are identical are left to the exact match.

    With ``per_claim`` each claim picks at most that many of its contradicting claims,
    the first in (paper id, claim id) order, and a pair is kept when either claim picked
    the other: a question with n claims gives at most per_claim × n pairs instead of up
    to n²/4, and every claim that is contradicted keeps at least one pair. ``opposed``,
    when given, receives each contradicted claim's number of contradicting claims in
    total (before the bound).
    """
    def key(entity_key: str) -> str:
        return entity_key.split()[-1] if by_head and entity_key else entity_key

    def question(c: ClaimPolarity) -> tuple[str, str] | None:
        return (c.subject_key, c.target_key) if by_head else None

    groups: dict[tuple[str, str, str], list[ClaimPolarity]] = {}
    for c in map(ClaimPolarity.of, claims):
        if not specific or specific_subject(c.subject_key):
            groups.setdefault((key(c.subject_key), key(c.target_key), c.axis), []).append(c)
    pairs: set[tuple[str, str]] = set()
    for group in groups.values():
        group.sort(key=lambda c: (c.paper_id, c.id))
        picks: dict[tuple, tuple] = {}   # claims of one sign, question and context pick from the same list
        for a in group:
            side = (a.sign, question(a), a.context_keys)
            if side not in picks:
                others = [b for b in group if b.sign != a.sign
                          and (not by_head or question(b) != question(a))
                          and (not specific or _same_question(a, b))]
                per_paper = Counter(b.paper_id for b in others)
                # Enough candidates that per_claim remain after dropping one paper's own claims.
                cut = len(others) if per_claim is None else per_claim + max(per_paper.values(), default=0)
                picks[side] = (others[:cut], per_paper, len(others))
            candidates, per_paper, total = picks[side]
            against = [b for b in candidates if b.paper_id != a.paper_id and b.id != a.id][:per_claim]
            if against and opposed is not None:
                opposed[a.id] = total - per_paper[a.paper_id]
            for b in against:
                pairs.add((a.id, b.id) if a.id < b.id else (b.id, a.id))
    return sorted(pairs)


def agreement(claims: Iterable[Claim | ClaimPolarity | Mapping[str, Any]], *,
              papers_shown: int = 5, specific: bool = True) -> list[dict[str, Any]]:
    """Per claim, how many claims of *other* papers support it and how many contrast it.

    A claim supports another when both say the same thing about the same things: identical
    resolved subject and target keys (the resolver has already folded aliases and acronyms
    into one key), the same polarity axis and the same signed polarity; it contrasts when
    the sign is opposite. Nothing is paired on head words. Like ``find_contested`` (and so
    the counts agree with the CONTRADICTS links), only about a specific subject and on one
    question: a generic subject ("training", "large language model") gets no support or
    contrast, and on a generic target ("performance") only claims sharing a context entity
    count; and a claim whose evidence sentence is a copy of this one's (``_copies``) is no
    second voice. ``specific=False``: the rule before. Counts are of papers (several claims of one
    paper count once), and each row carries up to ``papers_shown`` paper ids per side, in id
    order: {id, supported_by, support_papers, contrasted_by, contrast_papers}; every claim
    has a row.
    """
    groups: dict[tuple[str, str, str], list[ClaimPolarity]] = {}
    for c in map(ClaimPolarity.of, claims):
        alone = specific and not specific_subject(c.subject_key)
        groups.setdefault((c.subject_key, c.target_key, c.axis) if not alone else ("", c.id, ""), []).append(c)
    rows = []
    for group in groups.values():
        words = {c.id: frozenset(_WORD.findall(c.evidence.lower())) for c in group} if len(group) > 1 else {}
        for c in group:
            others = [b for b in group if b.paper_id != c.paper_id
                      and (not specific or (_same_question(c, b) and not _copies(words[c.id], words[b.id])))]
            same = sorted({b.paper_id for b in others if b.sign == c.sign})
            other = sorted({b.paper_id for b in others if b.sign != c.sign})
            rows.append({"id": c.id, "supported_by": len(same), "support_papers": same[:papers_shown],
                         "contrasted_by": len(other), "contrast_papers": other[:papers_shown]})
    return sorted(rows, key=lambda r: r["id"])
