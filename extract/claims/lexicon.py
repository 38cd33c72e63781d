"""The word lists of the claim rules, read once from lexicon.toml.

Each list is a frozenset and each table a read-only dict, under the name the rule modules
use; the effect verbs (``EFFECT_LEXICON``) come from ``claimgraph.schema.effect_words``,
shared with question parsing. The few unions of lists are made here, so every word has one
home in the data. No rule logic lives here.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from claimgraph.schema import Effect
from claimgraph.schema.effect_words import EFFECT_VERBS

PATH = Path(__file__).with_name("lexicon.toml")

_DATA: dict = tomllib.loads(PATH.read_text(encoding="utf-8"))
_READ: set[str] = set()


def _list(key: str) -> list:
    _READ.add(key)
    values = _DATA[key]
    if len(set(map(str, values))) != len(values):
        raise ValueError(f"{PATH.name}: {key} lists a word twice")
    return values


def _words(key: str) -> frozenset[str]:
    return frozenset(_list(key))


def _effects(key: str) -> frozenset[Effect]:
    return frozenset(Effect(v) for v in _list(key))


def _preps(key: str) -> Mapping[str, tuple[str, ...]]:
    """word -> the prepositions it governs, in order ("depend" -> ("on", "upon"))."""
    _READ.add(key)
    return MappingProxyType({word: tuple(preps) for word, preps in _DATA[key].items()})


def _adjectives(key: str) -> Mapping[str, tuple[Effect, tuple[str, ...]]]:
    """adjective -> (effect, prepositions of its target): "beneficial" -> (improves, ("for", "to"))."""
    _READ.add(key)
    return MappingProxyType({adj: (Effect(row["effect"]), tuple(row["preps"])) for adj, row in _DATA[key].items()})


I, R, INC, W, O, E, C, A, Q = (
    Effect.IMPROVES, Effect.REDUCES, Effect.INCREASES, Effect.WORSENS, Effect.OUTPERFORMS,
    Effect.ENABLES, Effect.CORRELATES, Effect.AFFECTS, Effect.REQUIRES,
)

#: Verb lemma -> effect. The one table of effect verbs (light verbs and adjectives below).
EFFECT_LEXICON: Mapping[str, Effect] = EFFECT_VERBS

# Effect verbs and words (predicates).
_PREP_VERBS = _preps("PREP_VERBS")
_PREP_ONLY = _words("PREP_ONLY")
_UP_VERBS = _words("UP_VERBS")
_DOWN_VERBS = _words("DOWN_VERBS")
_VARY_VERBS = _words("VARY_VERBS")
_ORIGIN_VERBS = _words("ORIGIN_VERBS")
_SPEED_VERBS = _words("SPEED_VERBS")
_CHANGE_OR_ADAPT = _UP_VERBS | _DOWN_VERBS | _words("CHANGE_OR_ADAPT_EXTRA")
_ADAPT_TO_HEADS = _words("ADAPT_TO_HEADS")
_LIGHT_VERBS = _words("LIGHT_VERBS")
_LIGHT_PREP = _preps("LIGHT_PREP")
_IMPROVE_NOUNS = _words("IMPROVE_NOUNS")
_DROP_NOUNS = _words("DROP_NOUNS")
_USUALLY = _words("USUALLY")
_INCREASE_NOUNS = _words("INCREASE_NOUNS")
_EFFECT_NOUNS = _words("EFFECT_NOUNS")
_CORRELATION_NOUNS = _words("CORRELATION_NOUNS")
_PREDICTOR_NOUNS = _words("PREDICTOR_NOUNS")
_TRADEOFF_NOUNS = _words("TRADEOFF_NOUNS")
_FAVORABLY = _words("FAVORABLY")
_FAVORABLY_PREPS = tuple(sorted(_words("FAVORABLY_PREPS")))
_IN_TERMS_OF = _words("IN_TERMS_OF")
_EFFECT_WORD_NOUNS = _IMPROVE_NOUNS | _DROP_NOUNS | _INCREASE_NOUNS | _EFFECT_NOUNS | _CORRELATION_NOUNS | _PREDICTOR_NOUNS
_BETTER = _words("BETTER")
_MORE = _words("MORE")
_LESS = _words("LESS")
_WORSE = _words("WORSE")
QUALITY_NOUNS = _words("QUALITY_NOUNS")
BAD_NOUNS = _words("BAD_NOUNS")
_ADJ_EFFECT = _adjectives("ADJ_EFFECT")
_LOWER_IS_BETTER = BAD_NOUNS | _words("LOWER_IS_BETTER_EXTRA")
_ADJ_REQUIRED = _words("ADJ_REQUIRED")
_PREREQUISITE_NOUNS = _words("PREREQUISITE_NOUNS")
_ABILITY_ADJ = _preps("ABILITY_ADJ")
_ADJ_SUCCESS = _words("ADJ_SUCCESS")
_PARTITIVE_HEADS = _words("PARTITIVE_HEADS")
_AVOID_VERBS = _words("AVOID_VERBS")
_RESULT_QUALITY_ADJ = _words("RESULT_QUALITY_ADJ")
_RESULT_VERBS = _words("RESULT_VERBS")

# Reporting, hedging, negation and clause checks.
_REPORT_VERBS = _words("REPORT_VERBS")
_HEDGE_REPORT = _words("HEDGE_REPORT")
_RESULT_SUBJECT_NOUNS = _words("RESULT_SUBJECT_NOUNS")
_CONTENT_NOUNS = _words("CONTENT_NOUNS")
_POTENTIAL_NOUNS = _words("POTENTIAL_NOUNS")
_HEDGE_MODALS = _words("HEDGE_MODALS")
_NORMATIVE_MODALS = _words("NORMATIVE_MODALS")
_HEDGE_ADVS = _words("HEDGE_ADVS")
_RAISING_HEDGE = _words("RAISING_HEDGE")
_NEG_RAISING = _words("NEG_RAISING")
_INF_OK_HEADS = _RAISING_HEDGE | _NEG_RAISING | _words("INF_OK_HEADS_EXTRA")
_SKIP_MARKS = _words("SKIP_MARKS")
_SKIP_WH = _words("SKIP_WH")
_PRIOR_ADJ = _words("PRIOR_ADJ")
_PRIOR_QUANT = _words("PRIOR_QUANT")
_WORK_NOUNS = _words("WORK_NOUNS")

# Arguments and noun phrases.
_GENERIC_HEADS = _words("GENERIC_HEADS")
_JUNK_HEADS = _words("JUNK_HEADS")
_MEASURED_JUNK = _words("MEASURED_JUNK")
_PROPOSAL_WORDS = _words("PROPOSAL_WORDS")
_NOT_A_METHOD = _words("NOT_A_METHOD")
_OWN_METHOD_HEADS = _words("OWN_METHOD_HEADS")
_BARE_JUNK = _words("BARE_JUNK")
_SUBJECT_KEEP = _words("SUBJECT_KEEP")
_ABSTRACT_OWNED = _words("ABSTRACT_OWNED")
_DESCRIPTION_VERBS = _words("DESCRIPTION_VERBS")
_LIGHT_HEADS = _words("LIGHT_HEADS")
_LIGHT_HEAD_PREPS = _preps("LIGHT_HEAD_PREPS")
_TRANSPARENT_HEADS = _words("TRANSPARENT_HEADS")
_EMPTY_HEADS = _words("EMPTY_HEADS")
_LIGHT_GERUNDS = _words("LIGHT_GERUNDS")
_OUTCOME_NOUNS = QUALITY_NOUNS | BAD_NOUNS | _words("OUTCOME_NOUNS_EXTRA")
_EVALUATIVE = _words("EVALUATIVE")
_PRONOUNS = _words("PRONOUNS")
_COMPARE_PREPS = _words("COMPARE_PREPS")
_SETTING_NOUNS = _words("SETTING_NOUNS")
_NOT_NEG_FOLLOW = _words("NOT_NEG_FOLLOW")
_WE_EFFECTS = _effects("WE_EFFECTS")
_NOMINAL_DEPS = _words("NOMINAL_DEPS")
_FINITE = _words("FINITE")
_DASHES = _words("DASHES")
_TRAINED_HEADS = _words("TRAINED_HEADS")
_TRAIN_VERBS = _words("TRAIN_VERBS")
_CAPABILITY_SKIP = _words("CAPABILITY_SKIP")
_CAPABILITY_USE = _words("CAPABILITY_USE")
_REMEDY_VERBS = _words("REMEDY_VERBS")
_PROBLEM_NOUNS = _words("PROBLEM_NOUNS")
_PUT_FORWARD_VERBS = _words("PUT_FORWARD_VERBS")

# The sentence pre-filter (extraction).
_CANDIDATE_LEMMAS = frozenset(
    set(EFFECT_LEXICON) | _LIGHT_VERBS | _CORRELATION_NOUNS | _PREDICTOR_NOUNS | set(_ADJ_EFFECT) | _ADJ_REQUIRED
    | _UP_VERBS | _DOWN_VERBS | _VARY_VERBS | _ORIGIN_VERBS | _words("CANDIDATE_LEMMAS_EXTRA"))
_CANDIDATE_WORDS = frozenset(_BETTER | _WORSE | _MORE | _LESS | _words("CANDIDATE_WORDS_EXTRA"))

if _unread := set(_DATA) - _READ:
    raise ValueError(f"{PATH.name}: lists no rule reads: {sorted(_unread)}")
