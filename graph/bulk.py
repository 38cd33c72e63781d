"""Bulk files for `neo4j-admin database import full`: the fast path into an empty Neo4j 5.

Transactional writes (`claimgraph build`, `load`) run at a few hundred papers a
second; the offline importer writes millions of nodes a minute. Two ways in:

- `write_neo4j_admin(graph, folder)`: an exported graph (`graph.export.to_networkx`);
- `write_neo4j_admin_from_store(store, folder)`: straight from a store, label by label
  and type by type, streaming (what `claimgraph export --format neo4j-admin` uses: the
  whole graph is never in memory; 92k papers took 5.8 GB through networkx).

Both write the same files:

    nodes-<Label>.csv           one file per label:  id:ID,:LABEL,<prop>:<type>,...
    relationships-<TYPE>.csv    one file per type:   :START_ID,:END_ID,:TYPE,<prop>:<type>,...
    schema.cypher               the store's constraints, to run once the database is up
    import.sh                   the exact `neo4j-admin database import full` command

Node ids share the importer's one global ID space: every id of the graph is already
unique across labels (entity ids hash the label in, papers and claims have their own
ids), so a relationship file holds every start and end label of its type. Property
types are inferred per file: booleans `boolean`, integers `long` (what Cypher writes),
other numbers `double`, lists (or the JSON lists the GraphML-style export flattened
them to: `aliases`, `starts`, `ends`) arrays (`string[]`, `long[]`) joined with the
array delimiter, `;` unless a value contains one. Values are quoted the RFC 4180 way
(`""` inside quotes), the importer's default. Every source is read twice: once to learn
the columns and the array delimiter, once to write.
"""
from __future__ import annotations

import csv
import json
import re
import shlex
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import networkx as nx

from claimgraph.graph import cypher

ARRAY_DELIMITERS = (";", "|", "\u00a6")   # the first that no array element contains
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NODE_ID = "id"
_Row = TypeVar("_Row")

NodeSource = Callable[[], Iterable[tuple[str, dict]]]          # () -> (id, properties)...
EdgeSource = Callable[[], Iterable[tuple[str, str, dict]]]     # () -> (start id, end id, properties)...


def write_neo4j_admin(graph: nx.MultiDiGraph, folder: Path | str) -> list[Path]:
    """Write `graph` as neo4j-admin import files into `folder`; returns every file written."""
    nodes: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for node_id, attrs in graph.nodes(data=True):
        nodes[_checked(attrs.get("label") or "Node", "label")].append((str(node_id), attrs))
    edges: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for source, target, attrs in graph.edges(data=True):
        edges[_checked(attrs.get("type") or "RELATED", "relationship type")].append((str(source), str(target), attrs))
    # `id` and `label` fill the :ID and :LABEL columns, an edge's `type` the :TYPE column.
    return write_bulk(folder, {label: _given(rows) for label, rows in nodes.items()},
                      {rel: _given(rows) for rel, rows in edges.items()},
                      node_skip=(NODE_ID, "label"), edge_skip=("type",))


def write_neo4j_admin_from_store(store, folder: Path | str) -> list[Path]:
    """The same files, read from a store label by label and type by type, never all at once.
    Unlike the other exports, these include the title-word index: the imported database
    answers "papers about X" from titles without a build to rebuild it."""
    labels, types = store.counts()
    label, rel = cypher.TITLE_INDEX
    labels[label] = store.read(cypher.count_label(label))[0]["count"]
    types[rel] = store.read(cypher.count_type(rel))[0]["count"]

    def nodes(label: str) -> NodeSource:
        query = cypher.nodes_for_export(label)
        return lambda: ((r["id"], r["props"]) for r in store.stream(query))

    def edges(rel: str) -> EdgeSource:
        query = cypher.edges_for_export(rel)
        return lambda: ((r["source"], r["target"], r["props"]) for r in store.stream(query))

    return write_bulk(folder, {label: nodes(label) for label in labels if labels[label]},
                      {rel: edges(rel) for rel in types if types[rel]}, node_skip=(NODE_ID,), edge_skip=())


def write_bulk(folder: Path | str, nodes: dict[str, NodeSource], edges: dict[str, EdgeSource], *,
               node_skip: tuple[str, ...], edge_skip: tuple[str, ...]) -> list[Path]:
    """The writer both entry points share: sources per label and per relationship type."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in [*nodes, *edges]:
        _checked(name, "label or relationship type")
    # pass 1: the columns of every file, and the characters array values hold
    node_tallies = {label: _Tally(node_skip) for label in nodes}
    edge_tallies = {rel: _Tally(edge_skip) for rel in edges}
    for label, node_source in nodes.items():
        for _, attrs in node_source():
            node_tallies[label].add(attrs)
    for rel, edge_source in edges.items():
        for _, _, attrs in edge_source():
            edge_tallies[rel].add(attrs)
    used = set().union(*(t.delimiters_used for t in [*node_tallies.values(), *edge_tallies.values()]))
    delimiter = next((d for d in ARRAY_DELIMITERS if d not in used), None)
    if delimiter is None:
        raise ValueError(f"every array delimiter ({' '.join(ARRAY_DELIMITERS)}) occurs inside an array value")

    # pass 2: the files
    multiline = False
    node_files, edge_files = [], []
    for label in sorted(nodes):
        path = folder / f"nodes-{label}.csv"
        columns = node_tallies[label].columns()
        header = [f"{NODE_ID}:ID", ":LABEL", *(f"{k}:{t}" for k, t in columns)]
        rows = ([node_id, label, *(_cell(attrs.get(k), t, delimiter) for k, t in columns)]
                for node_id, attrs in nodes[label]())
        multiline |= _write_csv(path, header, rows)
        node_files.append(path)
    for rel in sorted(edges):
        path = folder / f"relationships-{rel}.csv"
        columns = edge_tallies[rel].columns()
        header = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{t}" for k, t in columns)]
        rows = ([source, target, rel, *(_cell(attrs.get(k), t, delimiter) for k, t in columns)]
                for source, target, attrs in edges[rel]())
        multiline |= _write_csv(path, header, rows)
        edge_files.append(path)

    schema = folder / "schema.cypher"
    schema.write_text("".join(f"{s};\n" for s in cypher.schema_statements()), encoding="utf-8")
    script = folder / "import.sh"
    script.write_text(import_script(node_files, edge_files, delimiter=delimiter, multiline=multiline),
                      encoding="utf-8")
    script.chmod(0o755)
    return [*node_files, *edge_files, schema, script]


def import_command(node_files: list[Path], edge_files: list[Path], *, delimiter: str = ";",
                   multiline: bool = False, database: str = "neo4j") -> list[str]:
    """The neo4j-admin arguments for these files (paths as given)."""
    args = ["neo4j-admin", "database", "import", "full"]
    args += [f"--nodes={p}" for p in node_files]
    args += [f"--relationships={p}" for p in edge_files]
    args += [f"--array-delimiter={delimiter}"]
    if multiline:   # some value holds a line break (slower import; only when needed)
        args += ["--multiline-fields=true"]
    return [*args, database]


def import_script(node_files: list[Path], edge_files: list[Path], *, delimiter: str, multiline: bool) -> str:
    args = import_command([Path(p.name) for p in node_files], [Path(p.name) for p in edge_files],
                          delimiter=delimiter, multiline=multiline, database="$DATABASE")
    lines = ['"$NEO4J_ADMIN" ' + " ".join(args[1:4])]
    lines += [f"  {_shell_option(a)}" for a in args[4:-1]]
    lines += ['  "$@" "$DATABASE"']
    return """#!/bin/sh
# Import these files into a NEW, empty Neo4j 5 database (written by `claimgraph export --format neo4j-admin`).
#   sh import.sh [DATABASE [OPTION...]]   DATABASE defaults to neo4j and must not exist yet; OPTIONs go to
#                                         neo4j-admin, e.g. --overwrite-destination=true to replace it
# Run it where neo4j-admin runs (NEO4J_ADMIN overrides the command), with the server stopped for the default
# database. Then start Neo4j (CREATE DATABASE <name> for another name) and create the constraints:
#   cypher-shell -u neo4j -p "$NEO4J_PASSWORD" -d DATABASE -f schema.cypher
set -eu
cd "$(dirname "$0")"
DATABASE="${1:-neo4j}"
[ "$#" -gt 0 ] && shift
NEO4J_ADMIN="${NEO4J_ADMIN:-neo4j-admin}"
""" + " \\\n".join(lines) + "\n"


# ---------------------------------------------------------------------- helpers


def _given(rows: list[_Row]) -> Callable[[], list[_Row]]:
    """A source of rows already in memory."""
    return lambda: rows


def _shell_option(arg: str) -> str:
    """--name=value with only the value quoted when it needs it (--array-delimiter='|')."""
    name, _, value = arg.partition("=")
    return f"{name}={shlex.quote(value)}"


def _checked(name: str, what: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"{what} {name!r} cannot be written to an import header")
    return name


class _Tally:
    """The import type of every property of one file, learnt value by value (constant memory)."""

    def __init__(self, skip: tuple[str, ...]):
        self.skip = skip
        self.kinds: dict[str, set[str]] = defaultdict(set)      # property -> kinds of its values
        self.items: dict[str, set[str]] = defaultdict(set)      # array property -> kinds of its items
        self.delimiters_used: set[str] = set()

    def add(self, attrs: dict) -> None:
        for key, value in attrs.items():
            if key in self.skip or value is None:
                continue
            kind = _kind(value)
            self.kinds[key].add(kind)
            if kind == "list":
                for item in _as_list(value) or ():
                    self.items[key].add(_kind(item))
                    text = str(item)
                    self.delimiters_used.update(d for d in ARRAY_DELIMITERS if d in text)

    def columns(self) -> list[tuple[str, str]]:
        """(property, import type) in name order."""
        return [(_checked(key, "property"), self._type(key)) for key in sorted(self.kinds)]

    def _type(self, key: str) -> str:
        kinds = self.kinds[key]
        if kinds == {"bool"}:
            return "boolean"
        if kinds == {"int"}:
            return "long"
        if kinds <= {"int", "float"}:
            return "double"
        if kinds == {"list"}:
            items = self.items[key]
            if items == {"int"}:
                return "long[]"
            if items and items <= {"int", "float"}:
                return "double[]"
            if items == {"bool"}:
                return "boolean[]"
            return "string[]"
        return "string"


def _kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "list" if _as_list(value) is not None else "str"


def _as_list(value) -> list | None:
    """A list, or a JSON list the export flattened into a string; None otherwise."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, list) and all(not isinstance(i, (list, dict)) for i in parsed) else None
    return None


def _cell(value, kind: str, delimiter: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = _as_list(value) or []
        return delimiter.join(("true" if i else "false") if isinstance(i, bool) else str(i) for i in items)
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


def _write_csv(path: Path, header: list[str], rows) -> bool:
    """Write one import file; True if some value holds a line break."""
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as fh:
        quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            broken = any("\n" in v or "\r" in v for v in row)
            multiline = multiline or broken
            # csv quotes a field with "\n" (the line terminator) but not one with a lone "\r",
            # which a CSV reader also takes as the end of the row
            (quoted if broken else writer).writerow(row)
    return multiline
