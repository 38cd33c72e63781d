"""Resolution across papers: one key per real thing, with a merge log a user can read.

Within a paper, `extract.components` already folds a defined short form into its
long form. Across papers the `Resolver` does three things, in order:

1. a name the curated lists know (by name or alias) takes the list's canonical key
   ("ViT" -> "vision transformer"), so spelling variants meet;
2. a bare short form ("RFT") takes the long form that papers defined for it, but
   only when exactly one long form was ever defined for it with that type, or the
   curated acronym table lists it as unambiguous. "SAM" defined once as
   sharpness-aware minimization and once as Segment Anything stays "sam": sharing
   an acronym is not evidence;
3. spelling variants meet: a key that differs from a known or earlier one only by spaces
   ("MSCOCO" / "MS COCO", "pre training" / "pretraining") takes that one; versions do not
   ("YOLOv3" is not "YOLO": their keys differ by more than spaces);
4. a name is a Method or a Model, not both: the lists' type, else the first type seen;
5. every surface form stays an alias of the entity it landed on.

It learns definitions as results stream through (and from the store's aliases on
resume), so the answer does not depend on batch boundaries except for a short form
seen before any paper defined it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from claimgraph.schema import Claim, ClaimContext, Entity, EntityType, ExtractionResult, PaperRelation
from claimgraph.schema.keys import is_acronym, normalize_key


@dataclass
class Merge:
    """One entry of the merge log."""

    paper_id: str
    type: str
    surface: str
    from_key: str
    to_key: str
    reason: str


@dataclass
class Resolver:
    known: dict[tuple[EntityType, str], tuple[str, str]] = field(default_factory=dict)  # (type, key) -> (key, name)
    acronyms: dict[str, tuple[str, EntityType]] = field(default_factory=dict)  # short key -> (long name, type)
    definitions: dict[tuple[EntityType, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[tuple[EntityType, str], str] = field(default_factory=dict)
    log: list[Merge] = field(default_factory=list)
    known_compact: dict[tuple[EntityType, str], tuple[str, str]] = field(default_factory=dict)
    first_seen: dict[tuple[str, str], tuple[EntityType, str]] = field(default_factory=dict)  # (kind, compact) ->

    @classmethod
    def from_name_lists(cls) -> "Resolver":
        from claimgraph.extract.name_lists import NameLists

        lists = NameLists.load()
        resolver = cls()
        for name, entity_type, aliases in lists.entries:
            canonical = (normalize_key(name), name)
            for form in (name, *aliases):
                resolver.known.setdefault((entity_type, normalize_key(form)), canonical)
                resolver.known_compact.setdefault((entity_type, _compact(normalize_key(form))), canonical)
        for short, (long, entity_type, ambiguous) in lists.acronyms.items():
            if not ambiguous:
                resolver.acronyms[normalize_key(short)] = (long, entity_type)
        return resolver

    # ---------------------------------------------------------------- learning

    def learn(self, entity_type: EntityType, key: str, name: str, aliases: list[str]) -> None:
        """Record that these short forms were written as aliases of this long form."""
        self.names[(entity_type, key)] = name
        if not self._listed(entity_type, key):
            self.first_seen.setdefault((_kind(entity_type), _compact(key)), (entity_type, key))
        for alias in aliases:
            alias_key = normalize_key(alias)
            if is_acronym(alias) and alias_key != key:
                self.definitions[(entity_type, alias_key)].add(key)

    def learn_results(self, results: list[ExtractionResult]) -> None:
        for result in results:
            for rel in result.relations:
                self.learn(rel.entity.type, rel.entity.key, rel.entity.name, rel.entity.aliases)

    # ---------------------------------------------------------------- resolving

    def _listed(self, entity_type: EntityType, key: str) -> bool:
        return (entity_type, key) in self.known or (entity_type, _compact(key)) in self.known_compact

    def canonical(self, entity: Entity, paper_id: str = "") -> Entity:
        key, name, reason = entity.key, entity.name, ""
        entity_type = entity.type
        if entity_type in _METHOD_OR_MODEL and not self._listed(entity_type, key):
            other = EntityType.MODEL if entity_type is EntityType.METHOD else EntityType.METHOD
            if self._listed(other, key):
                entity_type, reason = other, "name list type"   # YOLO is a Model, also where a paper says method
        listed = self.known.get((entity_type, key)) or self.known_compact.get((entity_type, _compact(key)))
        if listed is not None:
            new_key, new_name = listed
            if new_key != key:
                key, name, reason = new_key, new_name, "name list"
        elif is_acronym(entity.name):
            defined = self.definitions.get((entity.type, key), set())
            if len(defined) == 1:
                (key,) = defined
                name, reason = self.names.get((entity.type, key), name), "defined in another paper"
            elif not defined and key in self.acronyms and self.acronyms[key][1] is entity.type:
                long = self.acronyms[key][0]
                key, name, reason = normalize_key(long), long, "acronym table"
        if not reason:
            first = self.first_seen.get((_kind(entity_type), _compact(key)))
            if first is not None and first != (entity_type, key):
                reason = "spelling variant" if first[1] != key else "method or model"
                entity_type, key = first
        if not reason:
            return entity
        self.log.append(Merge(paper_id, entity.type.value, entity.name, entity.key, key, reason))
        aliases = sorted({*entity.aliases, entity.name} - {name})
        return Entity(type=entity_type, key=key, name=name, aliases=aliases)

    def resolve(self, results: list[ExtractionResult]) -> list[ExtractionResult]:
        """Learn this batch's definitions, then rewrite every entity to its canonical key."""
        self.learn_results(results)
        return [self._resolve_one(r) for r in results]

    def _resolve_one(self, result: ExtractionResult) -> ExtractionResult:
        canon = lambda e: self.canonical(e, result.paper.id)  # noqa: E731
        resolved = [(r, canon(r.entity)) for r in result.relations]
        key_map = {(r.entity.type, r.entity.key): (entity.type, entity.key) for r, entity in resolved}
        relations = _merge_relations([r.model_copy(update={"entity": entity}) for r, entity in resolved])
        mentions = [m.model_copy(update=dict(zip(("type", "key"), key_map.get((m.type, m.key), (m.type, m.key)),
                                                 strict=True)))
                    for m in result.mentions]
        claims = [self._resolve_claim(c, canon) for c in result.claims]
        return result.model_copy(update={"relations": relations, "mentions": mentions, "claims": claims})

    @staticmethod
    def _resolve_claim(claim: Claim, canon) -> Claim:
        return claim.model_copy(update={
            "subject": canon(claim.subject),
            "target": canon(claim.target),
            "context": [ClaimContext(role=c.role, entity=canon(c.entity)) for c in claim.context],
        })


_METHOD_OR_MODEL = (EntityType.METHOD, EntityType.MODEL)


def _kind(entity_type: EntityType) -> str:
    return "method-or-model" if entity_type in _METHOD_OR_MODEL else entity_type.value


def _compact(key: str) -> str:
    """A key without its spaces: "ms coco" and "mscoco" are one spelling."""
    return key.replace(" ", "")


def _merge_relations(relations: list[PaperRelation]) -> list[PaperRelation]:
    """Two edges of one paper that now point at the same entity become one."""
    merged: dict[tuple, PaperRelation] = {}
    for rel in relations:
        k = (rel.type, rel.entity.type, rel.entity.key)
        if k not in merged:
            merged[k] = rel
            continue
        first = merged[k]
        aliases = sorted(set(first.entity.aliases) | set(rel.entity.aliases) | {rel.entity.name} - {first.entity.name})
        merged[k] = first.model_copy(update={
            "entity": first.entity.model_copy(update={"aliases": aliases}),
            "starts": first.starts + rel.starts, "ends": first.ends + rel.ends,
            "confidence": max(first.confidence, rel.confidence),
        })
    return list(merged.values())
