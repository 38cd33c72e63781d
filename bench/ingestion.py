"""Ingestion speed: Store.write_results against bare UNWIND … MERGE of the same rows.

Both write the same parameter rows (`graph.store._Batch`: papers, their title words,
entities, paper edges, claims, claim edges, shortcut edges), batch by batch, one transaction per
batch, into a freshly emptied embedded store with the same constraints. The baseline
is the least Cypher that stores those rows: one `UNWIND $rows AS row MERGE (n:Label
{key: row.key}) SET n += …` (or MATCH, MATCH, MERGE for an edge) per label or type,
with none of ClaimGraph's clean-up of earlier extractions, alias merging or
order-independent names. Its Cypher lives here, not in graph/cypher.py, because it
is a yardstick and not part of the product. A third variant, "before", is the write
path as it was before it learned to skip the clean-up for papers never stored.
The server is warmed with one untimed pass of each; the best of `repeats` counts.

    python -m bench.run --only ingestion [--quick] [--n-papers 1000] [--batch-sizes 64,256]
"""
from __future__ import annotations

import time

from bench.common import WORK, fresh_server, header, load, model_available, sample_corpus


def results_for(n: int) -> list:
    """Extraction results of the n-paper sample, cached as JSON Lines under WORK."""
    from claimgraph.extract.pipeline import EXTRACTOR_VERSION
    from claimgraph.orchestration.build import extract_only, read_results, save_results

    use_model = model_available()
    path = WORK / f"results-{n}-{EXTRACTOR_VERSION}-{'model' if use_model else 'nomodel'}.jsonl"
    if not path.exists():
        print(f"  extracting the {n}-paper sample once (cached in {path}) ...", flush=True)
        corpus = sample_corpus(n)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            save_results(extract_only([corpus], use_model=use_model), fh)
        tmp.replace(path)
    return list(read_results(path, on_error=lambda e: None))


def _bare_statements(batch) -> list[tuple[str, dict]]:
    """(cypher, params) of the baseline for one batch."""
    stmts = [("UNWIND $rows AS row MERGE (n:Paper {id: row.id}) SET n += row", {"rows": batch.papers}),
             ("UNWIND $rows AS row MATCH (p:Paper {id: row.id}) UNWIND row.words AS w "
              "MERGE (t:TitleWord {word: w}) MERGE (t)-[:IN_TITLE]->(p)", {"rows": batch.titles})]
    for label, rows in batch.entities.items():
        stmts.append((f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET n += row", {"rows": rows}))
    for (rel, label), rows in batch.paper_edges.items():
        stmts.append((f"UNWIND $rows AS row MATCH (a:Paper {{id: row.paper_id}}) MATCH (b:{label} {{key: row.key}}) "
                      f"MERGE (a)-[r:{rel}]->(b) SET r += row.props", {"rows": rows}))
    if batch.claims:
        stmts.append(("UNWIND $rows AS row MATCH (p:Paper {id: row.paper_id}) MERGE (c:Claim {id: row.id}) "
                      "SET c += row.props MERGE (p)-[:MAKES]->(c)", {"rows": batch.claims}))
    for (rel, label), rows in batch.claim_edges.items():
        stmts.append((f"UNWIND $rows AS row MATCH (a:Claim {{id: row.claim_id}}) MATCH (b:{label} {{key: row.key}}) "
                      f"MERGE (a)-[r:{rel} {{role: row.role}}]->(b) SET r.paper_id = row.paper_id, "
                      f"r.evidence = row.evidence", {"rows": rows}))
    for (rel, s_label, t_label), rows in batch.shortcuts.items():
        stmts.append((f"UNWIND $rows AS row MATCH (a:{s_label} {{key: row.subject_key}}) "
                      f"MATCH (b:{t_label} {{key: row.target_key}}) MERGE (a)-[r:{rel} {{claim_id: row.claim_id}}]->(b) "
                      f"SET r += row.props", {"rows": rows}))
    return stmts


def write_always_clearing(store, results) -> None:
    """Store.write_results as it was before the STORED_PAPERS check: the clean-up of an
    earlier extraction ran for every batch, also when none of its papers was stored.
    Kept to measure the change (before/after in the same run)."""
    from claimgraph.graph.store import _Batch, clear_papers, merge_batch

    batch = _Batch.of(results)

    def work(tx):
        clear_papers(tx, batch.paper_ids)
        merge_batch(tx, batch)

    store._write(work)


def row_count(batch) -> int:
    return (len(batch.papers) + sum(len(t["words"]) for t in batch.titles)
            + sum(map(len, batch.entities.values())) + sum(map(len, batch.paper_edges.values()))
            + len(batch.claims) + sum(map(len, batch.claim_edges.values())) + sum(map(len, batch.shortcuts.values())))


def empty(store) -> None:
    while store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]:
        store._write(lambda tx: tx.run("MATCH (n) WITH n LIMIT 5000 DETACH DELETE n").consume())


def run(n_papers: int = 1000, batch_sizes: tuple[int, ...] = (64, 256), repeats: int = 3, command: str = "") -> dict:
    from claimgraph.extract.resolution import Resolver
    from claimgraph.graph.store import _Batch
    from claimgraph.orchestration.build import chunked

    header(f"Ingestion ({n_papers} papers' extraction results)", command)
    results = results_for(n_papers)
    rows_out = []
    with fresh_server("ingestion") as srv:
        store = srv.store
        for batch_size in batch_sizes:
            resolver = Resolver.from_name_lists()
            batches = [resolver.resolve(chunk) for chunk in chunked(results, batch_size)]
            rows = sum(row_count(_Batch.of(b)) for b in batches)

            def ours(batches=batches):
                for b in batches:
                    store.write_results(b)

            def bare(batches=batches):
                for b in batches:
                    stmts = _bare_statements(_Batch.of(b))
                    store._write(lambda tx, stmts=stmts: [tx.run(q, p).consume() for q, p in stmts])

            def before(batches=batches):
                for b in batches:
                    write_always_clearing(store, b)

            times = {"ClaimGraph": [], "bare MERGE": [], "before": []}
            counts = {}
            if batch_size == batch_sizes[0]:    # warm the server's JIT and caches, untimed
                for fn in (ours, bare):
                    empty(store)
                    store.ensure_schema()
                    fn()
            for _ in range(repeats):
                for label, fn in (("ClaimGraph", ours), ("bare MERGE", bare), ("before", before)):
                    empty(store)
                    store.ensure_schema()
                    load_at_start = load()[0]
                    started = time.perf_counter()
                    fn()
                    times[label].append(time.perf_counter() - started)
                    counts[label] = store.counts()
                    print(f"    {label:<10} batch {batch_size:>3}: {rows / times[label][-1]:8.0f} rows/s "
                          f"({times[label][-1]:.1f} s) [load {load_at_start:.2f} -> {load()[0]:.2f}]", flush=True)
            if counts["ClaimGraph"][0] != counts["bare MERGE"][0]:
                print(f"  note: node counts differ: {counts}", flush=True)
            best = {k: min(v) for k, v in times.items()}
            ratio = best["bare MERGE"] / best["ClaimGraph"]
            ratio_before = best["bare MERGE"] / best["before"]
            row = {"batch_size": batch_size, "papers": len(results), "rows": rows,
                   "ours_rows_per_s": round(rows / best["ClaimGraph"]), "bare_rows_per_s": round(rows / best["bare MERGE"]),
                   "ours_papers_per_s": round(len(results) / best["ClaimGraph"], 1),
                   "ratio": round(ratio, 3), "before_rows_per_s": round(rows / best["before"]),
                   "ratio_before": round(ratio_before, 3), "times": times, "load_after": load()[0],
                   "nodes": counts["ClaimGraph"][0], "relationships": counts["ClaimGraph"][1]}
            rows_out.append(row)
            print(f"  batch {batch_size}: {rows:,} rows; ClaimGraph {row['ours_rows_per_s']:,} rows/s "
                  f"({row['ours_papers_per_s']} papers/s), bare {row['bare_rows_per_s']:,} rows/s, "
                  f"ratio {ratio:.2f} (target >= 0.8; best of {repeats}); before the STORED_PAPERS check "
                  f"{row['before_rows_per_s']:,} rows/s, ratio {ratio_before:.2f}", flush=True)
    return {"n_papers": len(results), "rows": rows_out}
