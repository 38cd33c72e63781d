"""Pydantic models for everything that flows between ClaimGraph's stages.

Depends on nothing else of ours; `extract/` produces these, `graph/` stores them.
"""
from claimgraph.schema.errors import ClaimGraphError, InputError, ReadOnlyError, StoreError
from claimgraph.schema.models import (
    DEFAULT_REL,
    EFFECT_POLARITY,
    Claim,
    ClaimContext,
    ClaimPolarity,
    ContextRole,
    Effect,
    Entity,
    EntityType,
    ExtractionResult,
    Mention,
    Paper,
    PaperRelation,
    RecordError,
    RelType,
    effect_text,
    make_id,
)

__all__ = [
    "Claim", "ClaimPolarity", "ClaimContext", "ContextRole", "Effect", "Entity", "DEFAULT_REL", "EntityType",
    "ExtractionResult", "Mention", "Paper", "PaperRelation", "RecordError", "RelType",
    "EFFECT_POLARITY", "effect_text", "make_id",
    "ClaimGraphError", "InputError", "StoreError", "ReadOnlyError",
]
