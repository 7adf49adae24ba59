"""Pagefind's search beside Dossier's: the same synthetic documents as a Hugo site indexed by
Pagefind (bench/peers.py writes the project), served over http (Pagefind fetches its index and
needs WebAssembly, so it cannot search from disk), searched in chromium with Pagefind's own
JavaScript API for the same queries: time from opening a page to the first results' data
(ten, as Dossier's page shows), and the bytes of index the page received (Pagefind's index,
metadata, filters and fragments, compressed as Pagefind writes them; its script and
WebAssembly apart).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import statistics
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from bench.peers import pagefind_program, write_hugo_project
from bench.synthetic import synthetic_documents

RESULTS = 10
# The page that searches: Pagefind's API, the query from the address, the first results' data.
PAGE = """<!doctype html>
<meta charset="utf-8">
<title>Pagefind search</title>
<p id="status"></p>
<script type="module">
const query = new URLSearchParams(location.search).get("q");
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(query);
await Promise.all(search.results.slice(0, RESULTS).map((result) => result.data()));
document.getElementById("status").textContent = `${search.results.length} match`;
window.shown = performance.now();
</script>
"""


def available() -> bool:
    return bool(shutil.which("hugo") and pagefind_program())


def measure(count: int, root: Path, queries: list[str]) -> dict[str, float]:
    """Build the Hugo + Pagefind site of `count` synthetic documents in root, then time the queries."""
    write_hugo_project(synthetic_documents(count), root)
    subprocess.run([shutil.which("hugo"), "--quiet"], cwd=root, check=True, capture_output=True)
    subprocess.run([pagefind_program(), "--site", "public"], cwd=root, check=True, capture_output=True)
    site = root / "public"
    (site / "bench-search.html").write_text(PAGE.replace("RESULTS", str(RESULTS)), encoding="utf-8")
    index = [path for path in (site / "pagefind").rglob("*") if path.is_file()]
    with serving(site) as address:
        measured = searched(address, queries)
    return {
        "files": len(index),
        "raw": sum(path.stat().st_size for path in index),
        "first": measured[0][0],
        "later": statistics.mean(wait for wait, _ in measured[1:]),
        "one word": measured[0][1],
        "loaded": statistics.mean(loaded for _, loaded in measured),
    }


def searched(address: str, queries: list[str]) -> list[tuple[float, int]]:
    from playwright.sync_api import sync_playwright

    from bench.search import CHROMIUM

    measured = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for query in queries:
            page = browser.new_page()
            received: list[int] = []
            page.on("response", functools.partial(_index_bytes, received))
            page.goto(f"{address}/bench-search.html?q={urllib.parse.quote(query)}", wait_until="commit")
            wait = page.wait_for_function("() => window.shown", polling="raf", timeout=600_000).json_value()
            measured.append((wait, sum(received)))
            page.close()
        browser.close()
    return measured


def _index_bytes(received: list[int], response) -> None:
    """Pagefind's index files (pf_meta, pf_index, pf_filter, pf_fragment), as sent."""
    if "/pagefind/" in response.url and ".pf_" in response.url:
        received.append(len(response.body()))


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments) -> None:
        pass
