"""The graph store: one implementation on the official neo4j driver, for both backends.

`open_store()` picks a real Neo4j when NEO4J_URI is set, else the embedded ArcadeDB
server (started on demand). Writes are batched `UNWIND … MERGE` in one transaction
per batch, so a crash never leaves half a batch; reads use a read-only account on
the embedded store and read access mode on Neo4j.
"""
from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Forbidden, Neo4jError, ServiceUnavailable, SessionExpired

from claimgraph import config
from claimgraph.graph import cypher, diagnostics, links
from claimgraph.graph.readonly import check_read_only
from claimgraph.schema import Claim, ExtractionResult, ReadOnlyError, StoreError, effect_text
from claimgraph.schema.keys import irregular_casing, normalize_key

CANCEL_GRACE = 3.0   # seconds after a user query's deadline for the server to stop it

_T = TypeVar("_T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreInfo:
    backend: str  # "embedded" | "neo4j"
    uri: str
    database: str


class Store:
    """A connected store. Create with `open_store()`; close when done."""

    # Stops the queries of the Bolt client on a local port; set where the server ignores the
    # transaction timeout (the embedded store), None where the driver's timeout works (Neo4j).
    _terminate_queries: Callable[[int], int] | None = None
    home: Path | None = None   # the embedded store's home (open_store sets it); None for Neo4j
    # Per thread: inside `consistently`, whose bracket replaces each read's own.
    _bracket: _Bracket
    # The embedded server's log, where it writes the detail of a failed query (graph/diagnostics.py).
    server_log: Path | None = None

    def __init__(self, *, uri: str, auth: tuple[str, str], database: str, backend: str,
                 read_auth: tuple[str, str] | None = None,
                 terminate_queries: Callable[[int], int] | None = None,
                 disk_full: Callable[[], str | None] | None = None):
        self.info = StoreInfo(backend=backend, uri=uri, database=database)
        self._bracket = _Bracket()
        self._terminate_queries = terminate_queries
        self._disk_full = disk_full
        if backend == "embedded" and not read_auth:
            # ArcadeDB runs writes even in read transactions: reading as root would make a write the text
            # check missed a real one. Never fall back to the writer's account.
            raise StoreError("the embedded store has no read-only account (server.json lacks the reader entry); "
                             "run `claimgraph server stop`, then the command again to create it")
        try:
            # Bounded waits everywhere: a server that accepts TCP but never answers must not hang us,
            # and a command that cannot connect says so within 10 s, interpreter start included.
            timeouts: dict[str, Any] = {"connection_timeout": 5, "connection_acquisition_timeout": 5, "max_transaction_retry_time": 8}
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
                run = lambda: session.execute_read(lambda tx: tx.run(query, params).data())  # noqa: E731
                return run() if self._bracket.open else self._consistent(session, run)
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

    def consistently(self, work: Callable[[], _T]) -> _T:
        """`work()`'s result, its reads (`read`) all from one state no update of stored papers
        overlapped: `_consistent` around the whole of it instead of around each read. A question
        makes ~25 reads, and the guard's two round trips around each were a fifth of its time at
        92k papers. `work` may run again (when an update ran meanwhile), so it must only read."""
        if self._bracket.open:          # already inside one
            return work()
        try:
            with self._session(read=True) as session:
                self._bracket.open = True
                try:
                    return self._consistent(session, work)
                finally:
                    self._bracket.open = False
        except (ServiceUnavailable, SessionExpired) as e:
            raise self._gone(e) from e

    def _consistent(self, session: neo4j.Session, run: Callable[[], _T]) -> _T:
        """`run()`'s rows, from a read no update of stored papers overlapped: a seqlock on
        the guard node that write_results brackets such updates with. Both stores read at
        READ COMMITTED, so a read walking a paper's relationships while a commit replaces
        them could see part of the old and part of the new. Waits while an update is open
        and reads again when one ran meanwhile; after GUARD_WAIT seconds of updates it
        returns the last rows with a warning rather than never answering."""
        give_up = time.monotonic() + GUARD_WAIT
        while True:
            before = _guard(session)
            if before.open and time.monotonic() < give_up:
                time.sleep(0.02)
                continue
            rows = run()
            if _guard(session).count == before.count:
                return rows
            if time.monotonic() >= give_up:
                log.warning("the graph was being updated throughout a read of %g s; its answer may mix "
                            "old and new extractions of some papers", GUARD_WAIT)
                return rows

    def _gone(self, e: Exception) -> StoreError:
        advice = ("run the command again (the embedded store restarts on demand)" if self.info.backend == "embedded"
                  else "check that Neo4j is running and NEO4J_URI is right")
        return StoreError(f"the graph store at {self.info.uri} stopped answering ({e}); {advice}")

    def _write(self, work):
        try:
            with self._session() as session:
                return session.execute_write(work)
        except Neo4jError as e:
            raise StoreError(self._full(e) or f"write failed and was rolled back: {e.message or e}") from e
        except ServiceUnavailable as e:
            raise StoreError(self._full(e) or f"the graph store at {self.info.uri} stopped answering during a write "
                             "(the batch was not committed; rerun the build to finish it)") from e

    def _full(self, e: Exception) -> str | None:
        """The message for a write that failed because the disk is full, else None. ArcadeDB answers
        only "The request failed. Check the server log", so the server's log is read too."""
        text = f"{getattr(e, 'message', '') or ''} {e}"
        found = next((sign for sign in _DISK_FULL if sign in text), None)
        if found is None and self._disk_full is not None:
            try:
                found = self._disk_full()
            except OSError:
                found = None
        if found is None:
            return None
        return (f"the disk of the graph store is full ({found}): the batch was not committed; "
                "free some space, then rerun the build to finish it")

    # -------------------------------------------------------------- user queries

    def query_read_only(self, query: str, params: dict | None = None, *, limit: int = 1000,
                        timeout: float = 30.0) -> list[dict]:
        """A user's Cypher, refused if it would write: a text check first (to say why),
        then a read-only account or read access mode (to make sure). Cancelled after
        `timeout` seconds with StoreError: Neo4j applies the transaction timeout; the
        embedded store ignores it, so there the query is terminated on the server."""
        check_read_only(query, params, deadline=time.monotonic() + timeout)
        if self._terminate_queries is None:
            return self._user_query(query, params, limit, timeout, None)
        return self._user_query_with_deadline(query, params, limit, timeout)

    def _user_query_with_deadline(self, query: str, params: dict | None, limit: int, timeout: float) -> list[dict]:
        """Run the query in a thread; at the deadline, have the server terminate it (closing
        the connection would not stop it) and raise StoreError within CANCEL_GRACE seconds."""
        terminate = self._terminate_queries
        assert terminate is not None   # query_read_only comes here only when the server must be told
        guard = _Deadline()
        outcome: dict = {}

        def run():
            try:
                outcome["rows"] = self._user_query(query, params, limit, timeout, guard)
            except BaseException as e:   # handed to the caller's thread
                outcome["error"] = e

        worker = threading.Thread(target=run, name="claimgraph-user-query", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            stop = time.monotonic() + CANCEL_GRACE
            while worker.is_alive() and time.monotonic() < stop:
                # Again until it ends: the query may reach the server only after a first try.
                guard.expire(terminate)
                worker.join(0.2)
            if worker.is_alive():
                log.warning("the embedded store did not stop a query within %g s of its deadline", CANCEL_GRACE)
            if "rows" not in outcome:
                raise StoreError(f"query cancelled after {timeout:g} s; add LIMIT or narrow the MATCH") \
                    from outcome.get("error")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["rows"]

    def _user_query(self, query: str, params: dict | None, limit: int, timeout: float,
                    guard: "_Deadline | None") -> list[dict]:
        log_at = diagnostics.log_size(self.server_log)
        try:
            with self._session(read=True) as session:
                def work(tx):
                    if guard is not None:   # the connection, for terminating the query on it
                        guard.enter(_client_port(tx))
                    try:
                        result = tx.run(query, params or {})
                        rows = []
                        for record in result:
                            rows.append(record.data())
                            if len(rows) >= limit:
                                break
                        return rows
                    finally:
                        if guard is not None:
                            guard.leave()
                return self._consistent(session, lambda: session.execute_read(neo4j.unit_of_work(timeout=timeout)(work)))
        except (ServiceUnavailable, SessionExpired) as e:
            raise self._gone(e) from e
        except Forbidden as e:
            raise ReadOnlyError(f"refused: the query tried to write and the store is read-only here ({e.message})") from e
        except Neo4jError as e:
            if "write" in (e.code or "").lower() or "AccessMode" in (e.code or ""):
                raise ReadOnlyError(f"refused: writes are not allowed in a read-only query ({e.message})") from e
            detail = diagnostics.concealed_error(self.server_log, log_at) \
                if diagnostics.CONCEALED in (e.message or "") else None
            if detail is not None:   # the embedded server keeps the detail in its log
                error = StoreError(f"query failed: {detail}")
                error.query_error = detail   # the console points at the position
                raise error from e
            raise StoreError(f"query failed: {e.message or e}") from e

    # -------------------------------------------------------------- building

    def ensure_schema(self) -> None:
        for statement in cypher.schema_statements():
            try:
                with self._session() as session:
                    session.run(statement).consume()
            except Neo4jError as e:
                raise StoreError(f"could not create constraint/index ({statement}): {e.message}") from e
        self._backfill_name_index()
        self._backfill_title_words()
        self._backfill_claim_scope()
        for lacking, backfill in cypher.BACKFILL_MARKS:
            if self.read(lacking):
                self._write(lambda tx, backfill=backfill: tx.run(backfill).consume())
        if any(self.read(listing.first_marked) and not self.read(listing.first_ranked)
               for listing in cypher.LISTINGS):
            self.rank_listings()   # a graph finished before the listings were ranked
        self.close_update()
        self._write(lambda tx: tx.run(cypher.MARK_SCHEMA, scope=cypher.SCHEMA_SCOPE,
                                      schema=SCHEMA_FINGERPRINT).consume())

    def schema_is_current(self) -> bool:
        """Has ensure_schema brought this graph to what this version seeks on?"""
        rows = self.read(cypher.READ_SCHEMA, scope=cypher.SCHEMA_SCOPE)
        return bool(rows) and rows[0]["schema"] == SCHEMA_FINGERPRINT

    def _backfill_name_index(self, batch: int = 20_000) -> None:
        # Entities written by an older version lack the indexed key words and name forms the
        # name look-up seeks on; a scan that finds none is cheap next to a build (1.2 s at 535k entities).
        for label in cypher.ENTITY_LABELS:
            if not self.read(cypher.lacking_name_index(label)):
                continue
            query = cypher.backfill_name_index(label)
            while self._write(lambda tx, query=query: tx.run(query, batch=batch).single()["filled"]) == batch:
                pass

    def _backfill_claim_scope(self, batch: int = 5_000) -> None:
        # Claims written before cypher.CLAIM_SCOPE get it here, a batch per transaction.
        if not self.read(cypher.CLAIMS_LACKING_SCOPE):
            return
        while True:
            rows = [{"id": r["id"], **{prop: sorted(set(r[prop])) for prop in cypher.CLAIM_SCOPE}}
                    for r in self.read(cypher.CLAIM_SCOPE_TO_FILL, batch=batch)]
            self._write(lambda tx, rows=rows: tx.run(cypher.SET_CLAIM_SCOPE, rows=rows).consume())
            if len(rows) < batch:
                return

    def _backfill_title_words(self, batch: int = 2_000) -> None:
        # Papers written before the title-word index (cypher.INDEX_TITLES) get it here; a run
        # stopped part-way is resumed by the next (the sentinel is written last).
        if self.read(cypher.TITLE_INDEX_COMPLETE):
            return
        titles = [_title_row(r["id"], r["title"]) for r in self.read(cypher.TITLES_TO_INDEX)]
        for chunk in _chunks(titles, batch):
            self._write(lambda tx, chunk=chunk: tx.run(cypher.INDEX_TITLES, rows=chunk).consume())
        self._write(lambda tx: tx.run(cypher.MARK_TITLE_INDEX_COMPLETE).consume())

    def done_papers(self, papers: list[tuple[str, str]], extractor_version: str) -> set[str]:
        """Ids among (id, content_hash) already stored with this content and extractor."""
        rows = [{"id": i, "content_hash": h, "extractor_version": extractor_version} for i, h in papers]
        return {r["id"] for r in self.read(cypher.DONE_PAPERS, rows=rows)} if rows else set()

    def write_results(self, results: list[ExtractionResult]) -> None:
        """Write a batch of papers in one transaction, replacing what earlier runs wrote for them."""
        if not results:
            return
        batch = _Batch.of(results)
        # Only papers stored before have an old extraction to clear (a first build skips it).
        # Read once, before the write: one build at a time writes a store (cypher.END_UPDATE).
        stored = [r["id"] for r in self.read(cypher.STORED_PAPERS, ids=batch.paper_ids)]

        def work(tx):
            if stored:
                tx.run(cypher.MARK_PAPER_ENTITIES, ids=stored).consume()
                tx.run(cypher.MARK_CLAIM_ENTITIES, ids=stored).consume()
                clear_papers(tx, stored)
            merge_batch(tx, batch)

        if not stored:
            self._write(work)   # only new papers: they appear whole with the commit
            return
        # Replacing stored papers: readers must be able to tell (Store._consistent).
        self.open_update()
        self._write(work)
        self.close_update()

    def open_update(self) -> None:
        """Open the update bracket that readers wait on (cypher.BEGIN_UPDATE)."""
        self._write(lambda tx: tx.run(cypher.BEGIN_UPDATE, scope=cypher.GUARD_SCOPE).consume())

    def close_update(self) -> None:
        """Close the update bracket (also one a killed build left open: a build calls this first)."""
        self._write(lambda tx: tx.run(cypher.END_UPDATE, scope=cypher.GUARD_SCOPE).consume())

    def finalize(self, contested_pairs, agreement=None) -> "Finalized":
        """Finish a build: the CONTRADICTS links, paper counts and orphans of what it touched.

        Only entities marked pending (those the build's papers named, before and after) are
        looked at, and only the contradiction questions of their head words; a build that
        wrote nothing does no work. `contested_pairs` maps claim polarity rows (complete
        head-word groups) to link rows {a, b, basis, a_opposed_by, b_opposed_by} (the rule
        lives in extract/claims; orchestration/ joins the two). Every step is an idempotent
        write of at most FINALIZE_BATCH rows and the pending marks are removed last, so a run
        stopped part-way is finished by the next one.
        """
        done = Finalized()
        pending = {label: [r["key"] for r in self.read(cypher.pending_entities(label))]
                   for label in cypher.ENTITY_LABELS}
        heads = sorted({head_word(key) for keys in pending.values() for key in keys})
        for chunk in _chunks(heads, FINALIZE_BATCH // 4):
            claims = self.read(cypher.CLAIM_POLARITIES, heads=chunk)
            want = {(r["a"], r["b"]): r for r in contested_pairs(claims)}
            have = {(r["a"], r["b"]): r for r in self.read(cypher.CONTRADICTIONS, heads=chunk)}
            drop = [{"a": a, "b": b} for a, b in have if (a, b) not in want]
            put = [row for pair, row in want.items() if have.get(pair) != row]
            self._write_rows(cypher.DELETE_CONTRADICTIONS, drop)
            self._write_rows(cypher.MERGE_CONTRADICTIONS, put)
            if agreement is not None:     # per claim: papers supporting / contrasting it (bounded ids)
                self._write_rows(cypher.SET_AGREEMENT, agreement(claims))
            self._write(lambda tx, chunk=chunk: tx.run(cypher.MARK_CONTESTS, heads=chunk).consume())
            done.claims += len(claims)
            done.added += len(put)
            done.removed += len(drop)
        unlinking = time.perf_counter()
        links.unlink(self, pending)   # before the orphan check: a link would keep an orphan alive
        unlink_seconds = time.perf_counter() - unlinking
        for label, keys in pending.items():
            for chunk in _chunks(keys, FINALIZE_BATCH):
                def work(tx, label=label, chunk=chunk):
                    done.orphans += tx.run(cypher.delete_orphans(label), keys=chunk).single()["deleted"]
                    tx.run(cypher.finish_entities(label), keys=chunk).consume()
                self._write(work)
                done.entities += len(chunk)
        linked = links.link(self, pending)   # entity-entity links (graph/links.py), top-K per entity
        for label, keys in pending.items():    # the pending marks go last (a stopped run is finished by the next)
            clear = cypher.clear_pending(label)
            for chunk in _chunks(keys, FINALIZE_BATCH):
                self._write(lambda tx, q=clear, chunk=chunk: tx.run(q, keys=chunk).consume())
        done.linked, done.link_seconds = linked["links"], unlink_seconds + linked["seconds"]
        done.contested = self.read(cypher.count_type("CONTRADICTS"))[0]["count"]
        done.ranked = self.rank_listings()
        return done

    def rank_listings(self) -> int:
        """Renumber the dense rank of each unfiltered listing (cypher.LISTINGS) in its order;
        only ranks that changed are written, inside an update bracket so that no reader sees
        two entries with one rank. Runs at the end of every build, so it also repairs what a
        build stopped part-way left. Returns the ranks written."""
        moved = {}
        for listing in cypher.LISTINGS:
            rows = sorted(self.read(listing.ranked), key=lambda r: r["sort"])
            moved[listing] = [{"id": r["id"], "rank": i} for i, r in enumerate(rows) if r["rank"] != i]
        if any(moved.values()):
            self.open_update()
            for listing, rows in moved.items():
                self._write_rows(listing.set_rank, rows)
            self.close_update()
        return sum(map(len, moved.values()))

    def _write_rows(self, query: str, rows: list[dict]) -> None:
        for chunk in _chunks(rows, FINALIZE_BATCH):
            self._write(lambda tx, chunk=chunk: tx.run(query, rows=chunk).consume())

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


def clear_papers(tx, ids: list[str]) -> None:
    """Delete what earlier extractions of these papers wrote (title words, claims, shortcuts, paper edges)."""
    words = [r["word"] for r in tx.run(cypher.CLEAR_TITLE_WORDS, ids=ids)]
    tx.run(cypher.DELETE_UNUSED_TITLE_WORDS, words=words).consume()
    tx.run(cypher.CLEAR_PAPER_SHORTCUTS, ids=ids).consume()
    tx.run(cypher.CLEAR_PAPER_CLAIMS, ids=ids).consume()
    for rel_type in cypher.PAPER_REL_TYPES:
        tx.run(cypher.clear_paper_edges(rel_type), ids=ids).consume()


def merge_batch(tx, batch: "_Batch") -> None:
    """Write one batch's papers, entities, claims and relationships."""
    tx.run(cypher.MERGE_PAPERS, rows=batch.papers).consume()
    tx.run(cypher.INDEX_TITLES, rows=batch.titles).consume()
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


def _schema_fingerprint() -> str:
    """What Store.ensure_schema brings a graph to: its indexes and constraints and what its
    backfills write. Adding either changes it, so that graphs written before are brought up
    to date when opened (open_store)."""
    parts = [*cypher.schema_statements(), *map(cypher.backfill_name_index, cypher.ENTITY_LABELS),
             cypher.INDEX_TITLES, cypher.CLAIM_SCOPE_TO_FILL, cypher.SET_CLAIM_SCOPE,
             *(backfill for _, backfill in cypher.BACKFILL_MARKS), *map(repr, cypher.LISTINGS)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


SCHEMA_FINGERPRINT = _schema_fingerprint()
_DISK_FULL = ("No space left on device", "ENOSPC", "Disk quota exceeded", "disk is full", "Disk full")
FINALIZE_BATCH = 1000   # rows per transaction when finishing a build
GUARD_WAIT = 10.0       # seconds a read waits for updates of stored papers to pause


class _Bracket(threading.local):
    open = False        # this thread is inside Store.consistently


@dataclass(frozen=True)
class _Guard:
    count: tuple        # (started, finished) updates; changes when one starts or ends
    open: bool          # an update has started and not finished (and its writer is not long gone)


def _guard(session: neo4j.Session) -> _Guard:
    row = session.run(cypher.READ_GUARD, scope=cypher.GUARD_SCOPE).single()
    if row is None:   # no update ever replaced a stored paper
        return _Guard((None, None), False)
    return _Guard((row["started"], row["finished"]),
                  row["started"] != row["finished"] and row["age"] < cypher.GUARD_LEASE_MS)


@dataclass
class Finalized:
    """What finishing a build did (BuildSummary.finalized)."""

    entities: int = 0    # pending entities looked at again (paper count, orphan check)
    orphans: int = 0     # of those, deleted: nothing linked to them any more
    claims: int = 0      # claims whose contradictions were recomputed
    added: int = 0       # CONTRADICTS links written (new, or with new properties)
    removed: int = 0     # CONTRADICTS links deleted
    contested: int = 0   # CONTRADICTS links in the graph afterwards
    ranked: int = 0      # listing ranks renumbered (cypher.LISTINGS)
    linked: int = 0      # RELATED entity-entity links written (graph/links.py)
    link_seconds: float = 0.0   # of the finishing, spent on those links


def _chunks(items: list, size: int) -> Iterator[list]:
    return (items[i:i + size] for i in range(0, len(items), size))


def head_word(key: str) -> str:
    """The head word of an entity key, by which `find_contested(by_head=True)` groups claims;
    stored on each claim as `subject_head` so a question's claims are found by index."""
    return key.split()[-1] if key else key


def _client_port(tx) -> int | None:
    """Our local port of the Bolt connection `tx` runs on: ArcadeDB lists each running query
    with its client's address (its own connection ids differ from the one Bolt reports).

    The driver has no public accessor for it, hence the private attribute; None if it is
    missing, and then no query is terminated (test_query_timeout.py fails loudly then)."""
    port = getattr(getattr(tx, "_connection", None), "local_port", None)
    return port if isinstance(port, int) else None


class _Expired(Exception):
    """The user query's deadline passed before it reached the server."""


class _Deadline:
    """The Bolt connection (our local port) a user query is running on, while it runs there.

    `expire` terminates the queries of that connection only between `enter` and `leave`
    (under the lock), so a connection back in the pool, running another query, is never
    touched; after `expire` a (retried) query does not start.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._port: int | None = None
        self._expired = False

    def enter(self, port: int | None) -> None:
        with self._lock:
            if self._expired:
                raise _Expired()
            self._port = port

    def leave(self) -> None:
        with self._lock:
            self._port = None

    def expire(self, terminate_queries: Callable[[int], int]) -> None:
        with self._lock:
            self._expired = True
            if self._port is None:
                return
            try:
                terminate_queries(self._port)
            except (StoreError, OSError, ValueError) as e:   # the caller still gets its answer in time
                log.warning("could not terminate the query of local port %s: %s", self._port, e)


@dataclass
class _Batch:
    """Parameter rows for one batch, grouped by label and type (they cannot be parameters)."""

    paper_ids: list[str]
    papers: list[dict]
    titles: list[dict]
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
                "key": entity.key, "id": entity.id, "name": entity.name, "type": entity.type.value, "aliases": [],
                "natural": normalize_key(entity.name) == entity.key})
            row["aliases"] = sorted(set(row["aliases"]) | set(entity.aliases))
            if name_rank(entity.name, entity.key) < name_rank(row["name"], entity.key):
                row["name"], row["natural"] = entity.name, normalize_key(entity.name) == entity.key

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
                              "effect_text": effect_text(claim.effect, claim.negated, claim.hedged),
                              "magnitude": claim.magnitude, "confidence": claim.confidence,
                              "evidence": claim.evidence, "extractor": claim.extractor}})
        return cls(
            paper_ids=[r.paper.id for r in results],
            papers=[_paper_row(r) for r in results],
            titles=[_title_row(r.paper.id, r.paper.title) for r in results],
            entities={label: list(rows.values()) for label, rows in entities.items()},
            paper_edges=dict(paper_edges), claims=claims, claim_edges=dict(claim_edges),
            shortcuts=dict(shortcuts),
        )


_INNER_CAPITAL = re.compile(r"[A-Za-z][A-Z]")


def name_order(name: str) -> tuple:
    """The order in which an entity's display name is chosen among its natural spellings
    (the least wins); the same order as cypher.merge_entities, which applies it across batches."""
    return (name.lower(), 1 if irregular_casing(name) else 0, 0 if _INNER_CAPITAL.search(name) else 1,
            0 if name[:1] == name[:1].lower() else 1, name)


def name_rank(name: str, key: str) -> tuple:
    """name_order, after natural names (whose key is their own) first, as cypher.merge_entities."""
    return (0 if normalize_key(name) == key else 1, *name_order(name))


def _title_row(paper_id: str, title: str | None) -> dict:
    return {"id": paper_id, "words": cypher.title_words(title or "")}


def _paper_row(result: ExtractionResult) -> dict:
    p = result.paper
    return {"id": p.id, "title": p.title, "abstract": p.abstract, "url": p.url, "year": p.year,
            "venue": p.venue, "source": p.source, "content_hash": p.content_hash,
            "extractor_version": result.extractor_version}


def _claim_props(claim: Claim, result: ExtractionResult) -> dict:
    axis, sign = claim.polarity
    return {
        "paper_id": claim.paper_id, "effect": claim.effect.value,
        "effect_text": effect_text(claim.effect, claim.negated, claim.hedged), "negated": claim.negated,
        "hedged": claim.hedged, "magnitude": claim.magnitude, "confidence": claim.confidence,
        "evidence": claim.evidence, "start": claim.start, "end": claim.end, "extractor": claim.extractor,
        "version": result.extractor_version, "subject_key": claim.subject.key,
        "subject_head": head_word(claim.subject.key),
        "subject_name": claim.subject.name, "subject_label": claim.subject.type.value,
        "target_key": claim.target.key, "target_name": claim.target.name,
        "target_label": claim.target.type.value, "axis": axis, "sign": sign,
        "name": _claim_sentence(claim),
        **_claim_scope(claim, result),
    }


def _claim_scope(claim: Claim, result: ExtractionResult) -> dict[str, list[str]]:
    """cypher.CLAIM_SCOPE: the keys of the claim's context entities and of its paper's
    entities of each label, sorted (the backfill of older graphs writes the same)."""
    return {prop: _scope_keys([c.entity for c in claim.context]
                              + [r.entity for r in result.relations if r.type.value in rels], label)
            for prop, (label, rels) in cypher.CLAIM_SCOPE.items()}


def _scope_keys(entities, label: str) -> list[str]:
    return sorted({e.key for e in entities if e.type.value == label})


def _claim_sentence(claim: Claim) -> str:
    """'sharpness does not correlate with generalization'-style display name of a claim."""
    return f"{claim.subject.name} {effect_text(claim.effect, claim.negated, claim.hedged)} {claim.target.name}"


def open_store(home: Path | None = None) -> Store:
    """The store (see _connect). A graph an older version wrote is first brought up to date
    (Store.ensure_schema): questions seek on indexes and copied properties that, for data
    written before them, only the schema step writes."""
    store = _connect(home)
    if not store.schema_is_current():
        if store.read(cypher.ANY_PAPER):
            log.warning("Bringing the graph up to date with this version of ClaimGraph (indexes and properties "
                        "added since it was written; once, about 2 minutes at 92k papers)...")
        try:
            store.ensure_schema()
        except StoreError as e:   # e.g. a Neo4j account that may only read
            log.warning("Could not bring the graph up to date (%s): names that are not keys may not be found "
                        "until a build by this version runs.", e)
    return store


def _connect(home: Path | None) -> Store:
    """Neo4j when NEO4J_URI is set; otherwise the embedded server, started if needed."""
    neo4j = config.neo4j()
    if neo4j:
        return Store(uri=neo4j.uri, auth=(neo4j.user, neo4j.password), database=neo4j.database, backend="neo4j")
    from claimgraph.graph.server import EmbeddedServer, default_home

    server = EmbeddedServer(home or default_home())
    conn = server.start()
    read_auth: tuple[str, str] | None = None
    if conn.read_user:
        assert conn.read_password is not None   # set together with read_user (EmbeddedServer._connection)
        read_auth = (conn.read_user, conn.read_password)
    store = Store(uri=conn.uri, auth=(conn.user, conn.password), database=conn.database, backend="embedded",
                  read_auth=read_auth, terminate_queries=server.terminate_queries, disk_full=server.disk_full)
    store.home = Path(home or default_home()).resolve()   # the semantic layer keeps its files beside it
    store.server_log = server.home / "server.log"
    return store
