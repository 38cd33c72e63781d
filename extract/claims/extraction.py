"""The entry point, ``extract_claims``: sentences -> predicates -> checked, resolved claims."""
from __future__ import annotations

import logging

from spacy.tokens import Doc, Span, Token

from claimgraph.extract.claims.arguments import _expand_list, _resolve, _split_np
from claimgraph.extract.claims.clauses import _hedged, _negated, _skip_clause
from claimgraph.extract.claims.confidence import score_confidence
from claimgraph.extract.claims.context import _context
from claimgraph.extract.claims.lexicon import (
    _CANDIDATE_LEMMAS,
    _CANDIDATE_WORDS,
    _DROP_NOUNS,
    _EFFECT_WORD_NOUNS,
    _GENERIC_HEADS,
    _IMPROVE_NOUNS,
    _MEASURED_JUNK,
    _NOT_A_METHOD,
    _PARTITIVE_HEADS,
    _PUT_FORWARD_VERBS,
    _REMEDY_VERBS,
    _REPORT_VERBS,
    _USUALLY,
    EFFECT_LEXICON,
)
from claimgraph.extract.claims.magnitude import parse_magnitude
from claimgraph.extract.claims.parse import _adjust_for_quality, _conjuncts, _is_passive, _scope
from claimgraph.extract.claims.patterns import _METHOD_SELF_REFERENCE
from claimgraph.extract.claims.phrases import _has_specific_modifier
from claimgraph.extract.claims.predicates import _predicates
from claimgraph.extract.claims.records import _Arg, _Ctx, _Pred, _Resolved
from claimgraph.extract.claims.remedy import harmed, remedies
from claimgraph.extract.claims.sentences import (
    _clause_is_prior,
    _first_self_reference,
    _sentence_cue,
    _sentence_status,
)
from claimgraph.extract.claims.spans import ENTITY_SPANS_KEY, _concept, _index_spans
from claimgraph.schema import Claim, Effect, Entity, make_id
from claimgraph.schema.keys import normalize_key, singular

_log = logging.getLogger(__name__)


def _names_proposed(doc: Doc, proposed: Entity | None) -> bool:
    """Does the abstract name the proposed method (a span or its name in the text)? A paper
    whose method has no name gets a stand-in entity; pronouns then rarely mean it."""
    if proposed is None:
        return False
    names = {proposed.name.lower(), *(a.lower() for a in proposed.aliases)}
    text = doc.text.lower()
    if any(n and n in text for n in names):
        return True
    return any(normalize_key(sp.kb_id_ or sp.text) == proposed.key or normalize_key(sp.text) == proposed.key
               for sp in doc.spans.get(ENTITY_SPANS_KEY, ()))


def _introduced_heads(doc: Doc) -> frozenset[str]:
    """Head words of what the paper itself puts forward ("we present a differentiable topology
    layer", "this paper presents a system"): a later "the layer" / "the system" refers back to it."""
    heads = set()
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _PUT_FORWARD_VERBS and not _is_passive(tok):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or not (subj.lower_ == "we" or subj.lemma_.lower() in ("paper", "work", "study", "article")):
                continue
            heads |= {o.lemma_.lower() for c in tok.children if c.dep_ == "dobj" for o in _conjuncts(c)
                      if o.lemma_.lower() in _GENERIC_HEADS - _NOT_A_METHOD}
    return frozenset(heads)


def _sentence_has_candidate(sent: Span) -> bool:
    """Cheap pre-filter: does the sentence contain any word that can carry an effect?"""
    return any(t.lemma_.lower() in _CANDIDATE_LEMMAS or t.lower_ in _CANDIDATE_WORDS for t in sent)


def extract_claims(doc: Doc, *, paper_id: str, proposed: Entity | None,
                   extractor: str = "claims-v1") -> list[Claim]:
    """Claims stated in the result sentences of one parsed abstract (rules: module docstring)."""
    spans_at = _index_spans(doc)
    ctx = _Ctx(doc=doc, proposed=proposed, spans_at=spans_at,
               proposed_named=_names_proposed(doc, proposed),
               method_self_reference=bool(_METHOD_SELF_REFERENCE.search(doc.text)),
               introduced_heads=_introduced_heads(doc))
    sents = list(doc.sents)
    first_self = _first_self_reference(sents)
    claims: list[Claim] = []
    seen_ids: set[str] = set()
    for index, sent in enumerate(sents):
        if index > 0 and any(t.lemma_.lower() in _REMEDY_VERBS for t in sent):
            for claim in _remedy_claims(sent, sents[index - 1], ctx, paper_id, extractor):
                if claim.id not in seen_ids:
                    seen_ids.add(claim.id)
                    claims.append(claim)
        anchors = [t for t in sent if t.lemma_.lower() in _CANDIDATE_LEMMAS or t.lower_ in _CANDIDATE_WORDS]
        if not anchors:
            ctx.previous_subject = None
            continue
        cue = _sentence_cue(sent)
        status = _sentence_status(sent, index, first_self, cue)
        if status == "background":
            _log.debug("background sentence %d: %s", index, sent.text[:80])
            ctx.previous_subject = None
            continue
        found: list[Claim] = []
        for tok in anchors:
            for pred in _predicates(tok):
                for claim in _claims_from_pred(pred, sent, ctx, cue, paper_id, extractor, status):
                    if claim.id not in seen_ids:
                        seen_ids.add(claim.id)
                        found.append(claim)
        claims.extend(found)
        ctx.previous_subject = found[-1].subject if found else None
    return _without_repeats(claims)


def _without_repeats(claims: list[Claim]) -> list[Claim]:
    """One claim per (subject, effect, negation, target) in an abstract: a method's design sentence
    and its result sentence often say the same thing ("a pipeline that segments X without requiring
    labels ... we are able to segment X without requiring labels"). A repeat with its own magnitude
    is kept (a second measurement)."""
    seen: dict[tuple[str, str, bool, str], Claim] = {}
    out = []
    for c in claims:
        k = (c.subject.key, c.effect.value, c.negated, c.target.key)
        first = seen.get(k)
        if first is not None and (c.magnitude is None or c.magnitude == first.magnitude):
            continue
        seen.setdefault(k, c)
        out.append(c)
    return out


def _without_spans_over(ctx: _Ctx, *toks: Token) -> _Ctx:
    """The context without entity spans that cover the effect word itself: a span like
    "data repetition damages copying" or "correlation of sharpness" is a mis-typed clause,
    not a name, so the arguments are read from the parse."""
    bad = {id(sp) for t in toks for sp in ctx.spans_at.get(t.i, ())}
    if not bad:
        return ctx
    spans_at = {i: kept for i, spans in ctx.spans_at.items() if (kept := [sp for sp in spans if id(sp) not in bad])}
    return _Ctx(doc=ctx.doc, proposed=ctx.proposed, spans_at=spans_at, previous_subject=ctx.previous_subject,
                proposed_named=ctx.proposed_named, method_self_reference=ctx.method_self_reference,
                introduced_heads=ctx.introduced_heads)


def _claims_from_pred(pred: _Pred, sent: Span, ctx: _Ctx, cue: float, paper_id: str,
                      extractor: str, status: str | None) -> list[Claim]:
    if not pred.subjects or not pred.targets:
        return []
    ctx = _without_spans_over(ctx, *[t for t in (pred.anchor, pred.clause) if t.pos_ in ("VERB", "AUX") or t.lemma_.lower()
                                     in EFFECT_LEXICON or t.lemma_.lower() in _EFFECT_WORD_NOUNS])
    # a repaired effect whose clause is the paper's own reporting verb ("by showing that X damages Y") is asserted
    reported = pred.repaired and pred.clause.lemma_.lower() in _REPORT_VERBS and pred.clause.pos_ == "VERB"
    why = None if reported else _skip_clause(pred.clause, repaired=pred.repaired)
    if why:
        _log.debug("skip %r: %s", pred.anchor.text, why)
        return []
    if _clause_is_prior(pred):
        _log.debug("skip %r: prior work", pred.anchor.text)
        return []
    negated = pred.negated or _negated(pred.clause, pred.anchor)
    if pred.positive:
        negated = False
    hedged = _hedged(pred.clause)
    magnitude = pred.magnitude
    if magnitude is None or magnitude == "negative correlation":
        scope_text = "".join(t.text_with_ws for t in _scope(pred.clause))
        magnitude = parse_magnitude(scope_text) or magnitude

    subjects: list[_Resolved] = []
    for a in map(_through_partitive, pred.subjects):
        if a.token is not None and not a.verb_phrase and not a.name:
            args = [x for t in _expand_list(a.token) for x in _split_np(t)]
        else:
            args = [a]
        for arg in args:
            r = _resolve(arg, ctx, role="subject", effect=pred.effect)
            if r is not None and r.entity.key not in {x.entity.key for x in subjects}:
                subjects.append(r)
    if status == "description" and pred.capability:
        return []      # "we propose a pipeline that can segment X": a design statement, not a finding
    if pred.anchor.lemma_.lower() == "rely" and (status == "description" or pred.anchor.dep_ == "relcl" or any(
            c.lower_ in _USUALLY for c in pred.anchor.children)):
        return []      # "an approach that relies on X", "systems often rely on X": what a design is built on
    if status == "description" or pred.capability:
        subjects = [s for s in subjects if not s.fallback]
    if not subjects and pred.we_able and status != "description" and cue > 0 and ctx.proposed is not None and (
            ctx.proposed_named or ctx.method_self_reference):     # (a result cue: not "we are able to warp the features")
        # "(our experiments show that) we are able to V Y": what the paper's method makes possible
        subjects = [_Resolved(ctx.proposed, False, None)]
    if not subjects and pred.result_subject and ctx.proposed is not None and (
            ctx.proposed_named or ctx.method_self_reference):
        subjects = [_Resolved(ctx.proposed, False, None)]
    targets: list[_Resolved] = []
    timed: set[str] = set()
    for a in map(_through_partitive, pred.targets):
        args = [a]
        if a.token is not None and not a.name and (not a.verb_phrase or not [
                c for c in a.token.children if c.dep_ not in ("cc", "conj", "punct")]):
            # "reduces overtraining and overfitting" (also when the tagger made them gerunds)
            args = [x for t in _conjuncts(a.token) for x in _split_np(t, verb_phrase=a.verb_phrase)]
        for arg in args:
            r = _resolve(arg, ctx, role="target", effect=pred.effect)
            if r is None or r.fallback and singular(r.entity.key) in _IMPROVE_NOUNS:
                continue        # "achieving significant improvements": the effect again, not what it is on
            if r.head is not None and r.fallback and r.head.lemma_.lower() in _DROP_NOUNS and \
                    not _has_specific_modifier(r.head):
                drop = _concept("performance drop")
                assert drop is not None   # a fixed, valid name
                r = _Resolved(drop, True, r.head)   # "reduces this drop by half"
            if pred.speed and r.head is not None and r.head.lemma_.lower() in _MEASURED_JUNK:
                timed.add(r.entity.key)      # "accelerates the planning time": the time goes down
            elif pred.speed:
                ent = _concept(f"{r.entity.name} speed")
                if ent is None:
                    continue
                r = _Resolved(ent, r.fallback, r.head)
            if r.entity.key not in {x.entity.key for x in targets}:
                targets.append(r)
    out: list[Claim] = []
    for s in subjects:
        for t in targets:
            if s.entity.key == t.entity.key or (pred.effect not in (Effect.OUTPERFORMS, Effect.CORRELATES)
                                                and set(t.entity.key.split()) < set(s.entity.key.split())):
                continue       # "a robotic pouring task that controls pouring": the same thing on both sides
            effect = Effect.REDUCES if t.entity.key in timed else pred.effect
            if pred.quality_adjust and not pred.speed and t.head is not None:
                effect = _adjust_for_quality(effect, t.head)
            used = {s.entity.key, t.entity.key}
            context = _context(pred, sent, ctx, used, t.head)
            conf = score_confidence(cue=cue, hedged=hedged, subject_concept=s.fallback,
                                    target_concept=t.fallback,
                                    has_magnitude=magnitude is not None and magnitude != "negative correlation")
            cid = make_id("claim", paper_id, str(sent.start_char), s.entity.key, effect.value, t.entity.key)
            # "no reasonable complexity measure can close these gaps": denied of every such subject
            denied = s.head is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in s.head.children)
            out.append(Claim(
                id=cid, paper_id=paper_id, subject=s.entity, effect=effect, negated=negated or denied,
                hedged=hedged, target=t.entity, context=context, magnitude=magnitude,
                confidence=conf, evidence=sent.text, start=sent.start_char, end=sent.end_char,
                extractor=extractor,
            ))
    return out


def _through_partitive(a: _Arg) -> _Arg:
    """"correlates well with a large group of traditional similarity measures": a partitive head
    ("a group / variety / range / set of") names no thing of its own; its of-object is the argument."""
    t = a.token
    if t is None or a.name or t.lemma_.lower() not in _PARTITIVE_HEADS or \
            not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children):
        return a
    of = [o for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    return _Arg(token=of[0], verb_phrase=a.verb_phrase) if of and of[0].pos_ in ("NOUN", "PROPN") else a


def _remedy_claims(sent: Span, prev: Span, ctx: _Ctx, paper_id: str, extractor: str) -> list[Claim]:
    """"X has been proposed to address this issue" after a sentence saying what was harmed
    -> X improves it (extract/claims/remedy.py)."""
    if sent.text.strip().endswith("?"):
        return []
    found = remedies(sent, ctx)
    if not found:
        return []
    out = []
    for verb, subject, _problem in found:
        for effect, target in harmed(prev, ctx):
            if subject.entity.key == target.entity.key:
                continue
            hedged = _hedged(verb)
            conf = score_confidence(cue=0.0, hedged=hedged, subject_concept=False, target_concept=target.fallback,
                                    has_magnitude=False)
            cid = make_id("claim", paper_id, str(sent.start_char), subject.entity.key, effect.value, target.entity.key)
            out.append(Claim(id=cid, paper_id=paper_id, subject=subject.entity, effect=effect, negated=False,
                             hedged=hedged, target=target.entity, context=[], magnitude=None, confidence=conf,
                             evidence=sent.text, start=sent.start_char, end=sent.end_char, extractor=extractor))
    return out
