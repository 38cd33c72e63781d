"""Remedies: "X (has been proposed to) address(es) this issue" -> X improves what was harmed.

"Zero-shot models like CLIP are often fine-tuned ..., but this can compromise OOD
robustness. Robust Fine-Tuning (RFT), which ..., has been proposed to address this issue."
-> RFT improves OOD robustness. The problem noun ("this issue / problem / limitation") is
read as the quantity the sentence before said was harmed (a worsens verb on a quality, or
an increase of a bad noun), so the claim says which property the method is for. Only a
named entity or the proposed method is kept as the remedy, and it is kept also in
background sentences: a named method put forward for a stated problem is what a reader
asks about ("methods that improve OOD robustness"), even when prior work put it forward.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from claimgraph.extract.claims.arguments import _resolve
from claimgraph.extract.claims.lexicon import (
    _PROBLEM_NOUNS,
    _PUT_FORWARD_VERBS,
    _REMEDY_VERBS,
    BAD_NOUNS,
    EFFECT_LEXICON,
)
from claimgraph.extract.claims.parse import _children, _first, _is_passive, _is_quality
from claimgraph.extract.claims.records import _Arg, _Ctx, _Resolved
from claimgraph.schema import Effect


def harmed(sent: Span, ctx: _Ctx) -> list[tuple[Effect, _Resolved]]:
    """What a sentence says is harmed: (the effect a remedy has on it, the quantity).
    "this can compromise OOD robustness" -> (improves, OOD robustness); "X increases
    overfitting" -> (reduces, overfitting)."""
    out: list[tuple[Effect, _Resolved]] = []
    for t in sent:
        if t.pos_ != "VERB" or _is_passive(t):
            continue
        eff = EFFECT_LEXICON.get(t.lemma_.lower())
        for obj in _children(t, "dobj"):
            if eff is Effect.WORSENS or (eff is Effect.REDUCES and _is_quality(obj)):
                fix = Effect.IMPROVES
            elif eff is Effect.INCREASES and obj.lemma_.lower() in BAD_NOUNS:
                fix = Effect.REDUCES
            else:
                continue
            r = _resolve(_Arg(token=obj), ctx, role="target", effect=fix)
            if r is not None:
                out.append((fix, r))
    return out


def remedies(sent: Span, ctx: _Ctx) -> list[tuple[Token, _Resolved, Token]]:
    """(remedy verb, the method put forward, the problem noun) of each remedy statement."""
    out = []
    for v in sent:
        if v.lemma_.lower() not in _REMEDY_VERBS or v.pos_ != "VERB":
            continue
        problems = [o for o in _children(v, "dobj") if o.lemma_.lower() in _PROBLEM_NOUNS
                    and any(c.lower_ in ("this", "these", "such", "this", "that") for c in o.children)]
        if not problems:
            continue
        subj: Token | None = None
        head = v.head
        if v.dep_ in ("xcomp", "advcl") and head.lemma_.lower() in _PUT_FORWARD_VERBS:
            # "X has been proposed to address this issue" / "we propose X to address this issue"
            subj = _first(head, "nsubjpass") if _is_passive(head) else _first(head, "dobj")
        elif v.dep_ != "xcomp" and not _is_passive(v):
            subj = _first(v, "nsubj")
        if subj is None or subj.lower_ in ("we", "it", "they", "this", "these"):
            continue
        r = _resolve(_Arg(token=subj), ctx, role="subject", effect=Effect.IMPROVES)
        if r is not None and not r.fallback:
            out.append((v, r, problems[0]))
    return out
