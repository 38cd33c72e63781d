"""Entity mentions (``doc.spans["cg_entities"]``) as the claim rules see them, and entities made from them."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from claimgraph.extract.claims.lexicon import _BARE_JUNK, _GENERIC_HEADS, _PROPOSAL_WORDS
from claimgraph.schema import Entity, EntityType
from claimgraph.schema.keys import normalize_key

ENTITY_SPANS_KEY = "cg_entities"


def _entity_from_span(span: Span, proposed: Entity | None) -> Entity:
    name = _balanced(span.kb_id_ or span.text).strip()
    key = normalize_key(name)
    if proposed is not None and key == proposed.key:
        return proposed
    try:
        etype = EntityType(span.label_)
    except ValueError:
        etype = EntityType.CONCEPT
    aliases = [span.text] if normalize_key(span.text) != key else []   # "WER" for "word error rate"
    return Entity(type=etype, key=key, name=name, aliases=aliases)


def _concept(name: str) -> Entity | None:
    name = re.sub(r"\s+", " ", _balanced(name)).strip(" ,.;:()[]'\"“”‘’-")
    key = normalize_key(name)
    if not key or len(key) < 2 or key.replace(" ", "").isdigit():
        return None
    return Entity(type=EntityType.CONCEPT, key=key, name=name)


def _balanced(name: str) -> str:
    """A bracket or quote left without its pair by a cut phrase ("(simulated) user" cut to
    "simulated) user", "no “reasonable” complexity measure") is dropped, both sides; a
    parenthesis opened at the end and never closed goes with what follows it ("Robust
    Fine-Tuning (RFT" where a citation cut the definition)."""
    name = re.sub(r"\s*\([^()]*$", "", name)
    for left, right in ("()", "[]", "“”"):
        if name.count(left) != name.count(right):
            name = name.replace(left, "").replace(right, "")
    return name.replace('"', "") if name.count('"') % 2 else name


def _index_spans(doc: Doc) -> dict[int, list[Span]]:
    """Entity spans by token. A span that is only a generic word ("approaches", "the
    model") names nothing and is left out: the phrase rules decide what the word means."""
    spans_at: dict[int, list[Span]] = {}
    if ENTITY_SPANS_KEY in doc.spans:
        for span in map(_without_proposal_word, doc.spans[ENTITY_SPANS_KEY]):
            words = [t for t in span if t.pos_ not in ("DET", "PRON")]
            if len(words) == 1 and words[0].lemma_.lower() in _GENERIC_HEADS | _BARE_JUNK:
                continue
            for i in range(span.start, span.end):
                spans_at.setdefault(i, []).append(span)
    return spans_at


def _without_proposal_word(span: Span) -> Span:
    """"proposed HSSD algorithm", "introduced smooth energy functional": the word saying the
    paper put the thing forward is not part of its name (the recogniser's span kept it)."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in _PROPOSAL_WORDS and span.doc[start].tag_ in ("VBN", "JJ"):
        start += 1
    if start == span.start:
        return span
    same = normalize_key(span.kb_id_ or span.text) == normalize_key(span.text)
    trimmed = span.doc[start: span.end]
    return Span(span.doc, start, span.end, label=span.label_, kb_id=trimmed.text if same else span.kb_id_)


def _spans_covering(tok: Token) -> list[Span]:
    return [sp for sp in tok.doc.spans.get(ENTITY_SPANS_KEY, ()) if sp.start <= tok.i < sp.end]


def _longest(spans: list[Span]) -> Span:
    return max(spans, key=lambda s: (len(s), -s.start))
