"""What every benchmark shares: the machine, the sample of real abstracts, fresh stores."""
from __future__ import annotations

import gzip
import json
import os
import platform
import shlex
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAPERLISTS = Path(os.environ.get("CLAIMGRAPH_BENCH_CORPUS",
                                 REPO.parent / "shared" / "data" / "paperlists" / "paperlists_abstracts.jsonl.gz"))
WORK = Path(os.environ.get("CLAIMGRAPH_BENCH_DIR", "/tmp/claimgraph-bench"))


def load() -> tuple[float, float, float]:
    return os.getloadavg()


def load_text() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*load())


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
    except (OSError, StopIteration, ValueError):
        pass
    import spacy

    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "spacy": spacy.__version__, "platform": platform.platform(),
            "load_at_start": load()}


def model_available() -> bool:
    """Is the learned SciERC recogniser trained and shipped? (the build uses it when it is)"""
    from claimgraph.extract.recogniser import DEFAULT_MODEL_DIR

    return (DEFAULT_MODEL_DIR / "config.cfg").exists()


def command_line() -> str:
    return " ".join(shlex.quote(a) for a in [Path(sys.executable).name, "-m", "bench.run", *sys.argv[1:]])


def header(title: str, command: str) -> None:
    print(f"\n=== {title} ===", flush=True)
    print(f"command: {command}", flush=True)
    print(f"{load_text()} (nproc {os.cpu_count()})", flush=True)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# ---------------------------------------------------------------------- corpus samples


def sample_corpus(n: int | None) -> Path:
    """A spread sample of n paperlists abstracts (every k-th line, so every venue and year
    is in it), written once as JSON Lines under WORK; None means the whole corpus."""
    if n is None:
        return PAPERLISTS
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"paperlists-sample-{n}.jsonl.gz"
    if path.exists():
        return path
    with gzip.open(PAPERLISTS, "rb") as fh:
        total = sum(1 for line in fh if line.strip())
    stride = max(1, total // n)
    tmp = path.with_suffix(".tmp")
    kept = 0
    with gzip.open(PAPERLISTS, "rb") as src, gzip.open(tmp, "wb") as out:
        for i, line in enumerate(line for line in src if line.strip()):
            if i % stride == 0 and kept < n:
                out.write(line if line.endswith(b"\n") else line + b"\n")
                kept += 1
    tmp.replace(path)
    return path


def sample_papers(n: int) -> list:
    from claimgraph.extract.readers import read_corpus
    from claimgraph.schema import Paper

    return [r for r in read_corpus([sample_corpus(n)]) if isinstance(r, Paper)]


# ---------------------------------------------------------------------- stores


@dataclass
class BenchServer:
    home: Path
    pid: int
    store: object

    def vm_hwm_mb(self) -> float | None:
        return proc_status_mb(self.pid, "VmHWM")

    def vm_rss_mb(self) -> float | None:
        return proc_status_mb(self.pid, "VmRSS")


def proc_status_mb(pid: int, field: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


@contextmanager
def fresh_server(name: str, *, keep: bool = False, reuse: bool = False):
    """An embedded server of its own under WORK/name (never the user's or the repo's
    .claimgraph). Stopped afterwards; its data is kept when `keep` (for later benchmarks)."""
    import shutil

    from claimgraph.graph.server import EmbeddedServer
    from claimgraph.graph.store import open_store

    home = WORK / name
    if home.exists() and not reuse:
        EmbeddedServer(home).stop()
        shutil.rmtree(home)
    server = EmbeddedServer(home)
    server.start()
    pid = server.status().pid
    store = open_store(home)
    try:
        yield BenchServer(home=home, pid=pid, store=store)
    finally:
        store.close()
        server.stop()
        if not keep:
            shutil.rmtree(home, ignore_errors=True)


def heap() -> str:
    return os.environ.get("CLAIMGRAPH_SERVER_HEAP") or "2g"


def save_json(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str))


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started
