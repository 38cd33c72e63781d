"""Magnitudes: the size of an effect a sentence states ("by 8%-30%", "2x faster")."""
from __future__ import annotations

import re

from claimgraph.extract.claims.patterns import _MAG_PATTERNS


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
