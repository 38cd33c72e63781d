"""Question types added with the semantic layer, read without a store (questions/answer.py)."""
from __future__ import annotations

from claimgraph.graph.catalogue import EntityMatch
from claimgraph.questions.answer import _new_types, simplify

KNOWN = {"imagenet": "Dataset", "lora": "Method", "udim": "Method", "sam": "Method", "cifar-10": "Dataset", "adam": "Method"}


def resolve(text, labels=(), narrower=False):
    label = KNOWN.get(text.strip().lower())
    if label and (not labels or label in labels):
        return [EntityMatch(label, text.lower(), text, 3, 1, "key")]
    return []


def test_plain_words_noise_is_dropped():
    assert simplify("out-of-distribution (OOD) performance/generalization of CLIP") == \
        "out-of-distribution performance of CLIP"


def test_evaluates_on_based_on_and_compare():
    assert _new_types("papers that evaluate on ImageNet", resolve).question_id == "papers_evaluating_on"
    assert _new_types("experiments on the CIFAR-10 benchmark", resolve).slots["dataset"][0].name == "CIFAR-10"
    assert _new_types("methods based on LoRA", resolve).question_id == "methods_based_on"
    assert _new_types("LoRA-based methods", resolve).question_id == "methods_based_on"
    parsed = _new_types("how does Adam compare to SAM", resolve)
    assert parsed.question_id == "claims_about_pair" and parsed.slots["b"][0].name == "SAM"
    assert _new_types("SAM versus Adam: which converges faster", resolve).question_id == "claims_about_pair"
    assert _new_types("methods that improve OOD", resolve) is None
