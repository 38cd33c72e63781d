"""Exports: GraphML (networkx), JSON and CSV, following the export contract in ARCHITECTURE.md.

Every node has string `label` and `name`; Paper nodes `title`; Claim nodes `effect`
and `evidence`; every edge `type`. Lists become JSON strings (GraphML has no lists).
"""
from __future__ import annotations

import csv
import json
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


def csv_tables(graph: nx.MultiDiGraph) -> tuple[str, str]:
    nodes = [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)]
    edges = [{"source": s, "target": t, **attrs} for s, t, attrs in graph.edges(data=True)]
    return to_csv_text(nodes), to_csv_text(edges)


def write_csv(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    """PATH is a folder (or a file stem): nodes.csv and edges.csv."""
    folder = path if path.suffix == "" else path.parent / path.stem
    folder.mkdir(parents=True, exist_ok=True)
    nodes_text, edges_text = csv_tables(graph)
    (folder / "nodes.csv").write_text(nodes_text, encoding="utf-8")
    (folder / "edges.csv").write_text(edges_text, encoding="utf-8")
    return [folder / "nodes.csv", folder / "edges.csv"]
