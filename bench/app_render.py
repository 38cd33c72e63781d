"""Time to first render of the explorer's Overview and of an entity page.

    CLAIMGRAPH_HOME=/path/to/store .venv/bin/python bench/app_render.py [--entity Model:clip] [-n 5]
        [--first-visits 3] [--no-browser]

Two measurements, on the store of CLAIMGRAPH_HOME (or NEO4J_URI):

- AppTest: the script run in-process (`streamlit.testing.v1.AppTest`). "first" is the
  first run in a fresh process (imports, the store connection, every query, and AppTest's
  own start-up); "uncached" reruns empty the read cache first, so they pay every query and
  all rendering (a new visitor on a running server); "cached" reruns are a user moving
  around within the cache's minute.
- Browser: `claimgraph app --headless` as a subprocess and headless chromium (skipped
  when /usr/bin/chromium is missing): from navigation to the Overview's charts drawn,
  and from clicking "Open" on a search result to the entity graph stabilised. The first
  visit is reported apart: it is the one a fresh app server pays its imports, connection
  and queries on; later visits are new sessions on a warm server (reads cached a minute).
  A one-line Streamlit page is timed first: the frontend's own cost, the floor.

The machine's load average is printed before and after: on a shared machine it moves
the figures more than most changes do.

Targets: < 2 s for both pages on the demo graph, < 5 s on 10,000 papers.
"""
from __future__ import annotations

import argparse
import os
import shlex
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from claimgraph.graph.server import free_ports  # noqa: E402  (after the path: run as a script)

APP = str(REPO / "ui" / "app.py")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def apptest_runs(session: dict, n: int) -> tuple[float, list[float], list[float]]:
    """Seconds per script run of one AppTest session: the first run, then `n` runs with the
    read cache emptied (every query paid), then `n` with it filled."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    for key, value in session.items():
        at.session_state[key] = value

    def run(clear: bool) -> float:
        if clear:
            st.cache_data.clear()
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        if at.exception:
            raise SystemExit(f"the app raised: {at.exception[0].message}")
        return elapsed

    first = run(True)
    return first, [run(True) for _ in range(n)], [run(False) for _ in range(n)]


def pick_entity(spec: str | None) -> tuple[str, str, str]:
    """(label, key, name) of --entity, else CLIP if present, else the model named by the most papers."""
    from claimgraph.graph import reads as queries
    from claimgraph.graph.store import open_store

    with open_store() as store:
        if spec:
            label, key = spec.split(":", 1)
            found = queries.entity(store, label, key)
            if found is None:
                raise SystemExit(f"no {label} with key {key!r} in this store")
            return label, key, found["name"]
        if (clip := queries.entity(store, "Model", "clip")) is not None:
            return "Model", "clip", clip["name"]
        for label in ("Model", "Method", "Dataset", "Task"):
            top = queries.top_entities(store, label, 1)
            if top:
                return label, top[0]["key"], top[0]["name"]
    raise SystemExit("the graph has no entities: build it first")


def serve(cmd: list[str], port: int) -> tuple[subprocess.Popen, float]:
    """Start a server in its own process group; (process, seconds until it answered HTTP)."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    started = time.perf_counter()
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).close()
            return proc, time.perf_counter() - started
        except OSError as err:
            if proc.poll() is not None or time.perf_counter() - started > 120:
                stop(proc)
                raise SystemExit(f"{' '.join(cmd)} did not start") from err
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def claimgraph_app(port: int) -> list[str]:
    return [sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())",
            "app", "--port", str(port), "--headless"]


def browser_timings(name: str, runs: int, first_visits: int = 1, app_cmd=claimgraph_app) -> dict[str, list[float]]:
    """Seconds in headless chromium; a one-line Streamlit page first, as the frontend's own cost.
    `first_visits` app servers are started one after the other; the first also serves `runs` more visits."""
    import tempfile

    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"bare Streamlit page": [], "server start": [], "overview, first visit": [],
                                   "overview, new visitor": [], "entity graph, first": [], "entity graph, again": []}
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text("import streamlit as st\nst.title('Bare page')\n")
        [port] = free_ports(1)
        base, _ = serve([sys.executable, "-m", "streamlit", "run", str(bare), "--server.port", str(port),
                         "--server.address", "127.0.0.1", "--server.headless", "true",
                         "--browser.gatherUsageStats", "false"], port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for _ in range(runs):
                    page = browser.new_page()
                    started = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/")
                    page.get_by_text("Bare page").wait_for(timeout=120_000)
                    out["bare Streamlit page"].append(time.perf_counter() - started)
                    page.close()
                browser.close()
        finally:
            stop(base)

    for server in range(first_visits):   # a fresh `claimgraph app` each: its first visit pays everything
        [port] = free_ports(1)
        proc, took = serve(app_cmd(port), port)
        out["server start"].append(took)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for run in range(runs + 1 if server == 0 else 1):
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    started = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/")
                    page.locator("[data-testid='stHtml']").nth(5).wait_for(timeout=120_000)  # counts x2, 4 top-10s
                    out["overview, new visitor" if run else "overview, first visit"].append(
                        time.perf_counter() - started)
                    page.locator("[data-testid='stSidebar'] label").filter(has_text="Search").first.click()
                    box = page.get_by_label("Entity, alias or paper title")
                    box.fill(name)
                    box.press("Enter")
                    page.locator(".st-key-search_open button").wait_for(timeout=60_000)
                    page.wait_for_timeout(300)
                    started = time.perf_counter()
                    page.locator(".st-key-search_open button").click()
                    iframe = page.locator("iframe[title^='Neighbourhood of']")
                    iframe.wait_for(timeout=120_000)
                    iframe.element_handle().content_frame().wait_for_function(
                        "typeof network !== 'undefined' && document.body.dataset.stabilized === 'true'",
                        timeout=120_000)
                    out["entity graph, again" if run else "entity graph, first"].append(
                        time.perf_counter() - started)
                    page.close()
                browser.close()
        finally:
            stop(proc)
    return out


def machine() -> str:
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = "unknown CPU"
    return f"{cpu}, {os.cpu_count()} cores"


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def show(title: str, values: list[float]) -> None:
    if len(values) == 1:
        print(f"  {title:<28} {values[0]:6.2f}")
    else:
        print(f"  {title:<28} median {statistics.median(values):6.2f}   min {min(values):6.2f}   "
              f"max {max(values):6.2f}   (n={len(values)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entity", help="LABEL:KEY of the entity page to time (default: Model:clip, "
                                         "else the most-cited model)")
    parser.add_argument("-n", type=int, default=5, help="warm runs per page (default 5)")
    parser.add_argument("--depth", type=int, default=2, choices=(1, 2), help="neighbourhood depth (default 2)")
    parser.add_argument("--no-browser", action="store_true", help="AppTest timings only")
    parser.add_argument("--first-visits", type=int, default=1, metavar="K",
                        help="browser: start the app K times to time K first visits (default 1)")
    args = parser.parse_args()

    where = os.environ.get("NEO4J_URI") or \
        f"embedded, CLAIMGRAPH_HOME={os.environ.get('CLAIMGRAPH_HOME', './.claimgraph')}"
    print(f"$ {' '.join(shlex.quote(a) for a in [Path(sys.executable).name, *sys.argv])}   # store: {where}")
    print(f"machine: {machine()}; {load()}")
    label, key, name = pick_entity(args.entity)
    from claimgraph.graph import reads as queries
    from claimgraph.graph.store import open_store

    with open_store() as store:
        labels = queries.counts(store)["labels"]
        hood = queries.neighbourhood(store, label, key, depth=args.depth, max_nodes=150)
    print("graph: " + ", ".join(f"{k} {v:,}" for k, v in labels.items()))
    print(f"entity page: {name} ({label}:{key}), depth {args.depth}: {len(hood['nodes']):,} nodes, "
          f"{len(hood['edges']):,} relationships fetched{' (stopped early)' if hood['truncated'] else ''}, "
          "at most 150 drawn")

    print("AppTest (seconds per script run):")
    for title, session in (("overview", {"nav": "Overview"}),
                           ("entity page", {"nav": "Entity", "entity": (label, key), "ent_depth": args.depth})):
        first, uncached, cached = apptest_runs(session, args.n)
        show(f"{title}, first run", [first])
        show(f"{title}, uncached", uncached)
        show(f"{title}, cached", cached)
    print(f"after AppTest: {load()}")

    if args.no_browser or not CHROMIUM.exists():
        print("browser: skipped" + ("" if args.no_browser else " (/usr/bin/chromium is missing)") + f"; {load()}")
        return 0
    print("Browser (headless chromium, seconds; overview = navigation to its four top-10 lists drawn,\n"
          "entity graph = click on Open to the graph laid out and frozen):")
    for title, values in browser_timings(name, args.n, args.first_visits).items():
        show(title, values)
    print(f"after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
