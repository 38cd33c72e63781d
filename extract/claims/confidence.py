"""Confidence of one claim from how it was found (rules: docs/claims.md, "Rule specification")."""
from __future__ import annotations


def score_confidence(*, cue: float, hedged: bool, subject_concept: bool,
                     target_concept: bool, has_magnitude: bool) -> float:
    """Confidence of one claim from how it was found (pure, documented in the module doc)."""
    score = 0.55
    if cue >= 1.0:
        score += 0.25
    elif cue > 0:
        score += 0.1
    if has_magnitude:
        score += 0.05
    if hedged:
        score -= 0.2
    if subject_concept:
        score -= 0.1
    if target_concept:
        score -= 0.05
    return round(min(0.95, max(0.05, score)), 3)
