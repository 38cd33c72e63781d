"""The semantic step of a build: vectors beside the store and the SAME_AS concept links.

Joins the store (graph.semantic), the name lists (acronym table) and the semantic runtime.
Runs after `finalize`; every part is idempotent and incremental, so a stopped run is
finished by the next build.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph import config
from claimgraph.graph import semantic as gs
from claimgraph.semantic import encoder as enc
from claimgraph.semantic.acronyms import Expander, acronym_key, covered, definitions
from claimgraph.semantic.concepts import SIMILARITY_THRESHOLD, Decisions, acronym_links, plan, similarity_links
from claimgraph.semantic.sentences import split_sentences
from claimgraph.semantic.vectors import VectorStore, for_store


@dataclass
class SemanticSummary:
    entities_encoded: int = 0
    sentences_encoded: int = 0
    links_written: int = 0
    links_removed: int = 0
    links: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def expander_for(alias_rows: list[dict]) -> Expander:
    """Every reading the papers defined (`Store.alias_table()` rows) and the curated table's."""
    from claimgraph.extract.name_lists import NameLists

    return Expander(definitions(alias_rows, NameLists.load().acronyms))


def curated_expander(alias_rows: list[dict]) -> Expander:
    """The curated table's unambiguous readings that no paper of this graph defines otherwise
    (certain enough for SAME_AS links): dialog papers write OOD for out-of-domain, and 3 of 6
    wrong links in a judged sample of 60 were OOD compounds (docs/semantics.md)."""
    from claimgraph.extract.name_lists import NameLists

    curated = definitions([], NameLists.load().acronyms)
    seen: dict[str, list[str]] = {}
    for short, long in definitions(alias_rows, {}):
        seen.setdefault(acronym_key(short), []).append(covered(short, long))
    return Expander([(short, long) for short, long in curated
                     if all(same_reading(covered(short, long), other) for other in seen.get(acronym_key(short), []))])


def same_reading(a: str, b: str) -> bool:
    """Two long forms of one acronym that are spellings of one reading ("convolution neural
    network", "convolutional neural networks"): as many words, each pair alike in its first
    five letters."""
    wa, wb = (re.findall(r"[a-z0-9]+", x.lower()) for x in (a, b))
    return len(wa) == len(wb) and all(x[:5] == y[:5] for x, y in zip(wa, wb, strict=True))


def vector_store(store, encoder=None) -> VectorStore | None:
    if encoder is None and not enc.available():
        return None
    return for_store(store, (encoder or enc.default_encoder()).fingerprint)


def decisions_path(store=None) -> Path:
    """<home>/concepts.json for the embedded store; beside the vectors folder for Neo4j."""
    home = getattr(store, "home", None)
    return config.vectors_dir(home).parent / "concepts.json" if config.neo4j_uri() else (home or config.home()) / "concepts.json"


def refresh(store, *, encoder=None) -> SemanticSummary:
    started = time.perf_counter()
    done = SemanticSummary()
    alias_rows = store.alias_table()      # read once: 41k rows at 92k papers
    expander = expander_for(alias_rows)
    entities = gs.entity_rows(store)
    vectors = vector_store(store, encoder)
    links = acronym_links(entities, curated_expander(alias_rows))
    if vectors is None:
        done.notes.append("no embedding model (semantic/model): vectors and similarity links skipped")
    else:
        encoder = encoder or enc.default_encoder()
        names = {f"{e['label']}|{e['key']}": expander.expand(e["name"]) for e in entities}
        done.entities_encoded = vectors.update("entities", names, encoder.encode).encoded
        texts = {}
        for paper in gs.paper_texts(store):
            for i, s in enumerate(split_sentences(paper["abstract"])):
                texts[f"{paper['id']}#{i}"] = s
        done.sentences_encoded = vectors.update("sentences", texts, encoder.encode).encoded
        del texts   # 630k sentences at 92k papers: not needed past this point
        keys, index, matrix = vectors.matrix("entities")
        rows = [index[f"{e['label']}|{e['key']}"] for e in entities]
        if SIMILARITY_THRESHOLD is not None:
            links += similarity_links(entities, matrix[rows], encoder.fingerprint, SIMILARITY_THRESHOLD)
    links = Decisions(decisions_path(store)).apply(_unique(links))
    put, drop = plan(links, gs.same_as_links(store))
    papers = gs.papers_linked(store, [(x.label, k) for x in put for k in (x.a, x.b)]) if put else {}
    for label in {x.label for x in put}:
        gs.write_same_as(store, label, [x.row(sorted(set(papers.get(f"{label}|{x.a}", [])[:3]
                                                         + papers.get(f"{label}|{x.b}", [])[:3])))
                                        for x in put if x.label == label])
    for label in {d["label"] for d in drop}:
        gs.delete_same_as(store, label, [d for d in drop if d["label"] == label])
    done.links_written, done.links_removed, done.links = len(put), len(drop), len(links)
    done.seconds = time.perf_counter() - started
    return done


def _unique(links):
    out = {}
    for x in links:        # the first rule that proposed a pair wins (acronym before similarity)
        out.setdefault((x.label, x.a, x.b), x)
    return list(out.values())
