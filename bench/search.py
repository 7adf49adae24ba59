"""The search benchmark: the published index's size and how long a reader waits for results, for
the seeds' dossier and synthetic ones (1,000 and 10,000 documents in `make bench`).

Each dossier is built by `build.py build` as a curator builds it; the index is every file under
site/assets/ whose name starts with "search-index" (one script, or its shards). In chromium
(headless, file://), search.html?q=... is opened once per query, and the time from navigation
to the page saying how many documents match is read in the page: scripts, index and query all.
The page's own search runs, so this measures what a reader gets, however the index is shaped.

Run by `make bench`; prints a Markdown table and returns it for BENCHMARKS.md.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from bench.measure import files_under, gzipped_bytes, megabytes, total_bytes
from bench.synthetic import REPO, dossier_folder

QUERIES = ["treaty", "open skies", "osc*", "title:belarus", "договор"]
CHROMIUM = "/usr/bin/chromium"
# The search page's status line says "N documents match ..." or "No documents match ..." when done.
RESULTS_SHOWN = """() => {
    const status = document.getElementById("search-status");
    return status && status.textContent.includes("match") && performance.now();
}"""


def measure(count: int | None, root: Path) -> dict[str, float]:
    """Build a dossier made in the folder root (new), then time its queries in chromium."""
    root.mkdir(parents=True)
    content = dossier_folder(root, count)
    site = root / "site"
    command = [sys.executable, str(REPO / "build.py"), "build", "--seeds", str(root / "seeds")]
    subprocess.run([*command, "--content", str(content), "--out", str(site)], check=True, capture_output=True)
    index = [path for path in files_under(site / "assets") if path.name.startswith("search-index")]
    waits = results_shown(site) if shutil.which(CHROMIUM) else [0.0] * len(QUERIES)
    return {
        "files": len(index),
        "raw": total_bytes(index),
        "gzipped": gzipped_bytes(index),
        "first": waits[0],
        "later": statistics.mean(waits[1:]),
    }


def results_shown(site: Path) -> list[float]:
    """Milliseconds from opening search.html?q=<query> to its results, for each query."""
    from playwright.sync_api import sync_playwright

    waits = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for query in QUERIES:
            page.goto(f"{(site / 'search.html').as_uri()}?q={urllib.parse.quote(query)}", wait_until="commit")
            waits.append(page.wait_for_function(RESULTS_SHOWN, polling="raf", timeout=600_000).json_value())
        browser.close()
    return waits


def run(sizes: list[int], scratch: Path) -> str:
    """The seeds' dossier, then a synthetic one of each size, each in a folder of scratch (which
    the caller removes when the whole benchmark is done)."""
    rows = []
    for name, count in {"seeds (13)": None, **{f"{count:,} synthetic": count for count in sizes}}.items():
        result = measure(count, scratch / (str(count) if count else "seeds"))
        rows.append(
            f"| {name} | {result['files']} | {megabytes(result['raw'])} | {megabytes(result['gzipped'])} | "
            f"{result['first']:.0f} ms | {result['later']:.0f} ms |"
        )
        print(rows[-1], flush=True)
    header = (
        "| dossier | index files | search index | gzipped | first query: open → results | "
        "later queries (mean) |\n|---|---|---|---|---|---|"
    )
    return "\n".join([header, *rows])


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        print(run([1_000, 10_000], Path(folder)))
