"""The regular expressions of the claim rules (no logic here): magnitudes, the paper speaking
of itself, citations."""
from __future__ import annotations

import re

# Magnitudes (magnitude.parse_magnitude): the first pattern that matches wins.
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
        rf"\bby\s+(?:up\s+to\s+|about\s+|approximately\s+|over\s+|more\s+than\s+|nearly\s+|~\s*|an\s+average\s+of\s+)?"
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
    re.compile(r"(?<![\w.])\+\s?\d+(?:\.\d+)?\s*(?:\\?\s*%|points?|pp|pts?)?", re.I),
    # up to 20%
    re.compile(rf"\bup\s+to\s+{_PCT}", re.I),
    # halves / doubles
    re.compile(r"\b(?:halv(?:es|ed|ing)|doubl(?:es|ed|ing)|tripl(?:es|ed|ing))\b", re.I),
]

# The paper speaks of itself (sentences: background before the first such sentence).
_SELF_REFERENCE = re.compile(
    r"\b(?:we|our|us)\b|\bthis (?:paper|work|study|survey|article|note|research|thesis|report)\b"
    r"|\bthe present (?:paper|work|study)\b|\bhere\b", re.I)

# A citation (sentences: reported prior work).
_CITATION = re.compile(r"\bet al\b|\(\s*[A-Z][A-Za-z\-]+(?:\s+(?:and|&)\s+[A-Z][A-Za-z\-]+)?,?\s+(?:19|20)\d\d|"
                       r"\[[A-Z][A-Za-z\-]+[^\]]{0,40}(?:19|20)\d\d")

# The abstract speaks of a method of its own (extraction).
_METHOD_SELF_REFERENCE = re.compile(
    r"\b(?:our|the proposed)\s+(?:[\w\-]+\s+)?(?:method|approach|framework|algorithm|technique|strategy|system|"
    r"pipeline|model|scheme|procedure|controller|planner|architecture|formulation|estimator|solver|module|mechanism)s?\b"
    r"|\bwe\s+(?:propose|introduce|present|develop|design|devise)\s+(?:a|an|our|the)\b", re.I)
