"""Exports: GraphML (networkx), JSON and CSV, following the export contract in ARCHITECTURE.md.

Every node has string `label` and `name`; Paper nodes `title`; Claim nodes `effect`
and `evidence`; every edge `type`. Lists become JSON strings (GraphML has no lists).

The CSV export (`write_csv`, `csv_tables`: the CLI's `export --format csv` and the app's
CSV downloads) is meant for spreadsheets, so a text cell that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return gets a leading `'` (OWASP, CSV injection): a title such
as `=HYPERLINK(...)` then shows as text instead of running. Numbers are not touched
(`-0.5`, as a number or as text that is only a number, stays a number). GraphML, JSON,
`to_csv_text` (the query command's output) and the neo4j-admin bulk CSV
(`graph/bulk.py`, read by a database importer) stay verbatim, as do names in the graph.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import networkx as nx

FORMATS = ("graphml", "json", "csv")


def to_networkx(nodes: list[dict], edges: list[dict]) -> nx.MultiDiGraph:
    """Nodes and edges as the store returns them (`graph.store.Store.all_nodes/all_edges`)."""
    graph = nx.MultiDiGraph()
    node_id = {}
    for n in nodes:
        props = n["props"]
        nid = str(props.get("id") or n["eid"])
        node_id[n["eid"]] = nid
        attrs = {k: _scalar(v) for k, v in props.items() if v is not None}
        attrs["label"] = n["label"]
        attrs["name"] = str(props.get("name") or props.get("title") or props.get("key") or nid)
        graph.add_node(nid, **attrs)
    for e in edges:
        attrs = {k: _scalar(v) for k, v in e["props"].items() if v is not None}
        attrs["type"] = e["type"]
        graph.add_edge(node_id[e["source"]], node_id[e["target"]], **attrs)
    return graph


def _scalar(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def subgraph_view(graph: nx.MultiDiGraph, node_ids) -> nx.MultiDiGraph:
    return graph.subgraph(node_ids).copy()


def write(graph: nx.MultiDiGraph, fmt: str, path: Path) -> list[Path]:
    """Write `graph` as `fmt`; returns the files written (CSV writes nodes and edges)."""
    path = Path(path)
    if fmt == "graphml":
        path.parent.mkdir(parents=True, exist_ok=True)
        nx.write_graphml(graph, path)
        return [path]
    if fmt == "json":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_json(graph), encoding="utf-8")
        return [path]
    if fmt == "csv":
        return write_csv(graph, path)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_json(graph: nx.MultiDiGraph) -> str:
    data = {
        "nodes": [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)],
        "edges": [{"source": s, "target": t, **attrs} for s, t, attrs in graph.edges(data=True)],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def to_csv_text(rows: list[dict]) -> str:
    import io

    fields = sorted({k for r in rows for k in r})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


# A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that is only a number ("-0.5", "+3", "1e-3") is read as that number, never as a formula.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def spreadsheet_safe(value):
    """`value` as a CSV cell a spreadsheet will not run: formula-like text gets a leading `'`.
    Judged on the NFKC form, since spreadsheets also read a full-width `＝HYPERLINK(…)` (or
    `﹦`, `＋`, `－`, `＠`) as a formula; the cell keeps its own characters."""
    if isinstance(value, str):
        folded = unicodedata.normalize("NFKC", value[:64])
        if folded.startswith(_FORMULA_START) and not _NUMBER.fullmatch(unicodedata.normalize("NFKC", value)):
            return "'" + value
    return value


def csv_tables(graph: nx.MultiDiGraph) -> tuple[str, str]:
    """nodes.csv and edges.csv text for spreadsheets: every cell through `spreadsheet_safe`
    (ids too, since paper ids come from the input)."""
    nodes = [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)]
    edges = [{"source": s, "target": t, **attrs} for s, t, attrs in graph.edges(data=True)]
    return _safe_csv_text(nodes), _safe_csv_text(edges)


def _safe_csv_text(rows: list[dict]) -> str:
    return to_csv_text([{k: spreadsheet_safe(v) for k, v in row.items()} for row in rows])


def write_csv(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    """PATH is a folder (or a file stem): nodes.csv and edges.csv, formulas neutralised (`csv_tables`)."""
    folder = path if path.suffix == "" else path.parent / path.stem
    folder.mkdir(parents=True, exist_ok=True)
    nodes_text, edges_text = csv_tables(graph)
    (folder / "nodes.csv").write_text(nodes_text, encoding="utf-8")
    (folder / "edges.csv").write_text(edges_text, encoding="utf-8")
    return [folder / "nodes.csv", folder / "edges.csv"]
