"""Name lists and the cg_gazetteer component: blank spaCy pipelines, no server, no trained model."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import claimgraph.extract.gazetteer  # noqa: F401  (registers cg_gazetteer)
from claimgraph.extract.name_lists import (
    RESOURCES_DIR,
    Entry,
    NameLists,
    match_attr,
    read_acronyms,
    read_name_list,
    spelling_variants,
)
from claimgraph.extract.resources.derive_name_lists import build
from claimgraph.schema import EntityType, InputError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "pwc_small"
COMMON = frozenset({"focus", "classification", "library", "speed", "google", "help", "drop",
                    "natural", "question", "clip", "attention", "whisper", "soup", "model"})


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("cg_gazetteer")
    return pipeline


def found(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans["cg_gazetteer"]]


# ----------------------------------------------------------------------------- matching

def test_matches_each_kind_of_name(nlp):
    spans = found(nlp, "We fine-tune CLIP and ResNet-50 on ImageNet-R and CIFAR-10 for domain "
                       "generalization and report top-1 accuracy and the generalization gap.")
    assert ("CLIP", "Model", "CLIP") in spans
    assert ("ResNet-50", "Model", "ResNet-50") in spans
    assert ("ImageNet-R", "Dataset", "ImageNet-R") in spans
    assert ("CIFAR-10", "Dataset", "CIFAR-10") in spans
    assert ("domain generalization", "Task", "domain generalization") in spans
    assert ("top-1 accuracy", "Metric", "top-1 accuracy") in spans
    assert ("generalization gap", "Metric", "generalization gap") in spans
    assert ("fine-tune", "Method", "fine-tuning") not in spans  # verbs are not listed


def test_longest_match_wins_and_spans_do_not_overlap(nlp):
    doc = nlp("Vision Transformers and ResNet50 improve out-of-distribution generalization on GSM8K.")
    spans = [(s.text, s.kb_id_) for s in doc.spans["cg_gazetteer"]]
    assert spans == [("Vision Transformers", "Vision Transformer"), ("ResNet50", "ResNet-50"),
                     ("out-of-distribution generalization", "out-of-distribution generalization"),
                     ("GSM8K", "GSM8K")]
    tokens = [i for s in doc.spans["cg_gazetteer"] for i in range(s.start, s.end)]
    assert len(tokens) == len(set(tokens))


def test_plural_and_spelling_variants(nlp):
    spans = found(nlp, "Large language models (LLMs) and GPT4 outperform CNNs; length-generalization "
                       "and generalisation errors are studied.")
    kb = {(t, k) for t, _, k in spans}
    assert ("Large language models", "large language model") in kb
    assert ("LLMs", "large language model") in kb
    assert ("GPT4", "GPT-4") in kb
    assert ("CNNs", "convolutional neural network") in kb
    assert ("length-generalization", "length generalization") in kb
    assert ("generalisation errors", "generalization error") in kb


def test_case_rules_for_common_words_and_short_caps(nlp):
    assert found(nlp, "We clip the gradients and pay attention to the whisper of noise.") == []
    assert [k for _, _, k in found(nlp, "CLIP, Whisper and BERT")] == ["CLIP", "Whisper", "BERT"]
    # written lower-case in the lists: matches in any case
    assert [k for _, _, k in found(nlp, "dropout and Dropout and softmax")] == ["Dropout"] * 2 + ["Softmax"]
    # distinctive single tokens match case-insensitively
    assert [k for _, _, k in found(nlp, "a resnet and Imagenet")] == ["ResNet", "ImageNet"]
    # datasets named with common words keep their case
    assert found(nlp, "natural questions remain") == []
    assert found(nlp, "Natural Questions")[0][1] == "Dataset"


def test_ambiguous_acronyms_are_not_matched(nlp):
    spans = found(nlp, "SAM and MAE and TTA are ambiguous, OOD and DG are not.")
    assert [(t, k) for t, _, k in spans] == [("OOD", "out-of-distribution generalization"),
                                            ("DG", "domain generalization")]


def test_component_reads_a_given_resources_dir(tmp_path):
    (tmp_path / "methods.tsv").write_text("Foo Net\tModel\tFooNet\n# comment\n\nbarprop\tMethod\t\n")
    (tmp_path / "acronyms.tsv").write_text("FN\tFoo Net\tModel\t0\n")
    pipeline = spacy.blank("en")
    pipeline.add_pipe("cg_gazetteer", config={"resources_dir": str(tmp_path), "spans_key": "names"})
    doc = pipeline("FooNet beats FN and foo net with Barprop.")
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans["names"]] == [
        ("FooNet", "Model", "Foo Net"), ("FN", "Model", "Foo Net"), ("foo net", "Model", "Foo Net"),
        ("Barprop", "Method", "barprop")]


# ----------------------------------------------------------------------------- lists

def test_lookup_by_name_alias_and_spelling():
    names = NameLists.load()
    assert names is NameLists.load()  # cached
    assert names.lookup("LLMs") == (EntityType.MODEL, "large language model")
    assert names.lookup("Contrastive Language-Image Pre-training") == (EntityType.MODEL, "CLIP")
    assert names.lookup("resnet 50") == (EntityType.MODEL, "ResNet-50")
    assert names.lookup("OOD generalisation") == (EntityType.TASK, "out-of-distribution generalization")
    assert names.lookup("Office-Home") == (EntityType.DATASET, "OfficeHome")
    assert names.lookup("SAM") is None  # ambiguous: the paper has to say which
    assert names.lookup("no such method at all") is None


def test_acronym_table():
    names = NameLists.load()
    assert names.acronyms["OOD"] == ("out-of-distribution generalization", EntityType.TASK, False)
    assert names.acronyms["ViT"] == ("Vision Transformer", EntityType.MODEL, False)
    assert names.acronyms["LLM"].type is EntityType.MODEL
    assert names.acronyms["SAM"].ambiguous
    assert {r.long for r in names.readings["SAM"]} == {"sharpness-aware minimization", "Segment Anything Model"}
    assert all(len(r) == 1 or all(a.ambiguous for a in r) for r in names.readings.values())


def test_entries_and_resources_are_sane():
    names = NameLists.load()
    assert len(names.entries) > 5000
    assert all(isinstance(e, Entry) and e.name and isinstance(e.type, EntityType) for e in names.entries)
    counts = {t: sum(e.type is t for e in names.entries) for t in EntityType}
    assert counts[EntityType.METRIC] >= 40 and counts[EntityType.DATASET] > 1000
    curated_models = read_name_list(RESOURCES_DIR / "curated_models.tsv")
    assert len(curated_models) >= 120
    for entry in curated_models:
        assert names.lookup(entry.name) == (entry.type, entry.name), entry
    size = sum(p.stat().st_size for p in RESOURCES_DIR.iterdir() if p.is_file())
    assert size < 2_000_000


def test_bad_files_fail_with_the_line(tmp_path):
    bad_type = tmp_path / "bad.tsv"
    bad_type.write_text("Foo\tWidget\t\n")
    with pytest.raises(InputError, match="bad.tsv:1: unknown type 'Widget'"):
        read_name_list(bad_type)
    twice = tmp_path / "acronyms.tsv"
    twice.write_text("XY\tx y\tTask\t0\nXY\tex why\tMethod\t1\n")
    with pytest.raises(InputError, match="several readings"):
        read_acronyms(twice)


# ----------------------------------------------------------------------------- pure rules

def test_match_attr():
    assert match_attr(["CLIP"], EntityType.MODEL, COMMON) == "ORTH"
    assert match_attr(["ResNet"], EntityType.MODEL, COMMON) == "LOWER"
    assert match_attr(["MAE"], EntityType.MODEL, frozenset()) == "ORTH"      # short all-caps
    assert match_attr(["GSM8K"], EntityType.DATASET, frozenset()) == "LOWER"
    assert match_attr(["dropout"], EntityType.METHOD, frozenset({"dropout"})) == "LOWER"
    assert match_attr(["Cora"], EntityType.DATASET, frozenset()) == "ORTH"
    assert match_attr(["domain", "generalization"], EntityType.TASK, COMMON) == "LOWER"
    assert match_attr(["Natural", "Question"], EntityType.DATASET, COMMON) == "ORTH"


def test_spelling_variants():
    assert {"GPT-4", "GPT 4", "GPT4"} <= set(spelling_variants("GPT-4"))
    assert "ResNet-50" in spelling_variants("ResNet50", plural=False)
    assert {"large language models", "large language-model"} <= set(spelling_variants("large language model"))
    assert "domain-generalization" in spelling_variants("domain generalization", plural=False)
    assert "LLMs" in spelling_variants("LLM")
    assert spelling_variants("MNIST", plural=False) == ["MNIST"]


# ----------------------------------------------------------------------------- derive script

def test_derive_script_filters_junk(tmp_path):
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "curated_models.tsv").write_text("ResNet\tModel\tresidual net\n")
    (curated / "acronyms.tsv").write_text("GAN\tgenerative adversarial network\tModel\t0\n")
    (curated / "curated_exclude.txt").write_text("Softmax  # pretend it misfires\nLib\n")
    out = tmp_path / "out"
    counts = build(FIXTURE, out, curated_dir=curated, common=COMMON)
    assert counts["methods.tsv"] == 6 and counts["datasets.tsv"] == 4 and counts["tasks.tsv"] == 5

    methods = {e.name: e for e in read_name_list(out / "methods.tsv")}
    assert methods["ResNet"] == Entry("ResNet", EntityType.MODEL, ("residual net", "Residual Network"))
    assert methods["Residual Block"].type is EntityType.METHOD
    assert methods["Generative Adversarial Network"].aliases == ()   # GAN belongs to acronyms.tsv
    assert "Thinned U-shape Module" in methods and "TUM" not in methods  # rare acronym -> full name
    assert "Model Soups" in methods                                    # 'Soups' is a common word
    assert methods["Adversarial Soft Advantage Fitting"].aliases == ()  # '(ASAF)' split off; too rare
    for junk in ("Focus", "SPEED", "dhf", "AE", "Library", "Lib", "Softmax"):
        assert junk not in methods

    datasets = {e.name: e for e in read_name_list(out / "datasets.tsv")}
    assert set(datasets) == {"SQuAD", "DROP", "Natural Questions", "ARC"}  # VQA is a task
    assert datasets["ARC"].aliases == ("AI2 Reasoning Challenge",)

    tasks = {e.name: e for e in read_name_list(out / "tasks.tsv")}
    assert set(tasks) == {"Image Classification", "Deblurring", "Domain Generalization",
                          "Aspect-Based Sentiment Analysis", "Visual Question Answering"}
    assert tasks["Aspect-Based Sentiment Analysis"].aliases == ("ABSA",)
    common = (out / "common_words.txt").read_text().split()
    assert "model" in common and "resnet" not in common

    names = NameLists.load(out)
    assert names.lookup("GAN") is None  # acronyms.tsv not copied to out: short form unknown there
    assert names.lookup("residual network") == (EntityType.MODEL, "ResNet")


def test_derive_script_refuses_a_folder_without_the_dump(tmp_path):
    with pytest.raises(InputError, match="methods.json"):
        build(tmp_path, tmp_path / "out", common=COMMON)


def test_name_interrupted_by_its_short_form(nlp):
    spans = found(nlp, "Fine-tuning can hurt out-of-distribution (OOD) robustness and OOD detection.")
    assert ("out-of-distribution (OOD) robustness", "Task", "out-of-distribution generalization") in spans
    assert ("OOD detection", "Task", "out-of-distribution detection") in spans
    # Only a listed name is joined across the parenthesis.
    assert not [s for s in found(nlp, "We study robust (RB) tuning of CLIP (ViT) models.") if "(" in s[0]]
