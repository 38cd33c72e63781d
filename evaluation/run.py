"""Evaluation commands: run extraction over the corpus and score it against gold files."""
from __future__ import annotations

from pathlib import Path

from claimgraph.evaluation.claims import evaluate_claims, load_gold_claims
from claimgraph.evaluation.entities import evaluate_gold, load_gold
from claimgraph.extract.pipeline import Extractor
from claimgraph.extract.readers import read_corpus
from claimgraph.extract.resolution import Resolver
from claimgraph.orchestration.build import DEMO_CORPUS
from claimgraph.schema import Entity, EntityType, Paper, RelType
from claimgraph.schema.keys import normalize_key


def extract_titles(titles: set[str], corpus: list[Path], *, use_model: bool = True):
    """Resolved extraction results of the corpus papers with these titles, by title."""
    papers = [p for p in read_corpus(corpus) if isinstance(p, Paper) and p.title in titles]
    resolver = Resolver.from_name_lists()
    results = resolver.resolve(list(Extractor(use_model=use_model).extract(papers)))
    return {r.paper.title: r for r in results}, resolver


def gold_entities(gold_path: Path, corpus: list[Path] | None = None, *, use_model: bool = True) -> dict:
    gold = load_gold(gold_path)
    results, _ = extract_titles({g["title"] for g in gold}, corpus or [DEMO_CORPUS], use_model=use_model)
    return evaluate_gold(gold, results)


def gold_claims(gold_path: Path, corpus: list[Path] | None = None, *, use_model: bool = True) -> dict:
    gold = load_gold_claims(gold_path)
    results, resolver = extract_titles({g["title"] for g in gold}, corpus or [DEMO_CORPUS], use_model=use_model)

    def canon(name: str) -> str:
        # Resolve a gold name the way the graph resolves predictions: try each type.
        key = normalize_key(name)
        for entity_type in EntityType:
            resolved = resolver.canonical(Entity(type=entity_type, key=key, name=name))
            if resolved.key != key:
                return resolved.key
        return key

    proposed = {t: {r.entity.key for r in res.relations if r.type is RelType.PROPOSES} for t, res in results.items()}
    predicted = {t: res.claims for t, res in results.items()}
    return evaluate_claims(gold, predicted, canon, proposed)
