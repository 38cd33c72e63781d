"""The text check in front of every user query: refuse writes and runaway expressions early, and say why.

It is the first of two guards. The second is the store itself: user queries run
through a read-only account (embedded) or read access mode (Neo4j), so a write the
text check misses is still refused by the server.

The check is one left-to-right pass over the text (linear in its length, after a size
cap checked first) that splits it into tokens as the Cypher parser does: comments end at
any line break (`\\n`, `\\r`, U+2028, U+2029, U+0085: a comment is never allowed to run
past one the parser would stop at), strings and `quoted names` honour their escapes, and
words are compared after Unicode compatibility folding (NFKC, case-folded), so `ſet` or
a full-width `ＳＥＴ` is SET. Only then are the rules applied to the code tokens:

- one statement (a `;` may only end the text);
- no write or administration keyword of openCypher, Neo4j or GQL (`WRITE_KEYWORDS`),
  wherever it stands, except as a property key after `.` (`p.set` is data);
- CALL only of the procedures in `READ_PROCEDURES`, by a plain name; no CALL subquery;
- no expression that can grow without bound inside one evaluation, which the server
  can neither time out nor terminate (measured on ArcadeDB 26.10): `reduce()` (its
  accumulator may be a list or a string that grows at every step), `range()` whose
  bounds are numbers or parameters and that would produce more than RANGE_LIMIT
  elements (the embedded server refuses larger ranges of any origin:
  arcadedb.queryMaxRangeSize), and a list comprehension nested inside another when
  either iterates over `range()`.
"""
from __future__ import annotations

import time
import unicodedata

from claimgraph.schema import ReadOnlyError

MAX_QUERY_CHARS = 64 * 1024   # longer queries are refused before anything else is looked at
RANGE_LIMIT = 100_000         # elements one range() may produce (also the embedded server's cap)

WRITE_KEYWORDS = {
    # openCypher / Neo4j clauses that write
    "create", "merge", "set", "delete", "detach", "remove", "drop", "foreach", "load", "alter", "rename",
    "grant", "deny", "revoke", "terminate", "transactions", "enable", "deallocate", "reallocate",
    "upsert", "import", "truncate", "backup", "restore",
    # GQL
    "insert", "nodetach",
}
# Refused only before these words (START DATABASE; alone they are ordinary names).
_WRITE_PAIRS = {"start": {"database", "server"}, "stop": {"database", "server"}}
# Procedures that only read; any other CALL is refused.
READ_PROCEDURES = {
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.indexes", "db.constraints",
    "dbms.components", "show",
}
_LINE_BREAKS = "\n\r\u2028\u2029\u0085\x0b\x0c"


_DIGITS = "0123456789"
_PLAIN_SYMBOLS = frozenset("()[]{},.:;|+-*%^=<>!?&~@#\\")   # never start a comment, string or name
_WORD_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "Nd", "Mn", "Mc", "Pc"}   # about Unicode's ID_Continue


def _word_char(c: str) -> bool:
    """Part of a name or keyword. Narrower than str.isalnum (no '²', '½'): a character the parser
    does not take into a name must split the word here too, so that nothing hides a keyword."""
    if c < "\x80":
        return c.isalnum() or c == "_"
    return unicodedata.category(c) in _WORD_CATEGORIES


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold()


def _tokens(query: str, deadline: float | None) -> list[tuple[str, str]]:
    """Code tokens (kind, text): "word" (folded), "param", "number", "name" (a `quoted name`),
    "string", or "sym" (one punctuation character). Comments and whitespace are dropped."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(query)
    checked = 0
    while i < n:
        if deadline is not None and i - checked > 4096:
            checked = i
            if time.monotonic() > deadline:
                raise ReadOnlyError("refused: the query could not be checked before its deadline")
        c = query[i]
        if c in _PLAIN_SYMBOLS:   # the common cases first: this loop is the check's whole cost
            out.append(("sym", c))
            i += 1
        elif c in " \t\n\r" or c.isspace() or (c > "\x7f" and unicodedata.category(c) in ("Zs", "Zl", "Zp")):
            i += 1
        elif c > "\x7f" and unicodedata.category(c) in ("Cf", "Cc", "Co", "Cn", "Cs"):
            # Invisible or unassigned: whether the parser skips it, joins it to a name or splits a
            # name at it is not ours to guess, and no query needs one outside a string.
            raise ReadOnlyError(f"refused: invisible character U+{ord(c):04X} outside a string or comment")
        elif query.startswith("//", i):
            j = i + 2
            while j < n and query[j] not in _LINE_BREAKS:
                j += 1
            i = j
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "'\"":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            out.append(("string", query[i + 1:min(j, n)]))
            i = j + 1
        elif c == "`":
            j = i + 1
            while j < n:
                if query[j] == "`":
                    if query.startswith("``", j):
                        j += 2
                        continue
                    break
                j += 1
            out.append(("name", query[i + 1:j].replace("``", "`")))
            i = j + 1
        elif c == "$":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            out.append(("param", query[i + 1:j]))
            i = j
        elif c in _DIGITS:
            # Digits only: the parser reads `LIMIT 1SET …` as the number 1, then SET.
            j = i + 1
            while j < n and query[j] in _DIGITS:
                j += 1
            out.append(("number", query[i:j]))
            i = j
        elif _word_char(c):
            j = i + 1
            while j < n and _word_char(query[j]):
                j += 1
            out.append(("word", _fold(query[i:j])))
            i = j
        else:
            out.append(("sym", unicodedata.normalize("NFKC", c)))
            i += 1
    return out


def check_read_only(query: str, params: dict | None = None, *, deadline: float | None = None) -> None:
    """Raise ReadOnlyError naming the reason when `query` is not a single, bounded read statement.

    `params` are the query's parameters (range() bounds may be parameters); `deadline`, a
    time.monotonic() instant, bounds the check itself (it is linear: about 30 ms per 64 KB)."""
    if not query or not query.strip():
        raise ReadOnlyError("refused: the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise ReadOnlyError(f"refused: the query is {len(query):,} characters long; the limit is "
                            f"{MAX_QUERY_CHARS:,}")
    tokens = _tokens(query, deadline)
    while tokens and tokens[-1] == ("sym", ";"):
        tokens.pop()
    if not tokens:
        raise ReadOnlyError("refused: the query is empty")
    if ("sym", ";") in tokens:
        raise ReadOnlyError("refused: only one statement at a time (found ';' between statements)")
    for k, (kind, text) in enumerate(tokens):
        if kind != "word":
            continue
        after_dot = k > 0 and tokens[k - 1] == ("sym", ".")
        before_paren = k + 1 < len(tokens) and tokens[k + 1] == ("sym", "(")
        pair = _WRITE_PAIRS.get(text)
        if pair and not after_dot and k + 1 < len(tokens) and tokens[k + 1][1] in pair:
            raise ReadOnlyError(f"refused: {text.upper()} {tokens[k + 1][1].upper()} administers the server; "
                                "the console and `claimgraph query` are read-only")
        if text in WRITE_KEYWORDS and not after_dot:
            clause = "LOAD CSV" if text == "load" else "IN TRANSACTIONS" if text == "transactions" else text.upper()
            raise ReadOnlyError(f"refused: {clause} writes to the graph or administers the server; "
                                "the console and `claimgraph query` are read-only")
        if text == "call" and not after_dot:
            _check_call(tokens, k)
        if text == "reduce" and before_paren and not after_dot:
            raise ReadOnlyError("refused: reduce() can build a list or a string that grows at every step, which the "
                                "server cannot stop; use sum(), size(), collect() or a list comprehension")
    _check_growth(tokens, params or {})


def _check_call(tokens: list[tuple[str, str]], k: int) -> None:
    nxt = tokens[k + 1] if k + 1 < len(tokens) else ("sym", "")
    if nxt in (("sym", "{"), ("sym", "(")):
        raise ReadOnlyError("refused: CALL { … } subqueries are not allowed in read-only queries")
    parts: list[str] = []
    j = k + 1
    while j < len(tokens) and len(parts) < 8:
        kind, text = tokens[j]
        if kind == "name":
            raise ReadOnlyError("refused: CALL of a `quoted` procedure name; write the name without backticks")
        if kind != "word":
            break
        parts.append(text)
        if j + 1 < len(tokens) and tokens[j + 1] == ("sym", "."):
            j += 2
            continue
        break
    name = ".".join(parts)
    if name not in READ_PROCEDURES:
        raise ReadOnlyError(f"refused: CALL {name or '…'} is not a known read-only procedure")


def _check_growth(tokens: list[tuple[str, str]], params: dict) -> None:
    """range() sizes, and list comprehensions over range() nested in one another (linear)."""
    closing = _matching(tokens)
    open_comprehensions: list[tuple[int, bool]] = []   # (end, iterates over range()) of those we are in
    over_ranges = 0                                    # how many of those iterate over range()
    for k, tok in enumerate(tokens):
        while open_comprehensions and open_comprehensions[-1][0] < k:
            over_ranges -= open_comprehensions.pop()[1]
        if tok == ("word", "range") and k + 1 < len(tokens) and tokens[k + 1] == ("sym", "(") \
                and not (k > 0 and tokens[k - 1] == ("sym", ".")):
            end = closing.get(k + 1)
            size = _range_size(tokens[k + 2:end], params) if end is not None and end - k < 100 else None
            if size is not None and size > RANGE_LIMIT:
                raise ReadOnlyError(f"refused: range() of {size:,} elements; the limit is {RANGE_LIMIT:,}")
        if tok == ("sym", "[") and k + 3 < len(tokens) and tokens[k + 1][0] in ("word", "name") \
                and tokens[k + 2] == ("word", "in"):
            over_range = ("word", "range") in tokens[k + 3:k + 5]
            if open_comprehensions and (over_range or over_ranges):
                raise ReadOnlyError("refused: a list comprehension over range() nested in another grows as the "
                                    "product of their sizes, which the server cannot stop; use UNWIND instead")
            open_comprehensions.append((closing.get(k, len(tokens)), over_range))
            over_ranges += over_range


def _matching(tokens: list[tuple[str, str]]) -> dict[int, int]:
    """Index of each opening bracket -> index of its closing one (unbalanced: left out)."""
    pairs, stack = {}, []
    for k, (kind, text) in enumerate(tokens):
        if kind != "sym":
            continue
        if text in "([{":
            stack.append(k)
        elif text in ")]}" and stack:
            pairs[stack.pop()] = k
    return pairs


def _range_size(args: list[tuple[str, str]], params: dict) -> int | None:
    """Elements of range(args) when its bounds are integer literals, parameters and + - * ( );
    None when they depend on the data (the server's own cap applies then)."""
    values: list[int | None] = []
    current: list[tuple[str, str]] = []
    for tok in args + [("sym", ",")]:
        if tok == ("sym", ","):
            values.append(_evaluate(current, params))
            current = []
        else:
            current.append(tok)
    bounds = [v for v in values if v is not None]
    if len(values) not in (2, 3) or len(bounds) != len(values):
        return None
    start, end, step = bounds[0], bounds[1], bounds[2] if len(bounds) == 3 else 1
    if step == 0:
        return None
    return max(0, (end - start) // step + 1)


def _evaluate(tokens: list[tuple[str, str]], params: dict) -> int | None:
    text = []
    for kind, value in tokens:
        if kind == "number" and value.isdigit():
            text.append(value)
        elif kind == "param" and isinstance(params.get(value), int) and not isinstance(params.get(value), bool):
            text.append(str(params[value]))
        elif kind == "sym" and value in "+-*()":
            text.append(value)
        else:
            return None
    expression = "".join(text)
    if not expression or "**" in expression or len(expression) > 200:
        return None
    try:
        value = eval(expression, {"__builtins__": {}}, {})   # digits, + - * and parentheses only
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, int) else None
