"""Deterministic acronym expansion inside compound names.

"OOD performance" -> "out-of-distribution performance" with definitions the resolver
learned from the papers ("out-of-distribution (OOD)") and the curated acronym table.
Measured (issue 22) as the largest single gain for synonym grouping and the only rule at
precision 1.0, so it may ground SAME_AS links; similarity alone may not.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-\.']*|[^\sA-Za-z0-9]+")
_WORD = re.compile(r"[a-z0-9]+")


def acronym_key(token: str) -> str:
    """'OOD' -> 'ood', "LLMs" -> 'llm' (a plural s after two capitals is dropped)."""
    t = token.strip(".'")
    if len(t) > 2 and t.endswith("s") and t[:-1].isupper():
        t = t[:-1]
    return t.lower()


def looks_like_acronym(token: str) -> bool:
    t = token.strip(".'")
    if len(t) > 2 and t.endswith("s") and t[:-1].isupper():
        t = t[:-1]
    return 2 <= len(t) <= 8 and sum(c.isupper() for c in t) >= 2 and t[0].isalpha()


def covered(short: str, long: str) -> str:
    """The words of `long` that the acronym's letters spell: "out-of-distribution" for OOD in
    "out-of-distribution generalization" (an alias learned from "OOD generalization" would
    otherwise turn "OOD performance" into "out-of-distribution generalization performance").
    The whole long form when no prefix of its words spells the acronym."""
    letters = re.sub(r"[^a-z]", "", acronym_key(short))
    words = long.strip().split()
    for n in range(1, len(words) + 1):
        parts = [p for w in words[:n] for p in re.split(r"[-/]", w) if p]
        if "".join(p[0].lower() for p in parts) == letters:
            return " ".join(words[:n])
    return long.strip()


class Expander:
    """Short form -> long form; ambiguous short forms (two different long forms) are left alone."""

    def __init__(self, definitions: Iterable[tuple[str, str]] = ()):
        seen: dict[str, set[str]] = {}
        for short, long in definitions:
            if short and long and acronym_key(short) != long.lower():
                seen.setdefault(acronym_key(short), set()).add(covered(short, long).lower())
        self.table: dict[str, str] = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
        self.ambiguous: set[str] = {k for k, v in seen.items() if len(v) > 1}
        self._contractions: dict[str, list[tuple[int, str, str]]] | None = None

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> "Expander":
        return cls(mapping.items())

    def with_definitions(self, pairs: Iterable[tuple[str, str]]) -> "Expander":
        """This expander with these (short, long) definitions taking precedence (an entity's own)."""
        own = Expander(pairs)
        merged = Expander()
        merged.table = {**self.table, **own.table}
        merged.ambiguous = own.ambiguous | (self.ambiguous - own.table.keys())
        return merged

    def long_form(self, token: str) -> str | None:
        return self.table.get(acronym_key(token)) if looks_like_acronym(token) else None

    def expand(self, name: str) -> str:
        """Every acronym-shaped word with one known long form replaced by it (lower-case result)."""
        out = []
        for token in _TOKEN.findall(name):
            long = self.long_form(token)
            out.append(long if long else token.lower())
        return re.sub(r"\s+", " ", " ".join(out)).strip()

    def expansions(self, name: str) -> list[tuple[str, str]]:
        """The (acronym, long form) pairs `expand` used."""
        return [(t, self.table[acronym_key(t)]) for t in _TOKEN.findall(name) if self.long_form(t)]

    def contract(self, name: str) -> str:
        """The inverse of `expand`: every known long form written out in `name` replaced by its
        acronym ("out-of-distribution performance" -> "OOD performance"; hyphens or spaces between
        its words alike); the longest long forms first, whole words only. The result keeps the
        other words as written."""
        index = self._contraction_index()
        # Only the long forms whose first word is in the name are tried, each compiled when first
        # needed: a 92k graph knows ~11k long forms, and a regex for each took seconds a question.
        words = set(_WORD.findall(name.lower())) | {""}
        out = name
        for _, long, short in sorted({c for w in words for c in index.get(w, ())}):
            out = self._pattern(long).sub(short, out)
        return out

    def _contraction_index(self) -> dict[str, list[tuple[int, str, str]]]:
        """First alphanumeric word of each multi-word long form -> (rank, long form, ACRONYM);
        rank 0 is the longest long form."""
        if self._contractions is None:
            index: dict[str, list[tuple[int, str, str]]] = {}
            ranked = sorted(self.table.items(), key=lambda kv: -len(kv[1]))
            for rank, (short, long) in enumerate(ranked):
                if len(long) < 6 or " " not in long and "-" not in long:
                    continue          # a one-word long form ("transformer") is a name of its own
                first = next(iter(_WORD.findall(re.split(r"[-\s]+", long)[0].lower())), "")
                index.setdefault(first, []).append((rank, long, short.upper()))
            self._contractions = index
        return self._contractions

    @staticmethod
    @lru_cache(maxsize=4096)
    def _pattern(long: str) -> re.Pattern[str]:
        spelled = r"[-\s]+".join(re.escape(w) for w in re.split(r"[-\s]+", long))   # "out of distribution" too
        return re.compile(r"(?<![A-Za-z0-9])" + spelled + r"(?![A-Za-z0-9])", re.I)

    def __len__(self) -> int:
        return len(self.table)


def definitions(alias_rows: Iterable[Mapping], curated: Mapping) -> list[tuple[str, str]]:
    """(short, long) pairs: acronym aliases the papers defined (`alias_rows` from the store's
    alias table: name, aliases), then the curated table's unambiguous readings
    (short -> an object with .long and .ambiguous)."""
    pairs = [(alias, row["name"]) for row in alias_rows for alias in row["aliases"] or []
             if looks_like_acronym(alias) and alias.lower() != str(row["name"]).lower()]
    pairs += [(short, a.long) for short, a in curated.items() if not a.ambiguous]
    return pairs
