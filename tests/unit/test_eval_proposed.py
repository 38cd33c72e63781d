"""The matcher of `claimgraph eval proposed` and its figures, without extraction."""
import pytest

from claimgraph.evaluation.proposed import GoldPaper, evaluate, fold, names_match, written_in
from claimgraph.schema import Entity, EntityType, ExtractionResult, Paper, PaperRelation, RelType


def test_fold_keeps_letters_and_digits_only():
    assert fold("Fast R-CNN") == "fastrcnn"
    assert fold("Beneš Block") == "benešblock"
    assert fold("  --  ") == ""


@pytest.mark.parametrize("a, b", [
    ("Fast R-CNN", "fast rcnn"),          # case and punctuation folding
    ("ADAHESSIAN", "AdaHessian"),
    ("PGNet", "PGNet model"),             # containment, inner name >= 4 characters
    ("Point Gathering Network (PGNet)", "Point Gathering Network"),
    ("GLN", "G.L.N."),                    # short names: equality only
])
def test_names_that_match(a, b):
    assert names_match(a, b) and names_match(b, a)


@pytest.mark.parametrize("a, b", [
    ("GLN", "GLNet"),                     # 3 characters: no containment
    ("RSE", "Residual Shuffle-Exchange Network"),
    ("", "anything"),
    ("Mamba", "Transformer"),
])
def test_names_that_do_not_match(a, b):
    assert not names_match(a, b) and not names_match(b, a)


def test_written_in_uses_whole_words_for_short_names():
    assert written_in("GLN", "We train a GLN on MNIST.")
    assert not written_in("GLN", "GLNs-free text: aGLNb")
    assert written_in("Fast R-CNN", "this paper proposes fast rcnn for detection")


def _result(paper: Paper, *names: str) -> ExtractionResult:
    rels = [PaperRelation(type=RelType.PROPOSES, entity=Entity(type=EntityType.METHOD, key=n.lower(), name=n),
                          evidence="", start=0, end=0, starts=[], ends=[], extractor="t") for n in names]
    rels.append(PaperRelation(type=RelType.USES, entity=Entity(type=EntityType.METHOD, key="adam", name="Adam"),
                              evidence="", start=0, end=0, starts=[], ends=[], extractor="t"))
    return ExtractionResult(paper=paper, mentions=[], relations=rels, claims=[], extractor_version="t")


def test_evaluate_counts_recall_rate_and_precision_proxy():
    p1 = Paper(id="1", title="TabNet: x", abstract="We propose TabNet, a network.")
    p2 = Paper(id="2", title="Gated Linear Networks", abstract="We study networks.")
    rows = [GoldPaper(p1, [{"name": "TabNet", "full_name": "TabNet"}]),
            GoldPaper(p2, [{"name": "GLN", "full_name": "Gated Linear Network"}])]
    report = evaluate(rows, {"1": _result(p1, "TabNet", "attentive transformer"), "2": _result(p2)})
    assert report["recall"] == 0.5
    assert report["any_proposes"] == 0.5
    assert report["in_abstract"] == {"gold": 1, "found": 1, "recall": 1.0}   # GLN is not written in p2
    assert report["precision_proxy"]["precision"] == 0.5                   # "attentive transformer" is extra
    assert report["errors"][0]["extra"] == ["attentive transformer"]
