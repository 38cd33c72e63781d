"""Pure pieces of the explorer (issue 23): how a claim reads, answers at a glance, entity links,
communities, the comparison table, and `claimgraph app` passing signals on. No server."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from claimgraph.graph import links
from claimgraph.graph.reads import effect_text
from claimgraph.ui import answers, graphview


@pytest.mark.parametrize("claim, text", [
    ({"effect": "improves"}, "improves"),
    ({"effect": "improves", "negated": True}, "does not improve"),
    ({"effect": "correlates", "negated": True}, "does not correlate with"),
    ({"effect": "correlates"}, "correlates with"),
    ({"effect": "improves", "hedged": True}, "may improve"),
    ({"effect": "reduces", "hedged": True, "negated": True}, "may not reduce"),
    ({"effect": "improves", "negated": True, "effect_text": "fails to improve"}, "fails to improve"),
    ({}, "affects"),
])
def test_effect_text_writes_out_negation_and_hedging_and_prefers_the_stored_text(claim, text):
    assert effect_text(claim) == text


def test_claim_text_and_node_captions_use_effect_text():
    claim = {"subject_name": "sharpness", "effect": "correlates", "negated": True, "target_name": "generalization"}
    assert graphview.claim_text(claim) == "sharpness does not correlate with generalization"
    assert graphview.node_caption({"label": "Claim", "props": {"effect": "improves", "hedged": True}}) == "may improve"


ROWS = [
    {"subject": "sharpness", "effect": "correlates", "negated": True, "hedged": False, "target": "generalization",
     "context": ["model: ResNet", "dataset: CIFAR-10"], "paper_id": "p1", "paper_title": "Sharp minima",
     "evidence": "Sharpness does not correlate with generalization."},
    {"subject": "sharpness", "effect": "improves", "negated": False, "hedged": True, "target": "robustness",
     "context": [], "paper_id": "p2", "paper_title": "Flat", "evidence": "Sharpness may improve robustness."},
    {"subject": "SAM", "effect": "improves", "negated": False, "hedged": False, "target": "accuracy",
     "context": [], "paper_id": "p3", "paper_title": "SAM <b>", "evidence": "SAM improves accuracy."},
]


def test_summary_has_one_row_per_subject_with_papers_and_the_best_sentence():
    summary = answers.summarize(ROWS)
    assert [g["subject"] for g in summary] == ["sharpness", "SAM"]
    sharp = summary[0]
    assert sharp["papers"] == 2 and sharp["rows"] == 2
    assert sharp["says"] == "does not correlate with generalization; may improve robustness"
    # The best sentence: an affirmed claim before a negated one, a plain one before a hedged one.
    assert sharp["evidence"] == "Sharpness may improve robustness."


def test_evidence_cards_put_the_sentence_first_with_chips_and_labelled_flags():
    out = answers.evidence_html(ROWS)
    first = out.split("</div></div>")[0]
    assert first.index("Sharpness does not correlate") < first.index("Sharp minima")
    assert "sharpness does not correlate with generalization" in out
    assert ">negated</span>" in out and ">hedged</span>" in out
    assert "True" not in out and "False" not in out and "['" not in out
    assert "<b style=\"font-weight:600\">model</b> ResNet" in out
    assert "SAM &lt;b&gt;" in out and "SAM <b>" not in out


def test_comparison_rows_and_pivot_take_numbers_from_the_sentence():
    rows = [{"method": "LoRA", "target": "accuracy", "target_label": "Metric", "effect": "improves",
             "negated": False, "hedged": False, "magnitude": None, "metrics": [], "datasets": ["GLUE"],
             "evidence": "LoRA improves accuracy by 2.3% on GLUE.", "paper_id": "p", "paper_title": "L"},
            {"method": "Adapters", "target": "memory", "target_label": "Concept", "effect": "reduces",
             "negated": True, "hedged": False, "magnitude": None, "metrics": [], "datasets": [],
             "evidence": "Adapters do not reduce memory.", "paper_id": "q", "paper_title": "A"}]
    table = answers.comparison(rows)
    assert [(r["method"], r["dataset"], r["metric"]) for r in table] == [("Adapters", answers.NOT_NAMED, "memory"),
                                                                          ("LoRA", "GLUE", "accuracy")]
    assert table[1]["result"] == "improves accuracy (2.3%)" and table[0]["result"] == "does not reduce memory"
    datasets, grid = answers.pivot(table)
    assert datasets == ["GLUE", answers.NOT_NAMED]
    assert grid[1] == {"method": "LoRA", "GLUE": "improves accuracy (2.3%)", answers.NOT_NAMED: ""}


def test_strongest_links_count_papers_and_claims_and_keep_the_top_k():
    def named(paper, label, key, claim=None):
        return {"paper": paper, "claim": claim, "label": label, "key": key, "papers": 1}
    rows = [named("a", "Model", "clip"), named("a", "Dataset", "imagenet"), named("b", "Model", "clip"),
            named("b", "Dataset", "imagenet"), named("b", "Method", "mixup"),
            named("c", "Model", "clip", "c1"), named("c", "Dataset", "imagenet", "c1"),
            named("d", "Model", "clip"), named("d", "Method", "lora"), named("d", "NotALabel", "x")]
    top = links.strongest(rows, {("Model", "clip")}, top_k=2)
    assert list(top) == [("Model", "clip")]
    found = top[("Model", "clip")]
    assert [(l["other"], l["papers"], l["claims"]) for l in found] == [(("Dataset", "imagenet"), 3, 1),
                                                                        (("Method", "lora"), 1, 0)]
    assert found[0]["paper_ids"] == ["a", "b", "c"]


def test_links_count_what_a_brute_force_count_of_pairs_counts():
    """The per-entity count (links._choices) against the definition: a paper is behind (a, b)
    when it names both or a claim of it joins them; claims counts the claims joining both."""
    rng = random.Random(7)
    ents = [(label, f"{label[0]}{i}") for label in ("Method", "Dataset", "Task") for i in range(12)]
    rows = []
    for p in range(60):
        for label, key in rng.sample(ents, rng.randint(1, 6)):
            rows.append({"paper": f"p{p}", "claim": None, "label": label, "key": key, "papers": len(key)})
        for c in range(rng.randint(0, 2)):
            for label, key in rng.sample(ents, rng.randint(2, 3)):
                rows.append({"paper": f"p{p}", "claim": f"p{p}c{c}", "label": label, "key": key, "papers": len(key)})
    papers: dict = {}
    claims: dict = {}
    for r in rows:
        papers.setdefault(r["paper"], set()).add((r["label"], r["key"]))
        if r["claim"]:
            claims.setdefault(r["claim"], set()).add((r["label"], r["key"]))
    for top_k in (6, 30):    # 30: more than MAX_SINGLE one-paper links would make the cut
        _assert_brute_force(links.strongest(rows, top_k=top_k), papers, claims, top_k)


def _assert_brute_force(top, papers, claims, top_k):
    assert len(top) > 30
    for a, found in top.items():
        expected = []
        for b in {b for refs in papers.values() if a in refs for b in refs} - {a}:
            ids = sorted(p for p, refs in papers.items() if {a, b} <= refs)
            expected.append({"other": b, "papers": len(ids), "claims": sum({a, b} <= refs for refs in claims.values()),
                             "paper_ids": ids[:links.MAX_PAPER_IDS]})
        expected.sort(key=lambda l: (-l["papers"], -l["claims"], -len(l["other"][1]), l["other"]))
        singles = [l for l in expected if l["papers"] == 1 and not l["claims"]][links.MAX_SINGLE:]
        assert found == [l for l in expected if l not in singles][:top_k], a


def _hub(n_groups=3, size=30):
    center = {"label": "Dataset", "key": "imagenet", "name": "ImageNet", "papers": 500}
    nodes, found = [], []
    for g in range(n_groups):
        members = [("Method", f"m{g}-{i}") for i in range(size)]
        nodes += [{"label": l, "key": k, "name": k, "papers": i + 1} for i, (l, k) in enumerate(members)]
        found += [{"a": ("Dataset", "imagenet"), "b": m, "papers": 2, "claims": 0, "paper_ids": ["p"]} for m in members]
        found += [{"a": members[i], "b": members[j], "papers": 3, "claims": 0, "paper_ids": []}
                  for i in range(size) for j in range(i + 1, size) if (i + j) % 3 == 0]
    return {"center": center, "nodes": nodes, "links": found}


def test_a_large_neighbourhood_becomes_a_few_labelled_groups_that_open():
    data = _hub()
    view, groups = graphview.entity_graph_html(data, titles={"p": "A paper"})
    assert 2 <= len(groups) <= graphview.MAX_CLUSTERS and view.shown == len(groups)
    assert sum(len(g["members"]) for g in groups) == 90
    assert "\\u0026cluster=0" in view.html and '"href": "?entity=Dataset:imagenet"' in view.html
    again, same = graphview.entity_graph_html(data, cluster=0)
    assert same == groups and again.shown == len(groups[0]["members"])
    assert "?entity=Method:" in again.html and "top.document.createElement" in again.html


def test_a_small_neighbourhood_is_drawn_whole_with_top_labels_and_papers_on_hover():
    data = _hub(n_groups=1, size=30)
    view, groups = graphview.entity_graph_html(data, titles={"p": "A paper </script>"}, labels_shown=5)
    assert groups == [] and view.shown == 30
    assert view.html.count('"label": " "') == 25                     # only the top 5 carry a label
    assert "• A paper" in view.html and "</script>\\n" not in view.html


def test_app_passes_sigterm_on_to_its_child_and_waits_for_it(tmp_path):
    """`run_forwarding_signals`: the child gets the signal and is waited for."""
    marker = tmp_path / "child-stopped"
    child = ("import signal, sys, time, pathlib\n"
             f"def bye(*_): pathlib.Path({str(marker)!r}).write_text('ok'); sys.exit(0)\n"
             "signal.signal(signal.SIGTERM, bye)\n"
             "print('ready', flush=True)\n"
             "time.sleep(60)\n")
    parent = ("import sys; from claimgraph.ui.cli import run_forwarding_signals\n"
              f"sys.exit(run_forwarding_signals([sys.executable, '-c', {child!r}]))\n")
    proc = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    os.kill(proc.pid, signal.SIGTERM)
    started = time.monotonic()
    assert proc.wait(timeout=20) == 128 + signal.SIGTERM
    assert marker.read_text() == "ok" and time.monotonic() - started < 15
