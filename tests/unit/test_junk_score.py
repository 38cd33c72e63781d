"""The junk-rate scorer of bench/junk_sample.py reads a judged sheet with or without reasons."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("junk_sample", Path(__file__).parents[2] / "bench" / "junk_sample.py")
assert _SPEC is not None and _SPEC.loader is not None
junk_sample = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(junk_sample)


def test_a_judgement_may_carry_its_reason(tmp_path):
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("# judgement: junk or ok\nn\tlabel\tname\tevidence\tjudgement\n"
                     "1\tConcept\tadvantages\tThe advantages of wings.\tjunk - bare generic word\n"
                     "2\tTask\ttext classification\tWe study text classification.\tok\n"
                     "3\tMetric\tKL divergence\tWe bound the KL divergence.\tJunk\n", encoding="utf-8")
    key = tmp_path / "key.tsv"
    key.write_text("n\thome\tsample\tlabel\tkey\n1\tg\trandom\tConcept\tadvantage\n2\tg\trandom\tTask\ttext classification\n"
                   "3\tg\tper-label\tMetric\tkl divergence\n", encoding="utf-8")
    result = junk_sample.score(sheet, key)["g"]
    assert result["all"] == (1, 2) and result["Concept"] == (1, 1) and result["Metric"] == (1, 1)
