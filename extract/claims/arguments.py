"""Argument resolution: an argument slot -> the entity a claim names (an entity span, a concept, the proposed method) or nothing."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimgraph.extract.claims.clauses import _subject_of
from claimgraph.extract.claims.lexicon import (
    _ABSTRACT_OWNED,
    _BARE_JUNK,
    _BETTER,
    _DESCRIPTION_VERBS,
    _EMPTY_HEADS,
    _EVALUATIVE,
    _GENERIC_HEADS,
    _JUNK_HEADS,
    _LIGHT_GERUNDS,
    _LIGHT_HEAD_PREPS,
    _MEASURED_JUNK,
    _MORE,
    _OUTCOME_NOUNS,
    _OWN_METHOD_HEADS,
    _PRIOR_ADJ,
    _PRONOUNS,
    _PROPOSAL_WORDS,
    _PUT_FORWARD_VERBS,
    _SETTING_NOUNS,
    _TRAIN_VERBS,
    _TRAINED_HEADS,
    _TRANSPARENT_HEADS,
    _WE_EFFECTS,
    BAD_NOUNS,
    QUALITY_NOUNS,
    O,
)
from claimgraph.extract.claims.parse import (
    _children,
    _clause_chain,
    _conjuncts,
    _first,
    _is_outcome,
    _is_passive,
    _prep_objects,
    _slipped_verb,
)
from claimgraph.extract.claims.phrases import (
    _has_specific_modifier,
    _hyphen_start,
    _joined,
    _np_range,
    _np_with_pp,
    _phrase,
    _restrictive_participle,
    _verb_phrase,
)
from claimgraph.extract.claims.records import _Arg, _Ctx, _Resolved
from claimgraph.extract.claims.spans import _concept, _entity_from_span, _longest
from claimgraph.schema import Effect, Entity, EntityType
from claimgraph.schema.keys import normalize_key


def _trained_with(h: Token, ctx: _Ctx) -> Span | str | None:
    """The Method / Dataset span a generic model is trained with: "ADC-trained models",
    "models trained with / using / on X" (the claim is about X); "proposed" for the initials
    of the proposed method ("ADC" for Adversarial Data Collection) that no span covers."""
    doc = h.doc
    for c in h.children:
        if c.dep_ in ("amod", "compound") and c.i < h.i and c.lower_.split("-")[-1] in ("trained", "tuned", "finetuned"):
            if c.i >= 2 and doc[c.i - 1].text == "-" and not doc[c.i - 1].whitespace_ and not doc[c.i - 2].whitespace_:
                spans = [sp for sp in ctx.spans_at.get(c.i - 2, ()) if sp.label_ in ("Method", "Dataset")]
                if spans:
                    return _longest(spans)
                word = doc[c.i - 2].text
                if ctx.proposed is not None and word.isupper() and len(word) > 1 and word == "".join(
                        w[0] for w in re.split(r"[\s\-]+", ctx.proposed.name) if w).upper():
                    return "proposed"
        if c.dep_ == "acl" and c.i > h.i and c.lemma_.lower() in _TRAIN_VERBS and c.tag_ == "VBN":
            for p in c.children:
                o = _first(p, "pobj") if p.dep_ == "prep" and p.lower_ in ("with", "using", "via", "through", "on", "by") \
                    else (_first(p, "dobj") if p.dep_ in ("xcomp", "advcl") and p.lemma_.lower() == "use" else None)
                spans = [sp for sp in ctx.spans_at.get(o.i, ()) if sp.label_ in ("Method", "Dataset")] if o is not None else []
                if spans:
                    return _longest(spans)
    return None


_SOTA = re.compile(r"(?:state\s*-?\s*of\s*-?\s*the\s*-?\s*arts?|sota)\b(?!\s*-?\s*(?:method|model|approach|baseline|technique|system|algorithm|work|result|performance|accurac))", re.I)


_SOTA_KIND = re.compile(r"state\s*-?\s*of\s*-?\s*the\s*-?\s*arts?\s*-?\s*(?P<kind>(?:[A-Za-z-]+\s+){0,2}?"
                        r"(?:methods?|models?|approach(?:es)?|baselines?|techniques?|systems?|algorithms?|works?))\b",
                        re.I)


def _state_of_the_art(h: Token) -> bool:
    """Does h's noun phrase open with "the state-of-the-art" used as a noun ("outperforms the
    state-of-the-art (up to 16.8% gain)")? The tokeniser splits the hyphens, so the text is read."""
    doc = h.doc
    start = h.left_edge.i
    while start < h.i and (doc[start].pos_ == "DET" or doc[start].lower_ in _PRIOR_ADJ):
        start += 1        # "the existing state-of-the-art"
    text = doc[start: min(h.i + 8, h.sent.end)].text
    m = _SOTA.match(text)
    if m is None:
        return False
    end = doc[start].idx + m.end()           # the phrase ends there (or a parenthesis follows) or modifies h
    return h.idx < end or text[m.end():].lstrip()[:1] in ("(", ",", ";", "") or not any(
        t.pos_ in ("NOUN", "PROPN") for t in doc[start: h.i] if t.idx >= end)


def _produced_by(h: Token, ctx: _Ctx) -> Span | None:
    """"synergies identified by CCA", "features learned by BERT": what a named method or model
    produced stands for the method (as "models trained with X" does for X)."""
    for c in h.children:
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.i > h.i and c.lemma_.lower() not in _TRAIN_VERBS:
            for o in _prep_objects(c, ("by",)):
                spans = [sp for sp in ctx.spans_at.get(o.i, ()) if sp.label_ in ("Method", "Model")]
                if spans:
                    return _longest(spans)
    return None


def _definite_antecedent(h: Token) -> str | None:
    """'this overconfidence' (only a demonstrative on the noun) names what the sentence before
    called "the overconfidence of fine-tuned models": that fuller "N of X" phrase."""
    lefts = [c for c in h.lefts]
    if len(lefts) != 1 or lefts[0].lower_ not in ("this", "these") or lefts[0].dep_ != "det":
        return None
    sent = h.sent
    if sent.start == 0:
        return None
    prev = h.doc[sent.start - 1].sent
    for t in reversed(list(prev)):
        if t.lemma_ == h.lemma_ and t.pos_ == "NOUN":
            of = _prep_objects(t, ("of",))
            if of and of[0].pos_ in ("NOUN", "PROPN"):
                return f"{_phrase(t, with_of=False)} of {_phrase(of[0], with_of=False)}"
            return None
    return None


def _span_for(h: Token, ctx: _Ctx, *, generic: bool, role: str) -> Span | None:
    spans = ctx.spans_at.get(h.i)
    if spans:
        return _longest(spans)
    # naming: "a novel method called BANG", "our framework, DEUP,"
    for c in h.children:
        if c.dep_ == "appos" or (c.dep_ == "acl" and c.lemma_.lower() in ("call", "name", "dub", "term", "coin")):
            for t in c.subtree:
                if ctx.spans_at.get(t.i):
                    return _longest(ctx.spans_at[t.i])
    if h.dep_ == "appos" and ctx.spans_at.get(h.head.i):
        return _longest(ctx.spans_at[h.head.i])
    if generic:
        start, end = _np_range(h)
        for i in range(end - 1, start - 1, -1):
            if ctx.spans_at.get(i):
                return _longest(ctx.spans_at[i])
        if role == "subject":
            # not inside a clause on the head: "approaches to improve generalization" are not generalization
            inner = {x.i for c in h.children if (c.pos_ in ("VERB", "AUX") and c.dep_ in ("acl", "advcl", "xcomp", "ccomp"))
                     or c.dep_ == "appos" or c.lower_ in ("including", "excluding", "like", "such")
                     for x in c.subtree}       # "our complete system, including the BA backend," is the system
            for t in h.subtree:
                if t.dep_ == "relcl":
                    break
                if ctx.spans_at.get(t.i) and t.i > h.i and t.i not in inner:
                    return _longest(ctx.spans_at[t.i])
    return None


def _same_sentence_antecedent(h: Token) -> Token | None:
    """What 'it/they' continues inside one sentence.

    "Generalization is broad, and therefore it requires ..." -> Generalization;
    "we explore training objectives and find they affect ..." -> objectives (plural
    'they' prefers the plural object of the clause before).
    """
    if h.lower_ in ("they", "these"):
        # "... the benefit of more complex datasets: they provide X, and they prevent Y": after a
        # colon, plural 'they' elaborates on the plural noun just before it
        colon = next((t for t in reversed(list(h.doc[h.sent.start: h.i])) if t.text == ":"), None)
        if colon is not None and colon.i > h.sent.start:
            before = h.doc[colon.i - 1]
            if before.pos_ in ("NOUN", "PROPN") and before.tag_ in ("NNS", "NNPS"):
                return before
    verb = h.head
    while verb.dep_ in ("ccomp", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "conj":
        return None
    first = verb.head
    if h.lower_ in ("they", "these"):
        # "we explore training objectives to support X and find they ...": also the verbs 'first' hangs from
        for cur in _clause_chain(first):
            if any(c.dep_ == "nsubj" and c.lower_ in ("they", "these") for c in cur.children):
                return None       # "they provide X ... and they prevent Y": the same unnamed referent
            for dep in ("dobj", "nsubj", "nsubjpass"):
                cand = _first(cur, dep)
                if cand is not None and cand.pos_ in ("NOUN", "PROPN") and cand.tag_ in ("NNS", "NNPS") and cand.i < h.i:
                    return cand
        return None
    subj = _first(first, "nsubj", "nsubjpass")
    if subj is not None and subj.pos_ in ("NOUN", "PROPN") and subj.i < h.i:
        return subj
    return None


def _relative_antecedent(h: Token) -> Token:
    """The noun a relative clause describes. ', which ...' after a prepositional object
    usually describes the whole clause: use that clause's subject
    ("ERASE updates representations with error resilience, which improves ...")."""
    rel_verb = h.head
    ante = rel_verb.head
    comma = rel_verb.left_edge.i > 0 and h.doc[rel_verb.left_edge.i - 1].text == ","
    if not comma and ante.dep_ == "pobj" and ante.head.head.pos_ in ("NOUN", "PROPN"):
        # number agreement: "modifications to GD that attenuate ..." describes the modifications
        up = ante.head.head
        plural_verb, singular_verb = rel_verb.tag_ == "VBP", rel_verb.tag_ == "VBZ"
        if (plural_verb and ante.tag_ in ("NN", "NNP") and up.tag_ in ("NNS", "NNPS")) or \
                (singular_verb and ante.tag_ in ("NNS", "NNPS") and up.tag_ in ("NN", "NNP")):
            return up
    if comma and h.lower_ == "which" and rel_verb.tag_ == "VBZ" and ante.tag_ in ("NNS", "NNPS"):
        # ", which contributes ..." after a plural noun describes a clause it agrees with: the
        # nearest clause up the tree with a singular subject, a name first ("X corrects cases
        # where models make errors, which contributes to its Y" -> X)
        found: list[Token] = []
        cur = ante
        for _ in range(12):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                subs, passive = _subject_of(cur)
                if subs and not passive and subs[0].tag_ in ("NN", "NNP") and subs[0].lower_ not in ("it", "this"):
                    found.append(subs[0])
        named = [t for t in found if t.tag_ == "NNP"]
        if named or found:
            return (named or found)[0]
    if comma and ante.dep_ == "pobj" and h.lower_ == "which":
        cur = ante
        for _ in range(10):
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("acl", "amod"):
                subs, passive = _subject_of(cur)
                if subs and not passive:
                    return subs[0]
                break
            if cur.head.i == cur.i:
                break
    return ante


def _split_np(h: Token, verb_phrase: bool = False) -> list[_Arg]:
    """Coordination inside one noun phrase. 'dropout and weight decay' -> dropout, weight decay;
    'validation and test performance' -> validation performance, test performance (the shared
    head is distributed when it is an outcome word)."""
    if verb_phrase:
        return [_Arg(token=h, verb_phrase=True)]
    for c in h.lefts:
        if c.dep_ in ("nmod", "compound", "amod") and any(x.dep_ == "cc" and x.lower_ in ("and", "or") for x in c.children):
            conj = [x for x in c.children if x.dep_ == "conj"]
            if not conj:
                continue
            if c.dep_ == "amod" and any(x.lower_ in _EVALUATIVE or x.tag_ in ("JJR", "JJS") or any(
                    a.lower_ in ("more", "less") for a in x.children) for x in [c, *conj]):
                break        # "better and more robust localization": graded adjectives, one thing
            doc = h.doc
            first = doc[c.left_edge.i: c.i + 1].text
            rest = doc[conj[0].left_edge.i: h.i + 1].text
            # an adjective alone names nothing: "fast and accurate segmentation" -> fast segmentation,
            # accurate segmentation
            if _is_outcome(h) or h.lemma_.lower() in _SETTING_NOUNS or c.dep_ == "amod" and c.pos_ == "ADJ":
                return [_Arg(token=h, name=f"{first} {h.text}"), _Arg(token=h, name=rest)]
            return [_Arg(token=c, name=first), _Arg(token=h, name=rest)]
    return [_Arg(token=h, verb_phrase=verb_phrase)]


def _expand_list(h: Token) -> list[Token]:
    """'three factors: domain gap, model capacity, and sample size' -> the listed items."""
    app = _first(h, "appos")
    if app is not None and h.lemma_.lower() in _BARE_JUNK | _GENERIC_HEADS | {"factor", "aspect", "property"}:
        return _conjuncts(app)
    return [h]


def _light_complement(h: Token) -> bool:
    """Does light head h carry the complement that names it ('number of X', 'robustness to Y')?"""
    lem = h.lemma_.lower()
    if lem in _LIGHT_HEAD_PREPS:
        preps = tuple(x for x in _LIGHT_HEAD_PREPS[lem] if x != "of")   # "capabilities of models" is an owner
    elif lem in _EMPTY_HEADS:
        preps = ("of",)
    else:
        return False
    kids = list(h.children)
    nxt = h.doc[h.i + 1] if h.i + 1 < h.sent.end else None
    if nxt is not None and h.dep_ == "dobj" and nxt.dep_ == "prep" and nxt.head.i == h.head.i and nxt.lower_ != "of":
        kids.append(nxt)            # the complement attached to the verb ("enhanced robustness to X")
    return any(p.dep_ == "prep" and p.lower_ in preps and _first(p, "pobj", "pcomp") is not None for p in kids)


def _partial_span(span: Span, h: Token) -> bool:
    """A Concept/Task/Metric span covering only part of a specific phrase ('generalization' in
    'in-distribution generalization'): the phrase is the better name."""
    if span.label_ in ("Method", "Model", "Dataset"):
        return False
    if span.end == h.i + 1 and _light_complement(h):
        return True           # "generalization" in "generalization to unseen tasks", "mixture" in "mixture of X"
    start, _ = _np_range(h)
    if span.start <= start:
        return False
    return any((c.dep_ in ("compound", "nmod", "npadvmod") or _joined(c)) and c.lower_ not in _EVALUATIVE
               and c.i < span.start for c in h.doc[start: h.i])


# adverbs that make "proposed" someone else's earlier proposal ("recently / previously proposed methods")
_PRIOR_ADVERBS = frozenset({"recently", "previously", "already", "originally", "widely", "commonly", "earlier",
                            "formerly", "first"})


def _prior_proposed(c: Token) -> bool:
    """'recently / previously proposed' in front of a noun: someone else's earlier proposal."""
    return c.lower_ == "proposed" and any(a.dep_ == "advmod" and a.lower_ in _PRIOR_ADVERBS for a in c.children)


def _resolve(arg: _Arg, ctx: _Ctx, *, role: str, effect: Effect) -> _Resolved | None:
    """Map an argument slot to an Entity, or None when it cannot be resolved (rules: module doc)."""
    h = arg.token
    if h is None:
        ent = _concept(arg.name) if arg.name else None
        return _Resolved(ent, True) if ent else None
    if arg.name:
        span = _longest(ctx.spans_at[h.i]) if ctx.spans_at.get(h.i) else None
        if span is not None and not (len(span) == 1 and span.label_ not in ("Method", "Model", "Dataset")
                                     and len(arg.name.split()) > 1):
            return _Resolved(_entity_from_span(span, ctx.proposed), False, h)
        # (a one-word metric or concept span yields to the distributed name: "depth estimation accuracy")
        ent = _concept(arg.name)
        return _Resolved(ent, True, h) if ent else None
    low, lem = h.lower_, h.lemma_.lower()
    if role == "target" and h.dep_ == "conj" and h.head.i < h.i \
            and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in h.children):
        return None          # "mitigates SB and its pitfalls": an aspect of the conjunct already named
    # relative pronoun -> the noun the clause describes
    if low in ("which", "that", "who") and h.head.dep_ == "relcl":
        ante = _relative_antecedent(h)
        if ante.i != h.head.head.i:
            return _resolve(_Arg(token=ante, verb_phrase=ante.pos_ == "VERB" and ante.dep_ != "nsubj"),
                            ctx, role=role, effect=effect)
        h = ante
        low, lem = h.lower_, h.lemma_.lower()
        if lem in _GENERIC_HEADS and h.dep_ == "appos" and h.head.pos_ in ("PROPN", "NOUN"):
            # "introduces S3FT, a fine-tuning approach that achieves ...": the named thing
            named = _resolve(_Arg(token=h.head), ctx, role=role, effect=effect)
            if named is not None and not named.fallback:
                return named
            if role == "subject" and ctx.proposed is not None and h.head.head.lemma_.lower() in _DESCRIPTION_VERBS:
                return _Resolved(ctx.proposed, False, h)
        if lem in _GENERIC_HEADS and h.head.lemma_.lower() in _DESCRIPTION_VERBS and role == "subject":
            # "we propose a (fine-tuning) approach that ...": the proposed method, else a named span
            span = _span_for(h, ctx, generic=True, role=role)
            if ctx.proposed is not None and (span is None or not _names_it(span, h)):
                return _Resolved(ctx.proposed, False, h)
            if span is not None:
                return _Resolved(_entity_from_span(span, ctx.proposed), False, h)
            return None
    # clause argument: gerund subject, "enables fine-tuning CLIP", "by inducing sparsity"
    if arg.verb_phrase or (h.pos_ == "VERB" and h.dep_ not in ("nsubj", "dobj", "pobj", "conj", "appos")):
        if ctx.spans_at.get(h.i) and not (
                len(_longest(ctx.spans_at[h.i])) == 1 and not _first(h, "dobj")
                and any(_first(p, "pobj") is not None for p in h.children if p.dep_ == "prep" and p.lower_ in ("to", "on"))):
            # (a one-word span yields to "overfitting to manual environments")
            return _Resolved(_entity_from_span(_longest(ctx.spans_at[h.i]), ctx.proposed), False, h)
        obj = _first(h, "dobj")
        if obj is not None and h.lemma_.lower() in ("make", "render", "keep") and obj.pos_ in ("NOUN", "PROPN"):
            # causative small clause: "making networks very large" is about large networks
            adj = next((c for c in h.children if c.i > obj.i and c.dep_ in ("ccomp", "oprd", "xcomp", "advmod", "acomp")
                        and (c.pos_ == "ADJ" or (c.pos_ == "ADV" and not c.lower_.endswith("ly")))), None)
            if adj is not None and not ctx.spans_at.get(obj.i):
                ent = _concept(f"{adj.text} {_phrase(obj, with_of=False)}")
                return _Resolved(ent, True, h) if ent else None
        if obj is not None and h.lemma_.lower() in _LIGHT_GERUNDS and not _is_passive(h):
            # "incorporating diverse spurious features" -> the features
            name = _np_with_pp(obj, ("of", "in", "on", "within", "across", "into"))
            if name == _np_with_pp(obj, ()):
                # "inducing sparsity in the straggler layers": the place is attached to the verb
                nxt = obj.right_edge.i + 1
                p = h.doc[nxt] if nxt < h.sent.end else None
                po = _first(p, "pobj") if p is not None and p.head.i == h.i and p.lower_ in ("in", "within", "across") else None
                if p is not None and po is not None and po.right_edge.i - obj.i < 7:   # (po implies p)
                    name = f"{name} {p.text} {_phrase(po, with_of=False)}"
            span = _longest(ctx.spans_at[obj.i]) if ctx.spans_at.get(obj.i) else None
            if span is not None and not _partial_span(span, obj) and (
                    span.label_ in ("Method", "Model", "Dataset") or normalize_key(name) == normalize_key(span.text)):
                return _Resolved(_entity_from_span(span, ctx.proposed), False, h)
            ent = _concept(_clean_name(name))
            return _Resolved(ent, True, h) if ent else None
        subjp = _first(h, "nsubjpass") if _is_passive(h) else None
        if subjp is not None and subjp.lemma_.lower() in _JUNK_HEADS:
            return None          # "our analysis is grounded in X, facilitating Y": about the paper itself
        if subjp is not None and h.lemma_.lower() in _PUT_FORWARD_VERBS:
            # "a smooth energy functional is introduced, providing X": the thing introduced provides it
            return _resolve(_Arg(token=subjp), ctx, role=role, effect=effect)
        ent = _concept(_clean_name(_verb_phrase(h)))
        return _Resolved(ent, True, h) if ent else None
    # pronouns
    if low == "we":
        if role == "subject" and effect in _WE_EFFECTS and ctx.proposed is not None:
            return _Resolved(ctx.proposed, False, h)
        return None
    if low in ("former", "latter") and (any(c.lower_ == "the" for c in h.children)
                                         or (h.i > 0 and h.doc[h.i - 1].lower_ == "the")):
        pair = _former_latter(h)
        if pair is not None:
            return _resolve(_Arg(token=pair[0] if low == "former" else pair[1]), ctx, role=role, effect=effect)
        return None
    if h.pos_ == "PRON" or low in _PRONOUNS:
        if low in ("it", "this", "they", "these", "its") and role == "subject":
            antecedent = _same_sentence_antecedent(h)
            if antecedent is not None:
                return _resolve(_Arg(token=antecedent), ctx, role=role, effect=effect)
            if ctx.proposed is not None and not ctx.proposed_named:
                # the paper names no method of its own: "it / they" continue the last claim's subject;
                # "this" (usually the previous statement) and the rest mean the method only when the
                # abstract speaks of one ("our method", "we propose a ...")
                if low in ("it", "they", "these") and ctx.previous_subject is not None:
                    return _Resolved(ctx.previous_subject, False, h)
                if not ctx.method_self_reference:
                    return None
            if ctx.proposed is not None and (low != "they" or h.head.dep_ in ("ROOT", "ccomp")):
                return _Resolved(ctx.proposed, False, h)
            if ctx.proposed is None and low == "it" and ctx.previous_subject is not None:
                return _Resolved(ctx.previous_subject, False, h)   # "... does not harm X. On the contrary, it reduces Y"
        return None
    if role == "target" and h.pos_ == "ADJ" and (h.lower_ in _EVALUATIVE or h.tag_ in ("JJR", "JJS") or any(
            c.dep_ == "advmod" and c.lower_ in ("more", "less", "most") for c in h.children)):
        return None          # "yields better and more robust X" read with 'better' as the object: no thing named
    if h.like_num or h.pos_ in ("NUM", "SYM", "PUNCT", "DET", "ADP", "CCONJ", "SCONJ", "PART") or h.is_stop:
        return None
    mods = {c.lower_ for c in h.children if c.dep_ in ("det", "poss", "amod")}
    generic = lem in _GENERIC_HEADS
    if role == "subject" and lem in _TRAINED_HEADS:
        means = _trained_with(h, ctx)
        if isinstance(means, Span):       # "ADC-trained models achieve ...", "models trained with X ...": X
            return _Resolved(_entity_from_span(means, ctx.proposed), False, h)
        if means == "proposed" and ctx.proposed is not None:
            return _Resolved(ctx.proposed, False, h)
    if not generic and lem not in _JUNK_HEADS and not ctx.spans_at.get(h.i):
        earlier = _definite_antecedent(h)
        if earlier:               # "This overconfidence magnifies ..." after "the overconfidence of X"
            ent = _concept(_clean_name(earlier))
            if ent:
                return _Resolved(ent, True, h)
    if "proposed" in mods and any(_prior_proposed(c) for c in h.children):
        mods = mods - {"proposed"}      # "several recently proposed algorithms": prior work, not the paper's method
    # "this method" continues the paper's; "these / such methods" are others' (prior work, plural)
    ours = "our" in mods or "proposed" in mods or (generic and "this" in mods) or (
        generic and role == "subject" and "the" in mods and bool(mods & {"new", "novel"})) or (
        generic and role == "subject" and "the" in mods and bool(ctx.introduced_heads) and (
            lem in ctx.introduced_heads or lem in _OWN_METHOD_HEADS))   # "we present a layer/approach ... the layer/algorithm"
    if role == "subject" and lem in _ABSTRACT_OWNED and mods & {"its", "their", "his", "her"}:
        return None
    if lem in ("result", "outcome") and role == "target" and mods & (_BETTER | _MORE | {"promising", "superior"}):
        performance = _concept("performance")
        assert performance is not None   # a fixed, valid name
        return _Resolved(performance, True, h)   # "achieves superior results"
    # a target named by a verb-modified phrase ("fine-tuning CLIP"): keep the phrase
    if role == "target" and any(c.dep_ == "amod" and c.tag_ == "VBG" and c.i < h.i
                                and c.lower_ not in _EVALUATIVE for c in h.children):
        ent = _concept(_phrase(h))
        if ent:
            return _Resolved(ent, True, h)
    if role == "target" and (generic or lem in _BARE_JUNK or lem in ("parameter", "hyperparameter")) and \
            h.tag_ in ("NNS", "NNPS"):
        example = [o for p in h.children if p.dep_ == "prep" and p.lower_ in ("like", "as", "including")
                   for o in _children(p, "pobj")]
        if not example and h.dep_ == "conj":
            # "copying and internal structures ..., such as induction heads" with the example
            # attached to the first conjunct: it follows this one
            example = [o for p in h.head.children if p.dep_ == "prep" and p.lower_ in ("like", "as", "including")
                       and p.i > h.i for o in _children(p, "pobj")]
        if example:          # "training parameters like the learning rate" -> the learning rate
            return _resolve(_Arg(token=example[0]), ctx, role=role, effect=effect)
    if role == "target" and _state_of_the_art(h):
        sota = _concept("state of the art")      # "outperforms the state-of-the-art (up to 16.8% ...)"
        assert sota is not None                   # a fixed, valid name
        return _Resolved(sota, True, h)
    if role == "target" and h.lower_ == "state" and (kind := _SOTA_KIND.match(h.doc.text, h.idx)):
        # "outperforms state of the art approaches" written without hyphens: the parse heads it
        # with "state", which alone would be the target
        ent = _concept(f"state-of-the-art {kind.group('kind').lower()}")
        if ent:
            return _Resolved(ent, True, h)
    if role == "target" and effect is O and generic and any(c.lower_ in _PRIOR_ADJ or _prior_proposed(c) for c in h.lefts):
        # the baseline of a comparison, whole: "the existing lightweight monocular depth estimation methods"
        # (a Task span inside it names what the methods do, not the baseline)
        start, _ = _np_range(h)
        words = [t.text for t in h.doc[start: h.i + 1] if t.pos_ not in ("DET", "PRON", "PUNCT")]
        ent = _concept(_clean_name(" ".join(words)))
        if ent:
            return _Resolved(ent, True, h)
    if role == "subject" and "our" in mods and ctx.proposed is not None and any(
            c.i == h.i + 1 and c.dep_ in ("npadvmod", "appos", "compound") and c.lemma_.lower() in _GENERIC_HEADS
            for c in h.children):
        return _Resolved(ctx.proposed, False, h)     # parse slip: "our reinforcement learning | algorithm"
    if role == "subject" and (by := _produced_by(h, ctx)) is not None:
        return _Resolved(_entity_from_span(by, ctx.proposed), False, h)   # "synergies identified by CCA" -> CCA
    span = _span_for(h, ctx, generic=generic or ours, role=role)
    if span is not None and role == "subject" and generic and ctx.proposed is not None and ours and (
            span.label_ in ("Concept", "Task") or (span.root.lemma_.lower() in _GENERIC_HEADS and span.text.islower())
            or (h.i >= span.end and "our" in mods)):      # "our unified reinforcement learning algorithm"
        # "our gradient-based formulation", "our label-generation strategy": a description of the
        # paper's own method, not a name of something else
        return _Resolved(ctx.proposed, False, h)
    if span is not None and role == "target" and lem in _OUTCOME_NOUNS and span.label_ == "Concept" \
            and span.end > h.i + 1 and h.doc[h.i + 1].lower_ == "of":
        owner = _first(h.doc[h.i + 1], "pobj")
        if owner is not None and owner.lemma_.lower() in _GENERIC_HEADS and owner.i < span.end:
            # "the generalization of modern architectures": the quantity, whoever it belongs to
            ent = _concept(_clean_name(_phrase(h, with_of=False)))
            if ent:
                return _Resolved(ent, True, h)
    if span is not None and span.end == h.i + 1 and span.start < h.i and span.start < _np_range(h)[0] \
            and span.label_ == "Concept":
        # the span reaches left of the head's own noun phrase (a parse slip the recogniser followed)
        ent = _concept(_clean_name(_phrase(h, role=role)))
        if ent:
            return _Resolved(ent, True, h)
    if span is not None and role == "subject" and span.end == h.i + 1 and _restrictive_participle(h):
        ent = _concept(_clean_name(_phrase(h, role=role)))   # the span names more than the subject
        if ent:
            return _Resolved(ent, True, h)
    if span is not None and role == "target" and (lem in QUALITY_NOUNS or lem in BAD_NOUNS) \
            and span.start == h.i and span.end == h.i + 1 and span.label_ == "Metric":
        on = _on_phrase(h, ctx, concepts=True)
        if on:             # "the accuracy on corrupted data": a one-word metric span keeps its "on" phrase
            ent = _concept(_clean_name(f"{_phrase(h, role=role)} on {on}"))
            if ent:
                return _Resolved(ent, True, h)
    if span is not None and not _partial_span(span, h):
        word = _hyphen_word(h)
        if word is not None and span.start > _hyphen_start(h.doc, h.i, h.sent.start) and span.label_ in ("Method", "Model", "Dataset"):
            # "Block-LoRA" when only "LoRA" was tagged: the longer name is its own entity
            key = normalize_key(word)
            if ctx.proposed is not None and key == ctx.proposed.key:
                return _Resolved(ctx.proposed, False, h)
            return _Resolved(Entity(type=EntityType(span.label_), key=key, name=word), False, h)
        variant = _hyphenated_variant(span, h)
        if variant is not None:
            key = normalize_key(variant)
            if ctx.proposed is not None and key == ctx.proposed.key:
                return _Resolved(ctx.proposed, False, h)
            return _Resolved(Entity(type=EntityType(span.label_), key=key, name=variant), False, h)
        return _Resolved(_entity_from_span(span, ctx.proposed), False, h)
    if ours and role == "subject" and lem not in _JUNK_HEADS:
        return _Resolved(ctx.proposed, False, h) if ctx.proposed is not None else None
    if role == "subject" and lem in _TRANSPARENT_HEADS:
        # "the dynamics of gradient descent learning" -> gradient descent (the method is what acts)
        for o in _prep_objects(h, ("of",)):
            method_spans = [sp for t in o.subtree for sp in ctx.spans_at.get(t.i, ()) if sp.label_ in ("Method", "Model")]
            if method_spans:
                return _Resolved(_entity_from_span(_longest(method_spans), ctx.proposed), False, h)
    if role == "subject" and lem in ("paper", "work", "study") and mods & {"this", "our"} and ctx.proposed is not None:
        if not ctx.proposed_named and not ctx.method_self_reference:
            return None                                # a study that proposes no method
        return _Resolved(ctx.proposed, False, h)       # "This paper introduces X ..., while improving Y"
    specific = _has_specific_modifier(h)
    measured = lem in _MEASURED_JUNK and role == "target" and any(
        c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") for c in h.children)   # "planning time", not "time"
    if lem in _JUNK_HEADS and not (effect is O and role == "target" and specific and lem == "work") and not measured:
        return None
    if effect is O and role == "target" and (lem in _BARE_JUNK or generic):
        # the baseline of a comparison: "outperforms existing methods", "traditional approaches"
        prior = [c for c in h.lefts if c.dep_ in ("amod", "compound", "nmod") and
                 (c.lower_ in _PRIOR_ADJ or c.lower_ in ("state-of-the-art", "sota") or _prior_proposed(c))]
        if prior and not specific:
            ent = _concept(f"{prior[-1].text} {h.text}")
            return _Resolved(ent, True, h) if ent else None
    if role == "target" and lem in _BARE_JUNK and not specific and (of := _prep_objects(h, ("of",))) and \
            of[0].pos_ in ("NOUN", "PROPN"):
        # "improvement in other aspects of generated captions": the aspect is named by its object
        words = [t for t in _np_with_pp(h, ("of",)).split() if t.lower() not in _EVALUATIVE]
        ent = _concept(_clean_name(" ".join(words))) if "of" in words else None   # (no object within reach: nothing named)
        return _Resolved(ent, True, h) if ent else None
    if (lem in _BARE_JUNK or generic) and not specific and not (
            role != "subject" and lem in ("baseline", "competitor", "counterpart", "alternative")):
        return None
    name = _phrase(h, role=role)
    if role == "target" and effect is Effect.ENABLES and " " not in name.strip():
        # what is made possible is often a noun with its complement: "responses to faster gait changes"
        longer = " ".join(w for w in _np_with_pp(h, ("to",)).split() if w.lower() not in _EVALUATIVE)
        if len(longer.split()) > len(name.split()) + 1:
            name = longer
    if role == "target" and (lem in QUALITY_NOUNS or lem in BAD_NOUNS):
        on = _on_phrase(h, ctx)
        if on:
            name = f"{name} on {on}"      # "performance on unseen lengths"
    name = _clean_name(name)
    if not name:
        return None
    key = normalize_key(name)
    if key in _JUNK_HEADS or key in _PRONOUNS or all(t.is_stop or t.like_num for t in h.doc[_np_range(h)[0]: h.i + 1]):
        return None
    ent = _concept(name)
    return _Resolved(ent, True, h) if ent else None


def _on_phrase(h: Token, ctx: _Ctx, *, concepts: bool = False) -> str | None:
    """The "on X" phrase right after a quality / error noun ("accuracy on corrupted data"), unless X
    is a generic word or an entity span (a named dataset, model or method goes to the context; with
    `concepts`, after a metric, a Concept span is kept: "the accuracy on corrupted data")."""
    nxt = h.doc[h.i + 1] if h.i + 1 < h.sent.end else None
    if nxt is None or nxt.lower_ != "on" or nxt.dep_ != "prep" or nxt.head.i not in (h.i, h.head.i):
        return None
    on = _children(nxt, "pobj")
    if not on or on[0].lemma_.lower() in _GENERIC_HEADS | _BARE_JUNK:
        return None
    if any(not concepts or sp.label_ in ("Dataset", "Model", "Method") for sp in ctx.spans_at.get(on[0].i, ())):
        return None
    return _phrase(on[0])


def _hyphenated_variant(span: Span, h: Token) -> str | None:
    """'multi-sample dropout' when only 'dropout' was tagged: a hyphenated noun/adjective
    compound in front of a Method/Model span names a variant ('ImageNet-pretrained X' does not)."""
    if span.label_ not in ("Method", "Model") or span.start != h.i or span.end != h.i + 1:
        return None
    start, _ = _np_range(h)
    mods = [t for t in h.doc[start: h.i] if t.text not in ("-", "\u2013")]
    if not mods or not any(_joined(t) for t in mods):
        return None
    if any(t.tag_ in ("VBN", "VBD") or t.lower_ in ("based", "trained", "pretrained", "tuned", "like", "style")
           or t.pos_ in ("DET", "PRON", "NUM") or t.lower_ in _EVALUATIVE or t.text in ("(", ")") for t in mods):
        return None       # (a bracket: "Robust Fine-Tuning (RFT)" defines the short form, no variant)
    first = next(t for t in h.doc[start: h.i] if t.text not in ("-", "\u2013"))
    return h.doc[first.i: h.i + 1].text


def _names_it(span: Span, h: Token) -> bool:
    """Does the span name the thing h heads ('a method called BANG'), not just modify it
    ('a fine-tuning approach')?"""
    return not (span.start < h.i and span.end <= h.i and span.start >= _np_range(h)[0])


def _clean_name(name: str) -> str:
    """Drop parentheticals and possessive markers: "skill-rich (potentially synthetic) text" ->
    "skill-rich text", "model's performance" -> "model performance"."""
    name = re.sub(r"\s*\([^)]*\)", "", name)
    name = re.sub(r"\s*['\u2019]s\b", "", name)
    name = re.sub(r"\s+", " ", name).strip()
    words = name.split(" ")
    while len(words) > 1 and words[0].lower() in _PROPOSAL_WORDS:
        words.pop(0)             # "proposed HSSD algorithm": the proposal word is not part of the name
    return " ".join(words)


def _hyphen_word(h: Token) -> str | None:
    """The whole hyphenated word ending at h ('Block-LoRA'), or None."""
    start = _hyphen_start(h.doc, h.i, h.sent.start)
    return h.doc[start: h.i + 1].text if start < h.i else None


def _former_latter(h: Token) -> tuple[Token, Token] | None:
    """'a sum of an approximation error and a generalization error, where the former ...'"""
    for t in reversed(list(h.doc[h.sent.start: h.i])):
        if t.pos_ in ("NOUN", "PROPN") and not _slipped_verb(t):
            conj = [c for c in t.children if c.dep_ == "conj"]
            if conj:
                # "a sum of an approximation error and a generalization error" with the conjunct
                # attached to 'sum': the pair is the two errors
                of = [o for o in _prep_objects(t, ("of",)) if o.i < conj[0].i and o.lemma_ == conj[0].lemma_ != t.lemma_]
                return (of[0] if of else t), conj[0]
    return None
