"""Claim extraction: the findings an abstract states, as `Claim` objects.

A claim is *subject* --effect--> *target*, with negation, hedging, context entities, a
magnitude, a confidence and the evidence sentence (text and character offsets):
"To remedy this, we propose BANG, which significantly enhances the OOD performance of
WiSE-FT" -> BANG -improves-> OOD performance, context WiSE-FT as baseline.

Entry points: ``extract_claims(doc, paper_id=, proposed=)`` and ``find_contested(claims)``;
``parse_magnitude(text)`` and ``score_confidence(...)`` are pure and tested alone.
Everything is read from the dependency parse of an en_core_web_sm ``Doc``; word lists
only pre-filter sentences and name the lexical classes. Entity mentions come from
``doc.spans["cg_entities"]`` (``label_`` = EntityType value, ``kb_id_`` = canonical name);
the surface form becomes an alias when it differs ("WER" for "word error rate").

The rules (which sentences are claims, the effect words, negation, hedging, subjects,
targets, context, confidence, contradictions) are specified in docs/claims.md, section
"Rule specification". The word lists are data: lexicon.toml here and the effect verbs in
claimgraph/schema/effect_words.toml (shared with question parsing), read by lexicon.py.

Modules, in the order a sentence meets them: extraction (``extract_claims``), sentences
(sentence-level cues), predicates (effect words and their slots), clauses (assertion,
subject, negation, hedging), arguments (slot -> entity), phrases (noun-phrase text),
context, magnitude, confidence; parse, spans and records hold what they share; the
regular expressions are in patterns; contested holds ``find_contested``.
"""
from claimgraph.extract.claims.confidence import score_confidence
from claimgraph.extract.claims.contested import agreement, find_contested
from claimgraph.extract.claims.extraction import extract_claims
from claimgraph.extract.claims.lexicon import BAD_NOUNS, EFFECT_LEXICON, QUALITY_NOUNS
from claimgraph.extract.claims.magnitude import parse_magnitude
from claimgraph.extract.claims.spans import ENTITY_SPANS_KEY

__all__ = [
    "BAD_NOUNS", "EFFECT_LEXICON", "agreement", "ENTITY_SPANS_KEY", "QUALITY_NOUNS",
    "extract_claims", "find_contested", "parse_magnitude", "score_confidence",
]
