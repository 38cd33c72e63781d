"""Simple reads while heavy and long user queries run (issue 19): p95 of the simple reads.

    .venv/bin/python bench/heavy_reads.py [--seconds 60] [--readers 4] [--heavy 2] [--long 2]

A fresh embedded store of its own (CLAIMGRAPH_BENCH_DIR, default /tmp/claimgraph-bench) with
the demo corpus. `--readers` threads, each with its own Store (as each explorer visitor and
CLI process has), run the explorer's kind of simple read through `query_read_only` back to
back: first alone (baseline), then while `--heavy` threads send the issue's runaway shapes
(refused up front, by the text check or the server's range cap) and `--long` threads run
queries that only the deadline stops (a cartesian product of ranges and of the graph,
`--timeout 3`, terminated on the server). Target: simple reads p95 < 200 ms meanwhile.
"""
from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import WORK, load_text  # noqa: E402
from claimgraph.schema import ClaimGraphError  # noqa: E402

SIMPLE = [
    "MATCH (p:Paper) RETURN p.id AS id, p.title AS title ORDER BY p.id LIMIT 10",
    "MATCH (m:Method {key: $key}) RETURN m.name AS name",
    "MATCH (p:Paper)-[:PROPOSES]->(m:Method) RETURN m.name AS name, count(p) AS papers ORDER BY papers DESC LIMIT 10",
]
HEAVY = [
    "RETURN size(reduce(s = [], x IN range(1, 300000) | s + [x])) AS n",
    "UNWIND range(1, 300000000) AS x RETURN count(x) AS n",
    "RETURN size([x IN range(1, 20000) | [y IN range(1, 20000) | x * y]]) AS n",
    "UNWIND range(1, toInteger('3000000000')) AS x RETURN count(x) AS n",
]
LONG = [
    "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n",
    "MATCH (a), (b), (c) WHERE coalesce(a.name, '') + coalesce(b.name, '') <> coalesce(c.name, 'x') "
    "RETURN count(*) AS n",
]


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="length of the loaded phase")
    ap.add_argument("--baseline", type=float, default=15.0, help="length of the phase without heavy queries")
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--heavy", type=int, default=2)
    ap.add_argument("--long", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=3.0, help="deadline of the heavy and long queries")
    args = ap.parse_args()

    home = WORK / "heavy-reads-home"
    os.environ["CLAIMGRAPH_HOME"] = str(home)
    os.environ.pop("NEO4J_URI", None)
    from claimgraph.graph.server import EmbeddedServer
    from claimgraph.graph.store import open_store
    from claimgraph.orchestration.build import DEMO_CORPUS, build

    setup = open_store(home)
    if not setup.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"]:
        build([DEMO_CORPUS], setup, use_model=False)
    key = setup.read("MATCH (m:Method) RETURN m.key AS key LIMIT 1")[0]["key"]
    papers = setup.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"]
    setup.close()

    phase = {"name": "baseline"}
    latencies: dict[str, list[float]] = {"baseline": [], "loaded": []}
    errors: list[str] = []
    heavy_outcomes: dict[str, list[float]] = {"refused": [], "cancelled": [], "other": []}
    stop = threading.Event()
    heavy_on = threading.Event()

    def simple_reader(i: int) -> None:
        store = open_store(home)
        try:
            k = i
            while not stop.is_set():
                query = SIMPLE[k % len(SIMPLE)]
                k += 1
                t0 = time.perf_counter()
                try:
                    store.query_read_only(query, {"key": key}, timeout=10)
                except ClaimGraphError as e:
                    errors.append(str(e))
                    continue
                latencies[phase["name"]].append(time.perf_counter() - t0)
        finally:
            store.close()

    def heavy_client(queries: list[str], i: int) -> None:
        store = open_store(home)
        try:
            heavy_on.wait()
            k = i
            while not stop.is_set():
                query = queries[k % len(queries)]
                k += 1
                t0 = time.perf_counter()
                try:
                    store.query_read_only(query, timeout=args.timeout)
                    kind = "other"
                except ClaimGraphError as e:
                    kind = "refused" if "refused" in str(e) or "query failed" in str(e) else \
                        "cancelled" if "cancelled" in str(e) else "other"
                heavy_outcomes[kind].append(time.perf_counter() - t0)
        finally:
            store.close()

    threads = [threading.Thread(target=simple_reader, args=(i,), daemon=True) for i in range(args.readers)]
    threads += [threading.Thread(target=heavy_client, args=(HEAVY, i), daemon=True) for i in range(args.heavy)]
    threads += [threading.Thread(target=heavy_client, args=(LONG, i), daemon=True) for i in range(args.long)]
    for t in threads:
        t.start()
    time.sleep(args.baseline)
    load_before = load_text()
    phase["name"] = "loaded"
    heavy_on.set()
    time.sleep(args.seconds)
    load_during = load_text()
    stop.set()
    for t in threads:
        t.join(args.timeout + 30)
    server = EmbeddedServer(home)
    left = [q for q in server.running_queries() if "range(" in str(q.get("text")) or "(a), (b)" in str(q.get("text"))]

    print(f"command: .venv/bin/python bench/heavy_reads.py {shlex.join(sys.argv[1:])}")
    print(f"graph: demo corpus, {papers} papers; {args.readers} simple readers, {args.heavy} heavy, "
          f"{args.long} long (--timeout {args.timeout:g})")
    for name in ("baseline", "loaded"):
        values = latencies[name]
        if values:
            print(f"simple reads, {name}: n={len(values)}  p50={1000 * statistics.median(values):.1f} ms  "
                  f"p95={1000 * percentile(values, 0.95):.1f} ms  max={1000 * max(values):.1f} ms")
    for kind, values in heavy_outcomes.items():
        if values:
            print(f"heavy/long {kind}: n={len(values)}  max={max(values):.2f} s")
    print(f"simple read errors: {len(errors)}  {errors[:3]}")
    print(f"queries of ours still running on the server afterwards: {len(left)}")
    print(f"{load_before} (before heavy) / {load_during} (during)")


if __name__ == "__main__":
    main()
