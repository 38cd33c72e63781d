"""Every page of the explorer in headless chromium: median seconds from navigation to the page
drawn, on the store of CLAIMGRAPH_HOME, with the load average before and after.

    CLAIMGRAPH_HOME=/path/to/store .venv/bin/python bench/explorer_pages.py [-n 3]
        [--hub Dataset:imagenet] [--task Task:...] [--screenshots docs/screenshots]

Starts `claimgraph app --headless` on a free port (stopped afterwards) and opens each page
as a new visitor would (a fresh browser page, ?entity=/?paper= addresses for the entity and
paper pages); the first visit of each page is left out of the median (the server's imports
and the read cache's first fill). With --screenshots, one small PNG per page is written.
A benchmark, not a timed test: the figures go to docs/benchmarks.md with this command.
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from claimgraph.graph.server import free_ports  # noqa: E402  (after the path: run as a script)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pick(store, label: str, ranked: str) -> str | None:
    rows = store.read(ranked)
    return f"{label}:{rows[0]['key']}" if rows else None


def targets(args) -> dict:
    from claimgraph.graph.store import open_store

    with open_store() as store:
        hub = args.hub or pick(store, "Dataset", "MATCH (e:Dataset) RETURN e.key AS key ORDER BY e.paper_count DESC "
                                                 "LIMIT 1")
        task = args.task or pick(store, "Task", """
MATCH (t:Task)<-[:ADDRESSES]-(p)-[:MAKES]->(c) WHERE c.subject_label IN ['Method', 'Model']
RETURN t.key AS key, count(DISTINCT c.subject_key) AS n ORDER BY n DESC LIMIT 1""")
        entity = args.entity or pick(store, "Model", "MATCH (e:Model) RETURN e.key AS key "
                                                     "ORDER BY e.paper_count DESC LIMIT 1")
        paper = store.read("MATCH (p:Paper)-[:MAKES]->() RETURN p.id AS id LIMIT 1")[0]["id"]
        papers = store.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"]
    return {"hub": hub, "task": task, "entity": entity, "paper": paper, "papers": papers}


def pages(t: dict) -> list[tuple[str, str, str | None, str]]:
    """(name, address, tab to click, what to wait for)."""
    graph = "iframe[title^='Linked entities of']"
    out = [("Overview", "", None, "text=Most studied, by number of papers"),
           ("Entity: linked graph", f"?entity={quote(t['entity'], safe=':')}", None, graph),
           ("Entity: hub (groups)", f"?entity={quote(t['hub'], safe=':')}", None, graph),
           ("Entity: over time", f"?entity={quote(t['entity'], safe=':')}", "Over time",
            ".claimgraph-years, [data-testid='stAlertContentInfo']"),
           ("Task: comparison", f"?entity={quote(t['task'], safe=':')}", "Comparison",
            "text=Each claim and its sentence"),
           ("Paper", f"?paper={quote(t['paper'])}", None, "text=Find another paper by its title")]
    return out


def wait_app(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"`claimgraph app` exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the explorer did not start")


def visit(browser, url: str, tab: str | None, ready: str, shot: Path | None) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        started = time.perf_counter()
        page.goto(url)
        if tab:
            page.get_by_role("tab", name=tab).click(timeout=120_000)
        page.locator(ready).first.wait_for(timeout=120_000)
        if ready.startswith("iframe"):
            frame = page.locator(ready).first.element_handle().content_frame()
            frame.wait_for_function("document.body.dataset.stabilized === 'true'", timeout=120_000)
        elapsed = time.perf_counter() - started
        if page.locator("[data-testid='stException']").count():
            raise SystemExit(f"{url}: the page raised an exception")
        if shot:
            page.screenshot(path=str(shot))
        return elapsed
    finally:
        page.close()


def search_visit(browser, url: str, text: str, shot: Path | None) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(url)
        page.get_by_text("Most studied, by number of papers").wait_for(timeout=120_000)
        page.locator("[data-testid='stSidebar'] label").filter(has_text="Search").first.click()
        box = page.locator(".st-key-search_q input")
        box.wait_for(timeout=60_000)
        started = time.perf_counter()
        box.fill(text)
        box.press("Enter")
        page.locator(".st-key-search_open button").wait_for(timeout=120_000)
        elapsed = time.perf_counter() - started
        if shot:
            page.screenshot(path=str(shot))
        return elapsed
    finally:
        page.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=3, help="visits per page after the first (default 3)")
    ap.add_argument("--hub", help="Label:key of a large entity (default: the dataset named by most papers)")
    ap.add_argument("--task", help="Label:key for the comparison (default: the task with most compared methods)")
    ap.add_argument("--entity", help="Label:key for the entity pages (default: the model named by most papers)")
    ap.add_argument("--screenshots", type=Path, help="write one PNG per page into this folder")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    t = targets(args)
    print(f"graph: {t['papers']:,} papers; entity {t['entity']}, hub {t['hub']}, task {t['task']}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    [port] = free_ports(1)
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([str(Path(sys.executable).with_name("claimgraph")), "app", "--port", str(port), "--headless"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    try:
        wait_app(url, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            rows = []
            for name, address, tab, ready in pages(t):
                slug = name.lower().replace(": ", "-").replace(" ", "-").replace("(", "").replace(")", "")
                first = visit(browser, url + address, tab, ready, None)
                times = [visit(browser, url + address, tab, ready,
                               args.screenshots / f"{slug}.png" if args.screenshots and i == 0 else None)
                         for i in range(args.n)]
                rows.append((name, first, statistics.median(times)))
                print(f"  {name:24s} first {first:5.2f} s   median of {args.n} {statistics.median(times):5.2f} s",
                      flush=True)
            term = t["entity"].split(":", 1)[1][:6]
            first = search_visit(browser, url, term, None)
            times = [search_visit(browser, url, term, args.screenshots / "search.png"
                                  if args.screenshots and i == 0 else None) for i in range(args.n)]
            print(f"  {'Search (type, results)':24s} first {first:5.2f} s   median of {args.n} "
                  f"{statistics.median(times):5.2f} s")
            browser.close()
    finally:
        proc.send_signal(signal.SIGTERM)   # `claimgraph app` passes it on to Streamlit and waits
        proc.wait(timeout=60)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
