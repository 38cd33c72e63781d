"""Predicate finders: the effect words of a sentence (verbs, light verbs, nouns, adjectives, comparatives) with their argument slots."""
from __future__ import annotations

import re

from spacy.tokens import Token

from claimgraph.extract.claims.arguments import _split_np
from claimgraph.extract.claims.clauses import _by_means, _closest_subject, _subject_of
from claimgraph.extract.claims.lexicon import (
    _ABILITY_ADJ,
    _ABSTRACT_OWNED,
    _ADAPT_TO_HEADS,
    _ADJ_EFFECT,
    _ADJ_REQUIRED,
    _ADJ_SUCCESS,
    _AVOID_VERBS,
    _BETTER,
    _CANDIDATE_LEMMAS,
    _CAPABILITY_SKIP,
    _CAPABILITY_USE,
    _CORRELATION_NOUNS,
    _DOWN_VERBS,
    _DROP_NOUNS,
    _EFFECT_NOUNS,
    _EVALUATIVE,
    _FAVORABLY,
    _FAVORABLY_PREPS,
    _FINITE,
    _GENERIC_HEADS,
    _IMPROVE_NOUNS,
    _IN_TERMS_OF,
    _INCREASE_NOUNS,
    _LESS,
    _LIGHT_PREP,
    _LIGHT_VERBS,
    _LOWER_IS_BETTER,
    _MORE,
    _NEG_RAISING,
    _ORIGIN_VERBS,
    _PREDICTOR_NOUNS,
    _PREP_ONLY,
    _PREP_VERBS,
    _PREREQUISITE_NOUNS,
    _RESULT_QUALITY_ADJ,
    _RESULT_SUBJECT_NOUNS,
    _RESULT_VERBS,
    _SETTING_NOUNS,
    _SPEED_VERBS,
    _TRADEOFF_NOUNS,
    _UP_VERBS,
    _VARY_VERBS,
    _WE_EFFECTS,
    _WORSE,
    BAD_NOUNS,
    EFFECT_LEXICON,
    INC,
    A,
    C,
    E,
    I,
    O,
    Q,
    R,
    W,
)
from claimgraph.extract.claims.magnitude import parse_magnitude
from claimgraph.extract.claims.parse import (
    _adjust_for_quality,
    _children,
    _conjuncts,
    _contrastive,
    _first,
    _has_aux_to,
    _is_outcome,
    _is_passive,
    _is_quality,
    _neg_child,
    _prep_objects,
    _slipped_verb,
    _subtree_text,
)
from claimgraph.extract.claims.phrases import _has_specific_modifier, _phrase
from claimgraph.extract.claims.records import _Arg, _Pred
from claimgraph.extract.claims.spans import _spans_covering
from claimgraph.schema import Effect


def _light_object(obj: Token) -> tuple[Effect, list[_Arg], bool, bool] | None:
    """Effect carried by a noun object: (effect, targets, negated, quality_adjust) or None.

    "5% improvements in X" -> improves X; "WER improvements" -> improves WER; "a drop in
    accuracy" -> worsens accuracy; "lower error rates" -> reduces error rate; "better X"
    -> improves X; "state-of-the-art performance" -> outperforms "state of the art";
    "no effect on X" -> affects X, negated.
    """
    lem = obj.lemma_.lower()
    negated = any(c.dep_ in ("det", "amod") and c.lower_ in ("no", "little", "negligible") for c in obj.children)
    if lem in _IMPROVE_NOUNS or lem in _DROP_NOUNS or lem in _INCREASE_NOUNS:
        base = I if lem in _IMPROVE_NOUNS else (R if lem in _DROP_NOUNS else INC)
        comp = [c for c in obj.children if c.dep_ in ("compound", "nmod") and c.i < obj.i
                and not c.like_num and c.text != "%" and c.pos_ in ("NOUN", "PROPN")]
        if comp:       # "WER improvements", "performance drop"
            return base, [_Arg(token=comp[-1], name=_compound_name(comp[-1]))], negated, True
        preps = ("in", "on", "of", "for", "to") if base is I else ("in", "of", "on")
        tg = [t for t in _prep_objects(obj, preps)
              if not t.like_num and t.lower_ not in ("up", "%") and t.lemma_.lower() not in _SETTING_NOUNS
              and not (t.pos_ == "PROPN" and base is I and t.head.lower_ == "on")]
        tg = [t for t in tg if t.lemma_.lower() not in _GENERIC_HEADS or t.lemma_.lower() == "performance"]
        if not tg:
            # "gains by an average of 14.9% in accuracy": the quantity sits inside the "by" amount
            tg = [t for p in [*obj.children, *obj.head.children] if p.dep_ == "prep" and p.lower_ == "by"
                  for t in p.subtree if t.dep_ == "pobj" and t.head.lower_ == "in" and _is_outcome(t)]
        if tg:
            return base, [_Arg(token=t, verb_phrase=t.pos_ == "VERB") for t in tg], negated, True
        # "5% WER improvements in A and 10% improvements in B": the second shares the first's quantity
        first = obj.head if obj.dep_ == "conj" else (obj.head.head if obj.dep_ in ("appos", "conj") and obj.head.text == "%"
                                                      and obj.head.dep_ == "conj" else None)
        if first is not None and first.lemma_.lower() == lem:
            comp = [c for c in first.children if c.dep_ in ("compound", "nmod") and c.i < first.i
                    and not c.like_num and c.text != "%" and c.pos_ in ("NOUN", "PROPN")]
            if comp:
                return base, [_Arg(token=comp[-1], name=_compound_name(comp[-1]))], negated, True
        if base is I:
            return I, [_Arg(name="performance")], negated, False
        return (W, [_Arg(name="performance")], negated, False) if lem in ("drop", "degradation", "decline", "deterioration") else None
    if lem in _EFFECT_NOUNS:
        tg = _prep_objects(obj, ("on", "upon"))
        if not tg:
            return None
        # "a positive / beneficial effect on Y" improves Y; "a negative / detrimental impact on Y" worsens it
        signs = {c.lower_ for c in obj.children if c.dep_ == "amod"}
        eff = I if signs & {"positive", "beneficial", "favorable", "favourable"} else (
            W if signs & {"negative", "detrimental", "adverse", "harmful"} else A)
        return eff, [_Arg(token=t) for t in tg], negated, False
    mods = {c.lower_ for c in obj.children if c.dep_ in ("amod", "advmod", "compound", "nmod")}
    if obj.dep_ == "dobj" and obj.head.pos_ == "ADJ" and obj.head.dep_ == "xcomp":
        mods.add(obj.head.lower_)
    if (post := _post_comparative(obj)) is not None:
        mods.add(post.lower_)
    left = obj.doc[obj.left_edge.i: obj.i].text.lower()
    if lem == "state" and any(p.lower_ == "of" and any(o.lower_ == "art" for o in p.children) for p in obj.children):
        return O, [_Arg(name="state of the art")], negated, False     # "achieves / sets a new state of the art"
    if "state-of-the-art" in left or "state of the art" in left or re.search(r"\bsota\b", left):
        return O, [_Arg(name="state of the art")], negated, False
    if mods & _BETTER or _more_adjective(obj):
        return I, [_Arg(token=obj)], negated, False
    if mods & _WORSE:
        return W, [_Arg(token=obj)], negated, False
    if mods & _LESS:
        return (W if _is_quality(obj) else R), [_Arg(token=obj)], negated, False
    if mods & _MORE:
        return (I if _is_quality(obj) else INC), [_Arg(token=obj)], negated, False
    return None


def _post_comparative(obj: Token) -> Token | None:
    """Parse slip: "exhibits RMS error lower than X" with 'lower' hung on the verb, right after its object."""
    doc = obj.doc
    nxt = obj.i + 1
    if obj.dep_ == "dobj" and nxt < obj.sent.end and doc[nxt].head.i == obj.head.i and doc[nxt].dep_ in ("advmod", "amod") \
            and doc[nxt].tag_ in ("JJR", "RBR") and _prep_objects(doc[nxt], ("than",)):
        return doc[nxt]
    return None


def _more_adjective(obj: Token) -> bool:
    """"more informative trajectories", "more natural and tractable patterns": 'more' grades an
    adjective of the noun (a comparative adjective), so the noun got better, not larger."""
    doc = obj.doc
    for c in obj.children:
        if c.dep_ != "amod" or c.i > obj.i:
            continue
        if c.tag_ == "JJ" and any(a.dep_ == "advmod" and a.lower_ == "more" for a in c.children):
            return True
        if c.lower_ == "more" and c.i + 1 < obj.i and doc[c.i + 1].tag_ == "JJ":   # not "more tighter"
            return True        # the parser hangs 'more' on the noun beside the adjective
    return False


def _comparison_objects(obj: Token) -> list[Token]:
    """'better performance than SFT', 'superior accuracy to X', 'superior accuracies over Y',
    'improvements over existing methods'."""
    out = []
    mods = [c for c in obj.children if c.dep_ == "amod"]
    if (post := _post_comparative(obj)) is not None:
        mods.append(post)
    # "superior / better performance over Y": 'over' on the noun graded by the comparative
    gain = obj.lemma_.lower() in _IMPROVE_NOUNS or any(m.lower_ in ("superior", "inferior", "better") for m in mods)
    for m in [obj] + mods:
        for p in m.children:
            if p.dep_ == "prep" and (p.lower_ == "than" or (p.lower_ == "to" and m.lower_ in ("superior", "inferior"))
                                     or (p.lower_ == "over" and (gain or m.lower_ in ("superior", "inferior")))):
                out.extend(_children(p, "pobj"))
    if not out and any(m.lower_ in _BETTER | _WORSE | _MORE | _LESS or m.lower_ in ("superior", "inferior")
                       for m in mods):
        # "better results compared to / relative to / in comparison with Y" (on the noun, or on the verb after it)
        for holder in (obj, obj.head):
            for p in holder.children:
                if p.i < obj.i or p.lower_ not in ("compared", "relative", "comparison", "in"):
                    continue
                if p.lower_ == "in":        # "in comparison to / with Y"
                    inner = [r for c in p.children if c.dep_ == "pobj" and c.lower_ == "comparison"
                             for r in c.children if r.dep_ == "prep"]
                else:                       # "compared to / with Y", "relative to Y"
                    inner = [q for q in p.children if q.dep_ == "prep"]
                out += [o for q in inner if q.lower_ in ("to", "with") for o in _children(q, "pobj")]
    if not out and obj.head.pos_ in ("VERB", "AUX") and any(
            m.lower_ in _BETTER | _WORSE | _MORE | _LESS or m.tag_ in ("JJR", "RBR") for m in mods):
        # "achieves better performance of X on Y than Z" with 'than Z' attached to the verb
        out = [o for p in obj.head.children if p.dep_ == "prep" and p.lower_ == "than" and p.i > obj.i
               for o in _children(p, "pobj")]
    if not out and obj.head.pos_ == "VERB" and any(m.lower_ in ("superior", "inferior") for m in mods):
        # "achieves superior performance to / over X" with 'to X' attached to the verb
        out = [o for p in obj.head.children if p.dep_ == "prep" and p.lower_ in ("to", "over") and p.i == obj.right_edge.i + 1
               for o in _children(p, "pobj")]
    return out


def _numeric_text(obj: Token) -> str:
    """Text of an effect noun's phrase, extended left over the numbers in front of it
    ('8 % -- 30 % relative WER improvements', '6.56%, 4.76%, 5.82% improvements')."""
    doc = obj.doc
    start = obj.left_edge.i
    floor = obj.sent.start
    while start - 1 >= floor and (doc[start - 1].like_num or doc[start - 1].text in (
            "%", "-", "--", "\u2013", "\u2014", ",", "to", "up", "about", "~", "+", "\\")):
        start -= 1
    return doc[start: obj.right_edge.i + 1].text


def _compound_name(tok: Token) -> str:
    """'relative WER' from the compound modifiers in front of an effect noun."""
    start = tok.left_edge.i
    toks = [t for t in tok.doc[start: tok.i + 1] if not (t.like_num or t.text == "%" or t.lower_ in _EVALUATIVE)]
    return " ".join(t.text for t in toks) if toks else tok.text


def _effect_nouns(obj: Token) -> list[Token]:
    """The object and nouns in apposition to it ('6.56%, 4.76%, 5.82% improvements')."""
    out = [obj]
    for t in obj.subtree:
        if t.i != obj.i and t.dep_ in ("appos", "conj") and t.lemma_.lower() in _IMPROVE_NOUNS | _DROP_NOUNS | _INCREASE_NOUNS:
            if t.head.i == obj.i or t.head.text == "%" or t.head.dep_ == "appos":
                out.append(t)
    return out


def _predicates(tok: Token) -> list[_Pred]:
    """Effect predicates anchored on tok (usually zero or one)."""
    lem = tok.lemma_.lower()
    low = tok.lower_

    # ---- nominal correlation: "a high correlation between A and B", "its correlation with B"
    if tok.pos_ == "NOUN" and lem in _CORRELATION_NOUNS:
        return _correlation_noun(tok)

    # ---- "a trade-off between A and B": a negative correlation (tokenised 'trade - off': the head is 'off');
    # not when the trade-off is what a method offers ("enables a tunable trade-off between A and B")
    if tok.pos_ == "NOUN" and (lem in _TRADEOFF_NOUNS or (lem == "trade" and tok.head.lower_ == "off"
                                                          and tok.head.i == tok.i + 2)):
        trade_noun = tok if lem in _TRADEOFF_NOUNS else tok.head
        if trade_noun.head.lemma_.lower() in EFFECT_LEXICON or \
                trade_noun.head.lemma_.lower() in ("provide", "offer", "control", "balance"):
            return []
        trade = _correlation_noun(trade_noun)
        for one in trade:
            one.magnitude = "negative correlation"
        return trade

    # ---- "X serves as a reliable indicator for predicting Y"
    if tok.pos_ == "NOUN" and lem in _PREDICTOR_NOUNS:
        head = tok.head
        verb = head.head if head.dep_ == "prep" and head.lower_ == "as" else head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in ("serve", "be", "act", "remain", "prove", "make"):
            subs, _ = _subject_of(verb)
            tg: list[Token] = []
            for t in _prep_objects(tok, ("of", "for")):
                tg.extend(_children(t, "dobj") if t.pos_ == "VERB" else [t])
            if subs and tg:
                return [_Pred(C, tok, verb, [_Arg(token=s) for s in subs], [_Arg(token=t) for t in tg])]
        return []

    # ---- "X is a prerequisite for Y": Y requires X
    if tok.pos_ == "NOUN" and lem in _PREREQUISITE_NOUNS and tok.dep_ == "attr" and tok.head.lemma_.lower() == "be":
        needers = _prep_objects(tok, ("for", "of", "to"))
        subs, _ = _subject_of(tok.head)
        if needers and subs:
            return [_Pred(Q, tok, tok.head, [_Arg(token=t, verb_phrase=t.pos_ == "VERB") for t in needers],
                          [_Arg(token=s) for s in subs])]
        return []

    # ---- "Y is possible / feasible with X": X enables Y
    if lem in ("possible", "feasible") and tok.dep_ == "acomp" and tok.head.lemma_.lower() == "be":
        means = _prep_objects(tok, _MEANS_PREPS) or _prep_objects(tok.head, _MEANS_PREPS)
        subs, _ = _subject_of(tok.head)
        if means and subs and subs[0].lower_ != "it":
            return [_Pred(E, tok, tok.head, [_Arg(token=m) for m in means], [_Arg(token=s) for s in subs])]
        return []

    # ---- "no (significant) difference between A and B": A does not outperform B
    if tok.pos_ == "NOUN" and lem == "difference" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        pair = [c for b in _prep_objects(tok, ("between",)) for c in _conjuncts(b)]
        verb = tok.head if tok.head.pos_ in ("VERB", "AUX") else tok.head.head
        if len(pair) >= 2:
            return [_Pred(O, tok, verb, [_Arg(token=pair[0])], [_Arg(token=pair[1])], negated=True)]
        return []

    # ---- "without requiring X", "without the need for X": the subject does not require X
    if lem in ("require", "need") and (tok.dep_ in ("pcomp", "pobj") and tok.head.lower_ == "without"):
        verb = tok.head.head
        tg = _children(tok, "dobj") if tok.pos_ == "VERB" else _prep_objects(tok, ("for", "of"))
        subs, passive = _subject_of(verb) if verb.pos_ in ("VERB", "AUX") else ([], False)
        if tg and subs and not passive:
            return [_Pred(Q, tok, verb, [_Arg(token=s) for s in subs], [_Arg(token=t, verb_phrase=t.pos_ == "VERB")
                                                                          for t in tg], negated=True,
                          we_able=all(s.lower_ == "we" for s in subs), capability=True)]
        return []

    # ---- "X is the first algorithm to give Y": X makes "give Y" possible
    if lem == "first" and tok.dep_ == "amod" and tok.head.dep_ == "attr" and tok.head.head.lemma_.lower() == "be":
        # the infinitive hangs on the noun or (a parse slip) on the copula
        x = next((c for c in [*tok.head.children, *_children(tok.head.head, "xcomp")]
                  if c.dep_ in ("acl", "relcl", "xcomp") and c.pos_ == "VERB" and _has_aux_to(c)), None)
        subs, _ = _subject_of(tok.head.head)
        if x is not None and subs and x.lemma_.lower() not in ("be", "have", "do"):   # "to give / achieve Y" counts
            return [_Pred(E, tok, tok.head.head, [_Arg(token=s) for s in subs], [_Arg(token=x, verb_phrase=True)],
                          capability=True)]
        return []

    # ---- "X makes Y possible / feasible": X enables Y
    if lem in ("possible", "feasible") and "make" in (tok.head.lemma_.lower(), tok.head.head.lemma_.lower()):
        # the parser reads the adjective as a complement of "make" or as a modifier of its object
        make = tok.head if tok.head.lemma_.lower() == "make" else tok.head.head
        if make.pos_ != "VERB" or (tok.dep_ == "amod" and tok.head.dep_ != "dobj"):
            return []
        tg = [tok.head] if tok.dep_ == "amod" else ([c for c in tok.children if c.dep_ == "nsubj"]
                                                      or _children(make, "dobj"))
        if tg and tg[0].lower_ == "it":          # "makes it possible to V Y": the clause
            x = _first(tok, "xcomp") or _first(make, "xcomp", "ccomp")
            tg = [x] if x is not None and x.pos_ == "VERB" else []
        subs = [x for x in _subject_of(make)[0] if x.lower_ not in _PLURAL_PRONOUNS]
        if tg and subs:
            return [_Pred(E, tok, make, [_Arg(token=x) for x in subs],
                          [_Arg(token=t, verb_phrase=t.pos_ == "VERB") for t in tg], capability=True)]
        return []

    # ---- "performs / compares favorably against Y": X outperforms Y (anchored on the adverb)
    if low in _FAVORABLY:
        verb = tok.head
        rivals = _prep_objects(tok, _FAVORABLY_PREPS) or _prep_objects(verb, _FAVORABLY_PREPS)
        subs, passive = _subject_of(verb)
        if verb.lemma_.lower() in ("perform", "compare") and rivals and subs and not passive:
            return [_Pred(O, tok, verb, [_Arg(token=s) for s in subs], [_Arg(token=r) for r in rivals])]
        return []

    # ---- tagger slip: "FooNet results in a 10% reduction in Y" with 'results' a noun (the method its compound)
    if tok.pos_ == "NOUN" and lem in ("result", "lead") and tok.dep_ == "ROOT":
        left = [c for c in tok.children if c.dep_ in ("compound", "nmod", "nsubj") and c.i < tok.i
                and c.pos_ in ("NOUN", "PROPN")]
        preds = []
        for o in _prep_objects(tok, ("in",) if lem == "result" else ("to",)) if left else []:
            if (lo := _light_object(o)) is not None:
                preds.append(_Pred(lo[0], o, tok, [_Arg(token=left[-1])], lo[1], negated=lo[2], quality_adjust=lo[3],
                                   magnitude=parse_magnitude(_numeric_text(o)), repaired=True))
        return preds

    # ---- "X is (provably) effective in V-ing Y", "X is an effective catalyst for Y": a result stated as a property
    if lem in _ADJ_SUCCESS and tok.pos_ == "ADJ":
        return _success_adjective(tok)

    # ---- capability: "X can V Y", "X is able to / capable of V-ing Y", "X can be used to V Y"
    if (low == "can" and tok.dep_ == "aux") or (lem in _CAPABLE_ADJ and tok.pos_ == "ADJ"):
        return _capability(tok)

    # ---- "X is more accurate / less robust than Y": the comparative sits on an adjective no list names
    if low in ("more", "less") and tok.dep_ == "advmod" and tok.head.pos_ == "ADJ" \
            and tok.head.dep_ in ("acomp", "attr", "oprd") and _prep_objects(tok.head, ("than",)):
        return _adjective(tok.head)

    # ---- adjectives: "X is beneficial for Y", "X is necessary for Y", "X is better than Y"
    if (tok.pos_ == "ADJ" or (tok.tag_ == "RBR" and tok.dep_ == "acomp")) and tok.dep_ in ("acomp", "attr", "oprd"):
        return _adjective(tok)

    if not (tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and lem in EFFECT_LEXICON)
            or (tok.tag_ == "NNS" and lem in EFFECT_LEXICON and tok.dep_ in ("compound", "nmod", "amod"))
            or (tok.pos_ == "NOUN" and lem in EFFECT_LEXICON and _first(tok, "nsubj") is not None)
            or _slipped_verb(tok)):
        return []

    # ---- "X fails to generalize (to Y)", "X generalizes to Y"
    if lem in ("generalize", "generalise") and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _NEG_RAISING:
        subs, _ = _subject_of(tok)
        tg = _prep_objects(tok, ("to", "beyond"))
        to = [t for t in tg if t.head.lower_ == "to"]
        name = f"generalization to {_phrase(to[0])}" if to else "generalization"
        return [_Pred(E, tok, tok, [_Arg(token=x) for x in subs], [_Arg(name=name)])]

    # ---- "X can (efficiently) approximate Y": a capability, X enables approximating Y
    if lem == "approximate" and tok.pos_ == "VERB" and not _is_passive(tok) and (obj := _first(tok, "dobj")) is not None \
            and _closest_subject(tok) is not None:
        subs, _ = _subject_of(tok)
        return [_Pred(E, tok, tok, [_Arg(token=x) for x in subs], [_Arg(name=f"approximating {_phrase(o)}")
                                                                    for o in _conjuncts(obj)][:1])]

    # ---- "X (seamlessly) adapts / transfers to Y": X enables adaptation / transfer to Y
    if lem in ("adapt", "transfer") and (tok.pos_ == "VERB" or _slipped_verb(tok)) and not _is_passive(tok) \
            and not _children(tok, "dobj") and _closest_subject(tok) is not None:
        # only to a task, domain or data set ("adapts to the spatial scale of X" is not a claim)
        to = [t for t in _prep_objects(tok, ("to",)) if t.lemma_.lower() in _ADAPT_TO_HEADS or any(
            sp.label_ in ("Task", "Dataset") for sp in _spans_covering(t))]
        if to:
            subs, _ = _subject_of(tok)
            noun = "adaptation" if lem == "adapt" else "transfer"
            return [_Pred(E, tok, tok, [_Arg(token=x) for x in subs], [_Arg(name=f"{noun} to {_phrase(t)}")
                                                                        for t in to])]

    # ---- "performs better (than Y)", "generalizes better"
    if lem in ("perform", "generalize", "generalise", "work", "do", "converge", "run", "learn", "train"):
        adv = [c for c in tok.children if c.dep_ in ("advmod", "acomp") and (
            c.lower_ in ("better", "worse") or (c.lower_ in ("faster", "slower") and _prep_objects(c, ("than",))))]
        if not adv:
            return []
        subs, _ = _subject_of(tok)
        than = _prep_objects(adv[0], ("than",)) or _prep_objects(tok, ("than",))
        worse = adv[0].lower_ in ("worse", "slower")
        if than and not lem.startswith("generali"):
            return [_Pred(O, tok, tok, [_Arg(token=s) for s in subs], [_Arg(token=t) for t in than],
                          negated=worse)]
        name = "generalization" if lem.startswith("generali") else "performance"
        return [_Pred(W if worse else I, tok, tok, [_Arg(token=s) for s in subs], [_Arg(name=name)])]

    # ---- "X stems / arises / comes from Y (rather than Z)": Y affects X; "poor X comes from Y": Y worsens X
    if lem in _ORIGIN_VERBS and not _is_passive(tok):
        return _origin_verb(tok)

    # ---- "A, B and C are (important) factors related to / associated with Y": each correlates with Y
    if lem in ("relate", "associate", "link", "tie") and tok.dep_ == "acl" and tok.head.dep_ == "attr" \
            and tok.head.head.lemma_.lower() == "be":
        copula = tok.head.head
        subs, _ = _subject_of(copula)
        for p in copula.children:       # "along with X, Y is ...": X shares the predicate
            if p.dep_ == "prep" and p.lower_ in ("along", "together"):
                subs += [c for w in _prep_objects(p, ("with",)) for c in _conjuncts(w)]
        tg = _prep_objects(tok, ("to", "with"))
        if subs and tg:
            return [_Pred(C, tok, copula, [_Arg(token=x) for x in subs], [_Arg(token=t) for t in tg])]
        return []

    # ---- "X leads/causes Y to increase"
    if lem in ("lead", "cause", "drive", "force") and _first(tok, "dobj") is not None:
        x = next((c for c in tok.children if c.dep_ in ("xcomp", "advcl", "ccomp")
                  and c.lemma_.lower() in EFFECT_LEXICON and _has_aux_to(c)), None)
        if x is not None and not _children(x, "dobj"):
            subs, _ = _subject_of(tok)
            obj = _first(tok, "dobj")
            eff = EFFECT_LEXICON[x.lemma_.lower()]
            if eff in (INC, R, I, W):
                return [_Pred(_adjust_for_quality(eff, obj), x, tok, [_Arg(token=s) for s in subs], [_Arg(token=obj)],
                              quality_adjust=False)]

    # ---- "X scales with Y", "X shrinks as Y increases", "X varies with Y"
    if lem in _UP_VERBS | _DOWN_VERBS | _VARY_VERBS and not _children(tok, "dobj") and not _is_passive(tok):
        got = _change_verb(tok, lem)
        if got is not None:
            return got

    # ---- light verbs: "achieves 5% improvements in X", "leads to better X", "has no effect on X"
    if lem in _LIGHT_VERBS and lem not in EFFECT_LEXICON:
        return _light_verb(tok, lem)

    # ---- "X avoids / overcomes / circumvents Y": X reduces Y
    if lem in _AVOID_VERBS:
        return _avoid_verb(tok)

    if lem not in EFFECT_LEXICON:
        return []
    preds = _effect_verb(tok, lem)
    if tok.i > 1 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ in ("de", "un", "dis", "counter"):
        flip = {INC: R, R: INC, I: W, W: I}     # "BatchNorm de-amplifies X" -> reduces X
        for pred in preds:
            if pred.effect in flip:
                pred.effect = flip[pred.effect]
            else:
                pred.negated = True
    return preds


# "Y is possible with / using / under X": the means
_MEANS_PREPS = ("with", "using", "under", "via", "through")

# "they can ..." in an abstract is mostly about the prior work just discussed, not a finding
_PLURAL_PRONOUNS = {"they", "these", "those"}
_CAPABLE_ADJ = {"able": False, "capable": False, "suitable": False, "unable": True, "incapable": True}


def _capability(tok: Token) -> list[_Pred]:
    """A capability stated of X: "X can V Y" (V not itself an effect or light verb), "X is
    able to V Y", "X is capable of V-ing Y", "X is suitable for Y", "X can be used to V Y /
    for Y" -> X enables "V Y"; "unable / incapable" negate it. The claim is kept only when X
    is a named entity or the proposed method (``capability``): "we can V" or "the model can
    V" says nothing about a method."""
    if tok.lower_ == "can":
        v = tok.head
        if v.pos_ != "VERB" or v.i == tok.i:
            return []
        vlem = v.lemma_.lower()
        if _is_passive(v):
            if vlem not in _CAPABILITY_USE:
                return []
            x = next((c for c in v.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB" and _has_aux_to(c)),
                     None)
            if x is not None and x.lemma_.lower() in _CAPABILITY_SKIP:
                return []      # "can be extended to become a mapping system": no ability named
            # "can be used for Y", "can be applied to Y"
            targets = [_Arg(token=x, verb_phrase=True)] if x is not None else \
                [_Arg(token=t, verb_phrase=t.pos_ == "VERB") for t in _prep_objects(v, ("for", "to"))]
        else:
            if vlem in _CAPABILITY_SKIP or vlem in _CANDIDATE_LEMMAS or vlem in EFFECT_LEXICON:
                return []
            if not (_children(v, "dobj") or any(c.dep_ == "prep" for c in v.children)):
                return []
            # "can learn X and provide Y": each coordinated ability (an effect or light-verb reading wins)
            targets = [_Arg(token=c, verb_phrase=True) for c in _conjuncts(v) if c.pos_ == "VERB" and (
                c is v or (c.lemma_.lower() not in EFFECT_LEXICON and c.lemma_.lower() not in _CAPABILITY_SKIP
                           and _children(c, "dobj") and not (c.lemma_.lower() in _LIGHT_VERBS
                                                              and _light_verb(c, c.lemma_.lower()))))]
        subs = [x for x in _subject_of(v)[0] if x.lower_ not in _PLURAL_PRONOUNS]
        if not subs or not targets:
            return []
        return [_Pred(E, v, v, [_Arg(token=s) for s in subs], targets, capability=True)]
    lem = tok.lemma_.lower()
    verb = tok.head
    if tok.dep_ not in ("acomp", "oprd") or verb.pos_ not in ("VERB", "AUX"):
        return []
    if lem in ("able", "unable"):
        x = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        xlem = x.lemma_.lower() if x is not None else ""
        # "we are able to predict X": no rule reads an effect verb of "we" other than _WE_EFFECTS
        we_only = all(s.lower_ == "we" for s in _subject_of(verb)[0]) and EFFECT_LEXICON.get(xlem) not in _WE_EFFECTS
        # an influence verb ("is able to control the contact force") is an ability, not an `affects` finding
        steer = x is not None and EFFECT_LEXICON.get(xlem) is A and bool(_children(x, "dobj"))
        if x is None or xlem in _CAPABILITY_SKIP or (not we_only and not steer and (
                xlem in _CANDIDATE_LEMMAS or xlem in EFFECT_LEXICON)):    # "able to achieve SOTA": the light-verb rule
            return []
        targets = [_Arg(token=x, verb_phrase=True)]
    else:
        preps = ("for",) if lem == "suitable" else ("of",)
        targets = [_Arg(token=t, verb_phrase=t.pos_ == "VERB") for t in _prep_objects(tok, preps)
                   if t.lemma_.lower() not in EFFECT_LEXICON]
    subs = [x for x in _subject_of(verb)[0] if x.lower_ not in _PLURAL_PRONOUNS]
    if not subs or not targets:
        return []
    return [_Pred(E, tok, verb, [_Arg(token=s) for s in subs], targets, negated=_CAPABLE_ADJ[lem], capability=True,
                  we_able=lem == "able" and all(s.lower_ == "we" for s in subs))]


def _origin_verb(tok: Token) -> list[_Pred]:
    outcome = _closest_subject(tok)
    if outcome is None or outcome.pos_ not in ("NOUN", "PROPN"):
        return []
    sources: list[Token] = []
    denied: list[Token] = []
    for o in _prep_objects(tok, ("from",)):
        for c in _conjuncts(o):
            sources.append(c)
        for t in o.subtree:      # "from X rather than Y"
            if t.lower_ == "than" and t.i > 0 and t.doc[t.i - 1].lower_ in ("rather", "instead"):
                denied += _children(t, "pobj")
    if not sources:
        return []
    poor = any(c.dep_ == "amod" and c.lower_ in ("poor", "low", "weak", "bad", "limited", "reduced")
               for c in outcome.children) and _is_quality(outcome)
    eff = W if poor else A
    preds = [_Pred(eff, tok, tok, [_Arg(token=x, verb_phrase=x.pos_ == "VERB") for x in sources],
                   [_Arg(token=outcome)])]
    if denied:
        preds.append(_Pred(eff, tok, tok, [_Arg(token=x) for x in denied], [_Arg(token=outcome)], negated=True))
    return preds


def _change_verb(tok: Token, lem: str) -> list[_Pred] | None:
    """'the error scales with model capacity' -> model capacity increases error;
    'the bound shrinks as the layer index increases' -> layer index reduces bound."""
    subs, _ = _subject_of(tok)
    if not subs:
        return None
    if lem in _VARY_VERBS:
        withs = _prep_objects(tok, ("with", "across"))
        return [_Pred(A, tok, tok, [_Arg(token=w) for w in withs], [_Arg(token=x) for x in subs])] if withs else None
    up = lem in _UP_VERBS
    for c in tok.children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("as", "when", "while") for m in c.children):
            c_lem = c.lemma_.lower()
            if c_lem in _UP_VERBS | _DOWN_VERBS and not _children(c, "dobj"):
                driver = _first(c, "nsubj")
                if driver is not None:
                    eff = INC if (c_lem in _UP_VERBS) == up else R
                    return [_Pred(eff, tok, tok, [_Arg(token=driver)], [_Arg(token=x) for x in subs],
                                  quality_adjust=False)]
    withs = [c for w in _prep_objects(tok, ("with",)) if not w.like_num for c in _conjuncts(w)]
    if withs:
        return [_Pred(INC if up else R, tok, tok, [_Arg(token=w) for w in withs], [_Arg(token=x) for x in subs],
                      quality_adjust=False)]
    return None


def _correlation_noun(tok: Token) -> list[_Pred]:
    verb = tok.head
    if tok.dep_ not in ("dobj", "attr", "pobj", "nsubj", "appos"):
        return []
    clause = verb if verb.pos_ in ("VERB", "AUX") else verb.head
    mag = "negative correlation" if any(c.lower_ in ("negative", "inverse") for c in tok.children) else None
    between = _prep_objects(tok, ("between", "among"))
    if between:
        b = between[0]
        conj = _conjuncts(b)
        if len(conj) >= 2:
            first, second = conj[0], conj[1]
            if _is_outcome(first) and not _is_outcome(second):
                first, second = second, first      # the outcome is the target: "between generalization and X"
            return [_Pred(C, tok, clause, [_Arg(token=first)], [_Arg(token=second)], magnitude=mag)]
        # "between validation and test performance"
        nm = [c for c in b.children if c.dep_ in ("nmod", "compound", "amod") and len(_conjuncts(c)) > 1]
        if nm:
            first, second = nm[0], _conjuncts(nm[0])[1]
            return [_Pred(C, tok, clause, [_Arg(name=f"{first.text} {b.text}")],
                          [_Arg(name=f"{second.text} {b.text}")], magnitude=mag)]
        return []
    of = _prep_objects(tok, ("of",))
    poss = _first(tok, "poss")
    withs = _prep_objects(tok, ("with", "to"))
    if of and not withs:
        withs = _prep_objects(of[0], ("with",))
    subj = of or ([poss] if poss is not None else [])
    if subj and withs:
        return [_Pred(C, tok, clause, [_Arg(token=t) for t in subj], [_Arg(token=t) for t in withs], magnitude=mag)]
    return []


def _adjective(tok: Token) -> list[_Pred]:
    lem, low = tok.lemma_.lower(), tok.lower_
    verb = tok.head
    subs, _ = _subject_of(verb)
    if not subs:
        return []
    if lem in _ADJ_EFFECT:
        eff, preps = _ADJ_EFFECT[lem]
        tg = _prep_objects(tok, preps)
        if tg:
            return [_Pred(eff, tok, verb, [_Arg(token=s) for s in subs], [_Arg(token=t) for t in tg])]
    elif lem in _ABILITY_ADJ:
        # "the proposed algorithm is (also) scalable": it enables scalability
        return [_Pred(E, tok, verb, [_Arg(token=s) for s in subs], [_Arg(name=_ABILITY_ADJ[lem][0])], capability=True)]
    elif lem in ("sensitive", "insensitive", "susceptible"):
        # "X is (highly) sensitive to Y": Y affects X; "insensitive to Y": Y does not affect X
        tg = _prep_objects(tok, ("to",))
        if tg:
            return [_Pred(A, tok, verb, [_Arg(token=t) for t in tg], [_Arg(token=s) for s in subs],
                          negated=lem == "insensitive")]
    elif lem in ("robust", "stable") and not _prep_objects(tok, ("than",)):
        # "X is robust / stable across Y" (a factor varied): Y does not affect X
        tg = _prep_objects(tok, ("across",)) or [o for o in _prep_objects(verb, ("across",)) if o.i > tok.i]
        if tg:
            return [_Pred(A, tok, verb, [_Arg(token=t) for t in tg], [_Arg(token=s) for s in subs], negated=True)]
        # "X is robust to / against Y" (a disturbance): X improves robustness to Y
        against = [(p.lower_, o) for p in tok.children if p.dep_ == "prep" and p.lower_ in ("to", "against")
                   for o in _children(p, "pobj") if o.pos_ in ("NOUN", "PROPN")]
        if against and lem == "robust":
            noun = "robustness"
            return [_Pred(I, tok, verb, [_Arg(token=s) for s in subs],
                          [_Arg(token=o, name=f"{noun} {p} {_phrase(o)}") for p, o in against[:1]], quality_adjust=False)]
    elif lem in ("sufficient", "insufficient", "enough"):
        # "X is insufficient for Y": X does not enable Y
        tg = _prep_objects(tok, ("for",))
        if tg:
            return [_Pred(E, tok, verb, [_Arg(token=s) for s in subs],
                          [_Arg(token=t, verb_phrase=t.pos_ == "VERB") for t in tg], negated=lem == "insufficient")]
    elif lem in _ADJ_REQUIRED or low in _ADJ_REQUIRED:
        needers = [_Arg(token=t, verb_phrase=t.pos_ == "VERB") for t in _prep_objects(tok, ("for",))]
        if needers:
            return [_Pred(Q, tok, verb, needers, [_Arg(token=s) for s in subs])]
    elif low in ("better", "superior", "worse", "inferior") or low in _MORE or low in _LESS or \
            (low in _BETTER | _WORSE and _prep_objects(tok, ("than",))) or \
            any(c.lower_ in ("more", "less") and c.dep_ == "advmod" for c in tok.children):
        than = _prep_objects(tok, ("than", "to")) if low in ("superior", "inferior") else _prep_objects(tok, ("than",))
        if not than:
            return []
        worse = low in ("worse", "inferior") or low in _WORSE or any(c.lower_ == "less" for c in tok.children)
        if low in _LESS or low in _MORE:
            if not all(_is_quality(s) or s.lemma_.lower() in BAD_NOUNS for s in subs):
                return []     # "it is six times larger than existing datasets": a size, not better or worse
            worse = (low in _LESS) == all(_is_quality(s) for s in subs)
        # "the accuracy of AdaNPC is 50% higher than X": a named quantity -> AdaNPC improves accuracy
        # (X is context); "X is better than Y" or "the performance of X is better than Y" -> outperforms Y
        owned = [s for s in subs if _owner(s).i != s.i and not _generic_outcome([_Arg(token=s)])]
        preds = [_Pred(O, tok, verb, [_Arg(token=_owner(s))], [_Arg(token=t) for t in than], negated=worse)
                 for s in subs if not (s in owned and not worse)]
        if owned and not worse:
            preds.append(_Pred(I, tok, verb, [_Arg(token=_owner(s)) for s in owned],
                               [_Arg(token=s, name=_phrase(s, with_of=False)) for s in owned], quality_adjust=False))
        return preds
    return []


def _success_adjective(tok: Token) -> list[_Pred]:
    """"X is (provably) effective in correctly identifying Y" -> X enables "identifying Y"; "X is
    effective for Y" (a task or quality) -> X improves Y; "X becomes an effective catalyst for Y"
    (the adjective on a predicate noun) likewise. A capability: kept for a named or proposed X."""
    if tok.dep_ in ("acomp", "oprd"):
        holder, verb = tok, tok.head
    elif tok.dep_ == "amod" and tok.head.dep_ == "attr" and tok.head.head.pos_ in ("VERB", "AUX"):
        holder, verb = tok.head, tok.head.head       # "an effective catalyst for Y"
    else:
        return []
    if verb.lemma_.lower() not in ("be", "become", "prove", "remain", "appear", "seem"):
        return []
    subs, passive = _subject_of(verb)
    subs = [x for x in subs if x.lower_ not in _PLURAL_PRONOUNS and x.lower_ != "it"]
    if not subs or passive:
        return []
    preds = []
    for p in holder.children:
        if p.dep_ != "prep" or p.lower_ not in ("in", "at", "for"):
            continue
        for o in _children(p, "pcomp") + _children(p, "pobj"):
            if o.pos_ == "VERB" or o.tag_ == "VBG":
                preds.append(_Pred(E, tok, verb, [_Arg(token=s) for s in subs], [_Arg(token=o, verb_phrase=True)],
                                   capability=True))
            elif o.pos_ == "NOUN" and tok.lemma_.lower() != "efficient" and o.lemma_.lower() not in _GENERIC_HEADS \
                    and o.lemma_.lower() not in _SETTING_NOUNS and (_is_quality(o) or o.lower_.endswith(
                        ("tion", "sion", "ment", "ance", "ence", "ing")) or any(
                        sp.label_ == "Task" for sp in _spans_covering(o))):
                preds.append(_Pred(I, tok, verb, [_Arg(token=s) for s in subs], [_Arg(token=o)], capability=True,
                                   quality_adjust=False))
    return preds


def _avoid_verb(tok: Token) -> list[_Pred]:
    """"the training strategy helps to avoid overfitting", "X overcomes the computational complexity of
    GP", "X circumvents the need for labels" -> X reduces the object (active verbs with a subject only)."""
    if tok.pos_ != "VERB" or _is_passive(tok):
        return []
    objs = [c for o in _children(tok, "dobj") for c in _conjuncts(o) if c.pos_ in ("NOUN", "PROPN", "VERB")]
    if not objs:     # tagger slip: "avoid overfitting" with 'overfitting' a gerund clause
        objs = [x for x in _children(tok, "xcomp") if x.tag_ == "VBG" and x.i == tok.i + 1]
    subs = [x for x in _subject_of(tok)[0] if x.lower_ not in _PLURAL_PRONOUNS]    # "they": mostly prior work
    if not objs or not subs or any(a.dep_ in ("relcl", "acl") for a in [tok, *tok.ancestors]):
        return []      # "we propose control laws that avoid collisions": a design, not a finding
    if len(objs) == 1 and objs[0].lemma_.lower() == "need":
        # "avoids the need to enumerate X / for labels": X is not required
        needed = [x for x in objs[0].children if x.dep_ in ("acl", "xcomp") and x.pos_ == "VERB"] + \
            _prep_objects(objs[0], ("for", "of"))
        return [_Pred(Q, tok, tok, [_Arg(token=s) for s in subs], [_Arg(token=x, verb_phrase=x.pos_ == "VERB")
                                                                    for x in needed], negated=True)] if needed else []
    return [_Pred(R, tok, tok, [_Arg(token=s) for s in subs], [_Arg(token=o, verb_phrase=o.pos_ == "VERB") for o in objs])]


def _light_verb(tok: Token, lem: str) -> list[_Pred]:
    objs = _children(tok, "dobj")
    if lem in _LIGHT_PREP:
        objs = objs + _prep_objects(tok, _LIGHT_PREP[lem])
        for x in tok.children:
            # parse slip: "leading to deteriorated OOD performance" with the adjective as a clause
            if x.dep_ == "xcomp" and x.pos_ == "ADJ" and x.lower_ in _BETTER | _WORSE | _MORE | _LESS:
                objs += [o for o in _children(x, "dobj") if o.pos_ in ("NOUN", "PROPN")]
    subs, passive = _subject_of(tok)
    if passive:
        # "better performance can be achieved by increasing the diversity"
        subjp = _first(tok, "nsubjpass")
        agents = _prep_objects(tok, ("by", "through", "via", "with"))
        if subjp is None or not agents or lem not in ("achieve", "obtain", "attain", "yield", "bring", "cause", "induce"):
            return []
        objs, subs = [subjp], agents
    preds = []
    # "experiments / results show gains over Y": whose gains is not said, so the paper's own method
    result_subject = bool(subs) and not passive and all(
        s.lemma_.lower() in _RESULT_SUBJECT_NOUNS for s in subs)
    for obj0 in objs:
        olem = obj0.lemma_.lower()
        if not passive and _rival_over(obj0) and (owners := _prep_objects(obj0, ("of",))):
            # "show the superior performance of X over prior works" -> X outperforms prior works
            preds.append(_Pred(O, obj0, tok, [_Arg(token=o) for o in owners], [_Arg(token=r) for r in _rival_over(obj0)]))
            continue
        if olem in ("superiority", "advantage", "advantages") and not passive:
            # "demonstrate the superiority of X over Y" -> X outperforms Y
            owners = _prep_objects(obj0, ("of",))
            rivals = _prep_objects(obj0, ("over",))
            if owners and rivals:
                preds.append(_Pred(O, obj0, tok, [_Arg(token=o) for o in owners], [_Arg(token=r) for r in rivals]))
            continue
        if any(c.dep_ == "amod" and c.lower_ == "first" for c in obj0.children) and \
                lem in ("yield", "provide", "give", "establish", "obtain", "achieve", "deliver", "produce"):
            # "X yields the first bounds for Y": X makes them possible
            preds.append(_Pred(E, obj0, tok, [_Arg(token=s) for s in subs], [_Arg(token=obj0)], capability=True))
            continue
        for obj in _effect_nouns(obj0):
            if obj.pos_ not in ("NOUN", "PROPN") and not (
                    obj.tag_ in ("VBN", "VBD") and obj.dep_ == "dobj"
                    and (any(c.dep_ == "det" for c in obj.children) and any(c.dep_ == "amod" for c in obj.children)
                         or any(c.dep_ in ("amod", "advmod") and c.tag_ in ("JJR", "JJS", "RBR")
                                and c.lower_ in _BETTER | _WORSE | _LESS | _MORE for c in obj.children))):
                continue                              # tagger slip: "has the tighter bound" with 'bound' a verb
            if lem == "have" and obj.lemma_.lower() not in _EFFECT_NOUNS and not (
                    {c.lower_ for c in obj.children} & (_BETTER | _WORSE | _LESS | _MORE)):
                continue
            got = _light_object(obj)
            if got is None and lem in ("contribute", "lead") and obj.dep_ == "pobj" and _is_quality(obj) and \
                    not any(c.dep_ == "amod" and (c.lower_ in _WORSE or c.lower_ in _LESS) for c in obj.children):
                # "X contributes (significantly) to its OOD effectiveness": X improves that quality
                got = (I, [_Arg(token=obj)], False, False)
            if got is None and lem in _RESULT_VERBS and not passive and obj.pos_ == "NOUN" \
                    and obj.lemma_.lower() not in _GENERIC_HEADS | {"performance", "result"} and any(
                        c.dep_ in ("amod", "compound") and c.i < obj.i and c.lower_ in _RESULT_QUALITY_ADJ
                        for c in obj.children):
                # "gives robust tactile control", "leads to interpretable representations": X makes them possible
                preds.append(_Pred(E, obj, tok, [_Arg(token=s, verb_phrase=s.pos_ == "VERB") for s in subs],
                                   [_Arg(token=obj)], capability=True, result_subject=result_subject))
                continue
            if got is None:
                continue
            eff, targets, neg, adjust = got
            pred = _Pred(eff, obj, tok, [_Arg(token=s, verb_phrase=s.pos_ == "VERB") for s in subs], targets,
                         negated=neg, quality_adjust=adjust)
            pred.magnitude = parse_magnitude(_numeric_text(obj))
            # A comparison with a baseline is one claim: "achieves better performance than SFT" /
            # "improvements over existing methods" (no quantity named) -> outperforms SFT; "a smaller
            # error than mixup" (a named quantity) -> reduces error, the baseline goes to the context.
            if eff in (I, W) or (eff in (R, INC) and obj.lemma_.lower() in BAD_NOUNS):
                rivals = _comparison_objects(obj)
                if rivals and _generic_outcome(targets):
                    better = eff is I or (eff is R and obj.lemma_.lower() in BAD_NOUNS)
                    pred = _Pred(O, obj, tok, pred.subjects, [_Arg(token=r) for r in rivals],
                                 negated=neg or not better, magnitude=pred.magnitude)
            pred.result_subject = result_subject
            preds.append(pred)
    if subs and not passive:
        preds += _with_graded(tok, objs, subs, result_subject)
    return preds


def _with_graded(tok: Token, objs: list[Token], subs: list[Token], result_subject: bool) -> list[_Pred]:
    """"gives X with lower dimensionality", "achieves Y with fewer parameters", "outperforms Y, with up to
    20% lower error": a second, graded quantity (or a reported gain) in a with-phrase of the verb or its object."""
    preds: list[_Pred] = []
    # "gives X with lower dimensionality", "achieves Y with fewer parameters": a second, graded quantity
    for p in [*tok.children, *(c for o in objs for c in o.children)]:
        if p.dep_ != "prep" or p.lower_ != "with":
            continue
        for o in _children(p, "pobj"):
            if o.lemma_.lower() in _IMPROVE_NOUNS | _DROP_NOUNS | _INCREASE_NOUNS and (
                    got := _light_object(o)) is not None and got[1][0].name != "performance":
                # "obtains superior performance, with a mAP improvement of 4.6%": the reported gain is a claim
                extra = _Pred(got[0], o, tok, [_Arg(token=s, verb_phrase=s.pos_ == "VERB") for s in subs], got[1],
                              negated=got[2], quality_adjust=got[3], magnitude=parse_magnitude(_subtree_text(o)))
                extra.result_subject = result_subject
                preds.append(extra)
                continue
            mods = {c.lower_ for c in o.subtree if c.dep_ in ("amod", "advmod") and c.i < o.i}
            if mods & (_LESS | _MORE | _BETTER | _WORSE) and o.pos_ in ("NOUN", "PROPN"):
                up = bool(mods & (_MORE | _BETTER))
                if mods & (_BETTER | _WORSE):          # "with faster convergence"
                    eff = I if up else W
                else:
                    eff = (I if up else W) if _is_quality(o) else (INC if up else R)
                extra = _Pred(eff, o, tok, [_Arg(token=s, verb_phrase=s.pos_ == "VERB") for s in subs],
                              [_Arg(token=o)], quality_adjust=False)
                extra.result_subject = result_subject
                preds.append(extra)
    return preds


def _rival_over(obj: Token) -> list[Token]:
    """'the superior / better performance of X over Y': Y, when the compared quantity is generic."""
    if obj.lemma_.lower() not in ("performance", "result") or not any(
            c.dep_ == "amod" and c.lower_ in ("superior", "better") for c in obj.children):
        return []
    # 'over Y' on the noun or (a parse slip) on its owner X
    return _prep_objects(obj, ("over",)) or [r for o in _prep_objects(obj, ("of",)) for r in _prep_objects(o, ("over",))]


def _generic_outcome(targets: list[_Arg]) -> bool:
    """Is the compared quantity just 'performance' / 'results' (nothing specific)?"""
    if len(targets) != 1:
        return False
    t = targets[0]
    if t.token is None or t.name == "performance":
        return (t.name or "") == "performance"
    return t.token.lemma_.lower() in ("performance", "result") and not _has_specific_modifier(t.token)


def _effect_verb(tok: Token, lem: str) -> list[_Pred]:
    effect = EFFECT_LEXICON[lem]
    if effect is A and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ("able", "capable") and _children(tok, "dobj"):
        return []       # "X is able to control Y": the capability rule reads it (X enables "control Y")
    if lem == "speed" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
        return []
    if lem == "close" and not any(c.lemma_.lower() == "gap" for c in _children(tok, "dobj")):
        return []
    clause = tok
    repaired = False
    subs, passive = _subject_of(tok)
    targets: list[_Arg] = []
    if tok.tag_ in _FINITE and tok.dep_ in ("nsubj", "csubj", "compound", "amod") and tok.head.i > tok.i \
            and tok.head.tag_ in ("VBG", "NN", "NNS") and _first(tok, "nsubj") is not None:
        # tagger slip: "dropout accelerates training" with 'accelerates' parsed as a subject
        subj = _closest_subject(tok)
        if subj is None:          # the only nsubj is a dash or a list marker "(i)": no subject to repair with
            return []
        clause, repaired = tok.head, True
        subs, passive = _conjuncts(subj), False
        targets = [_Arg(token=tok.head)]
    elif tok.tag_ == "NNS" and tok.dep_ in ("compound", "nmod", "amod") and tok.head.i > tok.i \
            and tok.lower_.endswith("s") and tok.i > tok.sent.start:
        # tagger slip: "label smoothing mitigates overconfidence" read as one noun phrase
        doc = tok.doc
        left = [c for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "amod", "nmod", "nsubj")]
        if left:
            end = tok.i
            while end > left[-1].i + 1 and doc[end - 1].pos_ == "ADV":
                end -= 1          # "data repetition disproportionately damages": not part of the name
            subj_tok, name = left[-1], doc[left[0].left_edge.i: end].text
        elif doc[tok.i - 1].pos_ in ("VERB", "NOUN", "PROPN") and doc[tok.i - 1].i == tok.head.head.i:
            subj_tok, name = doc[tok.i - 1], doc[tok.i - 1].text      # "pretraining increases accuracy"
        else:
            return []
        clause = tok.head.head if tok.head.dep_ in ("dobj", "attr", "pobj") and tok.head.head.pos_ in ("VERB", "AUX") \
            else tok.head
        pred = _Pred(effect, tok, clause, [_Arg(token=subj_tok, name=name)],
                     [_Arg(token=tok.head, name=doc[tok.i + 1: tok.head.i + 1].text)]
                     + [_Arg(token=c) for c in _conjuncts(tok.head)[1:]])      # "damages copying and X"
        pred.repaired = True
        return [pred]
    elif tok.tag_ == "VBG" and tok.dep_ == "amod" and tok.i > 0 and tok.doc[tok.i - 1].text == "," \
            and tok.head.i > tok.i and tok.head.dep_ == "dobj":
        # tagger slip: ", increasing AUC by ..." parsed as an adjective of AUC
        clause, repaired = tok.head.head, True
        subs, passive = _subject_of(tok.head.head)
        targets = [_Arg(token=tok.head, name=tok.doc[tok.i + 1: tok.head.i + 1].text)]
    elif tok.pos_ == "NOUN" and (nsubj := _first(tok, "nsubj")) is not None and tok.head.i > tok.i:
        # tagger slip: "data repetition disproportionately damages copying" with 'damages' a noun
        clause, repaired = tok.head.head if tok.head.dep_ in ("dobj", "attr") else tok.head, True
        subs, passive = _conjuncts(nsubj), False
        targets = [_Arg(token=tok.head)]
    elif tok.pos_ == "NOUN":
        return []
    if lem == "benefit" and not _children(tok, "dobj"):
        # "models benefit from instructions (in terms of generalization)": the source is the subject
        sources = _prep_objects(tok, ("from",))
        if sources and not passive:
            terms = [o for o in tok.subtree if o.lower_ == "terms" and o.dep_ == "pobj" and o.head.lower_ == "in"]
            tg = _prep_objects(terms[0], ("of",)) if terms else []
            return [_Pred(I, tok, tok, [_Arg(token=s, verb_phrase=s.pos_ == "VERB") for s in sources],
                          [_Arg(token=t) for t in (tg or subs)])]
    if effect is I and not passive and not targets and not _children(tok, "dobj"):
        # "X (consistently) improves over / upon strong baselines": a comparison -> outperforms
        rivals = _prep_objects(tok, ("over", "upon"))
        if rivals and subs:
            return [_Pred(O, tok, tok, [_Arg(token=s) for s in subs], [_Arg(token=r) for r in rivals])]
    if not targets:
        targets = _verb_targets(tok, lem, passive and effect is not C)
        if passive and not (effect is C and lem in ("correlate", "associate")):
            if not targets and subs:
                targets = [_Arg(token=s) for s in subs]   # "X is robust and is not alleviated by Y"
            agents = _prep_objects(tok, ("by",)) or _prep_objects(tok, ("with", "through", "via", "using"))
            subs = agents
    if lem == "depend" and not passive and targets and all(t.token is not None for t in targets):
        if any(s.lemma_.lower() in _ABSTRACT_OWNED and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in s.children)
               for s in subs):
            return []         # "its efficacy depends on X": whose efficacy is not said
        subs, targets = [t.token for t in targets if t.token is not None], [_Arg(token=s) for s in subs]   # all, checked above
    if effect is C and len(subs) == 1 and targets and targets[0].token is not None and \
            _is_outcome(subs[0]) and not _is_outcome(targets[0].token):
        # factor first (every target here has a token: _verb_targets and the repairs above make only those)
        subs, targets = [t.token for t in targets if t.token is not None], [_Arg(token=subs[0])]
    pred = _Pred(effect, tok, clause, [_Arg(token=s, verb_phrase=s.pos_ == "VERB" and s.dep_ != "nsubj"
                                             or s.dep_ in ("csubj", "pcomp")) for s in subs], targets)
    # "does not correlate with A but rather with B": B is asserted
    if effect is C and _neg_child(tok):
        rather = [o for p in tok.children if p.dep_ == "prep"
                  for q in [p, *[c for c in p.children if c.dep_ == "conj" and c.pos_ == "ADP"]]
                  if _contrastive(q) for o in _children(q, "pobj")]
        if rather:
            extra = _Pred(C, tok, clause, pred.subjects, [_Arg(token=o) for o in rather],
                          repaired=repaired, positive=True)
            pred.repaired = repaired
            return [pred, extra]
    pred.speed = lem in _SPEED_VERBS
    if repaired:
        pred.clause = clause
    if effect is A:
        adv = {c.lower_ for c in tok.children if c.dep_ == "advmod"}
        if adv & {"negatively", "adversely", "detrimentally"}:
            pred.effect = W
        elif adv & {"positively", "favorably", "favourably"}:
            pred.effect = I
    advs = {c.lower_ for c in tok.children if c.dep_ == "advmod"}
    if effect is C and advs & {"negatively", "inversely"} and not advs & {"positively"}:
        pred.magnitude = "negative correlation"
    # "enables a significant decrease in X" -> reduces X; "requires a 2.5% increase in storage" -> increases it
    if effect in (E, I, Q) and len(targets) == 1 and targets[0].token is not None and \
            targets[0].token.lemma_.lower() in _IMPROVE_NOUNS | _DROP_NOUNS | _INCREASE_NOUNS:
        got = _light_object(targets[0].token)
        if got is not None:
            pred.effect, pred.targets, _, pred.quality_adjust = got
            pred.magnitude = parse_magnitude(_subtree_text(targets[0].token))
    # "we mitigate X by inducing sparsity": the means is the subject
    if subs and all(s.lower_ == "we" for s in subs):
        means = _by_means(tok)
        if means is not None:
            pred.subjects = [_Arg(token=means, verb_phrase=True)]
    pred.repaired = repaired
    if effect is O and not passive and (quantities := _in_terms_of(tok)):
        # "X outperforms Y in terms of overhead and accuracy": the named quantities are the claims
        # (reduces overhead, improves accuracy), Y their baseline (docs/annotation.md, outperforms)
        return [_Pred(R if q.lemma_.lower() in _LOWER_IS_BETTER else I, tok, clause, pred.subjects,
                      [_Arg(token=q, name=name)], negated=pred.negated, quality_adjust=False,
                      rivals=[t.token for t in pred.targets if t.token is not None]) for q, name in quantities]
    if effect in (O, I) and not passive and pred.subjects and all(a.token is not None for a in pred.subjects):
        # "X outperforms Y, with up to 20% lower error": the graded quantity is a second claim
        graded = _with_graded(tok, [t.token for t in pred.targets if t.token is not None],
                              [a.token for a in pred.subjects if a.token is not None], False)
        return [pred, *graded]
    return [pred]


def _in_terms_of(v: Token) -> list[tuple[Token, str]]:
    """The quantities (head, name) of "... in terms of A and B" on verb v (also when hung on its object)."""
    out: list[tuple[Token, str]] = []
    for t in [v, *_children(v, "dobj")]:
        for terms in _prep_objects(t, ("in",)):
            if terms.lemma_.lower() not in _IN_TERMS_OF:
                continue
            for o in _prep_objects(terms, ("of",)):
                if o.tag_ == "VBG" and (d := _first(o, "dobj")) is not None:
                    # tagger slip: "in terms of tracking errors and energy consumption" with 'tracking' a gerund
                    out += [(c, f"{o.text} {_phrase(c)}" if c is d else _phrase(c)) for c in _conjuncts(d)]
                else:
                    # "plane segmentation and depth estimation accuracy": the shared head is distributed
                    out += [(a.token or c, a.name or _phrase(c)) for c in _conjuncts(o) if c.pos_ in ("NOUN", "PROPN")
                            for a in _split_np(c)]
    return out


def _verb_targets(v: Token, lem: str, passive: bool) -> list[_Arg]:
    if lem in _PREP_ONLY:
        return [_Arg(token=t, verb_phrase=t.pos_ == "VERB") for t in _prep_objects(v, _PREP_VERBS.get(lem) or ())]
    if passive:
        subj = _first(v, "nsubjpass")
        return [_Arg(token=subj)] if subj is not None else []
    objs = _children(v, "dobj")
    if lem in ("enable", "allow", "permit", "empower", "help", "ensure", "facilitate"):
        x = _first(v, "xcomp", "ccomp")
        if x is not None and x.pos_ == "VERB":
            if lem == "help":
                # "helps reduce X": the inner verb is the claim; "helps guide the process" says nothing measurable
                return []
            # "allows us to move X, generate Y, and achieve Z": each coordinated verb is enabled
            return [_Arg(token=c, verb_phrase=True) for c in _conjuncts(x) if c.pos_ == "VERB"]
        if objs and objs[0].pos_ == "VERB":
            return [_Arg(token=objs[0], verb_phrase=True)]
        for o in objs:
            xo = _first(o, "acl", "xcomp", "relcl")
            if xo is not None and xo.tag_ in ("VB", "VBG") and _has_aux_to(xo):
                return [_Arg(token=xo, verb_phrase=True)]
        xo = next((c for c in v.children if c.dep_ == "advcl" and c.tag_ == "VB" and _has_aux_to(c)), None)
        if objs and xo is not None:
            # "enables a robot (in a home, for instance) to learn to avoid busy places": the act enabled
            while xo.lemma_.lower() in ("learn", "manage", "continue", "try") and (
                    inner := next((c for c in xo.children if c.dep_ == "xcomp" and _has_aux_to(c)), None)) is not None:
                xo = inner
            return [_Arg(token=xo, verb_phrase=True)]
    if lem == "benefit" and not objs and not ((x := _first(v, "xcomp")) is not None and x.tag_ == "VBG"):
        return []
    if not objs:
        x = _first(v, "xcomp")
        if x is not None and x.pos_ == "VERB" and not _has_aux_to(x) and (
                EFFECT_LEXICON.get(lem) in (Q, E) or (x.tag_ == "VBG" and x.i == v.i + 1)):
            # "requires starting with small weights"; tagger slip: "reduces overfitting" as a gerund
            return [_Arg(token=x, verb_phrase=True)]
    if objs and objs[-1].pos_ in ("NOUN", "PROPN"):
        # parse slip: "reduces MAE and RMSE by 9% and 11.2%" with RMSE hung on the verb as a conjunct
        objs = objs + [c for c in v.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > objs[-1].i
                       and not _children(c, "nsubj")]
    return [_Arg(token=o, verb_phrase=o.pos_ == "VERB") for o in objs]


def _owner(tok: Token) -> Token:
    """'the accuracy of AdaNPC' -> AdaNPC (for comparisons of a method's quality)."""
    if _is_quality(tok) or tok.lemma_.lower() in BAD_NOUNS:
        of = _prep_objects(tok, ("of",))
        if of:
            return of[0]
        poss = _first(tok, "poss")
        if poss is not None:
            return poss
    return tok
