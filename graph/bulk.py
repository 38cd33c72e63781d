"""Bulk files for `neo4j-admin database import full`: the fast path into an empty Neo4j 5.

Transactional writes (`claimgraph build`, `load`) run at a few hundred papers a
second; the offline importer writes millions of nodes a minute. `write_neo4j_admin`
turns an exported graph (`graph.export.to_networkx`) into the importer's CSV:

    nodes-<Label>.csv           one file per label:  id:ID,:LABEL,<prop>:<type>,...
    relationships-<TYPE>.csv    one file per type:   :START_ID,:END_ID,:TYPE,<prop>:<type>,...
    schema.cypher               the store's constraints, to run once the database is up
    import.sh                   the exact `neo4j-admin database import full` command

Node ids share the importer's one global ID space: every id of the graph is already
unique across labels (entity ids hash the label in, papers and claims have their own
ids), so a relationship file holds every start and end label of its type. Property
types are inferred per file: booleans `boolean`, integers `long` (what Cypher writes),
other numbers `double`, and the lists that the export flattened to JSON strings
(`aliases`, `starts`, `ends`) become arrays again (`string[]`, `long[]`) joined with
the array delimiter, `;` unless a value contains one. Values are quoted the RFC 4180
way (`""` inside quotes), which is the importer's default.
"""
from __future__ import annotations

import csv
import json
import re
import shlex
from collections import defaultdict
from pathlib import Path

import networkx as nx

from graph import cypher

ARRAY_DELIMITERS = (";", "|", "\u00a6")   # the first that no array element contains
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NODE_ID = "id"


def write_neo4j_admin(graph: nx.MultiDiGraph, folder: Path | str) -> list[Path]:
    """Write `graph` as neo4j-admin import files into `folder`; returns every file written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for node_id, attrs in graph.nodes(data=True):
        nodes[_checked(attrs.get("label") or "Node", "label")].append((str(node_id), attrs))
    edges: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for source, target, attrs in graph.edges(data=True):
        edges[_checked(attrs.get("type") or "RELATED", "relationship type")].append((str(source), str(target), attrs))

    # `id` and `label` fill the :ID and :LABEL columns, an edge's `type` the :TYPE column.
    node_columns = {label: _columns((a for _, a in rows), skip=(NODE_ID, "label")) for label, rows in nodes.items()}
    edge_columns = {rel: _columns((a for _, _, a in rows), skip=("type",)) for rel, rows in edges.items()}
    delimiter = _array_delimiter(graph, [*node_columns.values(), *edge_columns.values()])
    multiline = False

    node_files, edge_files = [], []
    for label in sorted(nodes):
        path = folder / f"nodes-{label}.csv"
        columns = node_columns[label]
        header = [f"{NODE_ID}:ID", ":LABEL", *(f"{k}:{t}" for k, t in columns)]
        rows = ([node_id, label, *(_cell(attrs.get(k), t, delimiter) for k, t in columns)]
                for node_id, attrs in nodes[label])
        multiline |= _write_csv(path, header, rows)
        node_files.append(path)
    for rel in sorted(edges):
        path = folder / f"relationships-{rel}.csv"
        columns = edge_columns[rel]
        header = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{t}" for k, t in columns)]
        rows = ([source, target, rel, *(_cell(attrs.get(k), t, delimiter) for k, t in columns)]
                for source, target, attrs in edges[rel])
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
    return f"""#!/bin/sh
# Import these files into a NEW, empty Neo4j 5 database (written by `claimgraph export --format neo4j-admin`).
#   sh import.sh [DATABASE [OPTION...]]   DATABASE defaults to neo4j and must not exist yet; OPTIONs go to
#                                         neo4j-admin, e.g. --overwrite-destination=true to replace it
# Run it where neo4j-admin runs (NEO4J_ADMIN overrides the command), with the server stopped for the default
# database. Then start Neo4j (CREATE DATABASE <name> for another name) and create the constraints:
#   cypher-shell -u neo4j -p "$NEO4J_PASSWORD" -d DATABASE -f schema.cypher
set -eu
cd "$(dirname "$0")"
DATABASE="${{1:-neo4j}}"
[ "$#" -gt 0 ] && shift
NEO4J_ADMIN="${{NEO4J_ADMIN:-neo4j-admin}}"
""" + " \\\n".join(lines) + "\n"


# ---------------------------------------------------------------------- helpers


def _shell_option(arg: str) -> str:
    """--name=value with only the value quoted when it needs it (--array-delimiter='|')."""
    name, _, value = arg.partition("=")
    return f"{name}={shlex.quote(value)}"


def _checked(name: str, what: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"{what} {name!r} cannot be written to an import header")
    return name


def _columns(attr_dicts, *, skip: tuple[str, ...]) -> list[tuple[str, str]]:
    """(property, import type) for every property some row has, in name order."""
    values: dict[str, list] = defaultdict(list)
    for attrs in attr_dicts:
        for key, value in attrs.items():
            if key not in skip and value is not None:
                values[key].append(value)
    return [(_checked(key, "property"), _import_type(vals)) for key, vals in sorted(values.items())]


def _import_type(values: list) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    lists = [_as_list(v) for v in values]
    if all(x is not None for x in lists):
        items = [i for x in lists for i in x]
        if items and all(isinstance(i, int) and not isinstance(i, bool) for i in items):
            return "long[]"
        if items and all(isinstance(i, (int, float)) and not isinstance(i, bool) for i in items):
            return "double[]"
        if items and all(isinstance(i, bool) for i in items):
            return "boolean[]"
        return "string[]"
    return "string"


def _as_list(value) -> list | None:
    """A list, or a JSON list the export flattened into a string; None otherwise."""
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, list) and all(not isinstance(i, (list, dict)) for i in parsed) else None
    return None


def _array_delimiter(graph: nx.MultiDiGraph, column_sets) -> str:
    array_keys = {k for columns in column_sets for k, t in columns if t.endswith("[]")}
    used = set()
    for _, attrs in graph.nodes(data=True):
        used.update(_chars(attrs, array_keys))
    for _, _, attrs in graph.edges(data=True):
        used.update(_chars(attrs, array_keys))
    for delimiter in ARRAY_DELIMITERS:
        if delimiter not in used:
            return delimiter
    raise ValueError(f"every array delimiter ({' '.join(ARRAY_DELIMITERS)}) occurs inside an array value")


def _chars(attrs: dict, keys: set[str]) -> set[str]:
    found = set()
    for key in keys & attrs.keys():
        for item in _as_list(attrs[key]) or []:
            found.update(c for c in ARRAY_DELIMITERS if c in str(item))
    return found


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
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            multiline = multiline or any("\n" in v or "\r" in v for v in row)
            writer.writerow(row)
    return multiline
