"""The question-set scorer (evaluation/questions.py): the QUESTIONS.md rule, without a store."""
from __future__ import annotations

from claimgraph.evaluation.questions import Asked, contains_name, row_names, score


def test_the_rule_folds_and_needs_four_characters_for_a_substring():
    assert contains_name("WiSE-FT", ["WiSE-FT (weight-space ensemble)"])
    assert not contains_name("RFT", ["Robust RFT variant"])
    assert contains_name("RFT", ["rft"])
    assert contains_name("RFT", ["Robust Fine-Tuning (RFT)"], aliases=["Robust Fine-Tuning"])
    assert not contains_name("BANG", [])


def test_row_names_reads_every_name_column_and_context_entries():
    row = {"subject": "RFT", "target": "OOD robustness", "context": ["model: CLIP"], "evidence": "RFT is good",
           "topics": ["LoRA", "low-rank adaptation"]}
    assert set(row_names(row)) == {"RFT", "OOD robustness", "CLIP", "LoRA", "low-rank adaptation"}


def test_score_is_micro_and_skips_corpora_without_a_graph():
    questions = [
        {"id": "a", "corpus": "demo", "kind": "effect", "question": "x", "expected": ["RFT", "BANG"],
         "related": ["BANG"]},
        {"id": "b", "corpus": "graph3000", "kind": "task", "question": "y", "expected": ["LoRA"]},
    ]
    ask = lambda text: Asked(names=["RFT", "BANG"], related=["BANG"], rows=2)  # noqa: E731
    report = score(questions, lambda q: ask if q["corpus"] == "demo" else None)
    assert (report["total"].found, report["total"].expected) == (2, 2)
    assert report["skipped"] == ["b"]
    assert report["items"][0]["related_labelled"] == ["BANG"]
