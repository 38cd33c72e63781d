"""The semantic layer without a store: acronym expansion, vectors beside the store, concept
links and decisions, the shipped encoder."""
from __future__ import annotations

import json
from collections import namedtuple

import numpy as np
import pytest

from claimgraph.semantic import encoder as enc
from claimgraph.semantic.acronyms import Expander, definitions
from claimgraph.semantic.concepts import Decisions, Link, acronym_links, plan, similarity_links
from claimgraph.semantic.sentences import split_sentences
from claimgraph.semantic.vectors import VectorStore

EXP = Expander([("OOD", "out-of-distribution"), ("LLM", "large language model"), ("SAM", "sharpness-aware minimization"),
                ("SAM", "segment anything model")])


def test_acronyms_are_expanded_inside_compound_names():
    assert EXP.expand("OOD performance") == "out-of-distribution performance"
    assert EXP.expand("OOD robustness of LLMs") == "out-of-distribution robustness of large language model"
    assert EXP.expand("food performance") == "food performance"     # only acronym-shaped words
    assert EXP.expand("SAM") == "sam"                                # two readings: left alone
    assert "sam" in EXP.ambiguous


def test_a_long_form_is_trimmed_to_the_words_the_acronym_spells():
    e = Expander([("OOD", "out-of-distribution generalization"), ("RFT", "robust fine-tuning")])
    assert e.expand("OOD performance") == "out-of-distribution performance"
    assert e.expand("RFT") == "robust fine-tuning"


def test_contract_writes_known_long_forms_as_their_acronym():
    e = Expander([("OOD", "out-of-distribution"), ("DG", "domain generalization"), ("T", "transformer")])
    assert e.contract("out-of-distribution accuracy") == "OOD accuracy"
    assert e.contract("generalize out of distribution") == "generalize OOD"
    assert e.contract("Robustness in Domain Generalization") == "Robustness in DG"
    assert e.contract("in-distribution accuracy") == "in-distribution accuracy"   # whole words only
    assert e.contract("a transformer") == "a transformer"                         # one-word long forms stay


def test_contract_prefers_the_longest_long_form_among_many():
    # only the long forms whose first word is in the name are tried, longest first, as before
    defs = [(f"X{i}Q", f"filler method {i}") for i in range(500)]
    defs += [("LLM", "large language model"), ("LLMFT", "large language model fine-tuning"),
             ("(ID)", "(in distribution")]
    e = Expander(defs)
    assert e.contract("large language model fine-tuning on CLIP") == "LLMFT on CLIP"
    assert e.contract("a large language model and filler method 7") == "a LLM and X7Q"
    assert e.contract("accuracy (in distribution)") == "accuracy (ID))"   # a first word with a bracket


def test_definitions_come_from_aliases_and_the_curated_table():
    Reading = namedtuple("Reading", "long ambiguous")
    pairs = definitions([{"name": "out-of-distribution", "aliases": ["OOD", "out of distribution"]}],
                        {"DG": Reading("domain generalization", False), "SAM": Reading("x", True)})
    assert pairs == [("OOD", "out-of-distribution"), ("DG", "domain generalization")]


def test_acronym_links_join_only_names_of_one_type_that_meet_after_expansion():
    entities = [
        {"label": "Concept", "key": "ood performance", "name": "OOD performance", "aliases": [], "papers": 1},
        {"label": "Concept", "key": "out of distribution performance", "name": "out-of-distribution performance",
         "aliases": [], "papers": 3},
        {"label": "Method", "key": "ood performance", "name": "OOD performance", "aliases": [], "papers": 1},
        {"label": "Concept", "key": "ood robustness", "name": "OOD robustness", "aliases": [], "papers": 2},
    ]
    entities.append({"label": "Concept", "key": "ood method", "name": "out-of-distribution method", "aliases": ["OOD"],
                     "papers": 1})   # a bare acronym alias does not join its entity to the group
    links = acronym_links(entities, Expander([("OOD", "out-of-distribution")]))
    assert [(x.label, x.a, x.b, x.rule) for x in links] == [
        ("Concept", "ood performance", "out of distribution performance", "acronym expansion")]


def test_an_acronym_another_paper_defined_links_nothing_its_own_definition_does():
    """At 92k papers 36 of 60 links made from any paper's definition joined different things:
    "SLAC" of one paper is not the "Simultaneous Localization And Capture" another defined."""
    entities = [
        {"label": "Method", "key": "simultaneous localization and capture",
         "name": "Simultaneous Localization And Capture", "aliases": ["SLAC"], "papers": 1},
        {"label": "Method", "key": "slac", "name": "SLAC", "aliases": [], "papers": 1},
        {"label": "Method", "key": "panet", "name": "PANet", "aliases": ["Path Aggregation Network"], "papers": 2},
        {"label": "Method", "key": "path aggregation network", "name": "Path Aggregation Network", "aliases": [],
         "papers": 1},
        {"label": "Method", "key": "zo2", "name": "ZO2", "aliases": ["Zeroth-Order Offloading"], "papers": 1},
        {"label": "Method", "key": "zeroth order", "name": "zeroth-order", "aliases": [], "papers": 5},
    ]
    links = acronym_links(entities, Expander())
    assert [(x.a, x.b) for x in links] == [("panet", "path aggregation network")]


def test_a_curated_reading_is_certain_only_where_no_paper_of_the_graph_defines_it_otherwise():
    from claimgraph.orchestration.semantic import curated_expander, same_reading

    assert same_reading("convolution neural network", "Convolutional Neural Networks")
    assert not same_reading("out-of-distribution", "out-of-domain")
    assert curated_expander([]).long_form("OOD")
    dialog = [{"name": "out-of-domain", "aliases": ["OOD"]}]
    assert curated_expander(dialog).long_form("OOD") is None
    assert curated_expander([{"name": "out of distribution", "aliases": ["OOD"]}]).long_form("OOD")


def test_similarity_links_need_the_threshold_and_one_label():
    entities = [{"label": "Method", "key": "a", "name": "A"}, {"label": "Method", "key": "b", "name": "B"},
                {"label": "Dataset", "key": "c", "name": "C"}]
    v = np.array([[1, 0], [0.99, 0.141], [1, 0]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    assert [(x.a, x.b) for x in similarity_links(entities, v, "m", threshold=0.98)] == [("a", "b")]
    assert similarity_links(entities, v, "m", threshold=0.999) == []


def test_decisions_undo_and_accept_survive_a_reload(tmp_path):
    path = tmp_path / "concepts.json"
    d = Decisions(path)
    d.undo("Concept", "b", "a")
    d.accept("Method", "x", "y")
    again = Decisions(path)
    proposed = [Link("Concept", "a", "b", 1.0, "acronym expansion"), Link("Concept", "c", "d", 1.0, "similarity")]
    kept = again.apply(proposed)
    assert [(x.label, x.a, x.b, x.rule) for x in kept] == [("Concept", "c", "d", "similarity"),
                                                           ("Method", "x", "y", "accepted")]
    again.accept("Concept", "a", "b")            # accepting an undone pair lifts the cannot-link
    assert ("Concept", "a", "b") in {(x.label, x.a, x.b) for x in Decisions(path).apply(proposed)}


def test_plan_writes_new_links_and_deletes_those_no_longer_proposed():
    existing = [{"label": "Concept", "a": "a", "b": "b", "rule": "similarity", "score": 0.98},
                {"label": "Concept", "a": "c", "b": "d", "rule": "acronym expansion", "score": 1.0}]
    put, drop = plan([Link("Concept", "c", "d", 1.0, "acronym expansion"), Link("Method", "x", "y", 1.0, "accepted")],
                     existing)
    assert [(x.a, x.b) for x in put] == [("x", "y")]
    assert drop == [{"label": "Concept", "a": "a", "b": "b"}]


def _fake_encode(calls):
    def encode(texts):
        calls.extend(texts)
        out = np.array([[len(t), 1.0] for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)
    return encode


def test_vectors_update_incrementally_and_start_afresh_for_another_model(tmp_path):
    calls = []
    vs = VectorStore(tmp_path, "model-1", "graph-1")
    assert vs.update("entities", {"a": "alpha", "b": "be"}, _fake_encode(calls)).encoded == 2
    again = VectorStore(tmp_path, "model-1", "graph-1")
    done = again.update("entities", {"a": "alpha", "b": "bee", "c": "c"}, _fake_encode(calls))
    assert (done.encoded, done.kept, done.dropped) == (2, 1, 1) and calls[-2:] == ["bee", "c"]
    assert again.update("entities", {"a": "alpha", "b": "bee", "c": "c"}, _fake_encode(calls)).encoded == 0
    hits = again.search("entities", np.array([1.0, 0.0], dtype=np.float32), k=1)
    assert hits[0][0] == "a"
    assert again.search("entities", np.array([1.0, 0.0], dtype=np.float32), k=3, within_groups={"c"})[0][0] == "c"
    other = VectorStore(tmp_path, "model-2", "graph-1")
    assert other.update("entities", {"a": "alpha"}, _fake_encode(calls)).encoded == 1
    assert json.loads((tmp_path / "manifest.json").read_text())["model"] == "model-2"


def test_a_search_within_papers_ranks_their_sentences_and_follows_updates(tmp_path):
    vs = VectorStore(tmp_path, "model-1", "graph-1")
    texts = {"p1#0": "a", "p1#1": "abcdef", "p2#0": "abc", "p3#0": "abcdefgh"}
    vs.update("sentences", texts, _fake_encode([]))
    query = np.array([1.0, 0.0], dtype=np.float32)
    within_papers = vs.search("sentences", query, k=5, within_groups={"p1", "p2"})
    assert [k for k, _ in within_papers] == ["p1#1", "p2#0", "p1#0"]
    assert vs.search("sentences", query, k=5, within_groups={"nowhere"}) == []
    vs.update("sentences", {**texts, "p2#1": "abcdefghijk"}, _fake_encode([]))   # the grouping is rebuilt
    assert vs.search("sentences", query, k=1, within_groups={"p2"})[0][0] == "p2#1"


def test_vectors_encoded_in_shares_equal_vectors_encoded_at_once(tmp_path, monkeypatch):
    from claimgraph.semantic import vectors

    texts = {f"k{i}": "x" * (i + 1) for i in range(7)}
    whole = VectorStore(tmp_path / "whole", "m", "g")
    whole.update("entities", texts, _fake_encode([]))
    calls: list[str] = []
    sizes: list[int] = []
    monkeypatch.setattr(vectors, "ENCODE_SHARE", 3)
    shared = VectorStore(tmp_path / "shares", "m", "g")
    shared.update("entities", texts, lambda batch: (sizes.append(len(batch)), _fake_encode(calls)(batch))[1])
    assert sizes == [3, 3, 1] and calls == list(texts.values())
    (keys_a, _, a), (keys_b, _, b) = whole.matrix("entities"), shared.matrix("entities")
    assert keys_a == keys_b and np.array_equal(a, b)


def test_sentences_split_on_sentence_ends():
    text = "We propose RFT for robust fine-tuning. It improves OOD accuracy on CLIP. Short."
    assert split_sentences(text) == ["We propose RFT for robust fine-tuning.", "It improves OOD accuracy on CLIP."]


@pytest.mark.skipif(not enc.available(), reason="semantic/model not present")
def test_the_shipped_encoder_puts_synonyms_near_and_needs_no_torch():
    import subprocess
    import sys

    e = enc.default_encoder()
    v = e.encode(["out-of-distribution robustness", "out-of-distribution generalization", "image captioning"])
    assert v.shape == (3, 256) and abs(float(np.linalg.norm(v[0])) - 1) < 1e-4
    assert v[0] @ v[1] > v[0] @ v[2]
    code = ("import sys; from claimgraph.semantic.encoder import default_encoder; default_encoder().encode(['x']); "
            "print('torch' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_one_pass_for_several_queries_finds_what_a_search_each_finds_with_ties_in_key_order(tmp_path):
    vs = VectorStore(tmp_path, "model-1", "graph-1")
    rng = np.random.default_rng(7)
    texts = {f"Method|m{i}": "x" * int(n) for i, n in enumerate(rng.integers(1, 30, 60))}
    texts["Concept|twin"] = texts["Task|twin"] = "x" * 12      # the same vector under two labels
    vs.update("entities", texts, _fake_encode([]))
    queries = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], dtype=np.float32)
    together = vs.search_many("entities", queries, k=7)
    one_each = [vs.search("entities", q, k=7) for q in queries]
    assert [[k for k, _ in hits] for hits in together] == [[k for k, _ in hits] for hits in one_each]
    assert np.allclose([s for hits in together for _, s in hits], [s for hits in one_each for _, s in hits])
    tied = [k for k, _ in vs.search("entities", vs.vector("entities", "Task|twin"), k=60) if k.endswith("twin")]
    assert tied == ["Concept|twin", "Task|twin"]
