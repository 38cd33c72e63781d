"""Evaluation: extraction scored against hand-labelled sets (entities, claims, SciERC, proposals)."""
