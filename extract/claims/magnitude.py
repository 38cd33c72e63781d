"""Magnitudes: the size of an effect a sentence states ("by 8%-30%", "2x faster")."""
from __future__ import annotations

import re

_NUM = r"[+\-\u2212]?\d+(?:[.,]\d+)?"

_PCT = rf"{_NUM}\s*(?:\\?\s*%|\s?percent(?:age points?)?|\s?pp\b|\s?points?\b|\s?pts?\b)"

_DASH = r"\s*(?:-{1,3}|\u2013|\u2014|to)\s*"

_RANGE_START = rf"(?:{_NUM}\s*(?:\\?\s*%)?\s*(?:-{{1,3}}|\u2013|\u2014)\s*)?"

_MAG_PATTERNS: list[re.Pattern[str]] = [
    # from 35.5% to 44.5%, from less than 1% (for standard training) to more than 92%
    re.compile(
        rf"\bfrom\s+(?:(?:less|more)\s+than\s+|about\s+|approximately\s+|~\s*)?{_NUM}\s*(?:\\?\s*%|points?)?"
        rf"(?:\s*\([^)]{{0,60}}\))?\s+to\s+(?:(?:less|more)\s+than\s+|about\s+|~\s*)?{_NUM}\s*(?:\\?\s*%|points?)?",
        re.I,
    ),
    # by 8%-30%, by 2.5 points, by half, by a factor of 3, by 2x
    re.compile(
        rf"\bby\s+(?:up\s+to\s+|about\s+|approximately\s+|over\s+|more\s+than\s+|nearly\s+|~\s*)?"
        rf"(?:{_RANGE_START}{_PCT}(?:{_DASH}{_PCT})?|half|a\s+half|a\s+third|a\s+quarter|an\s+order\s+of\s+magnitude"
        rf"|a\s+factor\s+of\s+{_NUM}|{_NUM}\s*(?:x|\u00d7|times|fold)\b|{_NUM}\s+(?:points?|pp))",
        re.I,
    ),
    # 8%-30% relative WER improvements, 6.56%, 4.76%, 5.82% improvements, 50% higher
    re.compile(
        rf"(?:up\s+to\s+|about\s+|approximately\s+|over\s+|nearly\s+|~\s*)?{_PCT}(?:{_DASH}{_PCT}|(?:\s*,\s*{_PCT})+(?:,?\s*and\s+{_PCT})?)?"
        r"(?:\s+[\w\-@]+){0,2}?\s+(?:improvements?|gains?|reductions?|drops?|increases?|decreases?|"
        r"higher|lower|better|worse|faster|fewer|less|more|boosts?|speedups?|degradation)\b",
        re.I,
    ),
    re.compile(
        rf"(?:up\s+to\s+|about\s+|approximately\s+|over\s+|nearly\s+|~\s*)?{_PCT}(?:{_DASH}{_PCT})?\s+(?:relative|absolute)\b",
        re.I,
    ),
    # 2x faster, 3.5x speedup, 10 times fewer
    re.compile(rf"\b{_NUM}\s*(?:x|\u00d7|times|-fold|fold)\s*(?:faster|slower|smaller|larger|fewer|"
               rf"more|less|speedup|speed-up|reduction|improvement|higher|lower|better)\b", re.I),
    # +3.2 points / +3.2%
    re.compile(rf"(?<![\w.])\+\s?\d+(?:\.\d+)?\s*(?:\\?\s*%|points?|pp|pts?)?", re.I),
    # up to 20%
    re.compile(rf"\bup\s+to\s+{_PCT}", re.I),
    # halves / doubles
    re.compile(r"\b(?:halv(?:es|ed|ing)|doubl(?:es|ed|ing)|tripl(?:es|ed|ing))\b", re.I),
]


def parse_magnitude(text: str) -> str | None:
    """The size of an effect stated in `text`, as a short normalised string, or None.

    "from 35.5% to 44.5%" -> "from 35.5% to 44.5%"; "by 8\\% -- 30\\%" -> "8%–30%";
    "8%–30% relative WER improvements" -> "8%–30% relative WER improvements";
    "reduces this drop by half" -> "half"; "2x faster" -> "2x faster"; "+3.2 points"
    -> "+3.2 points". Bare numbers ("CIFAR-10", "24GB", "0.5B parameters") are not
    magnitudes: a number needs a unit (%, points, x, times) or a from/to, by-phrase.
    """
    if not text:
        return None
    for pattern in _MAG_PATTERNS:
        m = pattern.search(text)
        if m:
            return _clean_magnitude(m.group())
    return None


def _clean_magnitude(s: str) -> str:
    s = s.replace("\\", "")
    s = re.sub(r"\s+", " ", s).strip(" ,.;")
    s = re.sub(r"^by\s+(?:a\s+)?", "", s, flags=re.I)
    s = re.sub(r"(\d)\s+%", r"\1%", s)
    s = re.sub(r"\s*(?:-{2,3}|\u2014)\s*", "\u2013", s)
    s = re.sub(r"(%)\s*-\s*(?=[+\-\u2212]?\d)", "\\1\u2013", s)
    s = re.sub(r"(\d)\s*(?:x|\u00d7)\b", r"\1x", s)
    return s
