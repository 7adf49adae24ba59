"""Save to served: how long after a curator saves a document `build.py serve` serves the new page.

For the seeds' dossier and synthetic ones, serve runs in a subprocess on a free port; one
document's file gets a new sentence, and the page is polled every 20 ms until it shows it.
"""

from __future__ import annotations

import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.synthetic import REPO, dossier_folder

EDITS = 3
POLL_SECONDS = 0.02
FIRST_BUILD_LIMIT = 1800  # seconds


def measure(count: int | None, root: Path) -> dict[str, float]:
    """Serve a dossier made in the folder root (new), edit one document's file, time it."""
    root.mkdir(parents=True)
    content = dossier_folder(root, count)
    command = [sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--seeds", str(root / "seeds")]
    command += ["--content", str(content), "--out", str(root / "site")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        first_build = float(re.search(r"\((\d+\.\d+) s\)", _line(lines, "first build")).group(1))
        url = re.search(r"http://\S+/", _line(lines, "^Serving")).group(0)
        document = sorted(content.glob("*.md"))[len(list(content.glob("*.md"))) // 2]
        page = f"{url}documents/{document.stem}.html"
        timings = []
        for edit in range(EDITS):
            marker = f"Benchmark sentence number {edit} was saved."
            started = time.perf_counter()
            with document.open("a", encoding="utf-8") as file:
                file.write(f"\n{marker}\n")
            while marker not in _get(page):
                time.sleep(POLL_SECONDS)
            timings.append(time.perf_counter() - started)
            _line(lines, "changed →")  # the rebuild wrote site/ too: the next edit waits for it
        return {"first": first_build, "median": statistics.median(timings), "worst": max(timings)}
    finally:
        process.terminate()
        process.wait(timeout=30)


def _line(lines: queue.Queue, pattern: str) -> str:
    deadline = time.monotonic() + FIRST_BUILD_LIMIT
    while time.monotonic() < deadline:
        line = lines.get(timeout=deadline - time.monotonic())
        if re.search(pattern, line):
            return line
    raise TimeoutError(pattern)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=600) as response:
        return response.read().decode("utf-8")


def run(sizes: list[int], scratch: Path) -> str:
    """The seeds' dossier, then a synthetic one of each size, each in a folder of scratch (which
    the caller removes when the whole benchmark is done: bench/builds.py says why)."""
    rows = []
    for name, count in {"seeds (13)": None, **{f"{count:,} synthetic": count for count in sizes}}.items():
        result = measure(count, scratch / (str(count) if count else "seeds"))
        times = f"{result['median']:.2f} s | {result['worst']:.2f} s"
        rows.append(f"| {name} | {result['first']:.1f} s | {times} |")
        print(rows[-1], flush=True)
    header = "| dossier | first build (serve) | save → page served, median of 3 | worst |"
    header += "\n|---|---|---|---|"
    return "\n".join([header, *rows])


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        print(run([1_000, 10_000], Path(folder)))
