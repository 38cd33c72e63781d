"""extract.hygiene on hand-tagged spans (no trained model)."""
import spacy
from spacy.tokens import Span

from claimgraph.extract.hygiene import checked_type, junk_reason, split_coordination
from claimgraph.schema import EntityType

NLP = spacy.blank("en")


def span(text, tags=(), pos=()):
    doc = NLP(text)
    for token, tag in zip(doc, tags, strict=False):
        token.tag_ = tag
    for token, p in zip(doc, pos, strict=False):
        token.pos_ = p
    return Span(doc, 0, len(doc))


def test_clause_pieces_comparatives_latex_and_broken_words_are_junk():
    assert junk_reason(span("simulate robot interactions", tags=("VB", "NN", "NNS"))) == "fragment"
    assert junk_reason(span("easier training", tags=("JJR", "NN"))) == "fragment"
    assert junk_reason(span("free while collecting data", pos=("ADJ", "SCONJ", "VERB", "NOUN"))) == "fragment"
    assert junk_reason(span("extit{edge")) == "measurement"
    assert junk_reason(span("Fisher informa- tion metric")) == "measurement"
    assert junk_reason(span("3D")) == "fragment"
    assert junk_reason(span("hierarchical methods", pos=("ADJ", "NOUN"))) == "generic"


def test_names_pass():
    for name in ("GPT-4", "ResNet-50", "ensemble methods", "Gibbs algorithm", "partition function", "MS COCO",
                 "A* search"):
        assert junk_reason(span(name)) is None, name


def test_type_checks():
    assert checked_type("Samsung Galaxy S20", EntityType.DATASET) is EntityType.CONCEPT
    assert checked_type("mobile CPU", EntityType.TASK) is EntityType.CONCEPT
    assert checked_type("learning rate", EntityType.METRIC) is EntityType.CONCEPT
    assert checked_type("error rate", EntityType.METRIC) is EntityType.METRIC
    assert checked_type("ImageNet", EntityType.DATASET) is EntityType.DATASET


def test_coordination_split_keeps_hyphenated_and():
    parts, head = split_coordination(span("Kinetics and Charades datasets"))
    assert [p.text for p in parts] == ["Kinetics", "Charades"] and head == "datasets"
    parts, head = split_coordination(span("Squeeze-and-Excitation"))
    assert [p.text for p in parts] == ["Squeeze-and-Excitation"] and head == ""


def test_debris_unbalanced_brackets_and_kind_heads_after_everyday_words():
    assert junk_reason(span("eï¬€ective regularizer")) == "measurement"
    assert junk_reason(span("2N control devices (valves")) == "fragment"
    assert junk_reason(span("response mixed action p")) == "fragment"
    assert junk_reason(span("pixel-level")) == "fragment"
    assert junk_reason(span("self-supervised framework")) == "generic"
    assert junk_reason(span("linear framework")) == "generic"
    assert junk_reason(span("attention mechanism")) is None
    assert junk_reason(span("variational disentanglement approach")) is None
