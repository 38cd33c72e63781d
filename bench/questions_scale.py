"""Questions at scale: p50/p95 latency of every catalogue question on graphs of several sizes.

(bench/questions.py measures the same catalogue, cold and warm, and the `ask` path, on
one store with phrasings for the demo graph; this one picks its slot values from each
graph, so it runs on any sample of the paperlists corpus.)

Uses the graphs the end-to-end benchmark built (WORK/e2e-<size>), and
`claimgraph.graph.catalogue.catalogue()` / `run_question()`. Slot values come from the graph
itself: for each question, the most-claimed targets (target, topic, about, b), the
most-claimed subjects (method, a), or the entities of the slot's label named by the
most papers; the effect is the most common one. Optional slots are left empty in one
variant and filled in another. Those are the broadest values a graph has; a third variant
("sampled") fills the required slots with values drawn at random (seeded) from all the
candidates of the same kind (the effect question: (effect, target) pairs of random claims),
for what a question costs on a typical value. Every (question, value) runs once to warm the
server up (the slowest of these first runs is reported apart), then `repeats` times; "wall" is
what a caller of run_question waits (names are resolved to keys first), "query" is the
question's Cypher alone.

    python -m bench.run --only questions --sizes 1000,10000
"""
from __future__ import annotations

import random
import time

from bench.common import WORK, header, load, percentile

_TARGET_SLOTS = {"target", "topic", "about", "b"}
_SUBJECT_SLOTS = {"method", "a"}
SLOW_SECONDS = 30.0
SAMPLE_SEED = 29


def _candidates(store, slot, k: int, *, sampled: bool = False) -> list[str]:
    """The k most-claimed (most-named) values for the slot or, `sampled`, k drawn at random."""
    top = "" if sampled else "ORDER BY n DESC LIMIT $k"
    if slot.name in _TARGET_SLOTS and not slot.labels:
        rows = store.read(f"MATCH (:Claim)-[:TARGET]->(t) RETURN t.name AS name, count(*) AS n {top}", k=k)
    elif slot.name in _SUBJECT_SLOTS and not slot.labels:
        rows = store.read(f"MATCH (:Claim)-[:SUBJECT]->(s) RETURN s.name AS name, count(*) AS n {top}", k=k)
    else:
        from claimgraph.graph import cypher

        labels = [cypher.node_label(label) for label in slot.labels] or cypher.ENTITY_LABELS
        rows = []
        for label in labels:
            rows += store.read(f"MATCH (e:{label}) WHERE e.paper_count > 0 RETURN e.name AS name, "
                               f"e.paper_count AS n {top}", k=k)
        rows.sort(key=lambda r: -r["n"])
    names = [r["name"] for r in rows if r["name"]]
    if sampled:
        unique = sorted(set(names))
        return random.Random(SAMPLE_SEED).sample(unique, min(k, len(unique)))
    return names[:k]


def _variants(store, question, k: int) -> list[tuple[str, list[dict]]]:
    effects = [r["e"] for r in store.read("MATCH (c:Claim) RETURN c.effect AS e, count(*) AS n "
                                          "ORDER BY n DESC LIMIT 2")] or ["improves"]
    values = {}
    for slot in question.slots:
        values[slot.name] = effects if slot.kind == "effect" else _candidates(store, slot, k)
    variants = []
    for filled in (False, True):
        if filled and not any(s.optional for s in question.slots):
            continue
        params = []
        for i in range(k):
            slots = {}
            for slot in question.slots:
                if slot.optional and not filled:
                    continue
                options = values[slot.name]
                if options:
                    slots[slot.name] = options[i % len(options)]
            if all(s.name in slots for s in question.slots if not s.optional):
                params.append(slots)
        variants.append(("all slots" if filled else "required slots", params))
    variants.append(("sampled", _sampled(store, question, k)))
    return [(name, params) for name, params in variants if params]


def _sampled(store, question, k: int) -> list[dict]:
    """k fillings of the required slots drawn at random; an effect comes with its target
    from one claim, so that each has an answer."""
    required = [s for s in question.slots if not s.optional]
    if any(s.kind == "effect" for s in required):
        pairs = store.read("MATCH (c:Claim)-[:TARGET]->(t) RETURN DISTINCT c.effect AS effect, t.name AS target")
        pairs = sorted((r["effect"], r["target"]) for r in pairs if r["target"])
        return [{"effect": e, "target": t} for e, t in random.Random(SAMPLE_SEED).sample(pairs, min(k, len(pairs)))]
    values = {s.name: _candidates(store, s, k, sampled=True) for s in required}
    return [{name: options[i] for name, options in values.items()}
            for i in range(min((len(v) for v in values.values()), default=0))]


def run_on(store, *, k: int = 8, repeats: int = 3) -> list[dict]:
    from claimgraph.graph.catalogue import catalogue, run_question

    plan = [(q, name, params) for q in catalogue() for name, params in _variants(store, q, k)]
    # Warm-up: every (question, value) once, timed apart as the first run. The server compiles
    # (JIT) the code paths a query takes on its first runs: right after a start, the first run
    # of the broadest value took 2-5x its later time.
    first = {}
    for q, variant, params in plan:
        first[q.id, variant] = []
        for slots in params:
            started = time.perf_counter()
            try:
                run_question(store, q.id, **slots)
            except Exception as e:                  # a question under construction must not stop the rest
                print(f"    warm-up {q.id}: {type(e).__name__}: {e}", flush=True)
                continue
            first[q.id, variant].append((time.perf_counter() - started) * 1000)
    rows = []
    for q, variant, params in plan:
        wall, query, answered, errors = [], [], [], 0
        slow = False
        for slots in params:
            for _ in range(repeats):
                started = time.perf_counter()
                try:
                    answer = run_question(store, q.id, **slots)
                except Exception:
                    errors += 1
                    continue
                wall.append((time.perf_counter() - started) * 1000)
                query.append(answer.elapsed_ms)
                answered.append(len(answer.rows))
                if wall[-1] > SLOW_SECONDS * 1000:
                    slow = True
                    break
            if slow:
                break
        row = {"question": q.id, "variant": variant, "runs": len(wall), "errors": errors,
               "wall_p50_ms": round(percentile(wall, 50), 1), "wall_p95_ms": round(percentile(wall, 95), 1),
               "query_p50_ms": round(percentile(query, 50), 1), "query_p95_ms": round(percentile(query, 95), 1),
               "rows_median": sorted(answered)[len(answered) // 2] if answered else 0, "stopped_slow": slow,
               "first_run_max_ms": round(max(first[q.id, variant], default=0), 1), "example": params[0]}
        rows.append(row)
        print(f"    {q.id:<28} {variant:<14} p50 {row['wall_p50_ms']:8.1f} ms  p95 {row['wall_p95_ms']:8.1f} ms  "
              f"(query p50 {row['query_p50_ms']:.1f} / p95 {row['query_p95_ms']:.1f} ms; first runs up to "
              f"{row['first_run_max_ms']:.0f} ms; {len(wall)} runs, "
              f"~{row['rows_median']} rows{', ' + str(errors) + ' errors' if errors else ''}"
              f"{', stopped: too slow' if slow else ''})", flush=True)
    return rows


def run(homes: list[tuple[str, str]], *, command: str = "", repeats: int = 3) -> dict:
    """homes: (label, folder name under WORK) of graphs built earlier."""
    from claimgraph.graph.server import EmbeddedServer
    from claimgraph.graph.store import open_store

    header("Questions at scale", command)
    out = {}
    for label, name in homes:
        home = WORK / name
        if not (home / "databases").exists():
            print(f"  {label}: no graph at {home} (run the end_to_end benchmark for this size first)", flush=True)
            continue
        server = EmbeddedServer(home)
        server.start()
        try:
            with open_store(home) as store:
                labels, types = store.counts()
                print(f"  graph {label}: {labels.get('Paper', 0):,} papers, {sum(labels.values()):,} nodes, "
                      f"{sum(types.values()):,} relationships [{'load {:.2f}'.format(load()[0])}]", flush=True)
                rows = run_on(store, repeats=repeats)
                out[label] = {"papers": labels.get("Paper", 0), "nodes": sum(labels.values()),
                              "relationships": sum(types.values()), "load_after": load()[0], "rows": rows}
        finally:
            server.stop()
    return out
