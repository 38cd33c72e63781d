"""The explorer in a real headless browser: `claimgraph app` as a subprocess on the session's
demo graph, driven by Playwright through Debian's chromium (never a downloaded browser)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from claimgraph.graph import reads
from claimgraph.graph.server import free_ports

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium "
                                                     "(apt-get install chromium; scripts/test.sh installs it)"),
]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`claimgraph app` exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the explorer did not answer at {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def explorer(demo_store, server_home, tmp_path):
    """`claimgraph app --port <free> --headless` on the session's demo graph; its whole process group
    (the CLI and the streamlit server it runs) is terminated afterwards."""
    yield from _explorer(server_home, tmp_path)


@pytest.fixture
def explorer_as_is(session_store, server_home, tmp_path):
    """The same on whatever graph the session's store holds now (a test's own graph)."""
    yield from _explorer(server_home, tmp_path)


def _explorer(server_home, tmp_path):
    [port] = free_ports(1)
    env = {**os.environ, "CLAIMGRAPH_HOME": str(server_home)}
    env.pop("NEO4J_URI", None)
    log = tmp_path / "streamlit.log"
    cmd = [sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())",
           "app", "--port", str(port), "--headless"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        _wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def test_search_clip_and_see_its_graph(explorer, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            outside = []   # the explorer works offline: nothing is fetched from anywhere else
            page.context.on("request", lambda r: outside.append(r.url)
                            if r.url.startswith(("http:", "https:", "ws:", "wss:"))
                            and urlparse(r.url).hostname != "127.0.0.1" else None)
            page.goto(explorer)
            page.get_by_text("Most studied, by number of papers").wait_for(timeout=60_000)

            page.locator("[data-testid='stSidebar'] label").filter(has_text="Search").first.click()
            box = page.get_by_label("Entity, alias or paper title")
            box.fill("CLIP")
            box.press("Enter")
            page.locator(".st-key-search_open button").click(timeout=30_000)
            page.locator("iframe[title='Linked entities of CLIP']").wait_for(timeout=60_000)
            page.locator(".st-key-ent_view button").filter(has_text="Papers and claims").click()

            iframe = page.locator("iframe[title='Neighbourhood of CLIP']")
            iframe.wait_for(timeout=60_000)
            frame = iframe.element_handle().content_frame()
            frame.wait_for_function("typeof network !== 'undefined' && document.body.dataset.stabilized === 'true'",
                                    timeout=60_000)
            nodes = frame.evaluate("network.body.data.nodes.length")
            edges = frame.evaluate("network.body.data.edges.length")
            assert nodes > 5 and edges >= nodes - 1
            assert frame.evaluate("network.physics.options.enabled") is False  # switched off once stabilised

            # Hovering the centre shows its tooltip, as text.
            spot = frame.evaluate("""() => {
                const id = network.body.data.nodes.getIds().find(i => network.body.data.nodes.get(i).label === 'CLIP');
                return network.canvasToDOM(network.getPositions([id])[id]);
            }""")
            at = iframe.bounding_box()
            page.mouse.move(at["x"] + spot["x"], at["y"] + spot["y"])
            frame.wait_for_function("document.querySelector('div.vis-tooltip') && "
                                    "document.querySelector('div.vis-tooltip').style.visibility === 'visible'",
                                    timeout=10_000)
            # What lies under the pointer may be an edge drawn across the centre: any tooltip
            # proves hovering works; the centre node's own tooltip text is checked in the data.
            assert frame.evaluate("document.querySelector('div.vis-tooltip').innerText").strip()
            title = frame.evaluate("""() => {
                const id = network.body.data.nodes.getIds().find(i => network.body.data.nodes.get(i).label === 'CLIP');
                const t = network.body.data.nodes.get(id).title;
                return typeof t === 'string' ? t : t.innerText;
            }""")
            assert title.startswith("Model: CLIP")
            assert page.locator("[data-testid='stException']").count() == 0
            assert outside == []

            shot = tmp_path / "explorer-clip.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            print(f"screenshot: {shot}")
        finally:
            browser.close()


# ------------------------------------------------------------------ issue 23: the explorer people keep open

def _browser(p):
    return p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def _graph_frame(page, title: str):
    iframe = page.locator(f"iframe[title='{title}']")
    iframe.wait_for(timeout=90_000)
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function("typeof network !== 'undefined' && document.body.dataset.stabilized === 'true'",
                            timeout=60_000)
    return iframe, frame


def _no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_negated_claim_reads_does_not(explorer):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(explorer)
            page.get_by_text("Most studied, by number of papers").wait_for(timeout=60_000)
            page.locator("[data-testid='stSidebar'] label").filter(has_text="Questions").first.click()
            page.get_by_role("tab", name="Ask in your own words").click()
            box = page.locator(".st-key-ask_text input")
            box.fill("claims about sharpness")
            box.press("Enter")
            page.get_by_text("sharpness does not correlate with generalization").first.wait_for(timeout=60_000)
            assert page.get_by_text("Reading: Claims about sharpness").count() >= 1
            assert page.get_by_text("True · False").count() == 0
            _no_exception(page)
        finally:
            browser.close()


def test_clicking_a_node_in_the_entity_graph_opens_that_entity(explorer):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(explorer + "?entity=Model:clip")
            iframe, frame = _graph_frame(page, "Linked entities of CLIP")
            target = frame.evaluate("""() => {
                const n = network.body.data.nodes.get().filter(n => n.id !== 'c').sort((a, b) => b.size - a.size)[0];
                return {id: n.id, title: typeof n.title === 'string' ? n.title : n.title.innerText};
            }""")
            spot = frame.evaluate(f"() => network.canvasToDOM(network.getPositions(['{target['id']}'])"
                                  f"['{target['id']}'])")
            box = iframe.bounding_box()
            page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
            label = target["id"].split(":", 1)[0]
            page.wait_for_url(f"**entity={label}*", timeout=30_000)
            name = target["title"].split("\n")[0].split(": ", 1)[1]
            page.locator("h1").filter(has_text=name).wait_for(timeout=60_000)
            _graph_frame(page, f"Linked entities of {name}")
            _no_exception(page)
        finally:
            browser.close()


def test_the_comparison_table_for_a_demo_task_lists_methods_with_sentences(explorer, demo_store):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(explorer + "?entity=Task:domain%20generalization")
            page.locator("h1").filter(has_text="domain generalization").wait_for(timeout=90_000)
            page.get_by_role("tab", name="Comparison").click()
            page.get_by_text("Each claim and its sentence").wait_for(timeout=30_000)
            tables = page.locator("[data-testid='stTable'] table")
            tables.nth(1).wait_for(timeout=30_000)
            assert tables.count() == 2
            methods = tables.nth(0).locator("tbody th").all_inner_texts()
            assert len(set(methods)) >= 2
            sentences = tables.nth(1).locator("tbody tr").all_inner_texts()
            assert len(sentences) >= 2 and all(len(s) > 40 for s in sentences)
            _no_exception(page)
        finally:
            browser.close()


def test_app_port_is_free_after_sigterm(demo_store, server_home, tmp_path):
    """SIGTERM to `claimgraph app` itself (not its process group) stops the Streamlit child too."""
    import socket

    [port] = free_ports(1)
    env = {**os.environ, "CLAIMGRAPH_HOME": str(server_home)}
    env.pop("NEO4J_URI", None)
    log = tmp_path / "streamlit.log"
    cmd = [sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())",
           "app", "--port", str(port), "--headless"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        _wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc, log)
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, "something still serves the app's port"
        with socket.socket() as s:   # free: a server can listen on it again (as Streamlit would, with SO_REUSEADDR)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
            s.listen()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        try:
            os.killpg(proc.pid, 0)
            os.killpg(proc.pid, signal.SIGKILL)   # a child left behind (the test has failed by then)
        except ProcessLookupError:
            pass


# The last two replace the session's demo graph (the next demo_store user rebuilds it).

@pytest.fixture
def graph_1500(session_store):
    """1,500 generated papers written directly (title-sorted: the one looked for comes after the first 1,000)."""
    from conftest import wipe

    from claimgraph.schema import Entity, EntityType, ExtractionResult, Paper, PaperRelation

    wipe(session_store)
    session_store._demo_built = False
    results = []
    for i in range(1500):
        title = f"Paper {i:04d} on generated topic number {i}"
        abstract = f"We use ImageNet in study {i}."
        imagenet = Entity(type=EntityType.DATASET, key="imagenet", name="ImageNet")
        rel = PaperRelation(type="EVALUATES_ON", entity=imagenet, evidence=abstract, start=7, end=15,
                            starts=[7], ends=[15], extractor="test")
        results.append(ExtractionResult(paper=Paper(id=f"gen-{i:04d}", title=title, abstract=abstract),
                                        relations=[rel], extractor_version="test"))
    for start in range(0, len(results), 250):
        session_store.write_results(results[start:start + 250])
    return session_store


def test_a_paper_beyond_the_first_1000_is_found_by_typing_its_title(graph_1500, explorer_as_is):
    explorer = explorer_as_is
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(explorer + "?paper=gen-0000")
            page.get_by_role("heading", name="Paper 0000 on generated topic number 0").wait_for(timeout=90_000)
            box = page.get_by_label("Find another paper by its title")
            box.fill("topic number 1437")
            box.press("Enter")
            page.locator("[data-testid='stSelectbox']").filter(has_text="1 match").click(timeout=60_000)
            page.get_by_role("option", name="Paper 1437 on generated topic number 1437").click()
            page.get_by_role("heading", name="Paper 1437 on generated topic number 1437").wait_for(timeout=60_000)
            _no_exception(page)
        finally:
            browser.close()


@pytest.fixture
def paperlists_graph(session_store, tmp_path):
    """150 paperlists abstracts (they carry years) built for real, without the learned model."""
    import gzip
    import itertools

    from conftest import wipe

    from claimgraph.orchestration.build import build

    source = Path("/work/shared/data/paperlists/paperlists_abstracts.jsonl.gz")
    if not source.exists():
        pytest.skip(f"needs {source}")
    corpus = tmp_path / "paperlists-150.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        corpus.write_text("".join(itertools.islice(fh, 150)), encoding="utf-8")
    wipe(session_store)
    session_store._demo_built = False
    build([corpus], session_store, use_model=False)
    return session_store


def test_the_trend_chart_renders_on_a_paperlists_graph(paperlists_graph, explorer_as_is):
    explorer = explorer_as_is
    from playwright.sync_api import sync_playwright

    top = paperlists_graph.read("""
MATCH (t:Task)<-[:ADDRESSES]-(p) WHERE p.year IS NOT NULL
WITH t, count(DISTINCT p.year) AS years, count(p) AS papers
RETURN t.key AS key, t.name AS name ORDER BY years DESC, papers DESC LIMIT 1""")[0]
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(explorer + "?entity=Task:" + top["key"].replace(" ", "%20"))
            page.locator("h1").filter(has_text=top["name"]).wait_for(timeout=90_000)
            page.get_by_role("tab", name="Over time").click()
            chart = page.locator(".claimgraph-years")
            chart.wait_for(timeout=60_000)
            assert chart.bounding_box()["height"] > 200
            # every dated year's bars carry the store's counts (hover titles), the busiest the tallest
            years = [y for y in reads.entity_years(paperlists_graph, "Task", top["key"]) if y["year"] is not None]
            assert len(years) >= 2
            for y in years:
                assert chart.locator(f"span[title='{y['year']}: {y['papers']:,} papers that name it']").count() == 1
            busiest = max(years, key=lambda y: y["papers"])
            bar = chart.locator(f"span[title^='{busiest['year']}: {busiest['papers']:,} papers']")
            assert bar.bounding_box()["height"] > 150
            assert page.get_by_text("per year").count() >= 1
            _no_exception(page)
        finally:
            browser.close()
