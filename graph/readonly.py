"""The text check in front of every user query: refuse writes early and say why.

It is the first of two guards. The second is the store itself: user queries run
through a read-only account (embedded) or read access mode (Neo4j), so a write the
text check misses is still refused by the server.
"""
from __future__ import annotations

import re

from claimgraph.schema import ReadOnlyError

# Strings, `quoted names` and comments, matched in ONE left-to-right pass: whichever starts
# first wins, as in the Cypher parser. (Blanking comments before strings would let a string
# such as 'http://x' or '/*' swallow the code after it, hiding a write from the check.)
_NON_CODE = re.compile(
    r"(?P<string>'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\")"
    r"|(?P<name>`(?:[^`]|``)*`)"
    r"|(?P<comment>//[^\n]*|/\*.*?\*/)",
    re.S,
)
_WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS|"
    r"ALTER|RENAME|GRANT|DENY|REVOKE|START\s+DATABASE|STOP\s+DATABASE|TERMINATE)\b",
    re.I,
)
_CALL = re.compile(r"\bCALL\s+([\w.]+)", re.I)
# Procedures that only read; any other CALL is refused.
READ_PROCEDURES = {
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.indexes", "db.constraints",
    "dbms.components", "show",
}


def _code_only(query: str) -> str:
    """The query with comments and strings blanked out and each `quoted name` replaced by
    the placeholder `_quoted_` (so `CALL `db.createLabel`()` still shows a CALL of a name)."""
    return _NON_CODE.sub(lambda m: " _quoted_ " if m.group("name") else " ", query)


def check_read_only(query: str) -> None:
    """Raise ReadOnlyError naming the reason when `query` is not a single read statement."""
    if not query or not query.strip():
        raise ReadOnlyError("refused: the query is empty")
    code = _code_only(query)
    if ";" in code.strip().rstrip(";"):
        raise ReadOnlyError("refused: only one statement at a time (found ';' between statements)")
    match = _WRITE_CLAUSES.search(code)
    if match:
        clause = " ".join(match.group(1).upper().split())
        raise ReadOnlyError(f"refused: {clause} writes to the graph; the console and `claimgraph query` are read-only")
    for call in _CALL.finditer(code):
        name = call.group(1).lower()
        if "_quoted_" in name:
            raise ReadOnlyError("refused: CALL of a `quoted` procedure name; write the name without backticks")
        if name not in READ_PROCEDURES:
            raise ReadOnlyError(f"refused: CALL {call.group(1)} is not a known read-only procedure")
    if re.search(r"\bCALL\s*\{", code, re.I):
        raise ReadOnlyError("refused: CALL { … } subqueries are not allowed in read-only queries")
