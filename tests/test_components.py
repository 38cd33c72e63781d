"""The spaCy components together on a blank pipeline (no trained model): entities and short forms."""
import spacy

import extract.components  # noqa: F401
import extract.gazetteer  # noqa: F401
from extract.pipeline import doc_to_result
from schema import EntityType, Paper, RelType


def make_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("cg_gazetteer")
    nlp.add_pipe("cg_patterns")
    nlp.add_pipe("cg_entities")
    return nlp


def spans(doc):
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans["cg_entities"]]


def test_short_form_takes_long_form_everywhere():
    doc = make_nlp()("We propose Balanced Averaging (BANG), a novel method. BANG improves CLIP on ImageNet.")
    found = spans(doc)
    assert ("Balanced Averaging", "Method", "Balanced Averaging") in found
    assert found.count(("BANG", "Method", "Balanced Averaging")) == 2
    assert ("CLIP", "Model", "CLIP") in found and ("ImageNet", "Dataset", "ImageNet") in found


def test_result_has_proposes_with_alias_and_offsets():
    text = "We propose Balanced Averaging (BANG), a novel method. BANG improves CLIP on ImageNet."
    paper = Paper(id="p", title="BANG: a paper", abstract=text)
    result = doc_to_result(make_nlp()(text), paper)
    proposes = [r for r in result.relations if r.type is RelType.PROPOSES]
    assert len(proposes) == 1
    bang = proposes[0]
    assert bang.entity.name == "Balanced Averaging" and bang.entity.aliases == ["BANG"]
    assert [text[s:e] for s, e in zip(bang.starts, bang.ends)] == ["Balanced Averaging", "BANG", "BANG"]
    uses = {(r.type, r.entity.type, r.entity.name) for r in result.relations}
    assert (RelType.USES, EntityType.MODEL, "CLIP") in uses
    assert (RelType.EVALUATES_ON, EntityType.DATASET, "ImageNet") in uses
    assert all(m.sentence == text[m.sentence_start:m.sentence_start + len(m.sentence)] for m in result.mentions)


def test_title_only_proposal_gets_an_edge_with_the_title_as_evidence():
    text = "We study calibration of LiDAR and cameras with a transformer."
    paper = Paper(id="p", title="CalibFormer: A Transformer-based Calibration Network", abstract=text)
    result = doc_to_result(make_nlp()(text), paper)
    (proposed,) = [r for r in result.relations if r.type is RelType.PROPOSES]
    assert proposed.entity.name == "CalibFormer" and proposed.evidence == paper.title and proposed.extractor == "title"
