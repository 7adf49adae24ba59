"""The search benchmark: index build time and size for the seeds and for synthetic dossiers of
1,000 and 10,000 documents, and in chromium the time to load the index and answer queries.

Run by `make bench`; prints a Markdown table and returns it for BENCHMARKS.md.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import REPO, synthetic_documents
from dossier.classify import classify
from dossier.config import load_config
from dossier.entities import find_entities
from dossier.markdown import markdown_to_text
from dossier.pipeline import load_documents
from dossier.search_index import build_search_index, search_index_script

QUERIES = ["treaty", "open skies", "osc*", "title:belarus", "договор"]
CHROMIUM = "/usr/bin/chromium"


def dossiers() -> dict[str, list]:
    config = load_config(REPO / "content")
    seeds = load_documents(REPO / "content", [])
    sets = {
        "seeds (13)": seeds,
        "1,000 synthetic": synthetic_documents(1_000),
        "10,000 synthetic": synthetic_documents(10_000),
    }
    for documents in sets.values():
        for document in documents:
            document.text = document.text or markdown_to_text(document.body)
        classify(documents, config.themes, [])
        find_entities(documents, config.entities)
    return sets


def measure_index(documents: list) -> tuple[float, str]:
    config = load_config(REPO / "content")
    started = time.perf_counter()
    index = build_search_index(
        documents, {t.id: t.title for t in config.themes}, {e.id: e.name for e in config.entities}
    )
    script = search_index_script(index)
    return time.perf_counter() - started, script


def measure_in_chromium(site: Path) -> dict[str, float]:
    """Load lunr and the index in a real page (file://) and time loading and querying it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        started = time.perf_counter()
        page.goto((site / "search.html").as_uri(), wait_until="load")
        script_load = time.perf_counter() - started
        timings = page.evaluate(
            """queries => {
                const t0 = performance.now();
                const index = lunr.Index.load(window.DOSSIER_SEARCH.index);
                const t1 = performance.now();
                index.search(queries[0]);
                const t2 = performance.now();
                for (const q of queries.slice(1)) index.search(q);
                const t3 = performance.now();
                return {load: t1 - t0, first: t2 - t1, later: (t3 - t2) / (queries.length - 1)};
            }""",
            QUERIES,
        )
        browser.close()
    return {"scripts": script_load * 1000, **timings}


def run() -> str:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--content", str(Path(scratch) / "content"), "--out", str(site)],
            check=True,
            capture_output=True,
        )
        for name, documents in dossiers().items():
            seconds, script = measure_index(documents)
            # The search page loads the index by its fingerprinted name: put this dossier's index there.
            (published_index,) = site.glob("assets/search-index.*.js")
            published_index.write_text(script, encoding="utf-8")
            raw = len(script.encode("utf-8"))
            zipped = len(gzip.compress(script.encode("utf-8"), mtime=0))
            browser = measure_in_chromium(site) if shutil.which(CHROMIUM) else {}
            rows.append(
                f"| {name} | {seconds:.2f} s | {raw / 1e6:.2f} MB | {zipped / 1e6:.2f} MB | "
                f"{browser.get('scripts', 0):.0f} ms | {browser.get('load', 0):.0f} ms | "
                f"{browser.get('first', 0):.1f} ms | {browser.get('later', 0):.1f} ms |"
            )
    header = (
        "| dossier | index build (lunr.py) | search-index.js | gzipped | page + scripts load | "
        "lunr.Index.load | first query | later query (mean) |\n|---|---|---|---|---|---|---|---|"
    )
    table = "\n".join([header, *rows])
    print(table)
    return table


if __name__ == "__main__":
    run()
