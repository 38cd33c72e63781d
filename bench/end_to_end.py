"""End to end: `claimgraph build` of a paperlists sample (or all of it) into a fresh store.

Runs the real command line in a subprocess with its own CLAIMGRAPH_HOME under
/tmp/claimgraph-bench, and measures its wall time, the client's peak memory (the
build process and its spaCy worker processes, sampled every second with psutil; the
sum over the process tree) and the server's (VmHWM of the java process, a fresh
server per run, its heap capped by CLAIMGRAPH_SERVER_HEAP).

    python -m bench.run --only end_to_end --sizes 10000 [--n-process 2]
    python -m bench.run --only end_to_end --sizes all        # the ~92k corpus
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import REPO, WORK, heap, load, model_available, proc_status_mb, sample_corpus


def _sampler(pid: int, stop: threading.Event, out: dict) -> None:
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    started = time.monotonic()
    while not stop.is_set():
        rss = {}
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            procs = []
        for p in procs:
            try:
                rss[p.pid] = p.memory_info().rss
                t = p.cpu_times()
                out.setdefault("cpu", {})[p.pid] = t.user + t.system
            except psutil.Error:
                pass
        if rss:
            total = sum(rss.values()) / 2**20
            main = rss.get(pid, 0) / 2**20
            out["tree_peak_mb"] = max(out.get("tree_peak_mb", 0), total)
            out["main_peak_mb"] = max(out.get("main_peak_mb", 0), main)
            out.setdefault("timeline", []).append((round(time.monotonic() - started), round(main), round(total),
                                                   round(load()[0], 2)))
        stop.wait(1.0)


def build_home(size: int | None) -> str:
    return f"e2e-{size if size else 'all'}"


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _measured(cmd: list[str], env: dict) -> tuple[int, float, str, str, dict]:
    """Run cmd; (returncode, seconds, stdout, stderr, memory samples of its process tree)."""
    samples: dict = {}
    stop = threading.Event()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    thread = threading.Thread(target=_sampler, args=(proc.pid, stop, samples), daemon=True)
    thread.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    thread.join()
    return proc.returncode, seconds, stdout, stderr, samples


def run(size: int | None, *, n_process: int = 1, batch_size: int = 64, command: str = "",
        keep: bool = True, with_export: bool = True) -> dict:
    """Build `size` sampled papers (None: the whole corpus) with the CLI; the store is kept
    (stopped) under WORK/e2e-<size> for the questions benchmark."""
    import shutil

    from claimgraph.graph.server import EmbeddedServer

    corpus = sample_corpus(size)
    home = WORK / build_home(size)
    if home.exists():
        EmbeddedServer(home).stop()
        shutil.rmtree(home)
    env = {**os.environ, "CLAIMGRAPH_HOME": str(home)}
    env.pop("NEO4J_URI", None)
    server = EmbeddedServer(home)
    server.start()                       # fresh server: its VmHWM is this build's peak
    server_pid = server.status().pid
    use_model = model_available()
    cmd = [sys.executable, "-m", "claimgraph.ui.cli", "build", str(corpus), "-j", str(n_process), "--batch-size",
           str(batch_size), "--quiet", *([] if use_model else ["--no-model"])]
    shown = f"CLAIMGRAPH_HOME={home} claimgraph build {corpus} -j {n_process} --batch-size {batch_size}" + \
        ("" if use_model else " --no-model")
    print(f"\n  build {size or 'all'} papers: {shown}", flush=True)
    load_before = load()
    server_cpu_before = _cpu_seconds(server_pid)
    returncode, seconds, stdout, stderr, samples = _measured(cmd, env)
    server_hwm = proc_status_mb(server_pid, "VmHWM")
    server_cpu = _cpu_seconds(server_pid) - server_cpu_before
    client_cpu = sum(samples.get("cpu", {}).values())
    server_rss = proc_status_mb(server_pid, "VmRSS")
    load_after = load()
    if returncode not in (0, 2):
        server.stop()
        raise RuntimeError(f"build failed ({returncode}):\n{stderr[-3000:]}")
    papers = re.search(r"Papers: (\d+) written, (\d+) unchanged, (\d+) skipped", stdout)
    written = int(papers.group(1)) if papers else None
    writing = re.search(r"writing to the store: ([\d.]+) s", stdout)
    write_seconds = float(writing.group(1)) if writing else None
    disk_mb = sum(f.stat().st_size for f in (home / "databases").rglob("*") if f.is_file()) / 2**20
    export = None
    if with_export:   # the bulk path out of the store: the whole graph through networkx into CSV
        bulk = WORK / f"bulk-{size or 'all'}"
        shutil.rmtree(bulk, ignore_errors=True)
        code, export_s, out, err, export_samples = _measured(
            [sys.executable, "-m", "claimgraph.ui.cli", "export", "--format", "neo4j-admin", str(bulk)], env)
        export = {"seconds": round(export_s, 1), "ok": code == 0, "peak_mb": round(export_samples.get("main_peak_mb", 0)),
                  "csv_mb": round(sum(f.stat().st_size for f in bulk.glob("*.csv")) / 2**20) if code == 0 else None,
                  "message": (out or err).strip().splitlines()[-1:] if (out or err) else []}
        print(f"  export --format neo4j-admin: {export['seconds']} s, peak {export['peak_mb']} MB, "
              f"{export['csv_mb']} MB of CSV {'' if export['ok'] else '(FAILED: ' + err[-500:] + ')'}", flush=True)
        shutil.rmtree(bulk, ignore_errors=True)
    server.stop()
    if not keep:
        shutil.rmtree(home, ignore_errors=True)
    timeline = samples.get("timeline", [])
    row = {"size": size or "all", "corpus": str(corpus), "command": shown, "n_process": n_process,
           "batch_size": batch_size, "use_model": use_model, "seconds": round(seconds, 1),
           "papers_written": written, "papers_per_s": round(written / seconds, 2) if written else None,
           "write_seconds": write_seconds,
           # CPU seconds used (client: last sample of each process, so up to 1 s short); with the
           # wall time this says what share of the machine the build got, and what an idle one would take
           "client_cpu_s": round(client_cpu), "server_cpu_s": round(server_cpu),
           "cpu_ms_per_paper": round(1000 * (client_cpu + server_cpu) / written, 1) if written else None,
           "client_main_peak_mb": round(samples.get("main_peak_mb", 0)),
           "client_tree_peak_mb": round(samples.get("tree_peak_mb", 0)),
           "server_vmhwm_mb": round(server_hwm) if server_hwm else None,
           "server_rss_end_mb": round(server_rss) if server_rss else None, "server_heap": heap(),
           "disk_mb": round(disk_mb), "export_neo4j_admin": export, "load_before": load_before, "load_after": load_after,
           "mean_load": round(sum(t[3] for t in timeline) / len(timeline), 2) if timeline else None,
           "stdout": stdout.strip().splitlines()[-8:], "timeline_every_60s": timeline[::60]}
    print(f"  {written} papers in {seconds / 60:.1f} min ({row['papers_per_s']} papers/s; writing to the store "
          f"{write_seconds} s of it); client peak "
          f"{row['client_main_peak_mb']} MB (process tree {row['client_tree_peak_mb']} MB); server VmHWM "
          f"{row['server_vmhwm_mb']} MB (-Xmx{heap()}); store on disk {row['disk_mb']} MB; "
          f"mean load {row['mean_load']}; CPU {row['client_cpu_s']} s client + {row['server_cpu_s']} s server "
          f"= {row['cpu_ms_per_paper']} ms per paper, i.e. {(client_cpu + server_cpu) / seconds:.2f} of "
          f"{os.cpu_count()} cores", flush=True)
    for line in row["stdout"]:
        print(f"    | {line}", flush=True)
    return row
