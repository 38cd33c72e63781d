"""Context entities of a claim: models, data sets, baselines and settings of its sentence."""
from __future__ import annotations

from spacy.tokens import Span, Token

from claimgraph.extract.claims.arguments import _resolve
from claimgraph.extract.claims.lexicon import (
    _COMPARE_PREPS,
    _IMPROVE_NOUNS,
    _SETTING_NOUNS,
    BAD_NOUNS,
    O,
)
from claimgraph.extract.claims.parse import (
    _children,
    _conjuncts,
    _is_quality,
    _prep_objects,
    _scope,
)
from claimgraph.extract.claims.phrases import _phrase
from claimgraph.extract.claims.records import _Arg, _Ctx, _Pred
from claimgraph.extract.claims.spans import (
    ENTITY_SPANS_KEY,
    _concept,
    _entity_from_span,
    _longest,
)
from claimgraph.schema import ClaimContext, ContextRole, Entity, EntityType
from claimgraph.schema.keys import normalize_key


def _context(pred: _Pred, sent: Span, ctx: _Ctx, used: set[str],
             target_tok: Token | None) -> list[ClaimContext]:
    out: list[ClaimContext] = []
    seen: set[tuple[str, str]] = set()

    def add(role: ContextRole, ent: Entity) -> None:
        k = (role.value, ent.key)
        if ent.key in used or k in seen:
            return
        seen.add(k)
        out.append(ClaimContext(role=role, entity=ent))

    scope = _scope(pred.clause)
    for o in pred.rivals:      # "X outperforms Y in terms of Q": Y is the baseline of the Q claim
        for oo in _conjuncts(o):
            r = _resolve(_Arg(token=oo), ctx, role="target", effect=O)      # read as a comparison's baseline
            if r is not None:
                add(ContextRole.BASELINE, r.entity)
    # baselines: than / over / compared to / relative to / against / versus / superior to
    for t in scope:
        objs: list[Token] = []
        if t.dep_ == "prep" and t.lower_ in _COMPARE_PREPS:
            if t.lower_ == "over" and not (t.head.lemma_.lower() in _IMPROVE_NOUNS or t.head.pos_ in ("VERB", "ADJ", "ADV")
                                           or _is_quality(t.head) or t.head.lemma_.lower() in BAD_NOUNS):
                continue
            objs = _children(t, "pobj")
        elif t.dep_ == "prep" and t.lower_ == "to" and t.head.lower_ in ("superior", "inferior", "relative", "compared"):
            objs = _children(t, "pobj")
        elif t.lemma_.lower() in ("compare", "comparing") and t.dep_ in ("prep", "advcl", "amod", "advmod", "acl"):
            objs = _prep_objects(t, ("to", "with", "against"))
        for o in objs:
            if pred.effect is O and target_tok is not None and o.i == target_tok.i:
                continue
            for oo in _conjuncts(o):
                r = _resolve(_Arg(token=oo, verb_phrase=oo.pos_ == "VERB"), ctx, role="context", effect=pred.effect)
                if r is not None:
                    add(ContextRole.BASELINE, r.entity)
    # the X of "the OOD performance of WiSE-FT"
    if target_tok is not None and (_is_quality(target_tok) or target_tok.lemma_.lower() in BAD_NOUNS):
        for o in _prep_objects(target_tok, ("of",)):
            spans = ctx.spans_at.get(o.i)
            if spans:
                owner = _entity_from_span(_longest(spans), ctx.proposed)
                add(ContextRole.MODEL if owner.type is EntityType.MODEL else ContextRole.BASELINE, owner)
            elif o.pos_ == "PROPN":
                ent = _concept(_phrase(o))
                if ent:
                    add(ContextRole.BASELINE, ent)
    # settings: "in the X setting / regime / scenarios"
    for t in scope:
        if t.pos_ == "NOUN" and t.lemma_.lower() in _SETTING_NOUNS and t.dep_ == "pobj" and \
                t.head.lower_ in ("in", "under", "across", "for"):
            split = [c for c in t.children if c.dep_ in ("compound", "nmod", "amod") and len(_conjuncts(c)) > 1]
            if split:     # "in ID and OOD settings"
                for cc in _conjuncts(split[0]):
                    ent = _concept(f"{cc.text} {t.text}")
                    if ent:
                        add(ContextRole.SETTING, ent)
                continue
            for tt in _conjuncts(t):
                name = _phrase(tt)
                if name and normalize_key(name) not in {normalize_key(x) for x in _SETTING_NOUNS}:
                    ent = _concept(name)
                    if ent:
                        add(ContextRole.SETTING, ent)
    # Model and Dataset spans anywhere in the sentence
    if ENTITY_SPANS_KEY in ctx.doc.spans:
        for span in ctx.doc.spans[ENTITY_SPANS_KEY]:
            if span.start >= sent.start and span.end <= sent.end and span.label_ in ("Model", "Dataset"):
                ent = _entity_from_span(span, ctx.proposed)
                add(ContextRole.MODEL if span.label_ == "Model" else ContextRole.DATASET, ent)
    return out
