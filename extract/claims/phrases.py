"""Noun-phrase and verb-phrase text of an argument head (what a claim's subject or target is called)."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from claimgraph.extract.claims.clauses import _subject_of
from claimgraph.extract.claims.lexicon import (
    _EVALUATIVE,
    _LIGHT_HEAD_PREPS,
    _LIGHT_HEADS,
    _OUTCOME_NOUNS,
    _PRONOUNS,
    _SUBJECT_KEEP,
)
from claimgraph.extract.claims.parse import _children, _first, _has_aux_to, _is_passive


def _hyphen_start(doc: Doc, start: int, floor: int) -> int:
    """Extend a phrase start leftwards over hyphen-joined words ('out-of-distribution')."""
    if start - 1 >= floor and doc[start].text in ("-", "\u2013") and not doc[start - 1].whitespace_:
        start -= 1
    while start - 2 >= floor and doc[start - 1].text in ("-", "\u2013") and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_:
        start -= 2
    return start


def _np_range(h: Token) -> tuple[int, int]:
    """Token range [start, end) of the bare noun phrase of head h (left modifiers + h)."""
    start = h.i
    for c in h.lefts:
        if c.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "advmod", "quantmod",
                      "punct", "case", "predet", "npadvmod"):
            start = min(start, c.left_edge.i)
    slip = (h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.head.pos_ in ("AUX", "VERB")
            and _first(h.head.head, "nsubj", "nsubjpass") is None)
    before = h.doc[start - 1] if start > h.sent.start else None
    dangling = before is not None and before.dep_ == "prep" and before.pos_ == "ADP" and not any(
        c.dep_ in ("pobj", "pcomp") for c in before.children)
    if (slip or dangling) and h.tag_ == "NN":
        # parse slip "for natural data distributions memorization of labels is necessary": the
        # preposition's object and the subject were read as one noun phrase; a plural noun does
        # not modify a noun, so the subject starts after it
        plural = [c for c in h.lefts if c.dep_ == "compound" and c.tag_ == "NNS" and c.i == h.i - 1]
        if plural:
            start = h.i
    end = h.i + 1
    if end < h.sent.end:
        nxt = h.doc[end]
        if nxt.head.i == h.i and nxt.dep_ in ("acl", "compound") and nxt.tag_ == "VBG" and not list(nxt.children):
            end += 1                                  # "curriculum learning" parsed as noun + participle
    return _hyphen_start(h.doc, start, h.sent.start), end


def _joined(t: Token) -> bool:
    """Is t part of a hyphenated word ('out-of-distribution', 'fine-tuning')?"""
    doc = t.doc
    if t.text in ("-", "\u2013") and not t.whitespace_ and t.i > 0 and not doc[t.i - 1].whitespace_:
        return True
    if not t.whitespace_ and t.i + 1 < len(doc) and doc[t.i + 1].text in ("-", "\u2013"):
        return True
    return t.i > 1 and doc[t.i - 1].text in ("-", "\u2013") and not doc[t.i - 1].whitespace_ \
        and not doc[t.i - 2].whitespace_


def _phrase(h: Token, with_of: bool = True, role: str = "target") -> str:
    """Display name of the noun phrase headed by h, without determiners and evaluative words.

    Subjects keep comparatives ("higher dimensional tasks", "low generalization error");
    light heads keep their complement ("number of training parameters").
    """
    doc = h.doc
    start, end = _np_range(h)
    toks = list(doc[start:end])
    keep = _SUBJECT_KEEP if role == "subject" else set()

    def droppable(t: Token) -> bool:
        if t.i == h.i or _joined(t):
            return False
        if t.like_num or t.text == "%" or t.pos_ in ("DET", "PRON", "PUNCT", "SYM", "CCONJ", "PART") or t.dep_ == "det":
            return True
        return t.lower_ in _EVALUATIVE and t.lower_ not in keep
    while toks and toks[0].i != h.i and (droppable(toks[0]) or (toks[0].pos_ in ("ADP", "ADV") and not _joined(toks[0]))):
        toks.pop(0)
    toks = [t for t in toks if not (droppable(t) and (t.like_num or t.text == "%" or t.dep_ in ("amod", "advmod", "nummod", "quantmod", "det")))]
    if not toks:
        return ""
    contiguous = all(b.i == a.i + 1 for a, b in zip(toks, toks[1:], strict=False))  # neighbours: toks[1:] is one shorter
    text = doc[toks[0].i: toks[-1].i + 1].text if contiguous else " ".join(t.text for t in toks)
    if role == "subject":
        participle = _restrictive_participle(h)
        if participle:
            return f"{text} {participle}"
    # a noun mis-tagged as a participle ("the tighter bound of X", 'bound' lemmatised as "bind")
    head_lem = h.lower_ if h.tag_ in ("VBN", "VBD") and h.dep_ in ("dobj", "nsubj", "pobj") else h.lemma_.lower()
    if with_of and (head_lem in _LIGHT_HEADS or head_lem in _LIGHT_HEAD_PREPS or (role == "target" and _action_noun(h))):
        preps = _LIGHT_HEAD_PREPS.get(head_lem, ("of",))
        kids = list(h.children)
        nxt = h.doc[h.i + 1] if h.i + 1 < h.sent.end else None
        if nxt is not None and h.dep_ == "dobj" and nxt.dep_ == "prep" and nxt.head.i == h.head.i \
                and head_lem in _LIGHT_HEAD_PREPS and nxt.lower_ in _LIGHT_HEAD_PREPS[head_lem] and nxt.lower_ != "of":
            kids.append(nxt)        # "enhanced robustness to perturbations" with 'to' attached to the verb
        for p in kids:
            if p.dep_ == "prep" and p.lower_ in preps:
                o = _first(p, "pobj", "pcomp")
                if o is None:
                    continue
                if o.pos_ in ("NOUN", "PROPN"):
                    text = f"{text} {p.text} {_phrase(o, with_of=False)}"
                elif o.pos_ == "VERB":
                    text = f"{text} {p.text} {_verb_phrase(o)}"
                break
            if p.dep_ in ("acl", "relcl", "xcomp") and _has_aux_to(p) and p.i > h.i:
                text = f"{text} to {_verb_phrase(p)}"      # "ability to correct new errors"
                break
    return text


def _action_noun(h: Token) -> bool:
    """A target named by an action noun ("a better approximation of the Pareto set", "the
    estimation of depth"): the noun says nothing without its "of" object, which it keeps.
    Outcome nouns ("generalization of modern architectures") keep their owner out."""
    lem = h.lemma_.lower()
    return h.pos_ == "NOUN" and lem.endswith(("tion", "sion", "ment")) and lem not in _OUTCOME_NOUNS


def _restrictive_participle(h: Token) -> str | None:
    """'containing hallucinatory information' in "generalist data containing hallucinatory
    information": a participle that restricts a subject to part of what its noun names."""
    for c in h.rights:
        if c.dep_ == "acl" and c.tag_ == "VBG" and c.lemma_.lower() in ("contain", "include", "lack") \
                and _first(c, "dobj") is not None and c.right_edge.i - h.i <= 6:
            return h.doc[c.i: c.right_edge.i + 1].text
    return None


def _np_with_pp(obj: Token, preps: tuple[str, ...] = ("of",), max_tokens: int = 9) -> str:
    """The object's noun phrase plus one short prepositional complement
    ('0.1% of the data', 'sparsity in the straggler layers')."""
    doc = obj.doc
    o_start, _ = _np_range(obj)
    while o_start < obj.i and doc[o_start].pos_ in ("DET", "PRON") and not _joined(doc[o_start]):
        o_start += 1
    end = obj.i + 1
    for p in obj.children:
        if p.dep_ == "prep" and p.lower_ in preps and p.i == end:
            po = _first(p, "pobj")
            if po is not None and po.i - o_start < max_tokens:
                end = po.i + 1
            break
    toks = [t for t in doc[o_start:end] if not (t.dep_ == "det" and t.i > o_start and t.head.i == end - 1)]
    return " ".join(t.text for t in toks) if len(toks) < end - o_start else doc[o_start:end].text


def _verb_phrase(v: Token) -> str:
    """'fine-tuning CLIP on ImageNet' -> 'fine-tuning CLIP': the verb and its object."""
    doc = v.doc
    start = _hyphen_start(doc, v.i, v.sent.start)
    adv = [c for c in v.lefts if c.dep_ in ("advmod",) and c.i == v.i - 1 and c.lower_ not in _EVALUATIVE]
    if adv:
        start = min(start, adv[0].i)
    text = doc[start: v.i + 1].text
    prt = _first(v, "prt")
    if prt is not None:
        text = f"{text} {prt.text}"
    obj = _first(v, "dobj", "attr")
    if obj is None and (_is_passive(v) or (v.dep_ == "conj" and v.tag_ in ("VBN", "VBD"))):
        subs, passive = _subject_of(v)
        obj = subs[0] if passive and subs and subs[0].pos_ in ("NOUN", "PROPN") else None
    if obj is not None:
        text = f"{text} {_np_with_pp(obj)}"
        times = next((c for c in v.children if c.dep_ == "npadvmod" and c.lemma_.lower() == "time" and c.i > obj.i
                      and any(n.dep_ == "nummod" for n in c.children)), None)
        if times is not None:        # "repeating 0.1% of the data 100 times": how often is part of the act
            text = f"{text} {doc[times.left_edge.i: times.i + 1].text}"
        comp = _first(v, "ccomp", "oprd", "xcomp") or next(
            (c for c in v.children if c.dep_ == "advmod" and c.pos_ == "ADJ" and c.i > obj.i), None)
        if comp is not None and comp.pos_ == "ADJ" and comp.i > obj.i:
            text = f"{text} {doc[comp.left_edge.i: comp.i + 1].text}"
        elif comp is not None and comp.i > obj.i and comp.i - v.i < 6:
            # "making networks very large": small clause
            text = doc[start: comp.i + 1].text
    else:
        for pre in _children(v, "prep"):
            po = _first(pre, "pobj")
            if po is not None and pre.lower_ in ("as", "to", "on", "with", "in", "into", "from", "within", "across",
                                                 "beyond", "over", "under", "for"):
                text = f"{text} {pre.text} {_phrase(po)}"
                break
    return text


def _has_specific_modifier(h: Token) -> bool:
    """'sharpness-aware model' is specific; 'the model' is not."""
    return any(c.dep_ in ("compound", "amod", "nmod", "npadvmod") and c.lower_ not in _EVALUATIVE
               and c.lower_ not in _PRONOUNS and c.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
               for c in h.lefts)
