"""Latency of every catalogue question on a store (the embedded one in CLAIMGRAPH_HOME, or NEO4J_URI).

    .venv/bin/python bench/questions.py [-n 50]

For each question: the Cypher alone with resolved slots (cold = first run, then p50/p95
over N runs), and the whole `ask` path for a phrasing of it (parse, name resolution
through the store, the query) over N runs. Target: < 200 ms per question on the demo graph.
"""
from __future__ import annotations

import argparse
import functools
import os
import shlex
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimgraph.graph.catalogue import catalogue, run_question  # noqa: E402
from claimgraph.graph.store import open_store  # noqa: E402
from claimgraph.questions.understand import ask, parse_question  # noqa: E402

# question id -> a phrasing with representative slots (names the demo graph holds)
PHRASINGS = {
    "methods_that_effect_target": "methods that improve OOD",
    "what_does_method_improve": "what does mixup improve",
    "datasets_for_task": "datasets for domain generalization",
    "papers_studying_topic": "papers about sharpness",
    "methods_applied_to_model": "methods applied to CLIP",
    "claims_about_pair": "claims about sharpness and generalization",
    "contested_claims": "contested claims",
    "proposed_methods": "proposed methods",
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="runs per question (default 50)")
    args = parser.parse_args()
    where = os.environ.get("NEO4J_URI") or f"embedded, CLAIMGRAPH_HOME={os.environ.get('CLAIMGRAPH_HOME', './.claimgraph')}"
    print(f"$ {' '.join(shlex.quote(a) for a in [Path(sys.executable).name, *sys.argv])}   # store: {where}")
    with open_store() as store:
        labels, _ = store.counts()
        print("graph: " + ", ".join(f"{k} {v}" for k, v in labels.items()))
        print(f"{'question':28} {'rows':>4} {'cold':>7} {'p50':>7} {'p95':>7}   {'ask p50':>7} {'ask p95':>7}  (ms, n={args.n})")
        for question in catalogue():
            text = PHRASINGS[question.id]
            parsed = parse_question(text, store)
            if not parsed.ok or parsed.question_id != question.id:
                print(f"{question.id:28} phrasing {text!r} was not understood on this graph: {parsed.title}")
                continue
            run = functools.partial(run_question, store, question.id, **parsed.slots)
            cold = timed(run, 1)[0]
            rows = len(run().rows)
            query = timed(run, args.n)
            whole = timed(functools.partial(ask, store, text), args.n)
            print(f"{question.id:28} {rows:4d} {cold:7.1f} {statistics.median(query):7.1f} {percentile(query, 95):7.1f}"
                  f"   {statistics.median(whole):7.1f} {percentile(whole, 95):7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
