"""Pattern families for proposed methods, abbreviation pairing, debris masking, head typing."""
import pytest

from claimgraph.extract.entity_typing import is_generic_topic, is_task_words_phrase, task_name, type_from_head
from claimgraph.extract.masking import mask_debris
from claimgraph.extract.patterns import (
    clean_title,
    find_abbreviations,
    find_proposals,
    find_title_name,
    find_title_phrase,
    find_title_phrases,
    is_generic_name,
)
from claimgraph.schema import EntityType


def proposals(text):
    return [(text[f.start:f.end], f.type, f.pattern) for f in find_proposals(text)]


@pytest.mark.parametrize("text, name, family", [
    ("We propose WiSE-FT, a simple method for robust fine-tuning.", "WiSE-FT", "we-propose"),
    ("In this paper, we introduce AdaNPC: a non-parametric classifier.", "AdaNPC", "we-propose"),
    ("We thus propose Domain-specific Risk Minimization (DRM).", "Domain-specific Risk Minimization", "we-propose"),
    ("This paper introduces Selective Self-to-Supervised Fine-Tuning (S3FT), a fine-tuning approach.",
     "Selective Self-to-Supervised Fine-Tuning", "we-propose"),
    ("We develop a method called Block-LoRA that shares parameters.", "Block-LoRA", "named"),
    ("a new dropout technique, dubbed LeBeD, estimates errors.", "LeBeD", "named"),
    ("This paper presents an enhanced dropout technique, which we call multi-sample dropout, for training.",
     "multi-sample dropout", "we-call"),
    ('We therefore propose a "random walk on random landscape" statistical model.',
     "random walk on random landscape", "quoted"),
    ("The study leads to a new spatiotemporal block ``S(1+2)T'' which helps.", "S(1+2)T", "quoted"),
    ("This work addresses them by proposing an Improved Test-Time Adaptation (ITTA) method.",
     "Improved Test-Time Adaptation", "we-propose-abbrev"),
    ("CalibFormer, a novel network, calibrates LiDAR and cameras.", "CalibFormer", "apposition"),
    ("Our framework, pFedGate, adapts sparse models.", "pFedGate", "our-kind"),
])
def test_each_proposal_family(text, name, family):
    found = proposals(text)
    assert (name, EntityType.METHOD, family) in found, found


@pytest.mark.parametrize("text, name, short", [
    # the cue families of issue 20, on sentences written for these tests
    ("We call this solution CoordConv, which gives convolution its coordinates.", "CoordConv", None),
    ("We adapt a network called a Feature Pyramid Network to this setting.", "Feature Pyramid Network", None),
    ("The resulting model, named as DeepFoo, improves results.", "DeepFoo", None),
    ("A loss termed as Focal Balance Loss weights the classes.", "Focal Balance Loss", None),
    ("We learn links which we refer to as Part Affinity Fields (PAFs) between parts.", "Part Affinity Fields", "PAFs"),
    ("Experiments show that our proposed Parametric ELU (PELU) improves accuracy.", "Parametric ELU", "PELU"),
    ("We propose a new framework, Hybrid Task Cascade (HTC), for segmentation.", "Hybrid Task Cascade", "HTC"),
    ("We propose a generative model, Temporal GAN (TGAN), that learns video.", "Temporal GAN", "TGAN"),
    ("We search the space using a novel HyperTree MetaModel to find models.", "HyperTree MetaModel", None),
    ("We propose Sound2Synth together with a novel Prime Dilated Convolution (PDC) structure.",
     "Prime Dilated Convolution", "PDC"),
    ("We present weight normalization: a reparameterization of the weights.", "weight normalization", None),
    ("In this paper, we propose the k-sparse autoencoder, an autoencoder with a linear activation.",
     "k-sparse autoencoder", None),
    ("To this end, a novel triplet loss is proposed to train the network.", "triplet loss", None),
    ("Then, PFPNet is proposed to detect objects.", "PFPNet", None),
    ("We propose a Fast Region-based Convolutional Network method (Fast R-CNN) for detection.",
     "Fast Region-based Convolutional Network", "Fast R-CNN"),
    ("We propose a novel joint Spatial and Temporal Attention Pooling Network (ASTPN) for re-identification.",
     "Spatial and Temporal Attention Pooling Network", "ASTPN"),
    ("We propose a parallel feature pyramid (FP) network (PFPNet), where the FP is widened.", "PFPNet", None),
    ("We introduce mixup, a simple learning principle.", "mixup", None),
])
def test_issue20_cue_families(text, name, short):
    found = find_proposals(text)
    names = {(text[f.start:f.end], text[f.short[0]:f.short[1]] if f.short else None) for f in found}
    assert (name, short) in names, names


@pytest.mark.parametrize("text", [
    "We present empirical results, which show gains.",
    "We present extensive experiments: they show gains.",
    "Dropout is introduced in each layer.",
    "We fine-tune a language model, BERT, on GLUE.",
    "We obtain a new state-of-the-art on ImageNet.",
    "Our proposed method outperforms ResNet on CIFAR-10.",
    "Here we study a novel Transformer architecture for tables.",
])
def test_issue20_cues_leave_existing_methods_alone(text):
    assert proposals(text) == []


def test_proposed_dataset_is_typed_as_dataset():
    assert proposals("We introduce GeniL, a multilingual dataset of generalizing language.")[0][1] is EntityType.DATASET
    # the name's own head word says so, before the words after it
    assert proposals("We propose a novel large-scale NBA dataset for Sports Video Analysis (NSVA), with captions.")[0][1] \
        is EntityType.DATASET


def test_a_system_that_makes_datasets_is_a_method():
    found = proposals("We introduce MimicGen, a system for automatically synthesizing large-scale, rich datasets.")
    assert found[0][:2] == ("MimicGen", EntityType.METHOD)
    assert proposals("We propose Dataset Distillation (DD) to compress a training set.")[0][1] is EntityType.METHOD
    assert proposals("We introduce Adversarial Data Collection, a Human-in-the-Loop framework for robots.")[0][1] \
        is EntityType.METHOD
    # "tool" is too common a word to make what comes before a dataset a method
    assert proposals("We build a preference dataset, named ToolPreference, for tool use based on the ToolBench dataset.")[0][1] \
        is EntityType.DATASET
    # a kind word that modifies the dataset word does not make it a method
    assert proposals("We introduce ShapeBank, a big CAD model dataset for geometric deep learning.")[0][1] is EntityType.DATASET


@pytest.mark.parametrize("text", [
    "We show that dropout reduces overfitting.",
    "We propose to use weight averaging.",
    "Generally, a model that fits the data well generalizes.",
    "Then, a simple baseline is trained.",
    "We study the generalization of deep networks.",
])
def test_no_proposal_without_a_name(text):
    assert proposals(text) == []


def test_title_names():
    assert find_title_name("OptMATH: A Scalable Bidirectional Data Synthesis Framework") is not None
    assert find_title_name("Chameleon: A Data-Efficient Generalist for Dense Visual Prediction") is not None
    assert find_title_name("Deep Learning: Theory and Practice") is None
    assert find_title_name("Length Generalization in Transformers") is None


# Made-up abstracts: plain capitalised words before the colon are a name when the abstract
# writes them again with the same capitals, not when it writes them as a topic or never.
@pytest.mark.parametrize("title,abstract,name", [
    ("Policy Stitching: Learning Transferable Robot Policies",
     "We propose Policy Stitching, a framework that joins modules of robot policies.", "Policy Stitching"),
    ("Kalman Normalization: Normalizing Internal Representations Across Network Layers",
     "We present Kalman Normalization, which estimates the statistics of a layer from all layers before it.",
     "Kalman Normalization"),
    ("Online Learning: Random Averages and Learnability",
     "We study online learning in the adversarial setting and give new bounds.", None),
    ("Keep Your Distance: Land Division With Separation",
     "We study fair division of land when plots must be separated.", None),
    ("On Attention Redundancy: A Comprehensive Study",
     "On Attention Redundancy is what we measure across heads.", None),
])
def test_plain_title_names_need_the_abstracts_capitals(title, abstract, name):
    found = find_title_name(title, abstract)
    assert (title[found.start:found.end] if found else None) == name
    assert find_title_name(title) is None  # without the abstract, plain words are no name


def pairs(text):
    return [(text[a:b], text[c:d]) for (a, b), (c, d) in find_abbreviations(text)]


def test_abbreviation_pairs_long_then_short():
    text = "We revisit Robust Fine-Tuning (RFT) on out-of-distribution (OOD) data with large language models (LLMs)."
    assert pairs(text) == [("Robust Fine-Tuning", "RFT"), ("out-of-distribution", "OOD"),
                           ("large language models", "LLM")]


def test_abbreviation_pairs_short_then_long_and_mixed_case():
    text = "we propose DARAG (Data- and Retrieval-Augmented Generative Error Correction). Balanced averaging (BANG) helps."
    found = pairs(text)
    assert ("Data- and Retrieval-Augmented Generative Error Correction", "DARAG") in found
    assert ("Balanced averaging", "BANG") in found


def test_abbreviation_rejects_non_matching_parentheses():
    assert pairs("We train on ImageNet (see Appendix) and CLIP (ViT-B/16).") == []
    assert pairs("accuracy improves (by 5%) on all tasks") == []


def test_debris_mask_keeps_offsets():
    text = r"Fine-Tuning (RFT )~wortsman2021robust, $textbf{specialist}, 0.05 ^{circ}, 20\% at https://github.com/a/b."
    masked = mask_debris(text)
    assert len(masked) == len(text)
    assert "wortsman" not in masked and "textbf" not in masked and "github" not in masked and "circ" not in masked
    assert masked.endswith(".") and "specialist" in masked and "20 %" in masked


@pytest.mark.parametrize("phrase, expected", [
    ("length generalization", EntityType.TASK),
    ("vision transformers", EntityType.MODEL),
    ("word error rate", EntityType.METRIC),
    ("Uncertainty-Aware Dynamic Fusion", EntityType.METHOD),
    ("a new benchmark", EntityType.DATASET),
    ("learning", None),
    ("sharpness", None),
    # task heads
    ("meta-regression", EntityType.TASK),
    ("medical imaging", EntityType.TASK),
    ("remote sensing", EntityType.TASK),
    ("stochastic linear bandits", EntityType.TASK),
    ("reading comprehension", EntityType.TASK),
])
def test_type_from_head(phrase, expected):
    assert type_from_head(phrase) is expected


# --------------------------------------------------------------------------- task typing

@pytest.mark.parametrize("phrase, expected", [
    ("modular arithmetic tasks", "modular arithmetic"),
    ("semi-supervised classification problems", "semi-supervised classification"),
    ("the challenging task of semantic segmentation", "semantic segmentation"),
    ("various image classification tasks", "image classification"),
    ("various downstream tasks", None),
    ("the fine-tuning tasks", None),
    ("target domain", None),
])
def test_task_name_trims_determiners_vague_words_and_task_words(phrase, expected):
    assert task_name(phrase) == expected


def test_task_words_phrase_needs_a_specific_modifier():
    assert is_task_words_phrase("modular arithmetic tasks")
    assert is_task_words_phrase("the classification problem")
    assert not is_task_words_phrase("downstream tasks")
    assert not is_task_words_phrase("tasks")
    assert not is_task_words_phrase("supervised setting")  # a setting word alone says too little


@pytest.mark.parametrize("phrase, generic", [
    ("adaptation", True), ("robustness", True), ("SOTA", True), ("generalization", True),
    ("classification", False), ("regression", False), ("domain adaptation", False),
])
def test_generic_topics_include_bare_vague_task_heads(phrase, generic):
    assert is_generic_topic(phrase) is generic


@pytest.mark.parametrize("title, name", [
    ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "Mamba"),
    ("Zoneout: Regularizing RNNs by Randomly Preserving Hidden Activations", "Zoneout"),
    ("mixup: Beyond Empirical Risk Minimization", "mixup"),
    ("Survey: Recent Progress in Graph Learning", None),
    ("Robustness: What We Know", None),
    ("Deep Learning: Theory and Practice", None),
])
def test_title_prefix_names_keep_common_words(title, name):
    found = find_title_name(title)
    assert (title[found.start:found.end] if found else None) == name


@pytest.mark.parametrize("title, name", [
    ("Progressive Neural Architecture Search", "Progressive Neural Architecture Search"),
    ("Hybrid Task Cascade for Instance Segmentation", "Hybrid Task Cascade"),
    ("A Partition Filter Network for Joint Entity and Relation Extraction", "Partition Filter Network"),
    ("Mask Scoring R-CNN", "Mask Scoring R-CNN"),
    ("Fraternal Dropout", "Fraternal Dropout"),
    ("Length Generalization in Transformers", None),
    ("On the Convergence of Adam and Beyond", None),
    ("Improved Techniques for Training GANs", None),
    ("Learning to Rank with Partially Labeled Data", None),
    ("Transformers", None),
    ("In Search of the Successful Interpolation", None),
    ("Efficient Object Localization Using Convolutional Networks", None),
    ("Unsupervised Feature Learning via Instance Discrimination", None),
    ("Attention-Based Models for Speech Recognition", None),
    # a whole short title may open with "Deep"; a longer one is a topic
    ("Deep Hash Sets", "Deep Hash Sets"),
    ("Deep Residual Learning for Image Recognition", None),
    # sentence-case titles write the name in lower case
    ("Gated dropout for training deep networks", "Gated dropout"),
    ("Gated dropout for Training Deep Networks", None),
    # a hyphenated head is read by its last part
    ("Task-Agnostic Meta-Learning for Fast Adaptation", "Task-Agnostic Meta-Learning"),
])
def test_title_noun_phrase_that_names_a_method(title, name):
    found = find_title_phrase(title)
    assert (title[found.start:found.end] if found else None) == name


def test_latex_macros_in_titles_become_names():
    assert clean_title("\\manifoldmixup{}: Better Representations") == "manifoldmixup: Better Representations"


def test_title_phrase_after_via_using_with():
    title = "Certified Adversarial Robustness via Randomized Smoothing"
    assert [title[f.start:f.end] for f in find_title_phrases(title)] == ["Randomized Smoothing"]
    title = "Parameter-Efficient Group with Orthogonal Regularization"
    assert "Orthogonal Regularization" not in [title[f.start:f.end] for f in find_title_phrases(title)]
    assert find_title_phrases("Image Classification Using Deep Features") == []


def test_generic_families_are_never_a_papers_name():
    assert is_generic_name("Convolutional Neural Networks") and is_generic_name("transformer")
    assert not is_generic_name("Hybrid Task Cascade")
    assert proposals("We present the first convolutional neural network (CNN) for real-time video.") == []


def test_a_name_that_qualifies_a_phrase_is_not_the_proposal():
    text = "We propose a novel Block matrix-based low-rank adaptation framework, called Block-LoRA, for VLMs."
    assert [name for name, _, _ in proposals(text)] == ["Block-LoRA"]


def test_name_in_apposition_to_a_proposed_kind():
    text = "We propose a straightforward yet effective fine-tuning technique, Child-Tuning, which masks gradients."
    assert ("Child-Tuning", EntityType.METHOD, "kind-apposition") in proposals(text)


def test_a_lower_case_name_after_a_naming_verb_is_ours_when_its_short_form_spells_it():
    # "our estimator, named clipped action policy gradient (CAPG)": ours, named, spelled by CAPG
    text = "We prove that our estimator, named clipped action policy gradient (CAPG), is unbiased."
    found = [f for f in find_proposals(text) if f.pattern == "named"]
    assert [(text[f.start:f.end], text[f.short[0]:f.short[1]]) for f in found] == \
        [("clipped action policy gradient", "CAPG")]
    # a phenomenon others named, and a short form that does not spell the phrase, are not
    assert not [f for f in find_proposals("Networks suffer from a phenomenon named catastrophic forgetting (CF).")
                if f.pattern == "named"]
    assert not [f for f in find_proposals("We propose a loss, termed focal loss (XYZ), for detection.")
                if f.pattern == "named"]
