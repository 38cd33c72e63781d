"""`claimgraph eval gold` and `claimgraph eval scierc` end to end through the CLI, on small fixtures.

tests/fixtures/gold_small: three abstracts copied from the demo corpus (page.txt, same page
format) with their rows of data/gold/entities.jsonl. tests/fixtures/scierc_dev_sample/dev.json:
the first five documents of SciERC dev, unchanged. Floors are far below what the pipeline
scores and far above what a pipeline that finds nothing, or mistypes everything, would.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.ui.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"
GOLD = FIXTURES / "gold_small" / "entities.jsonl"
GOLD_CORPUS = FIXTURES / "gold_small" / "page.txt"
SCIERC_DIR = FIXTURES / "scierc_dev_sample"
GOLD_ROWS = ["proposed_methods", "methods", "models", "datasets", "tasks", "metrics", "micro"]
_NUM = r"(\d\.\d{3})"
_ROW = re.compile(rf"^(\w+)\s+{_NUM}\s+{_NUM}\s+{_NUM}\s+(\d+)\s+(\d+)\s+(\d+)$")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def gold_table() -> dict[str, tuple]:
    out = run("eval", "gold", str(GOLD), "--corpus", str(GOLD_CORPUS))
    lines = out.strip().splitlines()
    assert lines[0].split() == ["type", "P", "R", "F1", "tp", "pred", "gold"]
    assert lines[-1] == "(3 abstracts)"  # every fixture title found in the fixture corpus
    rows = {}
    for line in lines[1:-1]:
        m = _ROW.match(line)
        assert m, f"malformed row: {line!r}"
        name, p, r, f, tp, pred, gold = m.groups()
        rows[name] = (float(p), float(r), float(f), int(tp), int(pred), int(gold))
    assert list(rows) == GOLD_ROWS
    return rows


def test_eval_gold_table_is_well_formed(gold_table):
    for name, (p, r, f, tp, pred, gold) in gold_table.items():
        assert tp <= pred and tp <= gold, name
        assert p == pytest.approx(tp / pred if pred else 0.0, abs=1e-3), name
        assert r == pytest.approx(tp / gold if gold else 0.0, abs=1e-3), name
        assert f == pytest.approx(2 * p * r / (p + r) if p + r else 0.0, abs=2e-3), name
    fields = [v for k, v in gold_table.items() if k != "micro"]
    assert gold_table["micro"][3:] == tuple(sum(v[i] for v in fields) for i in (3, 4, 5))
    gold_items = sum(len(v) for line in GOLD.read_text().splitlines()
                     for k, v in json.loads(line).items() if k != "title")
    assert gold_table["micro"][5] == gold_items


def test_eval_gold_scores_above_floor(gold_table):
    assert gold_table["micro"][2] >= 0.6
    assert gold_table["proposed_methods"][2] >= 0.9  # C-Mixup, DARAG
    assert gold_table["models"][2] >= 0.6
    assert gold_table["tasks"][2] >= 0.6


def test_eval_gold_json_matches_table(gold_table):
    report = json.loads(run("eval", "gold", str(GOLD), "--corpus", str(GOLD_CORPUS), "--no-model", "--format", "json"))
    assert report["abstracts"] == 3 and report["missing"] == []
    assert set(report["fields"]) == set(GOLD_ROWS)
    assert report["fields"]["micro"]["gold"] == gold_table["micro"][5]
    assert report["fields"]["micro"]["f1"] >= 0.5  # lists and patterns alone


def test_eval_scierc_on_dev_sample():
    out = run("eval", "scierc", "--split", "dev", "--data-dir", str(SCIERC_DIR))
    lines = out.splitlines()
    assert lines[0].startswith("SciERC dev: 5 abstracts")
    assert "SciERC types (strict span + type)" in out and "ClaimGraph types" in out
    micro = [line for line in lines if line.startswith("micro")]
    assert len(micro) == 3
    for line in micro:
        p, r, f, gold, pred = line.split()[1:]
        assert 0 <= float(p) <= 100 and 0 <= float(r) <= 100 and 0 <= float(f) <= 100
        assert int(gold) > 0 and int(pred) > 0
    n_gold = sum(len(s) for line in (SCIERC_DIR / "dev.json").read_text().splitlines()
                 for s in json.loads(line)["ner"])
    assert int(micro[0].split()[4]) == n_gold  # every gold span of the sample, SciERC types
    assert float(micro[0].split()[3]) >= 40.0  # strict micro-F1; the shipped model scores about 60


def test_eval_scierc_on_any_file():
    """--file scores any SciERC-format file, e.g. a split that is not shipped."""
    out = run("eval", "scierc", "--file", str(FIXTURES / "scierc_small.json"))
    lines = out.splitlines()
    assert lines[0].startswith("SciERC scierc_small.json: 3 abstracts")
    micro = [line for line in lines if line.startswith("micro")]
    assert len(micro) == 3
    assert int(micro[0].split()[4]) == 13  # every gold span of the fixture, SciERC types
    # The same documents as a file or as a split of a folder: the same figures.
    by_file = run("eval", "scierc", "--file", str(SCIERC_DIR / "dev.json"))
    by_split = run("eval", "scierc", "--split", "dev", "--data-dir", str(SCIERC_DIR))
    assert by_file.splitlines()[0].startswith("SciERC dev.json: 5 abstracts")
    assert by_file.splitlines()[1:] == by_split.splitlines()[1:]


@pytest.mark.parametrize("extra", [["--split", "dev"], ["--data-dir", str(SCIERC_DIR)]])
def test_eval_scierc_file_excludes_split_and_data_dir(extra):
    result = CliRunner().invoke(main, ["eval", "scierc", "--file", str(FIXTURES / "scierc_small.json"), *extra])
    assert result.exit_code == 2 and "leave out --split and --data-dir" in result.output
    missing = CliRunner().invoke(main, ["eval", "scierc", "--file", str(FIXTURES / "no_such.json")])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_eval_scierc_json_format():
    report = json.loads(run("eval", "scierc", "--data-dir", str(SCIERC_DIR), "--limit", "2", "--format", "json"))
    assert report["docs"] == 2
    assert {"scierc", "claimgraph", "claimgraph_all_material"} <= set(report)


def test_answer_tables_read_support_and_contrast_as_one_column():
    from claimgraph.ui.cli import _compact, _with_agreement

    rows = [_with_agreement({"subject": "a", "effect": "improves", "effect_text": "may improve", "support": 2,
                             "contrast": 1}),
            _with_agreement({"subject": "b", "effect": "improves", "effect_text": "improves", "support": 0,
                             "contrast": 0})]
    table = _compact(rows, {"support", "contrast", "effect"})
    assert [r["papers"] for r in table] == ["2 papers support · 1 contrast", None]
    assert [r["effect_text"] for r in table] == ["may improve", "improves"] and "effect" not in table[0]


def test_eval_proposed_prints_its_four_figures():
    out = run("eval", "proposed", str(FIXTURES / "proposed_small" / "proposed.jsonl"))
    figures = dict(re.findall(r"^(recall|any-PROPOSES rate|recall, name in abstract|precision proxy)\s+(\d\.\d{3})",
                              out, re.M))
    assert set(figures) == {"recall", "any-PROPOSES rate", "recall, name in abstract", "precision proxy"}, out
    assert "(2 papers)" in out
    assert float(figures["recall"]) >= 0.5   # ADAHESSIAN: "we introduce ADAHESSIAN, a new ... algorithm"


def test_ask_shortens_long_parameter_lists_for_reading():
    from claimgraph.ui.cli import shortened

    params = {"limit": 50, "target_keys": [f"t{i}" for i in range(20)], "by_label": {"Concept": ["a", "b"]}}
    short, cut = shortened(params, keep=8)
    assert cut and short["target_keys"] == [f"t{i}" for i in range(8)] + ["… 12 more"]
    assert short["by_label"] == {"Concept": ["a", "b"]} and short["limit"] == 50
    assert params["target_keys"] == [f"t{i}" for i in range(20)]          # the answer's own params untouched
    assert shortened({"limit": 5, "keys": ["a"]}) == ({"limit": 5, "keys": ["a"]}, False)
