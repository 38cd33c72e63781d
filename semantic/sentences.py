"""Abstract -> sentences, the units the evidence vectors are kept for ("<paper id>#<index>")."""
from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


def split_sentences(abstract: str | None) -> list[str]:
    """Sentences of at least 20 characters, in order (their index is part of the vector key)."""
    return [s.strip() for s in _SENTENCE.split(abstract or "") if len(s.strip()) > 20]
