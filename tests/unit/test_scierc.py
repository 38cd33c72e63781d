"""SciERC loading, offsets, strict scoring, the mapped scores and the evaluation report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from claimgraph.evaluation import scierc
from claimgraph.evaluation.scierc import (
    evaluate,
    format_report,
    load_docs,
    map_spans,
    read_records,
    record_spans,
    score_spans,
)
from claimgraph.extract.recogniser import SCIERC_LABELS, load_model, looks_like_dataset, map_label
from claimgraph.schema.errors import InputError

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
    report = score_spans(gold, pred, labels=SCIERC_LABELS)
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
    assert list(per)[:6] == list(SCIERC_LABELS)


def test_scorer_perfect_and_empty():
    gold = [{(0, 1, "Task")}]
    assert score_spans(gold, gold)["micro"]["f"] == 1.0
    assert score_spans(gold, [set()])["micro"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 1}
    with pytest.raises(ValueError):
        score_spans(gold, [])


def test_format_report_is_a_table():
    report = {"split": "dev", "docs": 2, "model": "m",
              "scierc": score_spans([{(0, 1, "Task")}], [{(0, 1, "Task")}], SCIERC_LABELS)}
    text = format_report(report)
    assert "micro" in text and "OtherScientificTerm" in text and "100.0" in text


def test_type_mapping_all_material_and_errors():
    assert map_label("Material", "images", material="all") == "Dataset"
    assert looks_like_dataset("Wall Street Journal") and not looks_like_dataset("Japanese")


def test_language_pairs_and_modalities_name_no_dataset():
    # judged junk as datasets in the session-30 sample: "English-German", "English-Esperanto", "RGB"
    for text in ("English-German", "English–Esperanto", "RGB", "RGB-D", "depth"):
        assert not looks_like_dataset(text), text
    for text in ("NYU Depth V2", "RGB-D Scenes", "KITTI", "Penn Treebank"):
        assert looks_like_dataset(text), text
    with pytest.raises(ValueError):
        map_label("Person", "x")
    with pytest.raises(ValueError):
        map_label("Material", "x", material="some")
    words = "the Penn Treebank and images".split()
    spans = {(1, 3, "Material"), (4, 5, "Material"), (0, 1, "Generic")}
    assert map_spans(spans, words) == {(1, 3, "Dataset")}
    assert map_spans(spans, words, material="all") == {(1, 3, "Dataset"), (4, 5, "Dataset")}


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_evaluate_on_fixture(model):
    report = evaluate("dev", data_dir=FIXTURE, nlp=model)
    assert report["docs"] == 3
    assert report["scierc"]["micro"]["tp"] + report["scierc"]["micro"]["fn"] == 13
    assert set(report) >= {"scierc", "claimgraph", "claimgraph_all_material"}
    assert 0.0 <= report["claimgraph"]["micro"]["f"] <= 1.0
    assert "Dataset" in report["claimgraph"]["per_type"]



def test_evaluate_any_file(model, tmp_path):
    report = evaluate(file=FIXTURE, nlp=model)
    assert (report["split"], report["path"], report["docs"]) == ("scierc_small.json", str(FIXTURE), 3)
    assert report["scierc"] == evaluate("dev", data_dir=FIXTURE, nlp=model)["scierc"]
    with pytest.raises(InputError, match="not found"):
        evaluate(file=tmp_path / "test.json", nlp=model)
