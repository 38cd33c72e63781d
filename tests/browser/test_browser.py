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
    """`claimgraph app --port <free> --headless` on the session's store; its whole process group
    (the CLI and the streamlit server it runs) is terminated afterwards."""
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
