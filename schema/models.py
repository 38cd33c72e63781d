"""The data contract between extraction and the graph.

Every model forbids unknown fields so a typo fails loudly instead of silently
dropping data. Only scalars and lists of scalars reach the store.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


def make_id(*parts: str) -> str:
    """Deterministic id: the same parts always give the same id (idempotent writes)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:20]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntityType(str, Enum):
    """Node labels of entities. `Concept` holds factors and properties (sharpness, overfitting)."""

    METHOD = "Method"
    MODEL = "Model"
    DATASET = "Dataset"
    TASK = "Task"
    METRIC = "Metric"
    CONCEPT = "Concept"


class RelType(str, Enum):
    """Relationship types from a paper to an entity it names."""

    PROPOSES = "PROPOSES"
    USES = "USES"
    EVALUATES_ON = "EVALUATES_ON"
    ADDRESSES = "ADDRESSES"
    REPORTS = "REPORTS"
    MENTIONS = "MENTIONS"


# Which relationship a plain (not proposed) mention of each type becomes.
DEFAULT_REL = {
    EntityType.METHOD: RelType.USES,
    EntityType.MODEL: RelType.USES,
    EntityType.DATASET: RelType.EVALUATES_ON,
    EntityType.TASK: RelType.ADDRESSES,
    EntityType.METRIC: RelType.REPORTS,
    EntityType.CONCEPT: RelType.MENTIONS,
}


class Effect(str, Enum):
    """What a claim says the subject does to the target. Negation is a separate flag."""

    IMPROVES = "improves"
    REDUCES = "reduces"
    INCREASES = "increases"
    WORSENS = "worsens"
    OUTPERFORMS = "outperforms"
    ENABLES = "enables"
    CORRELATES = "correlates"
    AFFECTS = "affects"
    REQUIRES = "requires"


# (axis, sign): two claims about the same subject and target on the same axis with
# opposite signed polarity (sign flipped when negated) contradict each other.
EFFECT_POLARITY: dict[Effect, tuple[str, int]] = {
    Effect.IMPROVES: ("quality", 1),
    Effect.OUTPERFORMS: ("quality", 1),
    Effect.ENABLES: ("quality", 1),
    Effect.WORSENS: ("quality", -1),
    Effect.INCREASES: ("amount", 1),
    Effect.REDUCES: ("amount", -1),
    Effect.CORRELATES: ("correlation", 1),
    Effect.AFFECTS: ("influence", 1),
    Effect.REQUIRES: ("dependency", 1),
}


# Effects read with a preposition: "correlates with", "depends on" is stored as affects.
_EFFECT_PREP = {"correlates": " with"}


def effect_text(effect: Effect | str | None, negated: bool = False, hedged: bool = False) -> str:
    """The effect as a person reads it, with negation and hedging: "improves", "does not
    correlate with", "may improve", "may not outperform" (``effect`` stays the effect word
    of the export contract; this is what tables, exports and the explorer show)."""
    word = str(effect.value if isinstance(effect, Effect) else (effect or "affects"))
    base = word[:-1] if word.endswith("s") else word
    prep = _EFFECT_PREP.get(word, "")
    if hedged:
        return f"may {'not ' if negated else ''}{base}{prep}"
    return f"does not {base}{prep}" if negated else f"{word}{prep}"


class ContextRole(str, Enum):
    MODEL = "model"
    DATASET = "dataset"
    BASELINE = "baseline"
    SETTING = "setting"


class Paper(_Model):
    id: str
    title: str
    abstract: str
    url: str | None = None
    year: int | None = None
    venue: str | None = None
    source: str = Field("", description="file and line/record the paper came from")

    @property
    def content_hash(self) -> str:
        return make_id("content", self.title, self.abstract)


class Entity(_Model):
    """A resolved entity: one node per real thing, keyed by type and normalised key."""

    type: EntityType
    key: str
    name: str
    aliases: list[str] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return make_id("entity", self.type.value, self.key)


class Mention(_Model):
    """One span of an abstract that names an entity."""

    text: str
    type: EntityType
    key: str = Field(description="normalised key of the entity it resolves to")
    start: int = Field(ge=0, description="character offset in the abstract")
    end: int = Field(ge=0)
    sentence: str
    sentence_start: int = Field(ge=0)
    proposed: bool = False
    extractor: str = Field(description="pattern | gazetteer | model | abbreviation")
    confidence: float = Field(1.0, ge=0, le=1)


class PaperRelation(_Model):
    """Paper -> entity edge, with the evidence of its first mention and every offset."""

    type: RelType
    entity: Entity
    evidence: str
    start: int
    end: int
    starts: list[int]
    ends: list[int]
    extractor: str
    confidence: float = Field(1.0, ge=0, le=1)


class ClaimContext(_Model):
    role: ContextRole
    entity: Entity


class Claim(_Model):
    id: str
    paper_id: str
    subject: Entity
    effect: Effect
    negated: bool = False
    hedged: bool = False
    target: Entity
    context: list[ClaimContext] = Field(default_factory=list)
    magnitude: str | None = None
    confidence: float = Field(ge=0, le=1)
    evidence: str
    start: int = Field(ge=0, description="offset of the evidence sentence in the abstract")
    end: int = Field(ge=0)
    extractor: str
    effect_text: str = Field(default="", description="the effect as read, with negation and hedging (filled in)")

    @model_validator(mode="after")
    def _fill_effect_text(self) -> Claim:
        # always derived from effect / negated / hedged, so a stale value never survives a copy
        want = effect_text(self.effect, self.negated, self.hedged)
        if self.effect_text != want:
            object.__setattr__(self, "effect_text", want)
        return self

    @property
    def polarity(self) -> tuple[str, int]:
        axis, sign = EFFECT_POLARITY[self.effect]
        return axis, -sign if self.negated else sign


@dataclass(frozen=True, slots=True)
class ClaimPolarity:
    """What contradiction finding reads of a claim: ids, subject and target keys, the
    signed polarity (``Claim.polarity``, negation applied) and the keys of the claim's
    context entities (model, dataset, baseline, setting), and its evidence sentence. The
    store's claim polarity rows ({id, paper_id, subject_key, target_key, axis, sign,
    context_keys, evidence}) have exactly these fields; a row without context_keys has no
    context, one without evidence an empty sentence."""

    id: str
    paper_id: str
    subject_key: str
    target_key: str
    axis: str
    sign: int
    context_keys: tuple[str, ...] = ()
    evidence: str = ""

    @classmethod
    def of(cls, claim: Claim | ClaimPolarity | Mapping[str, Any]) -> ClaimPolarity:
        """From a Claim (or anything with its id, paper_id, subject.key, target.key and
        polarity) or from a plain row with the fields above."""
        if isinstance(claim, ClaimPolarity):
            return claim
        if isinstance(claim, Mapping):
            return cls(id=claim["id"], paper_id=claim["paper_id"], subject_key=claim["subject_key"],
                       target_key=claim["target_key"], axis=claim["axis"], sign=claim["sign"],
                       context_keys=tuple(sorted(set(claim.get("context_keys") or ()))),
                       evidence=claim.get("evidence") or "")
        axis, sign = claim.polarity
        context = getattr(claim, "context", None) or ()
        return cls(id=claim.id, paper_id=claim.paper_id, subject_key=claim.subject.key,
                   target_key=claim.target.key, axis=axis, sign=sign,
                   context_keys=tuple(sorted({c.entity.key for c in context})),
                   evidence=getattr(claim, "evidence", "") or "")


class RecordError(_Model):
    """A record that was skipped or repaired, named so the user can find it."""

    source: str
    reason: str
    skipped: bool = True


class ExtractionResult(_Model):
    paper: Paper
    mentions: list[Mention] = Field(default_factory=list)
    relations: list[PaperRelation] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    extractor_version: str
