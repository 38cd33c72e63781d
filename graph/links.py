"""Entity–entity links, computed when a build finishes: the entity-centred graph of the explorer.

Two entities are linked when papers name both (co-occurrence through PROPOSES/USES/…) or a
claim joins them (subject, target or context of one claim). A link's weight is the number of
papers behind it (the union of both ways); the first MAX_PAPER_IDS paper ids ride on the link,
so a view lists them on hover without walking through the papers.

Each entity keeps its TOP_K strongest links (ties by the other's paper count, then key), of
which at most MAX_SINGLE rest on a single paper and no claim, so a hub's view reads at most a
few hundred links instead of every paper around it, and a build writes few links per entity.
A link records a choice: `(a)-[:RELATED {papers, claims, paper_ids}]->(b)` when b is among
a's strongest; a pair both ends choose has two links (same figures). Read them without
direction and once per pair.

Only what a build can have changed is relinked, so an update equals a clean build: the
entities a build touched (marked pending) lose every link (`unlink`, before the orphans are
removed: a link would keep an orphan alive); `link` then recomputes the choices of the
pending entities and of every entity sharing a paper or claim with them (their rankings see
the pending ones), after deleting those neighbours' own choices. An entity further away
ranks nothing that changed, so its choices stand. Labels come from the schema's enum
(graph.cypher); every value is a parameter.
"""
from __future__ import annotations

import time
from collections.abc import Iterator

from claimgraph.graph import cypher

RELATED = "RELATED"
TOP_K = 20
MAX_PAPER_IDS = 12
MAX_SINGLE = 5      # links resting on one paper and no claim, per entity
BATCH = 500
ENTITIES_PER_SHARE = 50_000   # entities whose pairs are counted at once (memory, see `link`)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def unlink_query(label: str) -> str:
    return f"""
UNWIND $keys AS k
MATCH (e:{cypher.node_label(label)} {{key: k}})-[l:{RELATED}]-()
DELETE l
RETURN count(*) AS deleted"""


def unchoose_query(label: str) -> str:
    """Delete the links the keys chose (their outgoing links)."""
    return f"""
UNWIND $keys AS k
MATCH (e:{cypher.node_label(label)} {{key: k}})-[l:{RELATED}]->()
DELETE l
RETURN count(*) AS deleted"""


def papers_naming_query(label: str) -> str:
    """The papers that name, or make a claim about, any of the keys."""
    return f"""
UNWIND $keys AS k
MATCH (e:{cypher.node_label(label)} {{key: k}})<-[r]-(x)
WHERE type(r) IN $rels
RETURN DISTINCT coalesce(x.paper_id, x.id) AS paper"""


# What each paper names, and what its claims join: one row per (paper, entity) or (claim, entity).
PAPER_ENTITIES = """
UNWIND $ids AS i
MATCH (p:Paper {id: i})-[r]->(e)
WHERE type(r) IN $rels
RETURN i AS paper, null AS claim, labels(e)[0] AS label, e.key AS key, e.paper_count AS papers"""

CLAIM_ENTITIES = """
UNWIND $ids AS i
MATCH (p:Paper {id: i})-[:MAKES]->(c)-[:SUBJECT|TARGET|CONTEXT]->(e)
RETURN i AS paper, c.id AS claim, labels(e)[0] AS label, e.key AS key, e.paper_count AS papers"""


def create_query(a_label: str, b_label: str) -> str:
    """a's choices. The links the relinked entities chose were removed first, yet an update
    now and then ended with one link twice (test_changed_abstracts_replace_their_mentions_and_claims,
    in about 1 run of 3 on the embedded store; the cause was not found): MERGE keeps it once."""
    return f"""
UNWIND $rows AS row
MATCH (a:{cypher.node_label(a_label)} {{key: row.a}})
MATCH (b:{cypher.node_label(b_label)} {{key: row.b}})
MERGE (a)-[l:{RELATED}]->(b)
SET l.papers = row.papers, l.claims = row.claims, l.paper_ids = row.paper_ids"""


def strongest(rows: list[dict], wanted: set[tuple[str, str]] | None = None,
              top_k: int = TOP_K) -> dict[tuple[str, str], list[dict]]:
    """(paper, claim, label, key, papers) rows -> for each entity (of `wanted`, all when None)
    its `top_k` links {other: (label, key), papers, claims, paper_ids}, heaviest first (ties: the
    other's paper count, then its label and key). Pure: tested alone."""
    return _choose(_index(rows), wanted, top_k)


def _index(rows: list[dict]) -> tuple[dict, dict, dict]:
    """The rows as (entities per paper, (paper, entity) per claim, paper count per entity)."""
    named: dict[str, set] = {}
    joined: dict[str, set] = {}
    size: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["label"] not in cypher.ENTITY_LABELS or r["key"] is None:
            continue
        ref = (r["label"], r["key"])
        size[ref] = r.get("papers") or 0
        named.setdefault(r["paper"], set()).add(ref)
        if r.get("claim"):
            joined.setdefault(r["claim"], set()).add((r["paper"], ref))
    return named, joined, size


def _choose(index: tuple[dict, dict, dict], wanted: set[tuple[str, str]] | None,
            top_k: int) -> dict[tuple[str, str], list[dict]]:
    named, joined, size = index
    pair_papers: dict[tuple, set] = {}
    pair_claims: dict[tuple, int] = {}
    for paper, refs in named.items():
        for a in refs:
            if wanted is None or a in wanted:
                for b in refs:
                    if a != b:
                        pair_papers.setdefault((a, b), set()).add(paper)
    for members in joined.values():
        refs = {ref for _, ref in members}
        paper = next(iter(members))[0]
        for a in refs:
            if wanted is None or a in wanted:
                for b in refs:
                    if a != b:
                        pair_papers.setdefault((a, b), set()).add(paper)
                        pair_claims[(a, b)] = pair_claims.get((a, b), 0) + 1
    by_entity: dict[tuple[str, str], list[dict]] = {}
    for (a, b), papers in pair_papers.items():
        ids = sorted(papers)
        by_entity.setdefault(a, []).append({"other": b, "papers": len(ids), "claims": pair_claims.get((a, b), 0),
                                            "paper_ids": ids[:MAX_PAPER_IDS]})
    for ref, found in by_entity.items():
        found.sort(key=lambda l: (-l["papers"], -l["claims"], -size.get(l["other"], 0), l["other"]))
        # One paper naming two entities is weak evidence: at most MAX_SINGLE such links each.
        single = [i for i, l in enumerate(found) if l["papers"] == 1 and not l["claims"]]
        drop = set(single[MAX_SINGLE:])
        by_entity[ref] = [l for i, l in enumerate(found) if i not in drop][:top_k]
    return by_entity


def unlink(store, pending: dict[str, list[str]]) -> int:
    """Remove the links of the pending entities (they are recomputed by `link`)."""
    deleted = 0
    for label, keys in pending.items():
        for chunk in _chunks(keys, BATCH):
            def work(tx, label=label, chunk=chunk):
                return tx.run(unlink_query(label), keys=chunk).single()["deleted"]
            deleted += store._write(work) or 0
    return deleted


def _papers_naming(store, refs: dict[str, list[str]], rels: list[str]) -> set[str]:
    papers: set[str] = set()
    for label, keys in refs.items():
        for chunk in _chunks(keys, BATCH * 4):
            papers.update(r["paper"] for r in store.read(papers_naming_query(label), keys=chunk, rels=rels)
                          if r["paper"])
    return papers


def _entities_of(store, papers: list[str]) -> list[dict]:
    rows: list[dict] = []
    for chunk in _chunks(papers, BATCH * 4):
        rows += store.read(PAPER_ENTITIES, ids=chunk, rels=cypher.PAPER_REL_TYPES)
        rows += store.read(CLAIM_ENTITIES, ids=chunk)
    return rows


def link(store, pending: dict[str, list[str]], *, top_k: int = TOP_K) -> dict:
    """Recompute the choices of the pending entities (already unlinked) and of their neighbours
    (entities sharing a paper or claim with one), each from everything its papers name, and
    write them. Returns {"entities", "links", "seconds"}."""
    started = time.perf_counter()
    rels = [*cypher.PAPER_REL_TYPES, "SUBJECT", "TARGET", "CONTEXT"]
    wanted = {(label, key) for label, keys in pending.items() for key in keys}
    near_papers = _papers_naming(store, pending, rels)
    rows = _entities_of(store, sorted(near_papers))
    neighbours: dict[str, list[str]] = {}
    for ref in sorted({(r["label"], r["key"]) for r in rows if r["label"] in cypher.ENTITY_LABELS and r["key"]}
                      - wanted):
        neighbours.setdefault(ref[0], []).append(ref[1])
    if neighbours:
        # A neighbour ranks from all of its papers, so read those too, then drop its old choices.
        rows += _entities_of(store, sorted(_papers_naming(store, neighbours, rels) - near_papers))
        for label, keys in neighbours.items():
            unchoose = unchoose_query(label)
            for chunk in _chunks(keys, BATCH):
                store._write(lambda tx, q=unchoose, chunk=chunk: tx.run(q, keys=chunk).consume())
        wanted |= {(label, key) for label, keys in neighbours.items() for key in keys}
    index = _index(rows)
    del rows
    # Pairs are counted for a share of the entities at a time and written before the next share:
    # all at once, a whole 92k-paper build held ~5 GB of pairs (the client's budget is 2 GB).
    refs = sorted(wanted)
    shares = max(1, -(-len(refs) // ENTITIES_PER_SHARE))
    entities = written = 0
    for i in range(shares):
        found = _choose(index, set(refs[i::shares]), top_k)
        groups: dict[tuple[str, str], list[dict]] = {}
        for a, links_of_a in found.items():
            for link_row in links_of_a:
                b = link_row["other"]
                groups.setdefault((a[0], b[0]), []).append({"a": a[1], "b": b[1], "papers": link_row["papers"],
                                                            "claims": link_row["claims"],
                                                            "paper_ids": link_row["paper_ids"]})
        for (a_label, b_label), out in groups.items():
            query = create_query(a_label, b_label)
            for part in _chunks(out, BATCH * 4):
                store._write(lambda tx, q=query, part=part: tx.run(q, rows=part).consume())
            written += len(out)
        entities += len(found)
    return {"entities": entities, "links": written, "seconds": time.perf_counter() - started}
