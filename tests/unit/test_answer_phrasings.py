"""Question types added with the semantic layer, read without a store (questions/answer.py)."""
from __future__ import annotations

from claimgraph.graph.catalogue import EntityMatch
from claimgraph.questions.answer import (
    Meaning,
    _condition_part,
    _names_exactly,
    _new_types,
    _state_question,
    nouns_of,
    simplify,
)
from claimgraph.semantic.acronyms import Expander

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


# ---------------------------------------------------------------- issue 22: slot filling by meaning

NAMED = {"robustness": "Concept", "stability": "Concept", "accuracy": "Metric", "resnet": "Model",
         "imagenet": "Dataset", "label noise": "Concept", "out-of-distribution generalization": "Task",
         "domain generalization": "Task"}


def resolve_named(text, labels=(), narrower=False):
    label = NAMED.get(text.strip().lower())
    if label and (not labels or label in labels):
        return [EntityMatch(label, text.lower(), text, 2, 1, "key")]
    return []


def link_named(text):
    return [EntityMatch(NAMED[w.lower()], w.lower(), w, 2, 1, "key") for w in text.replace("-", " ").split()
            if w.lower() in NAMED and NAMED[w.lower()] in ("Model", "Dataset")]


def test_adjectives_give_their_nouns_by_suffix_rules():
    assert "robustness" in nouns_of("robust")
    assert "accuracy" in nouns_of("accurate")
    assert "efficiency" in nouns_of("efficient")
    assert "stability" in nouns_of("stable")
    assert nouns_of("more") == [] and nouns_of("it") == []


def test_make_or_keep_x_adjective_reads_as_improving_the_quality():
    parsed = _state_question("how to keep a fine-tuned ResNet stable under label noise", resolve_named, link_named)
    assert parsed.question_id == "methods_that_effect_target" and parsed.slots["effect"] == "improves"
    assert parsed.slots["model"][0].name == "ResNet"
    assert parsed.slots["target"][0].name == "stability"
    assert _state_question("how can I make ResNet-based models accurate on ImageNet", resolve_named,
                           link_named).slots["dataset"][0].name == "ImageNet"
    # a word whose "noun" names an entity only by meaning is no adjective ("clipness" ~ CLIP)
    assert not _names_exactly("resnetness", lambda t, labels=(), n=False: [EntityMatch("Model", "resnet", "ResNet",
                                                                                         2, 1, "name")])
    assert _state_question("how to make ResNet faster", resolve_named, link_named) is None
    # the degree word goes with the adjective: "make ResNet more robust" names ResNet
    parsed = _state_question("which approaches make ResNet more robust", resolve_named, link_named)
    assert [m.name for m in parsed.slots["model"]] == ["ResNet"] and "ResNet more" not in " ".join(parsed.notes)


def test_generalizing_out_of_distribution_reads_as_improving_that_generalization():
    from claimgraph.questions.answer import _generalize_question

    parsed = _generalize_question("how do I fine-tune ResNet and still generalize out of distribution",
                                  resolve_named, link_named)
    assert parsed.question_id == "methods_that_effect_target" and parsed.slots["effect"] == "improves"
    assert parsed.slots["target"][0].name == "out-of-distribution generalization"
    assert parsed.slots["model"][0].name == "ResNet"
    assert _generalize_question("models that generalize to unseen domains", resolve_named,
                                link_named).slots["target"][0].name == "domain generalization"
    assert _generalize_question("how does ResNet generalize", resolve_named, link_named) is None


def test_a_quality_under_distribution_shift_reads_as_its_out_of_distribution_name():
    from claimgraph.questions.answer import rewritten

    assert [r for r, _ in rewritten("robustness under distribution shift")] == ["out-of-distribution robustness"]
    assert [r for r, _ in rewritten("accuracy on OOD test sets")] == ["out-of-distribution accuracy"]
    assert rewritten("robustness under label noise") == [] and rewritten("robustness") == []


def test_methods_that_give_better_x_for_a_model_named_inside_a_phrase():
    parsed = _new_types("methods give better robustness for fine-tuned ResNet models", resolve_named, link_named)
    assert parsed.slots["target"][0].name == "robustness" and parsed.slots["model"][0].name == "ResNet"


def _meaning(pairs, short=None):
    m = Meaning.__new__(Meaning)
    m.expander = Expander(pairs)
    m.short = short or {}
    m._long_by_word = m._method_words = m._keys = m._key_set = m.vectors = None
    m.aliases = {}
    return m


def test_acronyms_a_phrase_uses_short_or_long():
    m = _meaning([("OOD", "out-of-distribution"), ("LLM", "large language model"), ("FT", "fine-tuning")])
    assert m.acronyms_in("OOD robustness of large language models") == ["OOD"]
    assert m.acronyms_in("out-of-distribution robustness of a large language model") == ["OOD", "LLM"]
    assert m.acronyms_in("distribution shift") == []   # a long form's words, not all of them


def test_heads_of_a_phrase_that_names_nothing():
    m = _meaning([("OOD", "out-of-distribution"), ("LLM", "large language model")])
    assert ("robustness", 'the words before "under"') in m.heads("robustness under label noise")
    assert m.heads("out-of-distribution accuracy")[0][0] == "accuracy"
    assert m.heads("LLM calibration")[0][0] == "calibration"
    assert m.heads("calibration") == []


def test_acronym_families_come_from_the_quality_and_its_condition_not_its_owner():
    assert _condition_part("robustness on out-of-distribution data") == "robustness on out-of-distribution data"
    assert _condition_part("accuracy of LLM fine-tuning") == "accuracy"


def test_names_are_shown_with_the_acronym_defined_for_the_whole_name():
    m = _meaning([], {"retrieval-augmented error correction": "RAEC", "out-of-distribution generalization": "OOD"})
    assert m.with_short("Retrieval-Augmented Error Correction") == "Retrieval-Augmented Error Correction (RAEC)"
    assert m.with_short("out-of-distribution generalization") == "out-of-distribution generalization"
    assert m.with_short("mixup") == "mixup"


def test_a_head_of_a_qualifier_also_counts_the_names_with_its_word_in_the_qualifiers_papers(monkeypatch):
    from claimgraph.graph import semantic as gs

    monkeypatch.setattr(gs, "papers_linked", lambda store, items: {"Task|machine translation": ["p1", "p2"]})
    monkeypatch.setattr(gs, "paper_entities", lambda store, ids: [
        {"id": "p1", "named": [{"name": "BLEU error rate", "label": "Metric", "key": "bleu error rate", "aliases": []},
                               {"name": "error", "label": "Concept", "key": "error", "aliases": []}]},
        {"id": "p2", "named": [{"name": "beam search", "label": "Method", "key": "beam search", "aliases": []}]}])
    m = _meaning([])
    m.store = None

    def base(text, labels=(), narrower=False):
        return [EntityMatch("Task", "machine translation", "machine translation", 2, 1, "key")] \
            if text == "machine translation" else []

    notes: list[str] = []
    found = m.within_qualifier("error of machine translation", "error", (), base, notes, set())
    assert [x.name for x in found] == ["BLEU error rate"] and "machine translation" in notes[0]
    assert m.within_qualifier("error rate", "error", (), base, [], set()) == []


def test_uses_proposes_and_evaluated_with_phrasings():
    from claimgraph.questions.understand import clean

    parsed = _new_types(clean("which methods use LoRA to cut memory?"), resolve)
    assert parsed.question_id == "methods_based_on" and parsed.slots["base"][0].name == "LoRA"
    assert any("purpose" in n for n in parsed.notes)
    assert _new_types("papers with experiments on ImageNet", resolve).question_id == "papers_evaluating_on"
    tasks = {"domain adaptation": "Task"}

    def resolve_task(text, labels=(), narrower=False):
        label = tasks.get(text.strip().lower())
        return [EntityMatch(label, text.lower(), text, 3, 1, "key")] if label and (not labels or label in labels) else []

    for q in ("new methods proposed for domain adaptation", "what did papers propose for domain adaptation in vision",
              "what has been proposed for domain adaptation"):
        parsed = _new_types(clean(q), resolve_task)
        assert parsed.question_id == "proposed_methods" and parsed.slots["task"][0].name == "domain adaptation", q


def test_keep_a_quality_reads_as_improving_it_and_a_clause_gives_the_scope():
    parsed = _new_types("how do I keep robustness when fine-tuning ResNet", resolve_named, link_named)
    assert parsed.question_id == "methods_that_effect_target" and parsed.slots["effect"] == "improves"
    assert parsed.slots["model"][0].name == "ResNet"
    assert parsed.slots["target"][0].name == "robustness"


def test_heads_end_with_the_head_noun_and_make_x_generalize_reads_as_generalization():
    assert _meaning([]).heads("adversarial robustness")[-1] == ("robustness", "its head noun")
    assert "generalization" in nouns_of("generalize")


def test_a_comparative_after_the_quality_is_not_part_of_the_target():
    NAMED["generalization"] = "Concept"
    try:
        parsed = _state_question("how do I make ResNet models generalize better", resolve_named, link_named)
        assert parsed.texts["target"] == "generalization" and parsed.slots["model"][0].name == "ResNet"
    finally:
        del NAMED["generalization"]


def test_the_names_an_answer_shows_include_both_halves_of_its_short_forms():
    """What the question-set score reads (answer_names): a row's "RFT = Robust Fine-Tuning"
    and a related row's "BAlaNced averaGing (BANG)" show the acronym as a name of its own."""
    from types import SimpleNamespace

    from claimgraph.questions.answer import Result, answer_names
    from claimgraph.questions.understand import Parsed

    row = {"subject": "Robust Fine-Tuning", "target": "OOD robustness", "short_forms": ["RFT = Robust Fine-Tuning"]}
    related = {"names": ["BAlaNced averaGing (BANG)", "WiSE-FT"], "paper_proposes": []}
    result = Result(Parsed("methods_that_effect_target"), SimpleNamespace(rows=[row]), related=[related])
    shown, labelled = answer_names(result)
    assert {"RFT", "Robust Fine-Tuning", "BANG", "BAlaNced averaGing", "WiSE-FT"} <= set(shown)
    assert "RFT = Robust Fine-Tuning" not in shown
    assert {"BANG", "WiSE-FT"} <= set(labelled) and "RFT" not in labelled


# ---------------------------------------------------------------- card paraphrases (dev, session 29)

def test_a_follow_up_asking_for_evidence_or_papers_is_not_part_of_the_question():
    from claimgraph.questions.understand import clean

    assert clean("Which methods improve robustness of ResNet, and which papers propose them?") == \
        "methods improve robustness of ResNet"
    assert clean("What boosts accuracy on ImageNet, and what's the evidence?") == "What boosts accuracy on ImageNet"
    assert clean("Which strategies give ResNet better accuracy, according to the literature?") == \
        "Which strategies give ResNet better accuracy"
    assert clean("methods that reduce label noise with ResNet") == "methods that reduce label noise with ResNet"


def test_not_losing_a_quality_and_fixes_for_losing_it_read_as_improving_it():
    from claimgraph.questions.answer import _preserve_question

    parsed = _preserve_question("ways to not lose ResNet robustness when fine-tuning", resolve_named, link_named)
    assert parsed.slots["effect"] == "improves" and parsed.slots["target"][0].name == "robustness"
    assert parsed.slots["model"][0].name == "ResNet"
    parsed = _preserve_question("What are the known fixes for ResNet losing robustness when it gets fine-tuned",
                                resolve_named, link_named)
    assert parsed.slots["target"][0].name == "robustness" and parsed.slots["model"][0].name == "ResNet"
    # what held the model on is dropped with it: "the robustness of [ResNet]" -> "robustness"
    parsed = _preserve_question("techniques preserve the robustness of ResNet when you fine-tune it",
                                resolve_named, link_named)
    assert parsed.texts["target"] == "robustness" and parsed.slots["model"][0].name == "ResNet"


def test_strategies_that_give_a_model_better_x_on_shifted_data():
    parsed = _new_types("fine-tuning strategies give ResNet better accuracy on shifted test distributions",
                        lambda t, labels=(), n=False: resolve_named(
                            "accuracy" if t == "accuracy on shifted test distributions" else t, labels, n),
                        link_named)
    assert parsed.slots["model"][0].name == "ResNet"
    assert parsed.texts["target"] == "accuracy on shifted test distributions"   # the qualifier kept for reading


def test_a_topic_holding_an_effect_verb_asks_what_has_the_effect():
    from claimgraph.questions.answer import _effect_in_phrase
    from claimgraph.questions.understand import Parsed

    assert _effect_in_phrase(Parsed("papers_studying_topic"), "papers on improving OOD generalization for CLIP")
    assert not _effect_in_phrase(Parsed("papers_studying_topic"), "papers on OOD generalization")
    assert not _effect_in_phrase(Parsed("methods_based_on"), "methods based on improving LoRA")


def test_a_model_modifying_the_target_becomes_the_scope_and_the_target_is_read_without_it():
    from claimgraph.questions.answer import _scope_from_target
    from claimgraph.questions.understand import _Filler

    f = _Filler("methods_that_effect_target", resolve_named)
    f.entity("target", "robustness from fine-tuned ResNet models")
    _scope_from_target(f.parsed, resolve_named, link_named)
    assert f.parsed.slots["model"][0].name == "ResNet" and f.parsed.texts["target"] == "robustness"
    f = _Filler("methods_that_effect_target", resolve_named)
    f.entity("target", "ResNet accuracy")
    _scope_from_target(f.parsed, resolve_named, link_named)
    assert f.parsed.slots["model"][0].name == "ResNet" and f.parsed.slots["target"][0].name == "accuracy"
    assert not any(n.startswith('"ResNet accuracy" read as') for n in f.parsed.notes)


# ---------------------------------------------------------------- graph3000 dev questions (session 29)

def test_a_long_phrase_is_read_by_its_longest_named_part_before_its_head_noun():

    meaning = _meaning([])                                    # no vectors: every run is tried
    heads = [h for h, _ in meaning.heads("multi-view stereo depth map estimation")]
    assert heads.index("multi-view stereo depth") < heads.index("multi-view stereo") < heads.index("estimation")
    assert heads[-1] == "estimation"
    meaning._keys = ["depth map", "multi view stereo"]        # with them, only runs that begin some entity's key
    meaning.vectors = object()
    assert [h for h, why in meaning.heads("multi-view stereo depth map estimation") if "longest" in why] == \
        ["multi-view stereo", "depth map"]


def test_based_on_and_evaluated_on_in_more_words():
    from claimgraph.questions.answer import _BASED, _EVALUATES

    assert any(rx.match("anything built on top of LoRA") for rx in _BASED)
    assert any((m := rx.match("ResNet-based detection models")) and m.group("x") == "ResNet" for rx in _BASED)
    assert _new_types("point cloud models benchmarked on ImageNet", resolve_named).question_id == "papers_evaluating_on"
    assert _new_types("pose trackers with numbers on ImageNet", resolve_named).slots["dataset"][0].name == "ImageNet"
    assert not any(rx.match("methods that improve accuracy") for rx in _EVALUATES)


def test_an_effect_asked_against_something_is_no_comparison():
    assert _new_types("Adam versus SAM", resolve).question_id == "claims_about_pair"
    parsed = _new_types("defenses that improve robustness against label noise", resolve_named, link_named)
    assert parsed is None or parsed.question_id != "claims_about_pair"


def test_a_topic_written_two_ways_is_read_by_its_first_part_that_names_something():
    from claimgraph.questions.understand import parse_question

    parsed = parse_question("robustness - stability of training", resolve=resolve_named)
    assert parsed.question_id == "papers_studying_topic" and parsed.texts["topic"] == "robustness"


def test_a_target_qualified_by_a_model_and_its_fine_tuning_is_read_without_both():
    from claimgraph.questions.answer import _scope_from_target
    from claimgraph.questions.understand import _Filler

    f = _Filler("methods_that_effect_target", resolve_named)
    f.entity("target", "robustness of ResNet or ResNet-based fine-tuning")
    _scope_from_target(f.parsed, resolve_named, link_named)
    assert f.parsed.slots["model"][0].name == "ResNet" and f.parsed.texts["target"] == "robustness"


def test_who_reports_numbers_on_a_dataset_with_a_gloss_in_brackets():
    parsed = _new_types("who reports numbers on ImageNet (natural images)", resolve)
    assert parsed.question_id == "papers_evaluating_on" and parsed.slots["dataset"][0].name == "ImageNet"
    assert _new_types("which papers report results on CIFAR-10", resolve).slots["dataset"][0].name == "CIFAR-10"
    # an acronym in brackets is no gloss: it stays part of what is read
    from claimgraph.questions.answer import _GLOSS

    assert _GLOSS.sub("", "ImageNet (IN)") == "ImageNet (IN)" and _GLOSS.sub("", "ImageNet (natural images)") == "ImageNet"


def test_things_built_on_or_run_with_a_method():
    parsed = _new_types("stuff built on / run with LoRA (rank 8, rank 16)", resolve)
    assert parsed.question_id == "methods_based_on" and parsed.slots["base"][0].name == "LoRA"
