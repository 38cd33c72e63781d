"""Time to first render of the explorer's Overview and of an entity page.

    CLAIMGRAPH_HOME=/path/to/store .venv/bin/python bench/app_render.py [--entity Model:clip] [-n 5] [--no-browser]

Two measurements, on the store of CLAIMGRAPH_HOME (or NEO4J_URI):

- AppTest: the script run in-process (`streamlit.testing.v1.AppTest`). "cold" is the
  first run in a fresh process (imports, the store connection, every query); "warm" runs
  start a new session with the read cache emptied, so they pay every query and all
  rendering but not Python's imports (what a new browser tab on a running server costs).
- Browser: `claimgraph app --headless` as a subprocess and headless chromium (skipped
  when /usr/bin/chromium is missing): from navigation to the Overview's charts drawn,
  and from clicking "Open" on a search result to the entity graph stabilised.

Target: < 2 s for both pages on the demo graph.
"""
from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
APP = str(REPO / "ui" / "app.py")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def apptest_run(session: dict) -> float:
    """Seconds for one full script run of a new session with `session` state."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=300)
    for key, value in session.items():
        at.session_state[key] = value
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"the app raised: {at.exception[0].message}")
    return elapsed


def pick_entity(spec: str | None) -> tuple[str, str, str]:
    """(label, key, name) of --entity, else CLIP if present, else the model named by the most papers."""
    from graph import queries
    from graph.store import open_store

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_timings(name: str, runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    cmd = [sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())",
           "app", "--port", str(port), "--headless"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    out: dict[str, list[float]] = {"server start (s)": [], "overview (s)": [], "entity graph (s)": []}
    try:
        started = time.perf_counter()
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > 120:
                    raise SystemExit("`claimgraph app` did not start")
                time.sleep(0.2)
        out["server start (s)"].append(time.perf_counter() - started)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg") \
                    .first.wait_for(timeout=120_000)
                out["overview (s)"].append(time.perf_counter() - started)
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
                    "typeof network !== 'undefined' && document.body.dataset.stabilized === 'true'", timeout=120_000)
                out["entity graph (s)"].append(time.perf_counter() - started)
                page.close()
            browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
    return out


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
    args = parser.parse_args()

    where = os.environ.get("NEO4J_URI") or f"embedded, CLAIMGRAPH_HOME={os.environ.get('CLAIMGRAPH_HOME', './.claimgraph')}"
    print(f"$ {' '.join(shlex.quote(a) for a in [Path(sys.executable).name, *sys.argv])}   # store: {where}")
    label, key, name = pick_entity(args.entity)
    from graph import queries
    from graph.store import open_store

    with open_store() as store:
        labels, _ = store.counts()
        hood = queries.neighbourhood(store, label, key, depth=args.depth)
    print("graph: " + ", ".join(f"{k} {v:,}" for k, v in labels.items()))
    print(f"entity page: {name} ({label}:{key}), depth {args.depth}: {len(hood['nodes']):,} nodes, "
          f"{len(hood['edges']):,} relationships in its neighbourhood")

    overview = {"nav": "Overview"}
    entity = {"nav": "Entity", "entity": (label, key), "ent_depth": args.depth}
    print("AppTest (seconds per script run):")
    show("overview, cold process", [apptest_run(overview)])
    show("overview, warm", [apptest_run(overview) for _ in range(args.n)])
    show("entity page, warm", [apptest_run(entity) for _ in range(args.n)])

    if args.no_browser:
        return 0
    if not CHROMIUM.exists():
        print("browser: skipped (/usr/bin/chromium is missing)")
        return 0
    print("Browser (headless chromium, seconds):")
    for title, values in browser_timings(name, args.n).items():
        show(title, values)
    return 0


if __name__ == "__main__":
    sys.exit(main())
