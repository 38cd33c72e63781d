"""Clause checks: is the clause of an effect word asserted, its subject, negation and hedging."""
from __future__ import annotations

from spacy.tokens import Token

from claimgraph.extract.claims.lexicon import (
    _DASHES,
    _HEDGE_ADVS,
    _HEDGE_MODALS,
    _HEDGE_REPORT,
    _INF_OK_HEADS,
    _NEG_RAISING,
    _NOMINAL_DEPS,
    _NORMATIVE_MODALS,
    _PUT_FORWARD_VERBS,
    _RAISING_HEDGE,
    _REPORT_VERBS,
    _SKIP_MARKS,
    _SKIP_WH,
)
from claimgraph.extract.claims.parse import (
    _ancestors,
    _clause_chain,
    _conjuncts,
    _content_clause,
    _first,
    _former_latter_modifier,
    _has_aux_to,
    _is_passive,
    _modals,
    _neg_child,
    _potential_verb,
)
from claimgraph.extract.claims.sentences import _under_own_report


def _skip_clause(v: Token, *, repaired: bool = False) -> str | None:
    """Why the clause of effect word v is not an assertion (None when it is)."""
    if (have := _potential_verb(v)) is not None:
        return _skip_clause(have)                     # "X has the potential to increase Y": asserted as 'has' is
    fail_in = v.dep_ == "pcomp" and v.head.lower_ == "in" and v.head.head.lemma_.lower() in _NEG_RAISING
    if not repaired and not fail_in:                  # "can fail in mitigating X" is asserted (negated)
        if v.dep_ in _NOMINAL_DEPS and not _content_clause(v):
            return f"modifier ({v.dep_})"
        if v.tag_ == "VBG" and v.dep_ not in ("advcl", "conj", "ROOT", "ccomp", "relcl", "xcomp"):
            return "gerund"
        if v.dep_ == "advcl" and v.tag_ == "VBN":
            return "participle modifier"
    prev: Token | None = None
    for cur in _ancestors(v):
        lem = cur.lemma_.lower()
        if prev is not None and lem in _REPORT_VERBS and prev.dep_ in ("ccomp", "xcomp") and cur.pos_ == "VERB":
            return None                               # "we show that ...": a reported result
        if prev is not None and prev.dep_ == "relcl":
            if prev.left_edge.i > 0 and prev.doc[prev.left_edge.i - 1].text == "," and any(
                    c.lower_ == "where" for c in prev.children) and _first(prev, "nsubj") is not None:
                return None                           # ", where we improve X ...": a new statement
            prev = cur
            continue                                  # the noun a relative clause describes
        if cur.pos_ in ("VERB", "AUX") or cur.i == v.i:
            if _modals(cur) & _NORMATIVE_MODALS:
                return "normative modal"
            for c in cur.children:
                if c.dep_ == "mark" and c.lower_ in _SKIP_MARKS:
                    if c.lower_ == "as" and cur.tag_ == "VBG":
                        continue
                    if c.lower_ in ("although", "though") and _under_own_report(cur):
                        continue
                    return f"subordinate ({c.lower_})"
                if c.dep_ == "mark" and c.lower_ in ("while", "whereas") and cur.tag_ != "VBG" \
                        and not _under_own_report(cur):
                    return "concessive"
                if c.tag_ in ("WRB", "WDT", "WP") and c.lower_ in _SKIP_WH | {"how", "wherein", "whereby"}:
                    if cur.dep_ == "relcl" and c.lower_ in ("which", "who", "that", "where"):
                        continue
                    if c.lower_ == "how" and cur.dep_ == "ccomp" and cur.head.lemma_.lower() in _REPORT_VERBS:
                        continue
                    if c.lower_ == "when" and cur.dep_ in ("ROOT",):
                        continue
                    return f"wh-clause ({c.lower_})"
                if c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.lower_ in ("why", "how", "whether"):
                    return "wh-clause"
            if _has_aux_to(cur) and prev is not None and prev.dep_ == "conj" and not _has_aux_to(prev) \
                    and prev.lemma_.lower() in _PUT_FORWARD_VERBS:
                return None     # "we investigate techniques to train X and present Y": the parse hangs the
                #                  second verb of the main clause on the infinitive; presenting is asserted
            if _has_aux_to(cur):
                head = cur.head
                if not (cur.dep_ == "xcomp" and head.lemma_.lower() in _INF_OK_HEADS):
                    return "infinitive / purpose"
                if head.lemma_.lower() in ("show", "find", "prove") and not _is_passive(head) and not (
                        head.lemma_.lower() == "prove" and cur.lemma_.lower() == "be"):
                    return "infinitive / purpose"       # but "X proves to be effective": a copular finding
        if prev is not None and cur.dep_ == "pcomp" and cur.pos_ == "VERB":
            return "inside prepositional gerund"
        if cur.i == v.i and cur.dep_ == "pcomp" and not (cur.head.lower_ == "in" and cur.head.head.lemma_.lower() in _NEG_RAISING):
            return "prepositional gerund"
        if cur.head.i == cur.i:
            return None
        prev = cur
    return None


def _closest_subject(v: Token) -> Token | None:
    """The nsubj/csubj of v nearest to it (the parser sometimes attaches two)."""
    subs = [c for c in v.children if c.dep_ in ("nsubj", "csubj") and c.text not in ("-", "\u2013")]
    out = []
    for c in subs:
        if _enumerator(c):
            continue                 # "the layer can (i) regularize X": '(i)' numbers the item, it is not the subject
        if c.i == v.i - 2 and v.doc[v.i - 1].text == "-" and not c.whitespace_:
            # "BatchNorm de-amplifies": the prefix 'de' is not the subject, its compound is
            prefixed = next((x for x in c.lefts if x.dep_ in ("compound", "nmod", "amod")), None)
            if prefixed is None:
                continue
            c = prefixed
        out.append(c)
    before = [c for c in out if c.i < v.i]
    return (before[-1] if before else out[0]) if out else None


def _enumerator(t: Token) -> bool:
    """'i' in "(i)", 'b' in "(b)": a list marker in parentheses."""
    doc = t.doc
    return 0 < t.i < len(doc) - 1 and doc[t.i - 1].text == "(" and doc[t.i + 1].text == ")" \
        and (t.lower_ in ("i", "ii", "iii", "iv", "v", "vi") or (len(t.text) == 1 and t.is_alpha))


def _subject_of(v: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject head tokens of verb v (empty when unknown), and whether v is passive."""
    passive = _is_passive(v)
    subj = _closest_subject(v)
    listed = _dashed_list_before(v) if subj is not None and subj.i < v.i else []
    if listed:
        return listed, passive
    if subj is not None:
        return _conjuncts(subj), passive
    if v.tag_ == "NNS" and (former := _former_latter_modifier(v)) is not None:
        return [former], False     # "the former decays ..." (a slipped verb)
    subjp = _first(v, "nsubjpass", "csubjpass")
    if subjp is not None:
        return _conjuncts(subjp), True
    if depth > 6:
        return [], passive
    if (have := _potential_verb(v)) is not None:
        return _subject_of(have, depth + 1)[0], passive
    if v.dep_ == "relcl":
        return [v.head], passive
    if v.dep_ == "pcomp" and v.head.head.pos_ == "VERB":
        return _subject_of(v.head.head, depth + 1)
    if v.dep_ in ("conj", "xcomp", "advcl", "acomp", "oprd") and v.head.i != v.i:
        head = v.head
        if v.dep_ in ("xcomp", "advcl") and head.lemma_.lower() in ("allow", "enable", "help", "make", "cause", "lead", "force"):
            obj = _first(head, "dobj")
            if obj is not None:
                return [obj], passive
        subs, head_passive = _subject_of(head, depth + 1)
        if head_passive and v.dep_ == "conj" and v.tag_ in ("VBN", "VBD") and not any(
                c.dep_ in ("aux", "auxpass", "dobj") for c in v.children):
            return subs, True        # "X can be identified and pruned": 'pruned' shares the passive
        # (with an object it is active: "X was tested on Y and outperformed the baselines")
        if head_passive and (v.dep_ == "advcl" or v.dep_ == "conj" and v.tag_ not in ("VBZ", "VBP", "VBD")) \
                and not passive:
            return [head], False     # "X can be pruned, lowering Y": the event "pruned X" is the agent
        # a finite verb shares the subject: "X is evaluated on Y and achieves Z" (X achieves Z)
        return subs, passive
    for p in v.lefts:
        # parse slip: "for natural data memorization of labels is necessary": subject inside a PP
        o = _first(p, "pobj") if p.dep_ == "prep" else None
        if o is not None and o.right_edge.i == v.i - 1 and o.pos_ in ("NOUN", "PROPN"):
            return [o], passive
    return [], passive


def _dashed_list_before(v: Token) -> list[Token]:
    """'Common approaches to improve X---ensembles and adversarial training---can fail ...': the
    dash-enclosed list right before the verb names what the generic subject stands for."""
    doc = v.doc
    i = v.i - 1
    while i > v.sent.start and doc[i].head.i == v.i and doc[i].dep_ in ("aux", "auxpass", "neg", "advmod"):
        i -= 1
    if doc[i].text not in _DASHES:
        return []
    close = i
    open_ = next((j for j in range(close - 1, v.sent.start, -1) if doc[j].text in _DASHES), None)
    if open_ is None or close - open_ < 2 or close - open_ > 12:
        return []
    heads = [t for t in doc[open_ + 1: close] if t.pos_ in ("NOUN", "PROPN")
             and doc[t.i + 1].text in {",", "and", "or"} | _DASHES]
    return heads if heads and all(t.pos_ in ("NOUN", "PROPN", "ADJ", "CCONJ", "PUNCT", "DET", "VERB")
                                  for t in doc[open_ + 1: close]) else []


def _by_means(v: Token) -> Token | None:
    for p in v.children:
        if p.dep_ == "prep" and p.lower_ in ("by", "through", "via"):
            for o in p.children:
                if o.dep_ in ("pcomp", "pobj") and o.pos_ == "VERB":
                    return o
    return None


def _negated(v: Token, anchor: Token | None = None) -> bool:
    below: Token | None = None           # the clause just under cur in the chain
    for depth, cur in enumerate(_clause_chain(v)):
        lem = cur.lemma_.lower()
        if depth > 0 and below is not None and below.dep_ in ("advcl", "conj") and \
                any(c.dep_ == "mark" for c in below.children):
            break     # "X struggle, whereas Y achieves Z": a subordinate clause is not under X's failure
        below = cur
        if depth == 0 or lem in _RAISING_HEDGE | _NEG_RAISING | _REPORT_VERBS | {"able", "be", "likely"}:
            if _neg_child(cur):
                return True
        if depth > 0 and (lem in _NEG_RAISING or lem == "unable"):
            return True
        if depth == 0 and cur.dep_ == "pcomp" and cur.head.head.lemma_.lower() in _NEG_RAISING:
            return True
        if depth > 0 and lem not in _RAISING_HEDGE | _NEG_RAISING | _REPORT_VERBS | {"able", "unable", "be", "likely"}:
            break
    if anchor is not None and anchor is not v:
        if any(c.dep_ in ("det", "amod", "neg") and c.lower_ in ("no", "little", "negligible", "not")
               for c in anchor.children):
            return True
        if anchor.pos_ == "ADJ" and _neg_child(anchor):
            return True
    return False


def _hedged(v: Token) -> bool:
    if _potential_verb(v) is not None:
        return True                  # "has the potential to": a hedge cue of docs/annotation.md
    prev: Token | None = None        # the previous clause of the chain (None at depth 0)
    for depth, cur in enumerate(_clause_chain(v)):
        prev_dep = prev.dep_ if prev is not None else None
        prev = cur
        if _modals(cur) & _HEDGE_MODALS:
            return True
        lem = cur.lemma_.lower()
        if depth > 0 and (lem in _RAISING_HEDGE or lem in _HEDGE_REPORT or cur.lower_ == "likely"):
            return True
        if depth == 0 and lem in _HEDGE_REPORT and cur.pos_ == "VERB" and _first(cur, "dobj") is not None:
            return True              # a nominal effect as the object: "results suggest a trade-off between A and B"
        if depth > 0 and lem in ("propose", "posit") and prev_dep == "ccomp":
            return True
        if any(c.lower_ in _HEDGE_ADVS for c in cur.children if c.dep_ in ("advmod", "acomp")):
            return True
        if depth > 0 and lem in _REPORT_VERBS:
            break
    return False
