"""Question latency with the semantic layer (questions/answer.py) on the current store.

    CLAIMGRAPH_HOME=<home> python -m bench.semantic_questions [--repeat 5] [FILE ...]

Asks every question of the files (default: data/questions_dev.jsonl and the catalogue's
examples) `repeat` times in one process after one warm-up pass (the per-process load of the
model, vectors and entity table is reported apart) and prints p50/p95 per question type.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path, default=[Path("data/questions_dev.jsonl")])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", help="Only questions of this corpus.")
    args = ap.parse_args()

    from claimgraph.graph.store import open_store
    from claimgraph.questions.answer import answer, meaning_for
    from claimgraph.questions.understand import EXAMPLES

    texts = list(EXAMPLES)
    for path in args.files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                if not args.corpus or q.get("corpus", "demo") == args.corpus:
                    texts.append(q["question"])
    store = open_store()
    started = time.perf_counter()
    meaning_for(store)
    load = (time.perf_counter() - started) * 1000
    by_type: dict[str, list[float]] = {}
    for text in texts:            # warm-up
        answer(store, text)
    for _ in range(args.repeat):
        for text in texts:
            t = time.perf_counter()
            result = answer(store, text)
            ms = (time.perf_counter() - t) * 1000
            by_type.setdefault(result.parsed.question_id or "(fallback only)", []).append(ms)
    store.close()
    every = sorted(ms for v in by_type.values() for ms in v)

    def p(values: list[float], q: float) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]

    print(f"{len(texts)} questions x {args.repeat}; per-process load {load:.0f} ms")
    print(f"{'type':32} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for qid, values in sorted(by_type.items()):
        print(f"{qid:32} {len(values):>4} {statistics.median(values):>8.1f} {p(values, 0.95):>8.1f}")
    print(f"{'all':32} {len(every):>4} {statistics.median(every):>8.1f} {p(every, 0.95):>8.1f}")


if __name__ == "__main__":
    main()
