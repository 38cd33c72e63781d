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
direction and once per pair. Only the choices of entities in MIN_PAPERS papers or more are
stored; a view chooses those of the others around its entity from their paper
(`chosen_around`), so it shows what storing every choice would.

Only what a build can have changed is relinked, so an update equals a clean build: the
entities a build touched (marked pending) lose every link (`unlink`, before the orphans are
removed: a link would keep an orphan alive); `link` then recomputes the choices of the
pending entities and of every entity sharing a paper or claim with them (their rankings see
the pending ones), after deleting those neighbours' own choices. An entity further away
ranks nothing that changed, so its choices stand. Labels come from the schema's enum
(graph.cypher); every value is a parameter.
"""
from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from claimgraph.graph import cypher

RELATED = "RELATED"
TOP_K = 20
MAX_PAPER_IDS = 12
MAX_SINGLE = 5      # links resting on one paper and no claim, per entity
BATCH = 500
WRITE_ROWS = 2000
# An entity in fewer papers (naming it or with a claim about it) chooses its links when a
# view around it is read (`chosen_around`: its paper's rows), not at build time: at 92k
# papers, 1.76M of 2.2M links were the choices of such entities and writing them took ~140 s
# of a ~2,000 s build (the issue allows 5 %).
MIN_PAPERS = 2
# A view reads the unstored choices around an entity of at most this many papers (0.2 ms of
# reading a paper); around a larger one, the stored links fill the view.
LIVE_PAPERS = 1000
# A paper links what it names (PROPOSES/USES/…) and what its claims join.
LINKED_BY = [*cypher.PAPER_REL_TYPES, "SUBJECT", "TARGET", "CONTEXT"]


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _by_label(refs) -> dict[str, list[str]]:
    """(label, key) references as label -> keys, in their order."""
    keys: dict[str, list[str]] = {}
    for label, key in refs:
        keys.setdefault(label, []).append(key)
    return keys


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


ALL_PAPERS = "MATCH (p:Paper) RETURN p.id AS id"

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
    in about 1 run of 3 on the embedded store). Not proven, but it matches ArcadeDB issue #3452
    (open: a transaction deleting several edges of one vertex can leave one of them): MERGE
    keeps the link once and rewrites its figures."""
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
    index = _index(rows)
    return {a: found for a in sorted(wanted if wanted is not None else index.papers_of)
            if (found := _choices(index, a, top_k))}


@dataclass
class _Index:
    named: dict[str, set]          # paper -> the entities it names or its claims join
    joined: dict[str, list[set]]   # paper -> the entities each of its claims joins
    size: dict[tuple[str, str], int]            # entity -> its paper count (a tie-break)
    papers_of: dict[tuple[str, str], set[str]]  # entity -> the papers of those rows naming it


def _index(rows: list[dict]) -> _Index:
    index = _Index({}, {}, {}, {})
    claims: dict[str, set] = {}
    claim_paper: dict[str, str] = {}
    for r in rows:
        if r["label"] not in cypher.ENTITY_LABELS or r["key"] is None:
            continue
        ref = (r["label"], r["key"])
        index.size[ref] = r.get("papers") or 0
        index.named.setdefault(r["paper"], set()).add(ref)
        index.papers_of.setdefault(ref, set()).add(r["paper"])
        if r.get("claim"):
            claims.setdefault(r["claim"], set()).add(ref)
            claim_paper[r["claim"]] = r["paper"]
    for claim, refs in claims.items():
        index.joined.setdefault(claim_paper[claim], []).append(refs)
    return index


def _choices(index: _Index, a: tuple[str, str], top_k: int) -> list[dict]:
    """a's links: a paper counts for (a, b) when it names both (a claim's entities count as
    named by its paper); `claims` counts the claims joining both. Counted per entity with
    Counter.update (C speed): 92k papers in ~16 s, where counting every pair took ~100 s."""
    papers = index.papers_of.get(a, set())
    weight: Counter = Counter()
    joined: Counter = Counter()
    for paper in papers:
        weight.update(index.named[paper])
        for refs in index.joined.get(paper, ()):
            if a in refs:
                joined.update(refs)
    weight.pop(a, None)
    joined.pop(a, None)

    def rank(b):
        return (-weight[b], -joined[b], -index.size.get(b, 0), b)
    # One paper naming two entities is weak evidence: at most MAX_SINGLE such links each.
    strong = [b for b, n in weight.items() if n > 1 or b in joined]
    single = [b for b, n in weight.items() if n == 1 and b not in joined]
    best = sorted(heapq.nsmallest(top_k, strong, key=rank) + heapq.nsmallest(MAX_SINGLE, single, key=rank),
                  key=rank)[:top_k]
    return [{"other": b, "papers": weight[b], "claims": joined[b],
             "paper_ids": sorted(papers & index.papers_of[b])[:MAX_PAPER_IDS]} for b in best]


def unlink(store, pending: dict[str, list[str]]) -> int:
    """Remove the links of the pending entities (they are recomputed by `link`)."""
    deleted = 0
    for label, keys in pending.items():
        for chunk in _chunks(keys, BATCH):
            def work(tx, label=label, chunk=chunk):
                return tx.run(unlink_query(label), keys=chunk).single()["deleted"]
            deleted += store._write(work) or 0
    return deleted


def _papers_naming(store, refs: dict[str, list[str]]) -> set[str]:
    papers: set[str] = set()
    for label, keys in refs.items():
        for chunk in _chunks(keys, BATCH * 4):
            papers.update(r["paper"] for r in store.read(papers_naming_query(label), keys=chunk, rels=LINKED_BY)
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
    write those of the entities in MIN_PAPERS papers or more. Returns {"entities", "links",
    "seconds"}."""
    started = time.perf_counter()
    wanted = {(label, key) for label, keys in pending.items() for key in keys}
    in_store = sum(store.read(cypher.count_label(label))[0]["count"] for label in cypher.ENTITY_LABELS)
    if 2 * len(wanted) >= in_store:
        # A first build touched every entity: every paper is near. Reading them all takes ~1 s
        # at 92k papers; asking 400,000 entities for their papers took 16 s. (Extra papers only
        # add neighbours to relink, each from all its papers, as it would be anyway.)
        near_papers = {r["id"] for r in store.read(ALL_PAPERS)}
    else:
        near_papers = _papers_naming(store, pending)
    rows = _entities_of(store, sorted(near_papers))
    neighbours = _by_label(sorted({(r["label"], r["key"]) for r in rows
                                   if r["label"] in cypher.ENTITY_LABELS and r["key"]} - wanted))
    if neighbours:
        # A neighbour ranks from all of its papers, so read those too, then drop its old choices.
        rows += _entities_of(store, sorted(_papers_naming(store, neighbours) - near_papers))
        for label, keys in neighbours.items():
            unchoose = unchoose_query(label)
            for chunk in _chunks(keys, BATCH):
                store._write(lambda tx, q=unchoose, chunk=chunk: tx.run(q, keys=chunk).consume())
        wanted |= {(label, key) for label, keys in neighbours.items() for key in keys}
    index = _index(rows)
    del rows
    # Written as they are chosen, WRITE_ROWS links a transaction (one query per label pair in
    # it): a 92k-paper build's 445,000 links held at once would double the client's memory.
    out: dict[tuple[str, str], list[dict]] = {}
    entities = written = 0   # entities with links; links

    def flush() -> None:
        def work(tx):
            for pair, part in out.items():
                tx.run(create_query(*pair), rows=part).consume()
        store._write(work)
        out.clear()

    for a in sorted(wanted):
        if len(index.papers_of.get(a, ())) < MIN_PAPERS:
            continue
        found = _choices(index, a, top_k)
        entities += bool(found)
        for row in found:
            out.setdefault((a[0], row["other"][0]), []).append(
                {"a": a[1], "b": row["other"][1], "papers": row["papers"], "claims": row["claims"],
                 "paper_ids": row["paper_ids"]})
        written += len(found)
        if sum(map(len, out.values())) >= WRITE_ROWS:
            flush()
    if out:
        flush()
    return {"entities": entities, "links": written, "seconds": time.perf_counter() - started}


def choosers_query(label: str) -> str:
    """The keys whose choices are stored."""
    return f"""
UNWIND $keys AS k
MATCH (e:{cypher.node_label(label)} {{key: k}})
WHERE EXISTS {{ (e)-[:{RELATED}]->() }}
RETURN k AS key"""


def chosen_around(store, label: str, key: str) -> list[dict]:
    """The links around an entity that are not stored (the choices of entities in fewer than
    MIN_PAPERS papers), chosen now: its own when it is such an entity, and those of such
    entities sharing a paper with it (that paper is their only one, so its rows hold all they
    rank). Rows {a, b, papers, claims, paper_ids}, a and b (label, key); [] for an entity in
    more than LIVE_PAPERS papers."""
    papers = _papers_naming(store, {label: [key]})
    if len(papers) > LIVE_PAPERS:
        return []
    index = _index(_entities_of(store, sorted(papers)))
    # One paper here may not be one paper in all: a claim elsewhere makes two, and a stored choice.
    by_label = _by_label(x for x, its in index.papers_of.items() if len(its) < MIN_PAPERS)
    unstored = sorted((x_label, x_key) for x_label, keys in by_label.items() for x_key in
                      set(keys) - {r["key"] for part in _chunks(keys, BATCH * 4)
                                   for r in store.read(choosers_query(x_label), keys=part)})
    return [{"a": x, "b": link_row["other"], **{k: link_row[k] for k in ("papers", "claims", "paper_ids")}}
            for x in unstored for link_row in _choices(index, x, TOP_K)]
