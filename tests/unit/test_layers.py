"""The layering rules of docs/ARCHITECTURE (README "Layout"), checked on the source.

Every module imports our code as `claimgraph.<folder>`, never as a bare top-level name, and
only from the layers below its own:

    schema  <  config  <  extract, graph, semantic  <  orchestration, evaluation, questions  <  ui

`extract` and `graph` never import each other; `graph` and `questions` never load spaCy.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FOLDERS = ("schema", "extract", "graph", "semantic", "orchestration", "evaluation", "questions", "ui")
ALLOWED = {  # folder -> the claimgraph subpackages it may import (besides itself)
    "schema": set(),
    "config": {"schema"},
    "extract": {"schema", "config"},
    "graph": {"schema", "config"},
    "semantic": {"schema", "config"},
    "orchestration": {"schema", "config", "extract", "graph", "semantic"},
    "evaluation": {"schema", "config", "extract", "graph", "orchestration"},
    "questions": {"schema", "config", "extract", "graph", "semantic"},
    "ui": {"schema", "config", "extract", "graph", "semantic", "orchestration", "evaluation", "questions"},
}
BARE = set(FOLDERS) | {"config"}


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted module) for every import in a file, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, node.module)]
            if node.module == "claimgraph":  # from claimgraph import config
                found += [(node.lineno, f"claimgraph.{alias.name}") for alias in node.names]
    return found


def _python_files(*roots: str) -> list[Path]:
    return sorted(p for root in roots for p in (REPO / root).rglob("*.py") if ".venv" not in p.parts)


def test_our_code_is_imported_through_the_claimgraph_namespace():
    bare = [f"{path.relative_to(REPO)}:{line} imports {module}"
            for path in _python_files(*FOLDERS, "tests", "bench", "claimgraph")
            for line, module in _imports(path) if module.split(".")[0] in BARE]
    assert not bare, "import these as claimgraph.<folder>...:\n" + "\n".join(bare)


@pytest.mark.parametrize("folder", [*FOLDERS, "config"])
def test_a_layer_imports_only_the_layers_below_it(folder):
    files = [REPO / "claimgraph" / "config.py"] if folder == "config" else _python_files(folder)
    wrong = []
    for path in files:
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[0] == "claimgraph" and len(parts) > 1 and parts[1] != folder \
                    and parts[1] not in ALLOWED[folder]:
                wrong.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not wrong, f"{folder}/ may import only {sorted(ALLOWED[folder]) or 'nothing of ours'}:\n" + "\n".join(wrong)


def test_the_read_layer_and_question_parsing_load_no_spacy():
    code = ("import sys, claimgraph.graph.catalogue, claimgraph.graph.reads, claimgraph.graph.store, "
            "claimgraph.questions.understand, claimgraph.extract.name_lists; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'torch')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
