"""The search benchmark: how long a reader waits for results, and how much of the index a query
loads, for the seeds' dossier and synthetic ones (1,000, 10,000 and 100,000 documents in `make
bench`).

Each dossier is built by `build.py build` as a curator builds it; the index is every file under
site/assets/search/ and site/search/. In chromium (headless, file://, as from the zip), for each
query search.html?q=... is opened in a fresh page, and the time from navigation to the page
saying how many documents match is read in the page: scripts, index pieces and query, what a
reader waits for. The bytes loaded are the files of the index the page had loaded by then, and
with the facets' counts, which load next (their sizes read from disk: file:// reports none).

Run by `make bench`; prints a Markdown table and returns it for BENCHMARKS.md.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from bench import pagefind
from bench.measure import files_under, gzipped_bytes, megabytes, total_bytes
from bench.synthetic import REPO, dossier_folder

QUERIES = ["treaty", "open skies", "osc*", "title:belarus", "договор"]
# Pagefind searches beside Dossier up to this size (its build alone takes minutes beyond).
PAGEFIND_UP_TO = 10_000
CHROMIUM = "/usr/bin/chromium"
INDEX_FOLDERS = ("assets/search", "search")
# Results are shown when the list has its first (the best results show before the rest are
# counted: search-index.js's best()), or the status line says none match. Noted by a mutation
# observer the moment the page changes (a poll once a frame would note it later, with the
# facets' pieces loaded meanwhile): the time, and the scripts the page had loaded then (the
# index's pieces are added as scripts).
NOTE_RESULTS_SHOWN = """
new MutationObserver((changes, observer) => {
    const status = document.getElementById("search-status");
    const none = status && status.textContent.startsWith("No documents");
    if (!document.querySelector("#search-results > *") && !none) return;
    window.resultsShown = {time: performance.now(), scripts: [...document.scripts].map((script) => script.src)};
    observer.disconnect();
}).observe(document, {childList: true, subtree: true, characterData: true});
"""
RESULTS_SHOWN = "() => window.resultsShown"
# Every match counted: the status line says "N documents match ..." (or none do).
COUNTED = """() => {
    const status = document.getElementById("search-status");
    return status && / match /.test(status.textContent) && !status.textContent.startsWith("Searching") &&
        performance.now();
}"""
# Facets (counts of each theme, year, name...) load once the results are painted.
FACETS_SHOWN = """() => document.getElementById("search-facets").getAttribute("aria-busy") === "false" ||
    document.getElementById("search-status").textContent.startsWith("No documents")"""


def measure(count: int | None, root: Path) -> dict[str, float]:
    """Build a dossier made in the folder root (new), then time its queries in chromium."""
    root.mkdir(parents=True)
    content = dossier_folder(root, count)
    site = root / "site"
    command = [sys.executable, str(REPO / "build.py"), "build", "--seeds", str(root / "seeds")]
    subprocess.run([*command, "--content", str(content), "--out", str(site)], check=True, capture_output=True)
    index = [path for folder in INDEX_FOLDERS for path in files_under(site / folder)]
    queries = results_shown(site) if shutil.which(CHROMIUM) else [(0.0, 0.0, (0, 0), (0, 0))] * len(QUERIES)
    return {
        "files": len(index),
        "raw": total_bytes(index),
        "gzipped": gzipped_bytes(index),
        "first": queries[0][0],
        "later": statistics.mean(wait for wait, _, _, _ in queries[1:]),
        "counted": queries[0][1],
        "counted later": statistics.mean(counted for _, counted, _, _ in queries[1:]),
        "one word": queries[0][2],
        "loaded": _mean([loaded for _, _, loaded, _ in queries]),
        "with facets": _mean([total for _, _, _, total in queries]),
    }


def _mean(sizes: list[tuple[int, int]]) -> tuple[float, float]:
    return statistics.mean(raw for raw, _ in sizes), statistics.mean(gzipped for _, gzipped in sizes)


def kilobytes(size: tuple[float, float]) -> str:
    """Raw (gzipped) in kB."""
    return f"{size[0] / 1000:,.0f} kB ({size[1] / 1000:,.0f} kB)"


def results_shown(site: Path) -> list[tuple[float, float, tuple[int, int], tuple[int, int]]]:
    """For each query: milliseconds from opening search.html?q=<query> to its first results, and
    to every match counted, the bytes of index the page had loaded at its first results, and
    once its facets were shown."""
    from playwright.sync_api import sync_playwright

    measured = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for query in QUERIES:
            page = browser.new_page()  # nothing cached from the last query's pieces
            page.add_init_script(NOTE_RESULTS_SHOWN)
            requested: list[str] = []
            page.on("request", lambda request, requested=requested: requested.append(request.url))
            page.goto(f"{(site / 'search.html').as_uri()}?q={urllib.parse.quote(query)}", wait_until="commit")
            shown = page.wait_for_function(RESULTS_SHOWN, polling="raf", timeout=600_000).json_value()
            counted = page.wait_for_function(COUNTED, polling="raf", timeout=600_000).json_value()
            page.wait_for_function(FACETS_SHOWN, timeout=600_000)
            loaded = index_bytes(site, shown["scripts"])
            measured.append((shown["time"], counted, loaded, index_bytes(site, requested)))
            page.close()
        browser.close()
    return measured


def index_bytes(site: Path, urls: list[str]) -> tuple[int, int]:
    """The bytes of the index's files among the resources a page loaded: as read from disk, and
    gzipped as a host sends them."""
    paths = {Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path)) for url in urls}
    folders = [site / folder for folder in INDEX_FOLDERS]
    index = [path for path in paths if any(path.is_relative_to(folder) for folder in folders)]
    return total_bytes(index), gzipped_bytes(index)


def run(sizes: list[int], scratch: Path) -> str:
    """The seeds' dossier, then a synthetic one of each size, each in a folder of scratch (which
    the caller removes when the whole benchmark is done)."""
    rows = []
    for name, count in {"seeds (13)": None, **{f"{count:,} synthetic": count for count in sizes}}.items():
        result = measure(count, scratch / (str(count) if count else "seeds"))
        rows.append(
            f"| {name} | Dossier, file:// | {result['files']:,} | {megabytes(result['raw'])} | "
            f"{megabytes(result['gzipped'])} | {result['first']:.0f} ms | {result['later']:.0f} ms | "
            f"{result['counted']:.0f} ms, {result['counted later']:.0f} ms | "
            f"{kilobytes(result['one word'])} | {kilobytes(result['loaded'])} | {kilobytes(result['with facets'])} |"
        )
        print(rows[-1], flush=True)
        if count and count <= PAGEFIND_UP_TO and pagefind.available():
            peer = pagefind.measure(count, scratch / f"pagefind-{count}", QUERIES)
            rows.append(
                f"| {name} | Hugo + Pagefind, http | {peer['files']:,} | {megabytes(peer['raw'])} (compressed) | — | "
                f"{peer['first']:.0f} ms | {peer['later']:.0f} ms | — | {peer['one word'] / 1000:,.0f} kB | "
                f"{peer['loaded'] / 1000:,.0f} kB | — |"
            )
            print(rows[-1], flush=True)
    header = (
        "| dossier | search | index files | whole index | gzipped | first query (one word): open → results | "
        "later queries (mean) | every match counted: first, later | index loaded, one word (gzipped) | "
        "per query, mean (gzipped) | with facets, mean (gzipped) |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|"
    )
    return "\n".join([header, *rows])


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        print(run([int(size) for size in sys.argv[1:]] or [1_000, 10_000], Path(folder)))
