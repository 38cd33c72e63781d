"""Small readings of the dependency parse shared by the claim rules (children, conjuncts, modals, parser slips)."""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimgraph.extract.claims.lexicon import (
    _CHANGE_OR_ADAPT,
    _CONTENT_NOUNS,
    _EMPTY_HEADS,
    _NOT_NEG_FOLLOW,
    _OUTCOME_NOUNS,
    _POTENTIAL_NOUNS,
    BAD_NOUNS,
    INC,
    QUALITY_NOUNS,
    I,
    R,
    W,
)
from claimgraph.schema import Effect


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _first(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _ancestors(tok: Token) -> Iterator[Token]:
    """tok, its head, its head's head ... up to the sentence root."""
    cur = tok
    for _ in range(40):
        yield cur
        if cur.head.i == cur.i:
            return
        cur = cur.head


def _is_quality(tok: Token) -> bool:
    """Is this noun something where more is better (performance, accuracy, robustness)?"""
    lem = tok.lemma_.lower()
    if lem in BAD_NOUNS or tok.lower_ in BAD_NOUNS:
        return False
    words = {lem, tok.lower_}
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i:
            words.add(c.lemma_.lower())
    if lem in _EMPTY_HEADS | {"rate", "level"}:
        # "a higher percentage of success": the amount of a quality is the quality
        words |= {o.lemma_.lower() for o in _prep_objects(tok, ("of",))}
    return bool(words & QUALITY_NOUNS)


def _adjust_for_quality(effect: Effect, target: Token | None) -> Effect:
    if target is None:
        return effect
    if effect is INC and _is_quality(target):
        return I
    if effect is R and _is_quality(target):
        return W
    return effect


def _contrastive(tok: Token) -> bool:
    """Conjunct introduced by 'but (rather)', 'not', 'instead' - not part of the same claim."""
    return any(x.lower_ in ("rather", "not", "instead") for x in tok.children
               if x.dep_ in ("advmod", "neg", "preconj"))


def _nominal(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or tok.tag_ == "VBG"


def _conjuncts(tok: Token) -> list[Token]:
    """tok and the tokens coordinated with it ("A, B and C"), minus 'but rather' conjuncts."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and (c.pos_ == tok.pos_ or (_nominal(c) and _nominal(tok))):
            if _contrastive(c) or any(x.dep_ == "cc" and x.lower_ == "but" for x in tok.children):
                continue
            out.extend(_conjuncts(c))
    return out


def _prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    out = []
    for p in tok.children:
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in preps and not _contrastive(p):
            for o in p.children:
                if o.dep_ in ("pobj", "pcomp"):
                    out.append(o)
    return out


def _content_clause(v: Token) -> bool:
    """"(we found) evidence that X provides Y": a that-clause with its own subject completing a
    noun such as evidence / finding / hypothesis. spaCy labels it acl, as it does relative
    clauses, but it states content, so it is not a modifier."""
    return v.dep_ == "acl" and v.head.lemma_.lower() in _CONTENT_NOUNS \
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in v.children) \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)


def _potential_verb(v: Token) -> Token | None:
    """"X has the potential to increase Y": the verb 'has' whose subject and clause the
    infinitive takes (the infinitive hangs on the noun as acl); None otherwise."""
    noun = v.head
    if v.dep_ == "acl" and _has_aux_to(v) and noun.lemma_.lower() in _POTENTIAL_NOUNS and noun.dep_ == "dobj" \
            and noun.head.lemma_.lower() in ("have", "show", "hold", "demonstrate"):
        return noun.head
    return None


def _has_aux_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def _modals(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD"}


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in tok.children)


def _neg_child(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "not", "n't")):
            nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
            if nxt is not None and nxt.lower_ in _NOT_NEG_FOLLOW:
                continue
            return True
        if c.dep_ == "preconj" and c.lower_ == "neither":
            return True
    return False


def _clause_chain(v: Token) -> Iterator[Token]:
    """v and the verbs it hangs from through xcomp / conj / ccomp / advcl / acomp."""
    cur = v
    for _ in range(8):
        yield cur
        if cur.dep_ in ("xcomp", "conj", "ccomp", "advcl", "acomp", "oprd") and cur.head.i != cur.i:
            cur = cur.head
        else:
            return


def _subtree_text(tok: Token) -> str:
    return tok.doc[tok.left_edge.i: tok.right_edge.i + 1].text


def _scope(clause: Token) -> list[Token]:
    """Tokens of the clause, without the sub-clauses that have their own predicate."""
    skip: set[int] = set()
    for c in clause.children:
        if c.dep_ in ("advcl", "ccomp", "relcl", "parataxis", "conj", "csubj") and c.pos_ in ("VERB", "AUX"):
            skip.update(t.i for t in c.subtree)
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
            skip.update(t.i for t in c.subtree)
    for t in clause.subtree:
        if t.dep_ == "relcl" and t.i != clause.i:
            skip.update(x.i for x in t.subtree)
    return [t for t in clause.subtree if t.i not in skip]


def _slipped_verb(tok: Token) -> bool:
    """A third-person verb tagged as a plural noun that heads a clause with its own subject
    ("FooNet adapts to new domains", "the bound shrinks as ...": 'adapts' / 'shrinks' as NNS)."""
    return tok.tag_ == "NNS" and tok.lower_.endswith("s") and tok.dep_ in ("ROOT", "ccomp", "conj", "relcl", "advcl") \
        and (_first(tok, "nsubj") is not None or _former_latter_modifier(tok) is not None) \
        and (tok.lemma_.lower() in _CHANGE_OR_ADAPT or tok.lower_[:-1] in _CHANGE_OR_ADAPT
             or tok.lower_[:-2] in _CHANGE_OR_ADAPT)


def _former_latter_modifier(tok: Token) -> Token | None:
    """'former' in "the former decays ..." parsed as a noun 'decays' with the adjective 'former'."""
    return next((c for c in tok.children if c.dep_ == "amod" and c.lower_ in ("former", "latter") and c.i == tok.i - 1
                 and c.i > 0 and tok.doc[c.i - 1].lower_ == "the"), None)


def _is_outcome(tok: Token) -> bool:
    lem = tok.lemma_.lower()
    return lem in _OUTCOME_NOUNS or any(c.dep_ == "compound" and c.lemma_.lower() in ("generalization", "test", "error")
                                        for c in tok.children) and lem in _OUTCOME_NOUNS | {"rate"}
