"""CSV formula injection: the spreadsheet CSV export neutralises formula-like text, nothing else does.

A small graph is written straight into the session store (names a spreadsheet would run,
plus numbers that must stay numbers), then exported through the real `claimgraph export`
in every format. Only `--format csv` may change a cell, and only by a leading `'`.
"""
from __future__ import annotations

import ast
import csv
import json

import networkx as nx
import pytest
from conftest import REPO
from test_crash_safety import cli

from claimgraph.graph.export import spreadsheet_safe

pytestmark = pytest.mark.integration

# Text a spreadsheet would read as a formula (OWASP): =, +, -, @, tab, carriage return.
FORMULAS = {
    "p-eq": '=HYPERLINK("http://evil.example","click")',
    "p-plus": "+cmd|' /C calc'!A0",
    "p-minus": "-2+3+cmd|' /C calc'!A0",
    "p-at": "@SUM(1)",
    "p-tab": "\t=1+1",
    "p-cr": "\r=1+1",
}
# Text that must not change: ordinary titles, a formula character inside, text that is only a number.
PLAIN = {"p-plain": "An ordinary title", "p-inside": "Loss = 1 - accuracy @ top-1", "p-numtext": "-0.5"}


@pytest.fixture
def formula_graph(empty_store):
    """Papers titled as above, each PROPOSES a Method of the same name; numbers as numbers."""
    rows = [{"id": pid, "title": title, "key": f"k-{pid}"} for pid, title in {**FORMULAS, **PLAIN}.items()]

    def work(tx):
        tx.run("UNWIND $rows AS r CREATE (p:Paper {id: r.id, title: r.title, year: -3, score: -0.5}) "
               "CREATE (m:Method {id: r.key, key: r.key, name: r.title}) "
               "CREATE (p)-[:PROPOSES {confidence: -0.25, note: r.title}]->(m)", rows=rows).consume()
        # A paper whose id a spreadsheet would run: ids are cells too (edge ends included).
        tx.run("CREATE (p:Paper {id: $id, title: 'Evil id'})-[:PROPOSES]->(:Method {id: 'k-evil', key: 'k-evil', "
               "name: 'Evil id method'})", id="=1+1").consume()

    empty_store._write(work)
    return empty_store


def _rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_spreadsheet_safe_rule():
    for text in FORMULAS.values():
        assert spreadsheet_safe(text) == "'" + text
    for text in (*PLAIN.values(), "", "'=already quoted", "1e-3", "+3", "-.5"):
        assert spreadsheet_safe(text) == text
    for number in (-0.5, -3, 0, 2.5, True):
        assert spreadsheet_safe(number) is number
    assert spreadsheet_safe("-1+2") == "'-1+2" and spreadsheet_safe("-") == "'-"


def test_csv_export_neutralises_formulas_and_other_formats_stay_verbatim(formula_graph, server_home, tmp_path):
    titles = {**FORMULAS, **PLAIN}
    for fmt, name in (("csv", "csvdir"), ("graphml", "g.graphml"), ("json", "g.json"), ("neo4j-admin", "bulk")):
        result = cli("export", "--format", fmt, tmp_path / name, home=server_home, timeout=120)
        assert result.returncode == 0, result.stderr

    # CSV: every formula-like cell, whatever its column, starts with ' ; the rest is verbatim.
    nodes, edges = _rows(tmp_path / "csvdir" / "nodes.csv"), _rows(tmp_path / "csvdir" / "edges.csv")
    papers = {r["id"]: r for r in nodes if r["label"] == "Paper"}
    methods = {r["key"]: r for r in nodes if r["label"] == "Method"}
    for pid, title in titles.items():
        expected = "'" + title if pid in FORMULAS else title
        assert papers[pid]["title"] == expected, pid
        assert papers[pid]["name"] == expected, pid
        assert methods[f"k-{pid}"]["name"] == expected, pid
        (edge,) = [e for e in edges if e["source"] == pid]
        assert edge["note"] == expected and edge["type"] == "PROPOSES", pid
        # Numbers stay numbers: no quote on -3, -0.5, -0.25.
        assert (papers[pid]["year"], papers[pid]["score"], edge["confidence"]) == ("-3", "-0.5", "-0.25")
    assert "'=1+1" in papers and any(e["source"] == "'=1+1" for e in edges)
    for path in (tmp_path / "csvdir").iterdir():   # no cell anywhere still starts a formula
        for row in _rows(path):
            for value in row.values():
                assert not value.startswith(("=", "+", "@", "\t", "\r")) or value == "", (path.name, value)
                assert not value.startswith("-") or value in ("-3", "-0.5", "-0.25"), (path.name, value)

    # GraphML and JSON: verbatim (an XML reader turns the raw CR networkx writes into LF, as before).
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert ({a["title"] for n, a in graph.nodes(data=True) if a["label"] == "Paper"}
            == {t.replace("\r", "\n") for t in (*titles.values(), "Evil id")})
    assert "=1+1" in graph.nodes
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert {n["name"] for n in data["nodes"] if n["label"] == "Method"} == {*titles.values(), "Evil id method"}
    assert {e["note"] for e in data["edges"] if "note" in e} == set(titles.values())

    # neo4j-admin bulk CSV (read by the importer, not a spreadsheet): verbatim. The CR title is
    # left out: bulk.py writes a bare CR unquoted, which splits the row (a separate, known gap).
    bulk_titles = {r["title:string"] for r in _rows(tmp_path / "bulk" / "nodes-Paper.csv")}
    assert {t for t in (*titles.values(), "Evil id") if "\r" not in t} <= bulk_titles
    assert not any(t.startswith("'") for t in bulk_titles if t)

    # The graph itself keeps the names verbatim.
    stored = {r["id"]: r["title"] for r in formula_graph.read("MATCH (p:Paper) RETURN p.id AS id, p.title AS title")}
    assert stored == {**titles, "=1+1": "Evil id"}


def test_app_csv_download_uses_the_same_neutralised_tables():
    """ui/app.py's CSV zip is made by `graph.export.csv_tables` (one place for the rule), and
    the app writes no CSV of its own. (Importing ui.app would run the Streamlit page.)"""
    tree = ast.parse((REPO / "ui" / "app.py").read_text(encoding="utf-8"))
    imported = {(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert ("claimgraph.graph.export", "csv_tables") in imported
    export_bytes = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "export_bytes")
    assert "csv_tables" in {c.func.id for c in ast.walk(export_bytes) if isinstance(c, ast.Call)
                            and isinstance(c.func, ast.Name)}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {n.attr for n in ast.walk(tree)
                                                                         if isinstance(n, ast.Attribute)}
    assert not names & {"csv", "DictWriter", "writer", "to_csv_text", "to_csv"}, names & {"csv", "DictWriter"}


def test_full_width_formulas_are_neutralised_too():
    """Issue 19: spreadsheets read a full-width `＝HYPERLINK(…)` as a formula; judged on the NFKC form."""
    for text in ('＝HYPERLINK("http://evil.example","x")', "﹦1+1", "＋cmd|' /C calc'!A0", "＠SUM(1)", "－1+2"):
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("－3") == "－3" and spreadsheet_safe("ＡＢＣ") == "ＡＢＣ"
