"""What the embedded server says about a failed query, when it will not say it to the client.

ArcadeDB in production mode (graph/server.py) answers every failed Bolt query with "The
request failed. Check the server log for the details" and writes the detail to its log:

    BOLT: Syntax error at line 1:15 - mismatched input 'RETURN' expecting {...} (concealed from the client in production mode)
    BOLT: Unexpected input 'LIMT' at line 1, column 30   MATCH ... ^ (concealed from the client in production mode)

The store notes where the log ends before a user's query and, if the query fails that way,
reads what was appended. Only the message and its position leave here; the console shows
the query line with a caret under the position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CONCEALED = "Check the server log"
_LINE = re.compile(r"BOLT: (?P<msg>.*?) \(concealed from the client in production mode\)")
_POSITION = re.compile(r"line (?P<line>\d+)(?::|, column )(?P<col>\d+)")


@dataclass(frozen=True)
class QueryError:
    message: str                 # the server's message, without the echoed query
    line: int | None = None      # 1-based
    column: int | None = None    # 0-based, as ArcadeDB reports it

    def pointer(self, query: str) -> str | None:
        """The query's line with a caret under the position ("MATCH (n) LIMT 5\\n          ^")."""
        if self.line is None or self.column is None:
            return None
        lines = query.splitlines() or [""]
        if not 1 <= self.line <= len(lines):
            return None
        text = lines[self.line - 1]
        return f"{text}\n{' ' * min(self.column, len(text))}^"

    def __str__(self) -> str:
        return self.message   # the server's message names the position itself


def log_size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path else 0
    except OSError:
        return 0


def parse(line_text: str) -> QueryError:
    """One concealed message -> QueryError (the echoed query and caret cut off)."""
    msg = " ".join(line_text.split("   ", 1)[0].split())
    found = _POSITION.search(msg)
    if not found:
        return QueryError(msg)
    return QueryError(msg, int(found["line"]), int(found["col"]))


def concealed_error(path: Path | None, since: int) -> QueryError | None:
    """The last concealed query error the server logged after byte `since` of its log."""
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            fh.seek(since)
            text = fh.read(1_000_000).decode("utf-8", "replace")
    except OSError:
        return None
    found = _LINE.findall(text)
    return parse(found[-1]) if found else None
