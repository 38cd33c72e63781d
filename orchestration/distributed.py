"""Scale-out extraction on a Dask cluster: one `extract_only` shard per task.

Extraction is the slow stage (spaCy parses every sentence) and needs no store, so
it spreads over machines: every task reads the corpus, keeps the papers whose id
hashes to its shard (`claimgraph.orchestration.build.in_shard`) and writes `out_dir/shard-i-of-n.jsonl`.
Loading stays one process (`claimgraph load out_dir`), because resolution across
papers and the writes into one store are sequential anyway.

The corpus paths and `out_dir` must be readable and writable under the same names on
every worker (a shared or network file system, or a single machine). A shard file
appears only when its task finished (it is written as `.part` and renamed), so a
rerun skips the shards already done and redoes only the missing ones.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.schema import ClaimGraphError, RecordError


@dataclass
class ShardReport:
    index: int
    count: int
    path: Path
    papers: int
    seconds: float
    errors: list[RecordError] = field(default_factory=list)
    skipped: bool = False   # the shard file was already there from an earlier run


def shard_path(out_dir: Path | str, index: int, count: int) -> Path:
    return Path(out_dir) / f"shard-{index}-of-{count}.jsonl"


def extract_shard(paths: list[str], out_path: str, index: int, count: int, *, use_model: bool = True,
                  n_process: int = 1) -> dict:
    """One task: extract shard index/count of `paths` into `out_path` (atomically)."""
    from claimgraph.orchestration.build import extract_only, save_results

    started = time.perf_counter()
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f"{out.name}.{os.getpid()}.part")
    errors: list[RecordError] = []
    try:
        with part.open("w", encoding="utf-8") as fh:
            n = save_results(extract_only([Path(p) for p in paths], use_model=use_model, n_process=n_process,
                                          shard=(index, count), on_error=errors.append), fh)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    return {"index": index, "count": count, "path": str(out), "papers": n,
            "seconds": time.perf_counter() - started, "errors": [e.model_dump() for e in errors]}


def extract_with_dask(paths: list[Path], out_dir: Path, n_shards: int, client, *, use_model: bool = True,
                      skip_existing: bool = True,
                      on_shard: Callable[[ShardReport], None] | None = None) -> list[ShardReport]:
    """Submit one task per shard to the Dask `client`; returns the shard reports in shard order.

    Workers should run one thread each (`--nthreads 1`): spaCy work holds the GIL, so
    more threads in one worker add memory, not speed. A failed task raises here
    after the others finished; rerunning redoes only the shards without a file.
    """
    from distributed import as_completed

    if n_shards < 1:
        raise ValueError("n_shards must be at least 1")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = [str(Path(p).resolve()) for p in paths]
    reports: dict[int, ShardReport] = {}
    futures = []
    for i in range(n_shards):
        target = shard_path(out_dir, i, n_shards)
        if skip_existing and target.exists():
            reports[i] = ShardReport(i, n_shards, target, papers=_count_lines(target), seconds=0.0, skipped=True)
            if on_shard:
                on_shard(reports[i])
            continue
        futures.append(client.submit(extract_shard, corpus, str(target), i, n_shards, use_model=use_model,
                                     key=f"claimgraph-extract-{i}-of-{n_shards}-{time.time_ns()}", pure=False))
    failures = []
    for future in as_completed(futures):
        try:
            result = future.result()
        except Exception as e:   # report every failed shard, not just the first
            failures.append(f"{future.key}: {type(e).__name__}: {e}")
            continue
        report = ShardReport(result["index"], result["count"], Path(result["path"]), result["papers"],
                             result["seconds"], [RecordError(**e) for e in result["errors"]])
        reports[report.index] = report
        if on_shard:
            on_shard(report)
    if failures:
        raise ClaimGraphError(f"{len(failures)} of {n_shards} shard(s) failed (rerun to redo only those): "
                              + "; ".join(failures))
    return [reports[i] for i in sorted(reports)]


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())
