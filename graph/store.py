"""The graph store: one implementation on the official neo4j driver, for both backends.

`open_store()` picks a real Neo4j when NEO4J_URI is set, else the embedded ArcadeDB
server (started on demand). Writes are batched `UNWIND … MERGE` in one transaction
per batch, so a crash never leaves half a batch; reads use a read-only account on
the embedded store and read access mode on Neo4j.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Forbidden, Neo4jError, ServiceUnavailable, SessionExpired

from graph import cypher
from graph.readonly import check_read_only
from schema import Claim, ExtractionResult, ReadOnlyError, StoreError


BOLT_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


@dataclass(frozen=True)
class StoreInfo:
    backend: str  # "embedded" | "neo4j"
    uri: str
    database: str


class Store:
    """A connected store. Create with `open_store()`; close when done."""

    def __init__(self, *, uri: str, auth: tuple[str, str], database: str, backend: str,
                 read_auth: tuple[str, str] | None = None):
        self.info = StoreInfo(backend=backend, uri=uri, database=database)
        try:
            # Bounded waits everywhere: a server that accepts TCP but never answers must not hang us,
            # and a command that cannot connect says so within 10 s, interpreter start included.
            timeouts = {"connection_timeout": 5, "connection_acquisition_timeout": 5, "max_transaction_retry_time": 8}
            self._driver = GraphDatabase.driver(uri, auth=auth, **timeouts)
            self._driver.verify_connectivity()
            # The embedded store runs writes even in read transactions, so reads there
            # go through an account that may only read.
            self._read_driver = (GraphDatabase.driver(uri, auth=read_auth, **timeouts)
                                 if read_auth else self._driver)
        except AuthError as e:
            raise StoreError(f"the graph store at {uri} refused the credentials: check NEO4J_USER/NEO4J_PASSWORD") from e
        except (ServiceUnavailable, OSError, ValueError) as e:
            raise StoreError(f"cannot reach the graph store at {uri}: {e}. "
                             "Start it (claimgraph server start, or docker compose up -d) or fix NEO4J_URI") from e

    # -------------------------------------------------------------- plumbing

    def close(self) -> None:
        if self._read_driver is not self._driver:
            self._read_driver.close()
        self._driver.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _session(self, *, read: bool = False) -> neo4j.Session:
        driver = self._read_driver if read else self._driver
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return driver.session(database=self.info.database, default_access_mode=mode)

    def read(self, query: str, **params) -> list[dict]:
        """Run one read query of ours and return plain dicts (no driver objects leave graph/)."""
        try:
            with self._session(read=True) as session:
                return session.execute_read(lambda tx: tx.run(query, params).data())
        except Neo4jError as e:
            raise StoreError(f"read query failed: {e.message or e}") from e
        except (ServiceUnavailable, SessionExpired) as e:
            raise self._gone(e) from e

    def stream(self, query: str, **params) -> Iterator[dict]:
        """Rows of one read query of ours, fetched lazily as they are consumed (exports
        larger than memory); consume them promptly, the session stays open meanwhile."""
        try:
            with self._session(read=True) as session:
                for record in session.run(query, params):
                    yield record.data()
        except Neo4jError as e:
            raise StoreError(f"read query failed: {e.message or e}") from e
        except (ServiceUnavailable, SessionExpired) as e:
            raise self._gone(e) from e

    def _gone(self, e: Exception) -> StoreError:
        advice = ("run the command again (the embedded store restarts on demand)" if self.info.backend == "embedded"
                  else "check that Neo4j is running and NEO4J_URI is right")
        return StoreError(f"the graph store at {self.info.uri} stopped answering ({e}); {advice}")

    def _write(self, work) -> None:
        try:
            with self._session() as session:
                session.execute_write(work)
        except Neo4jError as e:
            raise StoreError(f"write failed and was rolled back: {e.message or e}") from e
        except ServiceUnavailable as e:
            raise StoreError(f"the graph store at {self.info.uri} stopped answering during a write "
                             "(the batch was not committed; rerun the build to finish it)") from e

    # -------------------------------------------------------------- user queries

    def query_read_only(self, query: str, params: dict | None = None, *, limit: int = 1000,
                        timeout: float = 30.0) -> list[dict]:
        """A user's Cypher, refused if it would write: a text check first (to say why),
        then a read-only account or read access mode (to make sure)."""
        check_read_only(query)
        try:
            with self._session(read=True) as session:
                def work(tx):
                    result = tx.run(query, params or {})
                    rows = []
                    for record in result:
                        rows.append(record.data())
                        if len(rows) >= limit:
                            break
                    return rows
                return session.execute_read(neo4j.unit_of_work(timeout=timeout)(work))
        except (ServiceUnavailable, SessionExpired) as e:
            raise self._gone(e) from e
        except Forbidden as e:
            raise ReadOnlyError(f"refused: the query tried to write and the store is read-only here ({e.message})") from e
        except Neo4jError as e:
            if "write" in (e.code or "").lower() or "AccessMode" in (e.code or ""):
                raise ReadOnlyError(f"refused: writes are not allowed in a read-only query ({e.message})") from e
            raise StoreError(f"query failed: {e.message or e}") from e

    # -------------------------------------------------------------- building

    def ensure_schema(self) -> None:
        for statement in cypher.schema_statements():
            try:
                with self._session() as session:
                    session.run(statement).consume()
            except Neo4jError as e:
                raise StoreError(f"could not create constraint/index ({statement}): {e.message}") from e

    def done_papers(self, papers: list[tuple[str, str]], extractor_version: str) -> set[str]:
        """Ids among (id, content_hash) already stored with this content and extractor."""
        rows = [{"id": i, "content_hash": h, "extractor_version": extractor_version} for i, h in papers]
        return {r["id"] for r in self.read(cypher.DONE_PAPERS, rows=rows)} if rows else set()

    def write_results(self, results: list[ExtractionResult]) -> None:
        """Write a batch of papers in one transaction, replacing what earlier runs wrote for them."""
        if not results:
            return
        batch = _Batch.of(results)

        def work(tx):
            # Only papers stored before have an old extraction to clear (a first build skips it).
            ids = [r["id"] for r in tx.run(cypher.STORED_PAPERS, ids=batch.paper_ids)]
            if ids:
                tx.run(cypher.CLEAR_PAPER_SHORTCUTS, ids=ids).consume()
                tx.run(cypher.CLEAR_PAPER_CLAIMS, ids=ids).consume()
                for rel_type in cypher.PAPER_REL_TYPES:
                    tx.run(cypher.clear_paper_edges(rel_type), ids=ids).consume()
            tx.run(cypher.MERGE_PAPERS, rows=batch.papers).consume()
            for label, rows in batch.entities.items():
                tx.run(cypher.merge_entities(label), rows=rows).consume()
            for (rel_type, label), rows in batch.paper_edges.items():
                tx.run(cypher.merge_paper_edges(rel_type, label), rows=rows).consume()
            if batch.claims:
                tx.run(cypher.MERGE_CLAIMS, rows=batch.claims).consume()
            for (rel_type, label), rows in batch.claim_edges.items():
                tx.run(cypher.merge_claim_edges(rel_type, label), rows=rows).consume()
            for (rel_type, s_label, t_label), rows in batch.shortcuts.items():
                tx.run(cypher.merge_shortcuts(rel_type, s_label, t_label), rows=rows).consume()

        self._write(work)

    def finalize(self, contested_pairs) -> int:
        """Recompute per-entity paper counts and the CONTRADICTS links; returns the link count.

        `contested_pairs` maps claim polarity rows to (claim id, claim id, basis) triples
        (the rule lives in extract/claims; ui/ joins the two).
        """
        for label in cypher.ENTITY_LABELS:
            self._write(lambda tx, label=label: tx.run(cypher.count_papers(label)).consume())
        pairs = contested_pairs(self.read(cypher.CLAIM_POLARITIES))
        rows = [{"a": a, "b": b, "basis": basis} for a, b, basis in pairs]

        def work(tx):
            tx.run(cypher.CLEAR_CONTRADICTIONS).consume()
            if rows:
                tx.run(cypher.MERGE_CONTRADICTIONS, rows=rows).consume()

        self._write(work)
        return len(rows)

    def alias_table(self) -> list[dict]:
        return self.read(cypher.ALIAS_TABLE)

    # -------------------------------------------------------------- reading back

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Node counts by label and relationship counts by type (zeros left out)."""
        labels = {label: self.read(cypher.count_label(label))[0]["count"] for label in cypher.NODE_LABELS}
        types = {t: self.read(cypher.count_type(t))[0]["count"] for t in cypher.ALL_REL_TYPES}
        return ({k: v for k, v in sorted(labels.items()) if v}, {k: v for k, v in sorted(types.items()) if v})

    def all_nodes(self) -> list[dict]:
        return self.read(cypher.ALL_NODES)

    def all_edges(self) -> list[dict]:
        return self.read(cypher.ALL_EDGES)


@dataclass
class _Batch:
    """Parameter rows for one batch, grouped by label and type (they cannot be parameters)."""

    paper_ids: list[str]
    papers: list[dict]
    entities: dict[str, list[dict]]
    paper_edges: dict[tuple[str, str], list[dict]]
    claims: list[dict]
    claim_edges: dict[tuple[str, str], list[dict]]
    shortcuts: dict[tuple[str, str, str], list[dict]]

    @classmethod
    def of(cls, results: list[ExtractionResult]) -> "_Batch":
        entities: dict[str, dict[str, dict]] = defaultdict(dict)
        paper_edges = defaultdict(list)
        claim_edges = defaultdict(list)
        shortcuts = defaultdict(list)
        claims = []

        def add_entity(entity):
            row = entities[entity.type.value].setdefault(entity.key, {
                "key": entity.key, "id": entity.id, "name": entity.name, "type": entity.type.value, "aliases": []})
            row["aliases"] = sorted(set(row["aliases"]) | set(entity.aliases))
            if name_order(entity.name) < name_order(row["name"]):
                row["name"] = entity.name

        for result in results:
            paper = result.paper
            for rel in result.relations:
                add_entity(rel.entity)
                paper_edges[(rel.type.value, rel.entity.type.value)].append({
                    "paper_id": paper.id, "key": rel.entity.key,
                    "props": {"paper_id": paper.id, "evidence": rel.evidence, "start": rel.start, "end": rel.end,
                              "starts": rel.starts, "ends": rel.ends, "extractor": rel.extractor,
                              "version": result.extractor_version, "confidence": rel.confidence},
                })
            for claim in result.claims:
                claims.append({"id": claim.id, "paper_id": paper.id, "props": _claim_props(claim, result)})
                ends = [("SUBJECT", "subject", claim.subject), ("TARGET", "target", claim.target)]
                ends += [("CONTEXT", c.role.value, c.entity) for c in claim.context]
                for rel_type, role, entity in ends:
                    add_entity(entity)
                    claim_edges[(rel_type, entity.type.value)].append({
                        "claim_id": claim.id, "key": entity.key, "role": role,
                        "paper_id": paper.id, "evidence": claim.evidence})
                shortcuts[(cypher.SHORTCUT_TYPES[claim.effect], claim.subject.type.value,
                           claim.target.type.value)].append({
                    "subject_key": claim.subject.key, "target_key": claim.target.key, "claim_id": claim.id,
                    "props": {"paper_id": paper.id, "negated": claim.negated, "hedged": claim.hedged,
                              "magnitude": claim.magnitude, "confidence": claim.confidence,
                              "evidence": claim.evidence, "extractor": claim.extractor}})
        return cls(
            paper_ids=[r.paper.id for r in results],
            papers=[_paper_row(r) for r in results],
            entities={label: list(rows.values()) for label, rows in entities.items()},
            paper_edges=dict(paper_edges), claims=claims, claim_edges=dict(claim_edges),
            shortcuts=dict(shortcuts),
        )


_INNER_CAPITAL = re.compile(r"[A-Za-z][A-Z]")


def name_order(name: str) -> tuple:
    """The order in which an entity's display name is chosen among its spellings (the
    least wins); the same order as cypher.merge_entities, which applies it across batches."""
    return (name.lower(), 0 if _INNER_CAPITAL.search(name) else 1, 0 if name[:1] == name[:1].lower() else 1, name)


def _paper_row(result: ExtractionResult) -> dict:
    p = result.paper
    return {"id": p.id, "title": p.title, "abstract": p.abstract, "url": p.url, "year": p.year,
            "venue": p.venue, "source": p.source, "content_hash": p.content_hash,
            "extractor_version": result.extractor_version}


def _claim_props(claim: Claim, result: ExtractionResult) -> dict:
    axis, sign = claim.polarity
    return {
        "paper_id": claim.paper_id, "effect": claim.effect.value, "negated": claim.negated,
        "hedged": claim.hedged, "magnitude": claim.magnitude, "confidence": claim.confidence,
        "evidence": claim.evidence, "start": claim.start, "end": claim.end, "extractor": claim.extractor,
        "version": result.extractor_version, "subject_key": claim.subject.key,
        "subject_name": claim.subject.name, "subject_label": claim.subject.type.value,
        "target_key": claim.target.key, "target_name": claim.target.name,
        "target_label": claim.target.type.value, "axis": axis, "sign": sign,
        "name": _claim_sentence(claim),
    }


def _claim_sentence(claim: Claim) -> str:
    """'sharpness does not correlate with generalization'-style display name of a claim."""
    verb = f"does not {claim.effect.value[:-1]}" if claim.negated else claim.effect.value
    return f"{claim.subject.name} {verb} {claim.target.name}"


def open_store(home: Path | None = None) -> Store:
    """Neo4j when NEO4J_URI is set; otherwise the embedded server, started if needed."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        if uri.split("://", 1)[0].lower() not in BOLT_SCHEMES:
            raise StoreError(f"NEO4J_URI {uri!r} is not a Bolt address: use bolt://host:7687 or neo4j://host:7687 "
                             "(or neo4j+s://… for Aura), or unset it for the embedded store")
        user = os.environ.get("NEO4J_USER", "neo4j")
        password = os.environ.get("NEO4J_PASSWORD")
        if not password:
            raise StoreError("NEO4J_URI is set but NEO4J_PASSWORD is not: set both (or unset NEO4J_URI for the embedded store)")
        return Store(uri=uri, auth=(user, password), database=os.environ.get("NEO4J_DATABASE", "neo4j"),
                     backend="neo4j")
    from graph.server import EmbeddedServer, default_home

    conn = EmbeddedServer(home or default_home()).start()
    read_auth = (conn.read_user, conn.read_password) if conn.read_user else None
    return Store(uri=conn.uri, auth=(conn.user, conn.password), database=conn.database, backend="embedded",
                 read_auth=read_auth)
