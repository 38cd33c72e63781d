"""The wheel as a user gets it: built, installed non-editable into a fresh virtual
environment outside the repository, then `claimgraph build` (the demo corpus ships inside
the package) and `claimgraph ask` against an embedded server of its own."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

GENERIC = ("extract", "graph", "schema", "ui", "orchestration", "evaluation", "questions", "tests", "bench")


def _run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{cmd} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)])
    (path,) = out.glob("claimgraph-*.whl")
    return path


def test_the_wheel_installs_one_namespace_with_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.startswith("claimgraph-")}
    assert tops == {"claimgraph"}, f"generic top-level names in the wheel: {sorted(tops - {'claimgraph'})}"
    for needed in ("claimgraph/py.typed", "claimgraph/orchestration/demo_corpus/hf_papers_generalization.txt",
                   "claimgraph/extract/resources/methods.tsv", "claimgraph/extract/models/scierc/meta.json",
                   "claimgraph/semantic/model/embeddings.npy", "claimgraph/semantic/model/tokenizer.json"):
        assert needed in names


def test_a_fresh_install_builds_and_answers(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], timeout=900)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CLAIMGRAPH_", "PYTHON"))}
    env |= {"CLAIMGRAPH_HOME": str(tmp_path / "home"), "CLAIMGRAPH_SERVER_HEAP": "512m"}
    cli = str(venv / "bin" / "claimgraph")
    here = dict(cwd=tmp_path, env=env, timeout=900)   # outside the repository: nothing of it on sys.path
    try:
        built = _run([cli, "build", "--quiet"], **here)
        assert "Papers: 74 written" in built.stdout
        answer = _run([cli, "ask", "methods that improve generalization", "--format", "json"], **here)
        assert '"rows"' in answer.stdout
        probe = "import importlib.util as u; print([n for n in %r if u.find_spec(n)])" % (GENERIC,)
        assert _run([str(venv / "bin" / "python"), "-c", probe], **here).stdout.strip() == "[]"
    finally:
        subprocess.run([cli, "server", "stop"], cwd=tmp_path, env=env, capture_output=True, timeout=120)
