"""Normalisation and resolution across papers: what must merge, and what must not."""
import pytest

from claimgraph.extract.resolution import Resolver
from claimgraph.schema import Entity, EntityType, ExtractionResult, Paper, PaperRelation, RelType
from claimgraph.schema.keys import is_acronym, normalize_key


@pytest.mark.parametrize("a, b", [
    ("ResNet-50", "ResNet50"), ("resnet 50", "ResNet-50"), ("Vision Transformers", "vision transformer"),
    ("Domain-Generalization", "domain generalization"), ("LLMs", "LLM"), ("GPT-4", "GPT 4"),
    ("Schrödinger bridge", "Schrodinger Bridges"), ("losses", "loss"), ("model sizes", "model size"),
    ("batch sizes", "batch size"),
])
def test_keys_fold_spelling_variants(a, b):
    assert normalize_key(a) == normalize_key(b)


@pytest.mark.parametrize("a, b", [("ResNet-50", "ResNet-101"), ("GPT-3", "GPT-4"), ("CIFAR-10", "CIFAR-100"),
                                  ("bias", "bia"), ("analysis", "analyses of variance")])
def test_keys_keep_different_things_apart(a, b):
    assert normalize_key(a) != normalize_key(b)


def test_acronym_detection():
    assert is_acronym("OOD") and is_acronym("LLMs") and is_acronym("ViT") and is_acronym("WiSE-FT")
    assert not is_acronym("Transformer") and not is_acronym("domain generalization")


def result(pid, *entities):
    paper = Paper(id=pid, title=pid, abstract="x")
    rels = [PaperRelation(type=RelType.USES, entity=e, evidence="x", start=0, end=1, starts=[0], ends=[1],
                          extractor="test") for e in entities]
    return ExtractionResult(paper=paper, relations=rels, extractor_version="t")


def method(name, key=None, aliases=()):
    return Entity(type=EntityType.METHOD, key=key or normalize_key(name), name=name, aliases=list(aliases))


def test_short_form_merges_into_the_one_long_form_another_paper_defined():
    resolver = Resolver()
    a = result("a", method("Robust Fine-Tuning", aliases=["RFT"]))
    b = result("b", method("RFT"))
    out = resolver.resolve([a, b])
    assert out[1].relations[0].entity.key == "robust fine tuning"
    assert "RFT" in out[1].relations[0].entity.aliases
    assert [(m.from_key, m.to_key, m.reason) for m in resolver.log] == [("rft", "robust fine tuning",
                                                                          "defined in another paper")]


def test_shared_acronym_with_two_definitions_must_not_merge():
    resolver = Resolver()
    a = result("a", method("Sharpness-Aware Minimization", aliases=["SAM"]))
    b = result("b", method("Segment Anything Model", aliases=["SAM"]))
    c = result("c", method("SAM"))
    out = resolver.resolve([a, b, c])
    assert out[2].relations[0].entity.key == "sam"  # ambiguous: left alone
    assert out[0].relations[0].entity.key != out[1].relations[0].entity.key
    assert resolver.log == []


def test_different_types_do_not_merge():
    resolver = Resolver()
    a = result("a", Entity(type=EntityType.TASK, key="domain generalization", name="domain generalization",
                           aliases=["DG"]))
    b = result("b", method("DG"))
    assert resolver.resolve([a, b])[1].relations[0].entity.key == "dg"


def test_name_lists_fold_synonyms_and_acronyms():
    resolver = Resolver.from_name_lists()
    vit = resolver.canonical(Entity(type=EntityType.MODEL, key="vit", name="ViT"))
    assert vit.key == normalize_key("Vision Transformer") and "ViT" in vit.aliases
    assert resolver.log[-1].reason == "name list"


def test_two_edges_that_resolve_to_one_entity_become_one():
    resolver = Resolver()
    first = result("a", method("Robust Fine-Tuning", aliases=["RFT"]))
    both = result("b", method("Robust Fine-Tuning"), method("RFT"))
    out = resolver.resolve([first, both])
    assert len(out[1].relations) == 1 and out[1].relations[0].starts == [0, 0]


def model(name, key=None):
    return Entity(type=EntityType.MODEL, key=key or normalize_key(name), name=name)


@pytest.mark.parametrize("a, b", [("MobileNetV2", "MobileNetV3"), ("MobileNet", "MobileNetV2"), ("YOLOv3", "YOLO")])
def test_versions_stay_apart_through_the_lists_and_across_papers(a, b):
    resolver = Resolver.from_name_lists()
    out = resolver.resolve([result("a", model(a)), result("b", model(b))])
    assert out[0].relations[0].entity.key != out[1].relations[0].entity.key


def test_spelling_variants_merge_across_papers_and_through_the_lists():
    resolver = Resolver.from_name_lists()
    coco = resolver.canonical(Entity(type=EntityType.DATASET, key="mscoco", name="MSCOCO"))
    assert coco.key == normalize_key("MS COCO")
    resolver = Resolver()
    out = resolver.resolve([result("a", method("Deep Lab Cut")), result("b", method("DeepLabCut"))])
    assert out[1].relations[0].entity.key == out[0].relations[0].entity.key == "deep lab cut"


def test_a_name_is_a_method_or_a_model_not_both():
    resolver = Resolver.from_name_lists()
    out = resolver.resolve([result("a", method("YOLO"))])
    assert out[0].relations[0].entity.type is EntityType.MODEL        # the lists say Model
    resolver = Resolver()
    out = resolver.resolve([result("a", model("FooNet")), result("b", method("FooNet"))])
    assert [r.relations[0].entity.type for r in out] == [EntityType.MODEL, EntityType.MODEL]
