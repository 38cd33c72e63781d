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

Effects (``schema.Effect``) and the words that express them
------------------------------------------------------------
``EFFECT_LEXICON`` maps a verb lemma to an effect:

* improves    - improve, enhance, boost, strengthen, benefit, help, promote, advance;
                accelerate / speed up / expedite: "X accelerates training" is *improves*
                with target "training speed" (faster is better, so it sits on the quality
                axis and can contradict "X slows training"). increase/raise + a quality
                noun (performance, accuracy, robustness, generalization, efficiency, ...)
                is *improves*; "X benefits from Y" -> Y improves X.
* reduces     - reduce, decrease, lower, mitigate, alleviate, diminish, minimize, eliminate,
                prevent, suppress, attenuate, narrow, close (a gap), weaken, protect against,
                curb, lessen, shrink, cut; "lower / fewer / tighter X" (X not a quality noun).
* increases   - increase, raise, amplify, magnify, exacerbate, enlarge, inflate (X not a
                quality noun); "de-amplify" flips to reduces.
* worsens     - hurt, harm, degrade, worsen, impair, hinder, hamper, damage, compromise,
                limit, undermine, deteriorate; reduce/lower + a quality noun; "negatively
                affects"; "is detrimental/harmful to"; "a drop / degradation in accuracy".
* outperforms - outperform, surpass, beat, exceed, outpace; "performs better than Y";
                "is better / superior / more effective than Y"; "achieves better performance
                than Y", "improvements over Y"; "achieves state-of-the-art" (target "state of
                the art"). A comparison is one claim: with a generic quantity (performance,
                results) it is *outperforms Y*; with a named one ("a smaller error than Y",
                "the accuracy of X is 50% higher than Y") it is the quantity's effect
                (reduces error / improves accuracy) and Y goes to the context.
* enables     - enable, allow, facilitate, unlock, permit, empower, ensure; "X fails to
                generalize (to Y)" -> X does not enable generalization (to Y); "X is
                (in)sufficient for Y" -> X (does not) enable Y. "help" + a verb ("helps guide
                the search") gives no claim (an inner effect verb gives its own). "X adapts /
                transfers to Y" (Y a task, domain or data set) -> X enables "adaptation to Y";
                "X can approximate Y" -> X enables "approximating Y".
* correlates  - correlate, predict, associate; "serve as an indicator / predictor / proxy
                of"; nominal "a (high) correlation between A and B", "A's correlation with
                B". The outcome (error, accuracy, generalization ...) is put last:
                "generalization errors correlate with the degree of IB" -> degree of IB
                correlates generalization errors (also for the nominal "correlation between
                generalization and X"). A negative correlation keeps the effect and sets
                magnitude "negative correlation" (the schema has no sign field). "A, B and C
                are factors related to / associated with Y" (and "along with D, ...") -> each
                correlates Y.
* affects     - affect, influence, impact, determine, govern, constrain, bottleneck, control;
                "vary with"; "have an effect / impact / influence on"; "X depends on Y" -> Y
                affects X; "X is (highly) sensitive to Y" -> Y affects X ("insensitive":
                negated); "X stems / arises / originates / comes from Y (rather than Z)" -> Y
                affects X (Z: negated), and "poor / low X comes from Y" -> Y worsens X; "X is
                robust / stable across Y" -> Y affects X, negated.
* requires    - require, need, necessitate, rely on, hinge on; "X is necessary /
                essential / crucial / critical / key for Y" is read as Y requires X.

Change verbs: "X scales / grows / increases with Y" -> Y increases X; "X decays / decreases
with Y" -> Y reduces X; "X shrinks as Y increases" -> Y reduces X.
Light verbs carry the effect in their object: achieve / yield / obtain / show / exhibit /
deliver / bring / lead to / result in / contribute to / indicate ... + "improvement(s) /
gain(s)" (improves; "WER improvements" -> target WER), "drop / degradation / reduction"
(reduces, worsens on a quality noun), "better / superior / higher / lower ... X" (by the
comparative), "no / little effect on X" (affects, negated). "5% WER improvements in A and
7% improvements in B": the second, bare, shares the first's quantity (WER).

Which sentences are claims
--------------------------
* background, skipped: questions; every sentence before the first one in which the paper
  speaks of itself ("we", "our", "this paper/work/study", "here"), unless it carries an
  explicit result cue (without such a sentence, only the first is background); sentences
  with a citation ("et al.", "(Name, 2021)") that do not say "we/our"; prior work as the
  subject of the effect or of its reporting verb (existing / previous / prior /
  conventional / traditional / earlier / classical ..., "recent / many / several ...
  works / studies / methods / researchers"); reported knowledge ("it has been shown",
  "X have been shown to", "it is widely believed"). A prior-work subject is kept when the
  paper itself reports the result ("our results show that standard SFT can lead to a
  drop"; "previous arts and our experiments indicate that ...").
* not asserted, skipped: effect words in infinitive / purpose clauses ("to improve",
  "aims to reduce", "designed to enable"), prepositional gerunds ("for improving", "by
  reducing"), modifiers ("improved fidelity", "tasks requiring X"), conditional or
  interrogative clauses (if, whether, when, unless, once, until, why, what, whereby; "how"
  only under a reporting verb: "we illustrate how X can be improved"), concessive clauses
  (although / though / while + finite verb) unless the paper itself reports them ("we
  show that while X may not ..."), normative modals (should, must).
* description ("we propose / introduce / study / present ... X", no result cue): only
  claims whose subject is a named entity or the proposed method ("we propose BANG, which
  enhances ..." is a claim; "we examine the key factors that enable ..." is not).
* result cues (confidence, and the background-zone exception): "we show / find /
  demonstrate / observe / prove / reveal / confirm / establish / verify that", "results /
  experiments / findings / analysis / evidence show that", "X is shown to", "empirically";
  weak cues: numbers with %, "significantly", "consistently", comparisons.

Negation and hedging
--------------------
negated: a ``neg`` dependent of the effect word, its auxiliaries or a governing raising /
reporting verb ("does not correlate", "cannot be alleviated", "we do not find that");
"not only / not merely" is not negation; "fail / struggle / be unable to X", "fail in
X-ing"; "no / little / negligible" on the effect noun ("has no effect on", "shows no
improvement"); "never"; "neither". "does not correlate with A but rather with B" gives A
negated and B asserted. A comparative the other way ("performs worse than Y", "lower
accuracy than Y") is a negated *outperforms*.
hedged: modal may / might / could / would on the predicate or a governing verb; a hedging
reporting verb (suggest, hypothesize, conjecture, speculate, believe, expect, suspect,
imply, argue, hint, "we propose that"); "appears / seems / tends to"; "is likely to";
adverbs likely, potentially, possibly, perhaps, presumably, probably, plausibly. "can" is
not a hedge (it states a capability).

Subject resolution
------------------
The subject is the ``nsubj``/``csubj`` nearest the effect word; for a passive, the
``agent`` ("by X") or a "with / through / via X" instrument (the surface subject becomes
the target); for a relative clause ("X, which improves Y") the noun it modifies - or, for
", which" after a prepositional object, the subject of that clause; number agreement picks
"modifications to GD that attenuate" -> modifications; for a participle, infinitive or
coordinated verb without its own subject, the subject of the verb it hangs from (from a
passive verb, the event: "neurons can be pruned, lowering X" -> "pruned neurons"). Then:

1. "it / this / they / these / its" -> the subject (plural "they": the plural object, also
   of the verbs that clause hangs from) of the coordinated clause it continues in the same
   sentence; else ``proposed``; else, for "it" only, the subject of the last claim in the
   sentence before. When the abstract never names its proposed method (the pipeline's
   stand-in entity), "it / they / these" take the subject of the last claim of the sentence
   before, and otherwise (and "this", "this study") mean the method only when the abstract
   speaks of one ("our method / approach ...", "we propose a ...").
2. "our X", "the proposed X", "this/these/such X" (X a generic head: method, approach,
   framework, model, algorithm, technique, strategy, structure ...), "this paper/work",
   the generic object of a description verb ("we introduce S3FT, an approach that ...")
   and "we" as the agent of improves / reduces / outperforms ("we improve PASS@100 ...")
   -> ``proposed``; "we ... by doing Z" -> Z. "the former / the latter" -> the first /
   second of the last coordination ("a sum of A and B, where the former ..." -> A).
   Plural "they" after a colon -> the plural noun before it ("the benefit of more complex
   datasets: they ..."). "this / these N" (nothing else on N) -> the fuller "N of X" of the
   sentence before ("This overconfidence" after "the overconfidence of fine-tuned models").
   "X-trained models", "models trained with / using / on X" -> X (X a Method / Dataset span,
   or the initials of the proposed method). A generic subject followed by a dash-enclosed
   list ("Common approaches ---A and B--- fail") -> A, B. Coordinated passive participles
   share the passive ("neurons can be identified and pruned, lowering X" -> pruned
   neurons); a passive event about the paper itself ("our analysis is grounded in ...,
   facilitating Y") gives no subject; "repeating X 100 times" keeps how often.
3. an entity span covering the head word, or naming it ("a method called BANG", an
   apposition) -> that entity (``proposed`` when the keys match); a generic head takes a
   span inside its noun phrase. A Concept/Task/Metric span covering only part of a more
   specific phrase yields to the phrase ("in-distribution generalization", not
   "generalization"); a hyphenated name around a Method/Model span is its own entity
   ("Block-LoRA", "multi-sample dropout").
4. otherwise a ``Concept`` named by the head's noun phrase: determiners, possessives,
   parentheticals, numbers and evaluative words dropped (subjects keep comparatives:
   "higher dimensional tasks"); complements kept after light heads ("number of training
   parameters", "reliance on large-scale datasets", "ability to correct new errors",
   "generalization to unseen tasks"; also when an entity span covers only the light
   head); subjects keep a "containing / including X" participle. "The dynamics / use /
   application of <Method span>" -> the method. A clause subject is "verb + object"; a
   causative small clause is its result ("making networks very large" -> large networks);
   with a light verb (use, incorporate, apply, introduce, induce,
   increase ...) the object alone ("incorporating diverse spurious features" -> diverse
   spurious features). Generic plurals with an example take it ("training parameters like
   the learning rate" -> learning rate).

Entity spans are not used when they cover the effect word itself (a mis-typed clause such
as "data repetition damages copying") or are a lone generic word ("approaches"); nor a
Concept span reaching left of the head's own noun phrase, nor one on a subject head that a
"containing X" participle restricts. (Learned-recogniser spans that are clauses are also
trimmed upstream, ``extract.components._without_clause``.)

A claim is dropped when its subject or target cannot be resolved: an unresolved pronoun,
"we" outside improves/reduces/outperforms, a word about the paper itself (result, finding,
analysis, experiment ...), a bare generic word (the method, the model, the task), a
stopword or a number; and when subject == target.

Targets: the direct object; the object of the verb's own preposition (correlate with,
depend on, lead to, protect against ...); the ``nsubjpass`` of a passive; the clause of
enable / allow ("enables fine-tuning CLIP"). For "the OOD performance of WiSE-FT" the
target is "OOD performance" and WiSE-FT goes to the context (``model`` if a Model span,
else ``baseline``); "the generalization of modern architectures" (a generic owner) is
"generalization". "performance on unseen lengths" keeps its "on" phrase (also "accuracy on
corrupted data" when "accuracy" is a one-word Metric span); "robustness to X" keeps its
complement also when the parser hangs "to X" on the verb. "X and its Y" as targets: Y is
an aspect of X and gives no claim of its own. A generic plural target takes the example
after it ("internal structures ..., such as induction heads") also when "such as" hangs on
the first conjunct.

Context: Model and Dataset spans of the sentence (other than subject and target) ->
``model`` / ``dataset``; "than / over / compared to / relative to / against / versus /
superior to X" -> ``baseline``; "in the X setting / regime / scenario / case" ->
``setting``.

Conjunctions: "X and Y improve A", "X improves A and B", "dropout and weight decay"
give one claim per pair; a shared outcome head is distributed ("validation and test
performance" -> validation performance, test performance); coordinated verbs each give
their own claims. "three factors: A, B and C" -> A, B, C.

Parser slips repaired (en_core_web_sm, abstracts): a finite effect verb tagged as a
subject ("dropout accelerates training") or a plural noun ("label smoothing mitigates
overconfidence", "data repetition damages copying" - each conjoined object is a target),
", increasing AUC by ..." tagged as an adjective, gerund objects ("reduces overfitting"),
two subjects on one verb; change verbs and "adapts" tagged as plural nouns heading a clause
("FooNet adapts to ...", "the former decays as ..."); "has the tighter bound of X" with
'bound' tagged as a verb; a subject read into a preposition's object ("for natural data
distributions memorization of labels is necessary": a plural noun does not modify a noun,
so the subject starts after it).

Confidence (``score_confidence``): 0.55; +0.25 with an explicit result cue, +0.1 with a
weak one; +0.05 with a magnitude; -0.2 when hedged; -0.1 when the subject and -0.05 when
the target fell back to a Concept; clipped to [0.05, 0.95].

Contradictions (``find_contested``): claims of different papers with the same subject and
target keys, on the same polarity axis (``EFFECT_POLARITY``) with opposite signed polarity.

Ids: ``make_id("claim", paper_id, str(sentence start), subject.key, effect, target.key)``;
the evidence is ``doc.text`` of the sentence (the pipeline quotes the verbatim abstract at
the same offsets).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimgraph.schema.keys import normalize_key
from claimgraph.schema import (
    EFFECT_POLARITY,
    Claim,
    ClaimContext,
    ContextRole,
    Effect,
    Entity,
    EntityType,
    make_id,
)

ENTITY_SPANS_KEY = "cg_entities"

I, R, INC, W, O, E, C, A, Q = (
    Effect.IMPROVES, Effect.REDUCES, Effect.INCREASES, Effect.WORSENS, Effect.OUTPERFORMS,
    Effect.ENABLES, Effect.CORRELATES, Effect.AFFECTS, Effect.REQUIRES,
)

#: Verb lemma -> effect. The one table of effect verbs (light verbs and adjectives below).
EFFECT_LEXICON: dict[str, Effect] = {
    # improves
    "improve": I, "enhance": I, "boost": I, "strengthen": I, "benefit": I, "help": I,
    "promote": I, "accelerate": I, "speed": I, "expedite": I, "advance": I,
    # reduces
    "reduce": R, "decrease": R, "lower": R, "mitigate": R, "alleviate": R, "diminish": R,
    "minimize": R, "minimise": R, "eliminate": R, "prevent": R, "suppress": R,
    "attenuate": R, "narrow": R, "close": R, "weaken": R, "protect": R, "lessen": R,
    "curb": R, "shrink": R, "cut": R,
    # increases
    "increase": INC, "raise": INC, "amplify": INC, "magnify": INC, "exacerbate": INC,
    "enlarge": INC, "inflate": INC,
    # worsens
    "hurt": W, "harm": W, "degrade": W, "worsen": W, "impair": W, "hinder": W, "hamper": W,
    "damage": W, "compromise": W, "limit": W, "undermine": W, "deteriorate": W,
    # outperforms
    "outperform": O, "surpass": O, "beat": O, "exceed": O, "outpace": O, "outshine": O,
    # enables
    "enable": E, "allow": E, "facilitate": E, "unlock": E, "permit": E, "empower": E,
    "ensure": E,
    # correlates
    "correlate": C, "predict": C, "associate": C,
    # affects
    "affect": A, "influence": A, "impact": A, "determine": A, "govern": A, "constrain": A,
    "bottleneck": A, "control": A,
    # requires
    "require": Q, "need": Q, "necessitate": Q, "rely": Q, "hinge": Q,
    # "X depends on Y": Y affects X (the arguments are swapped in _effect_verb)
    "depend": A,
}

# Verbs whose target is the object of one governed preposition, and only then an effect.
_PREP_VERBS: dict[str, tuple[str, ...]] = {
    "correlate": ("with",), "associate": ("with",),
    "depend": ("on", "upon"), "rely": ("on", "upon"), "hinge": ("on",),
    "protect": ("against", "from"),
}
_PREP_ONLY = {"correlate", "associate", "depend", "rely", "hinge", "protect"}
# Intransitive change verbs: "X scales/decays with Y", "X shrinks as Y grows" -> Y increases/reduces X.
_UP_VERBS = {"increase", "grow", "rise", "scale", "expand", "explode"}
_DOWN_VERBS = {"decrease", "decline", "shrink", "drop", "fall", "decay", "diminish", "vanish",
               "reduce", "deteriorate"}
_VARY_VERBS = {"vary", "change", "fluctuate"}
# "X stems from Y": Y is where X comes from (Y affects X)
_ORIGIN_VERBS = {"stem", "arise", "originate", "come"}
_SPEED_VERBS = {"accelerate", "speed", "expedite"}
_CHANGE_OR_ADAPT = _UP_VERBS | _DOWN_VERBS | {"adapt", "transfer"}
# "X adapts / transfers to Y" is a claim when Y is a task, a domain or a data set.
_ADAPT_TO_HEADS = {"task", "domain", "setting", "language", "modality", "dataset", "distribution",
                   "environment", "benchmark", "scenario", "application"}

# Light verbs: the effect is in the object ("achieves 5% improvements", "leads to better X").
_LIGHT_VERBS = {
    "achieve", "yield", "obtain", "attain", "deliver", "show", "exhibit", "demonstrate",
    "bring", "provide", "produce", "offer", "enjoy", "gain", "lead", "result", "contribute",
    "have", "see", "display", "give", "record", "reach", "report", "observe", "find",
    "establish", "reveal", "experience", "cause", "induce", "confer", "incur", "invoke",
    "indicate", "suggest",
    "witness", "register", "post", "set",
}
_LIGHT_PREP = {"lead": ("to",), "result": ("in",), "contribute": ("to",)}
_IMPROVE_NOUNS = {"improvement", "gain", "boost", "enhancement", "speedup", "acceleration"}
_DROP_NOUNS = {"drop", "decline", "degradation", "deterioration", "decrease", "reduction",
               "loss", "fall"}
_INCREASE_NOUNS = {"increase", "rise", "growth"}
_EFFECT_NOUNS = {"effect", "impact", "influence"}
_CORRELATION_NOUNS = {"correlation", "association"}
_PREDICTOR_NOUNS = {"indicator", "predictor", "proxy"}

_EFFECT_WORD_NOUNS = _IMPROVE_NOUNS | _DROP_NOUNS | _INCREASE_NOUNS | _EFFECT_NOUNS | _CORRELATION_NOUNS | _PREDICTOR_NOUNS

_BETTER = {"better", "superior", "improved", "enhanced", "stronger", "best", "strongest"}
_MORE = {"higher", "greater", "increased", "larger", "more", "highest", "bigger", "looser"}
_LESS = {"lower", "reduced", "smaller", "fewer", "less", "decreased", "lowest", "diminished", "tighter"}
_WORSE = {"worse", "poorer", "weaker", "degraded", "inferior", "deteriorated"}

# Nouns whose increase is good: increase/reduce on these become improves/worsens.
QUALITY_NOUNS = {
    "performance", "accuracy", "generalization", "generalisation", "robustness", "efficiency",
    "quality", "ability", "capability", "capacity", "transferability", "stability", "fidelity",
    "reliability", "calibration", "fairness", "f1", "bleu", "score", "auc", "precision",
    "recall", "adaptability", "effectiveness", "generalizability", "scalability",
    "interpretability", "speed", "throughput", "utility", "expressivity", "expressiveness",
    "sample efficiency", "success", "reward", "return", "diversity", "coverage", "consistency",
    "map", "iou", "rouge", "pass", "win", "understanding", "reasoning", "robust",
}
BAD_NOUNS = {"error", "loss", "cost", "overhead", "overfitting", "gap", "bias", "variance",
              "risk", "regret", "latency", "wer", "cer", "perplexity", "forgetting", "drop",
              "memorization", "hallucination", "uncertainty", "noise", "vulnerability"}

# Adjectives in "X is <adj> for/to Y".
_ADJ_EFFECT = {
    "beneficial": (I, ("for", "to")), "helpful": (I, ("for", "to")), "useful": (I, ("for",)),
    "detrimental": (W, ("to", "for")), "harmful": (W, ("to", "for")),
}
_ADJ_REQUIRED = {"necessary", "essential", "crucial", "critical", "key", "required",
                 "indispensable", "vital", "needed"}

_REPORT_VERBS = {
    "show", "find", "demonstrate", "observe", "reveal", "prove", "confirm", "indicate",
    "suggest", "establish", "verify", "validate", "illustrate", "report", "discover", "note",
    "conclude", "hypothesize", "conjecture", "argue", "highlight", "expect", "believe",
    "speculate", "suspect", "imply", "notice", "uncover", "see", "hint", "underscore",
    "evidence", "corroborate", "emphasize", "learn", "state", "assert",
}
_HEDGE_REPORT = {"suggest", "hypothesize", "conjecture", "speculate", "believe", "expect",
                 "suspect", "imply", "argue", "hint"}
_RESULT_SUBJECT_NOUNS = {
    "result", "experiment", "finding", "analysis", "evaluation", "evidence", "study",
    "theory", "observation", "ablation", "comparison", "test", "simulation", "proof",
    "investigation", "work", "paper", "empiric", "insight", "research", "theorem",
    "benchmark", "validation",
}
_HEDGE_MODALS = {"may", "might", "could", "would"}
_NORMATIVE_MODALS = {"should", "must", "shall"}
_HEDGE_ADVS = {"likely", "potentially", "possibly", "perhaps", "presumably", "probably",
               "plausibly", "arguably", "conceivably"}
_RAISING_HEDGE = {"appear", "seem", "tend"}
_NEG_RAISING = {"fail", "struggle", "cease"}
_INF_OK_HEADS = _RAISING_HEDGE | _NEG_RAISING | {"continue", "manage", "able", "unable",
                                                 "likely", "show", "find", "prove", "go"}
_SKIP_MARKS = {"if", "whether", "unless", "once", "when", "whenever", "until", "before",
               "although", "though", "because", "since", "as", "so"}
_SKIP_WH = {"why", "what", "whether", "when", "where", "which", "who"}

_PRIOR_ADJ = {"existing", "previous", "prior", "conventional", "traditional", "earlier",
              "classical", "past", "former", "popular", "current"}
_PRIOR_QUANT = {"recent", "many", "several", "some", "most", "other", "numerous", "various",
                "few", "much"}
_WORK_NOUNS = {"work", "study", "literature", "paper", "researcher", "method", "approach",
               "author", "art", "technique", "effort", "attempt", "solution", "investigation",
               "analysis", "result", "finding", "model", "algorithm", "practice", "framework"}

# Heads that say nothing alone: resolved to the proposed method or dropped.
_GENERIC_HEADS = {
    "method", "approach", "framework", "model", "technique", "algorithm", "strategy",
    "structure", "solver", "scheme", "procedure", "module", "mechanism", "objective",
    "architecture", "system", "pipeline", "solution", "design", "variant", "idea",
    "process", "formulation", "estimator", "policy", "network", "agent", "method(s",
    "tool", "regularizer", "measure", "metric", "dataset", "benchmark", "classifier", "learner",
    "generator", "component", "layer", "version", "extension", "modification",
    "intervention", "baseline", "competitor", "counterpart", "alternative",
}
# Never an argument: words about the paper itself or about nothing in particular.
_JUNK_HEADS = {
    "result", "finding", "experiment", "analysis", "work", "paper", "study", "one", "other",
    "observation", "evidence", "theory", "insight", "fact", "way", "thing",
    "lot", "kind", "type", "question", "proof", "evaluation", "investigation", "research",
    "explanation", "understanding", "answer", "argument", "claim", "hypothesis", "conjecture",
    "figure", "table", "section", "appendix", "time", "regard", "term", "respect", "manner",
    "fashion", "extent", "advance", "advancement", "lens", "view", "perspective", "paradigm",
    "possibility", "direction", "light", "hand", "end", "contrast", "addition",
}
# An argument only with a specific modifier ("higher dimensional tasks", not "the tasks").
_BARE_JUNK = {
    "case", "part", "issue", "problem", "aspect", "approach", "method", "framework", "technique",
    "algorithm", "model", "system", "effect", "phenomenon", "step", "stage", "setting",
    "scenario", "domain", "task", "data", "factor", "property", "feature", "component", "example",
}
# Comparatives that carry meaning in a subject ("higher dimensional tasks", "low error").
_SUBJECT_KEEP = {"higher", "lower", "high", "low", "larger", "smaller", "more", "less", "fewer",
                 "greater", "increased", "reduced", "better", "worse", "large", "small", "deeper",
                 "wider", "sharper", "flatter", "longer", "shorter", "stronger", "weaker"}
# Heads that stand for a quality of something unnamed ("its efficacy", "their performance").
_ABSTRACT_OWNED = {"efficacy", "effectiveness", "performance", "potential", "success", "ability",
                   "capability", "accuracy", "quality", "benefit", "advantage", "merit",
                   "contribution", "usefulness", "utility", "value", "behavior", "behaviour"}
_DESCRIPTION_VERBS = {
    "propose", "introduce", "present", "develop", "design", "study", "investigate", "examine",
    "explore", "aim", "address", "focus", "consider", "conduct", "analyze", "analyse", "derive",
    "construct", "build", "adopt", "employ", "use", "leverage", "offer", "formulate",
    "describe", "discuss", "review", "extend", "apply", "train", "evaluate", "test", "measure",
    "take", "attempt", "seek", "provide", "perform", "create", "devise", "define", "characterize",
    "identify", "model", "tackle", "revisit", "rethink", "compare", "release", "curate",
}
_SELF_REFERENCE = re.compile(
    r"\b(?:we|our|us)\b|\bthis (?:paper|work|study|survey|article|note|research|thesis|report)\b"
    r"|\bthe present (?:paper|work|study)\b|\bhere\b", re.I)
_CITATION = re.compile(r"\bet al\b|\(\s*[A-Z][A-Za-z\-]+(?:\s+(?:and|&)\s+[A-Z][A-Za-z\-]+)?,?\s+(?:19|20)\d\d|"
                       r"\[[A-Z][A-Za-z\-]+[^\]]{0,40}(?:19|20)\d\d")
_LIGHT_HEADS = {"number", "amount", "degree", "quality", "choice", "use", "size", "dynamics", "dynamic", "output",
                "presence", "lack", "absence", "combination", "level", "magnitude", "rate",
                "role", "fraction", "proportion", "set", "family", "class", "application",
                "mixture", "cost", "diversity", "complexity", "sharpness", "ability",
                "capability", "behavior", "behaviour", "power", "robustness", "efficiency",
                "range", "reliance", "dependence", "subset", "portion", "frequency", "scale",
                "depth", "width", "variety", "distribution", "quantity", "ratio", "density",
                "tendency", "failure", "capacity", "bound", "dimensionality", "decay"}
_LIGHT_HEAD_PREPS = {"reliance": ("on",), "dependence": ("on",), "ability": ("to", "of"),
                     "capability": ("to", "of"), "capacity": ("to", "of"), "tendency": ("to",),
                     "generalization": ("to",), "generalisation": ("to",), "robustness": ("to", "of", "against"),
                     "transfer": ("to",), "adaptation": ("to",)}
# Heads through which a named method acts: "the dynamics / use / application of X" -> X.
_TRANSPARENT_HEADS = {"dynamics", "dynamic", "use", "application", "behavior", "behaviour", "usage", "adoption"}
# Light heads that say nothing without their "of" complement ("a mixture of X", "the number of Y").
_EMPTY_HEADS = {"number", "amount", "degree", "choice", "use", "mixture", "combination", "set", "fraction",
                "proportion", "subset", "portion", "range", "variety", "family", "class", "presence", "lack",
                "absence", "quantity", "ratio"}
# Gerund subjects that only say "take X": the claim is about X ("incorporating diverse features").
_LIGHT_GERUNDS = {"use", "incorporate", "integrate", "add", "apply", "employ", "leverage", "utilize",
                  "utilise", "introduce", "induce", "include", "increase", "adopt", "exploit",
                  "achieve", "obtain", "attain", "reach", "ensure", "have", "combine", "inject"}
# Outcome words: in a correlation they are the target ("X correlates with generalization").
_OUTCOME_NOUNS = QUALITY_NOUNS | BAD_NOUNS | {"generalization", "generalisation"}
_EVALUATIVE = {
    "significant", "substantial", "better", "superior", "improved", "enhanced", "strong",
    "stronger", "overall", "consistent", "remarkable", "impressive", "great", "greater",
    "good", "higher", "notable", "clear", "dramatic", "considerable", "new", "novel",
    "competitive", "strongest", "best", "drastic", "marked", "more", "much", "further",
    "additional", "significantly", "substantially", "lower", "reduced", "smaller", "fewer",
    "less", "increased", "larger", "state-of-the-art", "sota", "promising", "excellent",
    "satisfactory", "average", "considerably", "also", "even", "only", "all", "both",
    "relative", "absolute", "high", "poor", "poorer", "worse", "weaker", "desirable",
    "statistically", "up", "such", "certain", "same", "above", "very", "extra", "large-scale",
    "non", "slight", "slightly", "decent", "effective", "successful", "reliable", "various",
    "several", "many", "multiple", "existing", "other", "most", "merely", "simply", "just",
    "tighter", "looser",
}
_PRONOUNS = {"it", "this", "they", "these", "those", "that", "them", "its", "their", "which",
             "who", "one", "ones", "both", "each", "all", "former", "latter", "others"}
_COMPARE_PREPS = {"than", "over", "against", "versus", "vs", "vs."}
_SETTING_NOUNS = {"setting", "regime", "scenario", "case", "condition", "environment"}
_NOT_NEG_FOLLOW = {"only", "merely", "just", "simply", "necessarily"}

# Effects for which "we" as the agent stands for the proposed method.
_WE_EFFECTS = {I, R, O}


# --------------------------------------------------------------------------- magnitude

_NUM = r"[+\-\u2212]?\d+(?:[.,]\d+)?"
_PCT = rf"{_NUM}\s*(?:\\?\s*%|\s?percent(?:age points?)?|\s?pp\b|\s?points?\b|\s?pts?\b)"
_DASH = r"\s*(?:-{1,3}|\u2013|\u2014|to)\s*"
_RANGE_START = rf"(?:{_NUM}\s*(?:\\?\s*%)?\s*(?:-{{1,3}}|\u2013|\u2014)\s*)?"
_MAG_PATTERNS: list[re.Pattern[str]] = [
    # from 35.5% to 44.5%, from less than 1% (for standard training) to more than 92%
    re.compile(
        rf"\bfrom\s+(?:(?:less|more)\s+than\s+|about\s+|approximately\s+|~\s*)?{_NUM}\s*(?:\\?\s*%|points?)?"
        rf"(?:\s*\([^)]{{0,60}}\))?\s+to\s+(?:(?:less|more)\s+than\s+|about\s+|~\s*)?{_NUM}\s*(?:\\?\s*%|points?)?",
        re.I,
    ),
    # by 8%-30%, by 2.5 points, by half, by a factor of 3, by 2x
    re.compile(
        rf"\bby\s+(?:up\s+to\s+|about\s+|approximately\s+|over\s+|more\s+than\s+|nearly\s+|~\s*)?"
        rf"(?:{_RANGE_START}{_PCT}(?:{_DASH}{_PCT})?|half|a\s+half|a\s+third|a\s+quarter|an\s+order\s+of\s+magnitude"
        rf"|a\s+factor\s+of\s+{_NUM}|{_NUM}\s*(?:x|\u00d7|times|fold)\b|{_NUM}\s+(?:points?|pp))",
        re.I,
    ),
    # 8%-30% relative WER improvements, 6.56%, 4.76%, 5.82% improvements, 50% higher
    re.compile(
        rf"(?:up\s+to\s+|about\s+|approximately\s+|over\s+|nearly\s+|~\s*)?{_PCT}(?:{_DASH}{_PCT}|(?:\s*,\s*{_PCT})+(?:,?\s*and\s+{_PCT})?)?"
        r"(?:\s+[\w\-@]+){0,2}?\s+(?:improvements?|gains?|reductions?|drops?|increases?|decreases?|"
        r"higher|lower|better|worse|faster|fewer|less|more|boosts?|speedups?|degradation)\b",
        re.I,
    ),
    re.compile(
        rf"(?:up\s+to\s+|about\s+|approximately\s+|over\s+|nearly\s+|~\s*)?{_PCT}(?:{_DASH}{_PCT})?\s+(?:relative|absolute)\b",
        re.I,
    ),
    # 2x faster, 3.5x speedup, 10 times fewer
    re.compile(rf"\b{_NUM}\s*(?:x|\u00d7|times|-fold|fold)\s*(?:faster|slower|smaller|larger|fewer|"
               rf"more|less|speedup|speed-up|reduction|improvement|higher|lower|better)\b", re.I),
    # +3.2 points / +3.2%
    re.compile(rf"(?<![\w.])\+\s?\d+(?:\.\d+)?\s*(?:\\?\s*%|points?|pp|pts?)?", re.I),
    # up to 20%
    re.compile(rf"\bup\s+to\s+{_PCT}", re.I),
    # halves / doubles
    re.compile(r"\b(?:halv(?:es|ed|ing)|doubl(?:es|ed|ing)|tripl(?:es|ed|ing))\b", re.I),
]


def parse_magnitude(text: str) -> str | None:
    """The size of an effect stated in `text`, as a short normalised string, or None.

    "from 35.5% to 44.5%" -> "from 35.5% to 44.5%"; "by 8\\% -- 30\\%" -> "8%–30%";
    "8%–30% relative WER improvements" -> "8%–30% relative WER improvements";
    "reduces this drop by half" -> "half"; "2x faster" -> "2x faster"; "+3.2 points"
    -> "+3.2 points". Bare numbers ("CIFAR-10", "24GB", "0.5B parameters") are not
    magnitudes: a number needs a unit (%, points, x, times) or a from/to, by-phrase.
    """
    if not text:
        return None
    for pattern in _MAG_PATTERNS:
        m = pattern.search(text)
        if m:
            return _clean_magnitude(m.group())
    return None


def _clean_magnitude(s: str) -> str:
    s = s.replace("\\", "")
    s = re.sub(r"\s+", " ", s).strip(" ,.;")
    s = re.sub(r"^by\s+(?:a\s+)?", "", s, flags=re.I)
    s = re.sub(r"(\d)\s+%", r"\1%", s)
    s = re.sub(r"\s*(?:-{2,3}|\u2014)\s*", "\u2013", s)
    s = re.sub(r"(%)\s*-\s*(?=[+\-\u2212]?\d)", "\\1\u2013", s)
    s = re.sub(r"(\d)\s*(?:x|\u00d7)\b", r"\1x", s)
    return s


# --------------------------------------------------------------------------- confidence

def score_confidence(*, cue: float, hedged: bool, subject_concept: bool,
                     target_concept: bool, has_magnitude: bool) -> float:
    """Confidence of one claim from how it was found (pure, documented in the module doc)."""
    score = 0.55
    if cue >= 1.0:
        score += 0.25
    elif cue > 0:
        score += 0.1
    if has_magnitude:
        score += 0.05
    if hedged:
        score -= 0.2
    if subject_concept:
        score -= 0.1
    if target_concept:
        score -= 0.05
    return round(min(0.95, max(0.05, score)), 3)


# --------------------------------------------------------------------------- internals

_log = logging.getLogger(__name__)

_NOMINAL_DEPS = {"amod", "compound", "nmod", "acl", "pcomp", "csubj", "csubjpass", "nsubj",
                 "nsubjpass", "pobj", "dobj", "attr", "appos", "npadvmod", "poss", "oprd"}
_FINITE = {"VBZ", "VBD", "VBP"}


@dataclass
class _Arg:
    """One argument slot: a head token, or a ready name, and how to read it."""

    token: Token | None = None
    name: str | None = None
    verb_phrase: bool = False   # the argument is a clause: "fine-tuning CLIP", "inducing sparsity"


@dataclass
class _Pred:
    effect: Effect
    anchor: Token                       # the word carrying the effect (verb, noun, adjective)
    clause: Token                       # the verb whose clause is checked, searched for context
    subjects: list[_Arg]
    targets: list[_Arg]
    negated: bool = False
    magnitude: str | None = None
    speed: bool = False                 # target becomes "<target> speed"
    quality_adjust: bool = True         # increase/reduce of a quality noun -> improves/worsens
    repaired: bool = False              # built around a tagger/parser slip; clause checks start at `clause`
    positive: bool = False              # "not A but rather B": the B part is asserted


@dataclass
class _Ctx:
    doc: Doc
    proposed: Entity | None
    spans_at: dict[int, list[Span]]
    previous_subject: Entity | None = None   # subject of the last claim of the sentence before
    proposed_named: bool = True              # the abstract names its proposed method
    method_self_reference: bool = True       # the abstract speaks of "our method" / "we propose a ..."


@dataclass
class _Resolved:
    entity: Entity
    fallback: bool          # made up as a Concept
    head: Token | None = None


def _entity_from_span(span: Span, proposed: Entity | None) -> Entity:
    name = span.kb_id_ or span.text
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
    name = re.sub(r"\s+", " ", name).strip(" ,.;:()[]'\"-")
    key = normalize_key(name)
    if not key or len(key) < 2 or key.replace(" ", "").isdigit():
        return None
    return Entity(type=EntityType.CONCEPT, key=key, name=name)


def _index_spans(doc: Doc) -> dict[int, list[Span]]:
    """Entity spans by token. A span that is only a generic word ("approaches", "the
    model") names nothing and is left out: the phrase rules decide what the word means."""
    spans_at: dict[int, list[Span]] = {}
    if ENTITY_SPANS_KEY in doc.spans:
        for span in doc.spans[ENTITY_SPANS_KEY]:
            words = [t for t in span if t.pos_ not in ("DET", "PRON")]
            if len(words) == 1 and words[0].lemma_.lower() in _GENERIC_HEADS | _BARE_JUNK:
                continue
            for i in range(span.start, span.end):
                spans_at.setdefault(i, []).append(span)
    return spans_at


def _spans_covering(tok: Token) -> list[Span]:
    return [sp for sp in tok.doc.spans.get(ENTITY_SPANS_KEY, ()) if sp.start <= tok.i < sp.end]


def _longest(spans: list[Span]) -> Span:
    return max(spans, key=lambda s: (len(s), -s.start))


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


# --------------------------------------------------------------------------- sentence level

def _sentence_cue(sent: Span) -> float:
    """1.0 for an explicit result cue, 0.5 for a weak one, 0 for none."""
    for t in sent:
        lem = t.lemma_.lower()
        if lem in _REPORT_VERBS and t.pos_ in ("VERB", "AUX"):
            comp = _first(t, "ccomp", "xcomp", "dobj", "advcl")
            subj = _first(t, "nsubj", "nsubjpass")
            if comp is None:
                continue
            perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children)
            if subj is not None and (subj.lower_ == "we" or subj.lemma_.lower() in _RESULT_SUBJECT_NOUNS - _GENERIC_HEADS):
                if not _is_prior_np(subj) and not (perfect and subj.lower_ != "we" and not {
                        c.lower_ for c in subj.children} & {"our", "these", "this"}):
                    return 1.0
            if subj is not None and _is_passive(t) and comp.dep_ == "xcomp" and not any(
                    c.dep_ == "aux" and c.lemma_ == "have" for c in t.children):
                return 1.0
            if subj is None and t.dep_ in ("advcl", "conj", "pcomp", "acl") and comp.dep_ == "ccomp":
                return 1.0
        if lem in ("empirically", "experimentally") and t.i - sent.start < 3:
            return 1.0
    text = sent.text.lower()
    if re.search(r"\d\s*\\?\s*%|significantly|consistently|substantially|outperform|state-of-the-art|"
                 r"\bthan\b|compared (?:to|with)|\bsota\b", text):
        return 0.5
    return 0.0


def _is_prior_np(tok: Token | None) -> bool:
    """Does the noun phrase headed by tok name prior work ("existing methods", "Lee et al.")?"""
    if tok is None or tok.lower_ in ("we", "us"):
        return False
    left = [t for t in tok.subtree if t.i <= tok.i]
    lows = {t.lower_ for t in left}
    if lows & _PRIOR_ADJ:
        return True
    if tok.lemma_.lower() in _WORK_NOUNS and lows & _PRIOR_QUANT:
        return True
    return "et al" in " ".join(t.lower_ for t in tok.subtree)


def _first_self_reference(sents: list[Span]) -> int:
    for i, s in enumerate(sents):
        if _SELF_REFERENCE.search(s.text):
            return i
    return 1


def _sentence_status(sent: Span, index: int, first_self: int, cue: float) -> str | None:
    """'background' (no claims), 'description' (only claims about named entities) or None."""
    text = sent.text.strip()
    if text.endswith("?"):
        return "background"
    if index < first_self and cue < 1.0:
        return "background"
    if _CITATION.search(text) and not re.search(r"\b(?:we|our)\b", text, re.I):
        return "background"
    for t in sent:
        lem = t.lemma_.lower()
        if t.pos_ != "VERB" or lem not in _REPORT_VERBS | {"know", "believe", "think"}:
            continue
        subj = _first(t, "nsubj", "nsubjpass")
        passive = _is_passive(t)
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children)
        if subj is not None and _is_prior_np(subj) and not _ours(subj):
            return "background"
        if passive and perfect and (subj is None or subj.lower_ != "we"):
            return "background"
        if passive and (subj is None or subj.lower_ == "it") and lem in ("know", "believe", "think", "observe", "report"):
            return "background"
        if passive and lem in ("know", "believe") and _first(t, "xcomp") is not None:
            return "background"
    root = sent.root
    subj = _first(root, "nsubj")
    if (root.lemma_.lower() in _DESCRIPTION_VERBS and cue < 1.0 and subj is not None
            and (subj.lower_ == "we" or subj.lemma_.lower() in ("paper", "work", "study", "survey", "article"))
            and _first(root, "ccomp") is None):
        return "description"
    return None


# --------------------------------------------------------------------------- clause checks

def _skip_clause(v: Token, *, repaired: bool = False) -> str | None:
    """Why the clause of effect word v is not an assertion (None when it is)."""
    fail_in = v.dep_ == "pcomp" and v.head.lower_ == "in" and v.head.head.lemma_.lower() in _NEG_RAISING
    if not repaired and not fail_in:                  # "can fail in mitigating X" is asserted (negated)
        if v.dep_ in _NOMINAL_DEPS:
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
            if _has_aux_to(cur):
                head = cur.head
                if not (cur.dep_ == "xcomp" and head.lemma_.lower() in _INF_OK_HEADS):
                    return "infinitive / purpose"
                if head.lemma_.lower() in ("show", "find", "prove") and not _is_passive(head):
                    return "infinitive / purpose"
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
        if c.i == v.i - 2 and v.doc[v.i - 1].text == "-" and not c.whitespace_:
            # "BatchNorm de-amplifies": the prefix 'de' is not the subject, its compound is
            c = next((x for x in c.lefts if x.dep_ in ("compound", "nmod", "amod")), None)
            if c is None:
                continue
        out.append(c)
    before = [c for c in out if c.i < v.i]
    return (before[-1] if before else out[0]) if out else None


def _subject_of(v: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject head tokens of verb v (empty when unknown), and whether v is passive."""
    passive = _is_passive(v)
    subj = _closest_subject(v)
    listed = _dashed_list_before(v) if subj is not None and subj.i < v.i else []
    if listed:
        return listed, passive
    if subj is not None:
        return _conjuncts(subj), passive
    if v.tag_ == "NNS" and _former_latter_modifier(v) is not None:
        return [_former_latter_modifier(v)], False     # "the former decays ..." (a slipped verb)
    subjp = _first(v, "nsubjpass", "csubjpass")
    if subjp is not None:
        return _conjuncts(subjp), True
    if depth > 6:
        return [], passive
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
                c.dep_ in ("aux", "auxpass") for c in v.children):
            return subs, True        # "X can be identified and pruned": 'pruned' shares the passive
        if head_passive and v.dep_ in ("conj", "advcl") and not passive:
            return [head], False     # "X can be pruned, lowering Y": the event "pruned X" is the agent
        return subs, passive
    for p in v.lefts:
        # parse slip: "for natural data memorization of labels is necessary": subject inside a PP
        o = _first(p, "pobj") if p.dep_ == "prep" else None
        if o is not None and o.right_edge.i == v.i - 1 and o.pos_ in ("NOUN", "PROPN"):
            return [o], passive
    return [], passive


_DASHES = {"--", "---", "\u2014", "\u2013"}


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
    for depth, cur in enumerate(_clause_chain(v)):
        lem = cur.lemma_.lower()
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
    prev_dep: str | None = None
    for depth, cur in enumerate(_clause_chain(v)):
        if depth > 0:
            prev_dep = prev.dep_  # noqa: F821  (set on the previous iteration)
        prev = cur
        if _modals(cur) & _HEDGE_MODALS:
            return True
        lem = cur.lemma_.lower()
        if depth > 0 and (lem in _RAISING_HEDGE or lem in _HEDGE_REPORT or cur.lower_ == "likely"):
            return True
        if depth > 0 and lem in ("propose", "posit") and prev_dep == "ccomp":
            return True
        if any(c.lower_ in _HEDGE_ADVS for c in cur.children if c.dep_ in ("advmod", "acomp")):
            return True
        if depth > 0 and lem in _REPORT_VERBS:
            break
    return False


# --------------------------------------------------------------------------- predicates

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
        preps = ("in", "on", "of", "for", "to") if base is I else ("in", "of")
        tg = [t for t in _prep_objects(obj, preps)
              if not t.like_num and t.lower_ not in ("up", "%") and t.lemma_.lower() not in _SETTING_NOUNS
              and not (t.pos_ == "PROPN" and base is I and t.head.lower_ == "on")]
        tg = [t for t in tg if t.lemma_.lower() not in _GENERIC_HEADS or t.lemma_.lower() == "performance"]
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
        return A, [_Arg(token=t) for t in tg], negated, False
    mods = {c.lower_ for c in obj.children if c.dep_ in ("amod", "advmod", "compound", "nmod")}
    if obj.dep_ == "dobj" and obj.head.pos_ == "ADJ" and obj.head.dep_ == "xcomp":
        mods.add(obj.head.lower_)
    left = obj.doc[obj.left_edge.i: obj.i].text.lower()
    if "state-of-the-art" in left or "state of the art" in left or re.search(r"\bsota\b", left):
        return O, [_Arg(name="state of the art")], negated, False
    if mods & _BETTER:
        return I, [_Arg(token=obj)], negated, False
    if mods & _WORSE:
        return W, [_Arg(token=obj)], negated, False
    if mods & _LESS:
        return (W if _is_quality(obj) else R), [_Arg(token=obj)], negated, False
    if mods & _MORE:
        return (I if _is_quality(obj) else INC), [_Arg(token=obj)], negated, False
    return None


def _comparison_objects(obj: Token) -> list[Token]:
    """'better performance than SFT', 'superior accuracy to X', 'superior accuracies over Y',
    'improvements over existing methods'."""
    out = []
    mods = [c for c in obj.children if c.dep_ == "amod"]
    gain = obj.lemma_.lower() in _IMPROVE_NOUNS
    for m in [obj] + mods:
        for p in m.children:
            if p.dep_ == "prep" and (p.lower_ == "than" or (p.lower_ == "to" and m.lower_ in ("superior", "inferior"))
                                     or (p.lower_ == "over" and (gain or m.lower_ in ("superior", "inferior")))):
                out.extend(_children(p, "pobj"))
    if not out and obj.head.pos_ == "VERB" and any(m.lower_ in ("superior", "inferior") for m in mods):
        # "achieves superior performance to X" with 'to X' attached to the verb
        out = [o for p in obj.head.children if p.dep_ == "prep" and p.lower_ == "to" and p.i == obj.right_edge.i + 1
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

    # ---- adjectives: "X is beneficial for Y", "X is necessary for Y", "X is better than Y"
    if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr", "oprd"):
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
    if lem == "approximate" and tok.pos_ == "VERB" and not _is_passive(tok) and _first(tok, "dobj") is not None \
            and _closest_subject(tok) is not None:
        obj = _first(tok, "dobj")
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
    if lem in ("perform", "generalize", "generalise", "work", "do"):
        adv = [c for c in tok.children if c.dep_ in ("advmod", "acomp") and c.lower_ in ("better", "worse")]
        if not adv:
            return []
        subs, _ = _subject_of(tok)
        than = _prep_objects(adv[0], ("than",)) or _prep_objects(tok, ("than",))
        worse = adv[0].lower_ == "worse"
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

    if lem not in EFFECT_LEXICON:
        return []
    preds = _effect_verb(tok, lem)
    if tok.i > 1 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ in ("de", "un", "dis", "counter"):
        flip = {INC: R, R: INC, I: W, W: I}     # "BatchNorm de-amplifies X" -> reduces X
        for p in preds:
            if p.effect in flip:
                p.effect = flip[p.effect]
            else:
                p.negated = True
    return preds


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
    elif lem in ("sensitive", "insensitive", "susceptible"):
        # "X is (highly) sensitive to Y": Y affects X; "insensitive to Y": Y does not affect X
        tg = _prep_objects(tok, ("to",))
        if tg:
            return [_Pred(A, tok, verb, [_Arg(token=t) for t in tg], [_Arg(token=s) for s in subs],
                          negated=lem == "insensitive")]
    elif lem in ("robust", "stable"):
        # "X is robust / stable across Y" (a factor varied): Y does not affect X
        tg = _prep_objects(tok, ("across",)) or [o for o in _prep_objects(verb, ("across",)) if o.i > tok.i]
        if tg:
            return [_Pred(A, tok, verb, [_Arg(token=t) for t in tg], [_Arg(token=s) for s in subs], negated=True)]
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
            any(c.lower_ in ("more", "less") and c.dep_ == "advmod" for c in tok.children):
        than = _prep_objects(tok, ("than", "to")) if low in ("superior", "inferior") else _prep_objects(tok, ("than",))
        if not than:
            return []
        worse = low in ("worse", "inferior") or any(c.lower_ == "less" for c in tok.children)
        if low in _LESS or low in _MORE:
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
    for obj0 in objs:
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
            preds.append(pred)
    return preds


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
        clause, repaired = tok.head, True
        subs, passive = _conjuncts(_closest_subject(tok)), False
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
    elif tok.pos_ == "NOUN" and _first(tok, "nsubj") is not None and tok.head.i > tok.i:
        # tagger slip: "data repetition disproportionately damages copying" with 'damages' a noun
        clause, repaired = tok.head.head if tok.head.dep_ in ("dobj", "attr") else tok.head, True
        subs, passive = _conjuncts(_first(tok, "nsubj")), False
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
        subs, targets = [t.token for t in targets], [_Arg(token=s) for s in subs]
    if effect is C and len(subs) == 1 and targets and targets[0].token is not None and \
            _is_outcome(subs[0]) and not _is_outcome(targets[0].token):
        subs, targets = [t.token for t in targets], [_Arg(token=subs[0])]   # factor first
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
    # "enables a significant decrease in X" -> reduces X
    if effect in (E, I) and len(targets) == 1 and targets[0].token is not None and \
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
    return [pred]


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
            return [_Arg(token=x, verb_phrase=True)]
        if objs and objs[0].pos_ == "VERB":
            return [_Arg(token=objs[0], verb_phrase=True)]
        for o in objs:
            xo = _first(o, "acl", "xcomp", "relcl")
            if xo is not None and xo.tag_ in ("VB", "VBG") and _has_aux_to(xo):
                return [_Arg(token=xo, verb_phrase=True)]
    if lem == "benefit" and not objs and not (_first(v, "xcomp") is not None and _first(v, "xcomp").tag_ == "VBG"):
        return []
    if not objs:
        x = _first(v, "xcomp")
        if x is not None and x.pos_ == "VERB" and not _has_aux_to(x) and (
                EFFECT_LEXICON.get(lem) in (Q, E) or (x.tag_ == "VBG" and x.i == v.i + 1)):
            # "requires starting with small weights"; tagger slip: "reduces overfitting" as a gerund
            return [_Arg(token=x, verb_phrase=True)]
    return [_Arg(token=o, verb_phrase=o.pos_ == "VERB") for o in objs]


def _is_outcome(tok: Token) -> bool:
    lem = tok.lemma_.lower()
    return lem in _OUTCOME_NOUNS or any(c.dep_ == "compound" and c.lemma_.lower() in ("generalization", "test", "error")
                                        for c in tok.children) and lem in _OUTCOME_NOUNS | {"rate"}


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


# --------------------------------------------------------------------------- argument resolution

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
        if t.like_num or t.text == "%" or t.pos_ in ("DET", "PRON", "PUNCT", "SYM", "CCONJ", "PART"):
            return True
        return t.lower_ in _EVALUATIVE and t.lower_ not in keep
    while toks and toks[0].i != h.i and (droppable(toks[0]) or (toks[0].pos_ in ("ADP", "ADV") and not _joined(toks[0]))):
        toks.pop(0)
    toks = [t for t in toks if not (droppable(t) and (t.like_num or t.text == "%" or t.dep_ in ("amod", "advmod", "nummod", "quantmod", "det")))]
    if not toks:
        return ""
    contiguous = all(b.i == a.i + 1 for a, b in zip(toks, toks[1:]))
    text = doc[toks[0].i: toks[-1].i + 1].text if contiguous else " ".join(t.text for t in toks)
    if role == "subject":
        participle = _restrictive_participle(h)
        if participle:
            return f"{text} {participle}"
    # a noun mis-tagged as a participle ("the tighter bound of X", 'bound' lemmatised as "bind")
    head_lem = h.lower_ if h.tag_ in ("VBN", "VBD") and h.dep_ in ("dobj", "nsubj", "pobj") else h.lemma_.lower()
    if with_of and (head_lem in _LIGHT_HEADS or head_lem in _LIGHT_HEAD_PREPS):
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


_TRAINED_HEADS = {"model", "network", "agent", "policy", "classifier", "learner", "llm", "transformer"}
_TRAIN_VERBS = {"train", "fine-tune", "finetune", "tune", "pretrain", "pre-train"}


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
            inner = {x.i for c in h.children if c.pos_ in ("VERB", "AUX") and c.dep_ in ("acl", "advcl", "xcomp", "ccomp")
                     for x in c.subtree}
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
            doc = h.doc
            first = doc[c.left_edge.i: c.i + 1].text
            rest = doc[conj[0].left_edge.i: h.i + 1].text
            if _is_outcome(h) or h.lemma_.lower() in _SETTING_NOUNS:
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


def _resolve(arg: _Arg, ctx: _Ctx, *, role: str, effect: Effect) -> _Resolved | None:
    """Map an argument slot to an Entity, or None when it cannot be resolved (rules: module doc)."""
    h = arg.token
    if h is None:
        ent = _concept(arg.name) if arg.name else None
        return _Resolved(ent, True) if ent else None
    if arg.name:
        if ctx.spans_at.get(h.i):
            return _Resolved(_entity_from_span(_longest(ctx.spans_at[h.i]), ctx.proposed), False, h)
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
                if po is not None and po.right_edge.i - obj.i < 7:
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
            ante = _same_sentence_antecedent(h)
            if ante is not None:
                return _resolve(_Arg(token=ante), ctx, role=role, effect=effect)
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
    ours = "our" in mods or "proposed" in mods or (generic and bool(mods & {"this", "these", "such"}))
    if role == "subject" and lem in _ABSTRACT_OWNED and mods & {"its", "their", "his", "her"}:
        return None
    if lem in ("result", "outcome") and role == "target" and mods & (_BETTER | _MORE | {"promising", "superior"}):
        return _Resolved(_concept("performance"), True, h)   # "achieves superior results"
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
    span = _span_for(h, ctx, generic=generic or ours, role=role)
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
            named = [sp for t in o.subtree for sp in ctx.spans_at.get(t.i, ()) if sp.label_ in ("Method", "Model")]
            if named:
                return _Resolved(_entity_from_span(_longest(named), ctx.proposed), False, h)
    if role == "subject" and lem in ("paper", "work", "study") and mods & {"this", "our"} and ctx.proposed is not None:
        if not ctx.proposed_named and not ctx.method_self_reference:
            return None                                # a study that proposes no method
        return _Resolved(ctx.proposed, False, h)       # "This paper introduces X ..., while improving Y"
    specific = _has_specific_modifier(h)
    if lem in _JUNK_HEADS and not (effect is O and role == "target" and specific and lem == "work"):
        return None
    if effect is O and role == "target" and (lem in _BARE_JUNK or generic):
        # the baseline of a comparison: "outperforms existing methods", "traditional approaches"
        prior = [c for c in h.lefts if c.dep_ in ("amod", "compound", "nmod") and
                 (c.lower_ in _PRIOR_ADJ or c.lower_ in ("state-of-the-art", "sota"))]
        if prior and not specific:
            ent = _concept(f"{prior[-1].text} {h.text}")
            return _Resolved(ent, True, h) if ent else None
    if (lem in _BARE_JUNK or generic) and not specific and not (
            role != "subject" and lem in ("baseline", "competitor", "counterpart", "alternative")):
        return None
    name = _phrase(h, role=role)
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
           or t.pos_ in ("DET", "PRON", "NUM") or t.lower_ in _EVALUATIVE for t in mods):
        return None
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
    return re.sub(r"\s+", " ", name).strip()


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


def _has_specific_modifier(h: Token) -> bool:
    """'sharpness-aware model' is specific; 'the model' is not."""
    return any(c.dep_ in ("compound", "amod", "nmod", "npadvmod") and c.lower_ not in _EVALUATIVE
               and c.lower_ not in _PRONOUNS and c.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
               for c in h.lefts)


# --------------------------------------------------------------------------- context

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
                ent = _entity_from_span(_longest(spans), ctx.proposed)
                add(ContextRole.MODEL if ent.type is EntityType.MODEL else ContextRole.BASELINE, ent)
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


# --------------------------------------------------------------------------- public API

def _ours(subj: Token) -> bool:
    """'we', 'our experiments', or a coordination that includes them ('previous arts and our experiments')."""
    for t in _conjuncts(subj):
        if t.lower_ == "we" or any(c.lower_ == "our" for c in t.children if c.dep_ == "poss"):
            return True
    return False


def _under_own_report(tok: Token) -> bool:
    """Is tok inside what the paper itself reports ('we show that while X ..., Y')?"""
    for depth, cur in enumerate(_ancestors(tok)):
        if depth > 0 and cur.pos_ == "VERB" and cur.lemma_.lower() in _REPORT_VERBS:
            subj = _first(cur, "nsubj")
            if subj is not None and (_ours(subj) or (subj.lemma_.lower() in _RESULT_SUBJECT_NOUNS and not _is_prior_np(subj))):
                return True
    return False


def _clause_is_prior(pred: _Pred) -> bool:
    """Effect clauses whose subject is prior work, unless the paper reports it as its result."""
    for depth, cur in enumerate(_ancestors(pred.clause)):
        if depth > 0 and cur.lemma_.lower() in _REPORT_VERBS and cur.pos_ == "VERB":
            subj = _first(cur, "nsubj")
            if subj is not None and _ours(subj):
                return False
            if subj is not None and _is_prior_np(subj):
                return True
            if subj is not None and subj.lemma_.lower() in _RESULT_SUBJECT_NOUNS:
                return False
    return any(a.token is not None and _is_prior_np(a.token) for a in pred.subjects)


_CANDIDATE_LEMMAS = frozenset(
    set(EFFECT_LEXICON) | _LIGHT_VERBS | _CORRELATION_NOUNS | _PREDICTOR_NOUNS | set(_ADJ_EFFECT) | _ADJ_REQUIRED
    | _UP_VERBS | _DOWN_VERBS | _VARY_VERBS | _ORIGIN_VERBS | {"generalize", "generalise", "perform", "relate", "link",
    "tie", "sensitive", "insensitive", "susceptible", "sufficient", "insufficient", "enough",
    "robust", "stable", "adapt", "transfer", "approximate"})
_CANDIDATE_WORDS = frozenset(_BETTER | _WORSE | _MORE | _LESS | {"superior", "inferior"})


_METHOD_SELF_REFERENCE = re.compile(
    r"\b(?:our|the proposed)\s+(?:[\w\-]+\s+)?(?:method|approach|framework|algorithm|technique|strategy|system|"
    r"pipeline|model|scheme|procedure)s?\b|\bwe\s+(?:propose|introduce|present|develop)\s+(?:a|an|our|the)\b", re.I)


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


def _sentence_has_candidate(sent: Span) -> bool:
    """Cheap pre-filter: does the sentence contain any word that can carry an effect?"""
    return any(t.lemma_.lower() in _CANDIDATE_LEMMAS or t.lower_ in _CANDIDATE_WORDS for t in sent)


def extract_claims(doc: Doc, *, paper_id: str, proposed: Entity | None,
                   extractor: str = "claims-v1") -> list[Claim]:
    """Claims stated in the result sentences of one parsed abstract (rules: module docstring)."""
    spans_at = _index_spans(doc)
    ctx = _Ctx(doc=doc, proposed=proposed, spans_at=spans_at,
               proposed_named=_names_proposed(doc, proposed),
               method_self_reference=bool(_METHOD_SELF_REFERENCE.search(doc.text)))
    sents = list(doc.sents)
    first_self = _first_self_reference(sents)
    claims: list[Claim] = []
    seen_ids: set[str] = set()
    for index, sent in enumerate(sents):
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
    return claims


def _without_spans_over(ctx: _Ctx, *toks: Token) -> _Ctx:
    """The context without entity spans that cover the effect word itself: a span like
    "data repetition damages copying" or "correlation of sharpness" is a mis-typed clause,
    not a name, so the arguments are read from the parse."""
    bad = {id(sp) for t in toks for sp in ctx.spans_at.get(t.i, ())}
    if not bad:
        return ctx
    spans_at = {i: kept for i, spans in ctx.spans_at.items() if (kept := [sp for sp in spans if id(sp) not in bad])}
    return _Ctx(doc=ctx.doc, proposed=ctx.proposed, spans_at=spans_at, previous_subject=ctx.previous_subject,
                proposed_named=ctx.proposed_named, method_self_reference=ctx.method_self_reference)


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
    for a in pred.subjects:
        if a.token is not None and not a.verb_phrase and not a.name:
            args = [x for t in _expand_list(a.token) for x in _split_np(t)]
        else:
            args = [a]
        for arg in args:
            r = _resolve(arg, ctx, role="subject", effect=pred.effect)
            if r is not None and r.entity.key not in {x.entity.key for x in subjects}:
                subjects.append(r)
    if status == "description":
        subjects = [s for s in subjects if not s.fallback]
    targets: list[_Resolved] = []
    for a in pred.targets:
        args = [a]
        if a.token is not None and not a.name and (not a.verb_phrase or not [
                c for c in a.token.children if c.dep_ not in ("cc", "conj", "punct")]):
            # "reduces overtraining and overfitting" (also when the tagger made them gerunds)
            args = [x for t in _conjuncts(a.token) for x in _split_np(t, verb_phrase=a.verb_phrase)]
        for arg in args:
            t = arg.token
            r = _resolve(arg, ctx, role="target", effect=pred.effect)
            if r is None:
                continue
            if r.head is not None and r.fallback and r.head.lemma_.lower() in _DROP_NOUNS and \
                    not _has_specific_modifier(r.head):
                r = _Resolved(_concept("performance drop"), True, r.head)   # "reduces this drop by half"
            if pred.speed:
                ent = _concept(f"{r.entity.name} speed")
                if ent is None:
                    continue
                r = _Resolved(ent, r.fallback, r.head)
            if r.entity.key not in {x.entity.key for x in targets}:
                targets.append(r)
    out: list[Claim] = []
    for s in subjects:
        for t in targets:
            if s.entity.key == t.entity.key:
                continue
            effect = pred.effect
            if pred.quality_adjust and not pred.speed and t.head is not None:
                effect = _adjust_for_quality(effect, t.head)
            used = {s.entity.key, t.entity.key}
            context = _context(pred, sent, ctx, used, t.head)
            conf = score_confidence(cue=cue, hedged=hedged, subject_concept=s.fallback,
                                    target_concept=t.fallback,
                                    has_magnitude=magnitude is not None and magnitude != "negative correlation")
            cid = make_id("claim", paper_id, str(sent.start_char), s.entity.key, effect.value, t.entity.key)
            out.append(Claim(
                id=cid, paper_id=paper_id, subject=s.entity, effect=effect, negated=negated,
                hedged=hedged, target=t.entity, context=context, magnitude=magnitude,
                confidence=conf, evidence=sent.text, start=sent.start_char, end=sent.end_char,
                extractor=extractor,
            ))
    return out


def find_contested(claims: Iterable[Claim], *, by_head: bool = False, per_claim: int | None = None,
                   opposed: dict[str, int] | None = None) -> list[tuple[str, str]]:
    """Pairs of claim ids from different papers that contradict each other.

    Two claims contradict when they share subject key and target key, lie on the
    same polarity axis (``EFFECT_POLARITY``) and have opposite signed polarity
    (``Claim.polarity``, the sign flipped by negation): "sharpness correlates with
    generalization" vs "sharpness does not correlate with generalization", or
    "X improves Y" vs "X worsens Y". Each pair is returned once, ids sorted.

    With ``by_head`` the subject and target are compared by their head words only
    ("layer-wise sharpness correlates with generalization" vs "sharpness does not
    correlate with generalization"): a looser, topic-level disagreement. Pairs whose
    subject and target keys are identical are left to the exact match.

    With ``per_claim`` each claim picks at most that many of its contradicting claims,
    the first in (paper id, claim id) order, and a pair is kept when either claim picked
    the other: a question with n claims gives at most per_claim × n pairs instead of up
    to n²/4, and every claim that is contradicted keeps at least one pair. ``opposed``,
    when given, receives each contradicted claim's number of contradicting claims in
    total (before the bound).
    """
    from collections import Counter

    def key(entity) -> str:
        return entity.key.split()[-1] if by_head and entity.key else entity.key

    def question(c) -> tuple[str, str] | None:
        return (c.subject.key, c.target.key) if by_head else None

    groups: dict[tuple[str, str, str], list[Claim]] = {}
    for c in claims:
        axis, _ = c.polarity
        groups.setdefault((key(c.subject), key(c.target), axis), []).append(c)
    pairs: set[tuple[str, str]] = set()
    for group in groups.values():
        group.sort(key=lambda c: (c.paper_id, c.id))
        picks: dict[tuple, tuple] = {}   # claims of one sign and question pick from the same list
        for a in group:
            side = (a.polarity[1], question(a))
            if side not in picks:
                others = [b for b in group if b.polarity[1] != a.polarity[1]
                          and (not by_head or question(b) != question(a))]
                per_paper = Counter(b.paper_id for b in others)
                # Enough candidates that per_claim remain after dropping one paper's own claims.
                cut = len(others) if per_claim is None else per_claim + max(per_paper.values(), default=0)
                picks[side] = (others[:cut], per_paper, len(others))
            candidates, per_paper, total = picks[side]
            against = [b for b in candidates if b.paper_id != a.paper_id and b.id != a.id][:per_claim]
            if against and opposed is not None:
                opposed[a.id] = total - per_paper[a.paper_id]
            for b in against:
                pairs.add((a.id, b.id) if a.id < b.id else (b.id, a.id))
    return sorted(pairs)
