"""Offset-preserving clean-up of the debris real abstracts carry.

The parser sees a masked copy of the abstract in which LaTeX commands, math
markup, citation keys and URLs are blanked out with spaces. The copy has the same
length as the original, so every offset found in it points into the verbatim text
that is stored and shown.
"""
from __future__ import annotations

import re

_DEBRIS = re.compile(
    r"""
      (?:https?://|www\.)\S+?(?=[.,;:)\]]?(?:\s|$))   # URLs, not their closing full stop
    | ~[A-Za-z]+\d{4}[A-Za-z]*           # citation keys: ~wortsman2021robust
    | \\cite[pt]?\{[^}]*\}
    | \$?\\?(?:textbf|textit|emph|mathrm|mathbf|mathcal|texttt|text)\{   # \textbf{ and $textbf{
    | \^\{[^}]*\}                        # ^{circ}, ^{1/2}
    | _\{[^}]*\}                         # d_{data}
    | \\["'`^~]                          # accents: Schr\"odinger
    | \\(?=[%&$#_])                      # escaped specials: 20\%
    | [${}]
    """,
    re.VERBOSE,
)


def mask_debris(text: str) -> str:
    """Same-length copy of `text` with debris replaced by spaces."""
    return _DEBRIS.sub(lambda m: " " * len(m.group()), text)
