"""`build.py names` on synthetic dossiers: the names the documents give that entities.yaml
lacks, found in a fresh process after a build (with its memo, as a curator runs it), its time
and peak memory. Targets (issue 27): 10,000 documents within a minute and under 1 GB.

Run by `make bench`; prints a Markdown table and returns it for BENCHMARKS.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.measure import run_measured
from bench.synthetic import REPO, dossier_folder

FOUND = re.compile(r"^(\d+) names in two documents or more", re.MULTILINE)


def run(sizes: list[int], scratch: Path) -> str:
    rows = []
    for count in sizes:
        root = scratch / str(count)
        root.mkdir(parents=True)
        content = dossier_folder(root, count)
        build = [sys.executable, str(REPO / "build.py"), "build", "--seeds", str(root / "seeds"), "--content"]
        subprocess.run([*build, str(content), "--out", str(root / "site")], check=True, capture_output=True)
        measured = run_measured([sys.executable, str(REPO / "build.py"), "names", "--content", str(content)])
        found = FOUND.search(measured.output)
        rows.append(
            f"| {count:,} synthetic | {found.group(1) if found else '?'} | {measured.seconds:.1f} s | "
            f"{measured.tree_peak_bytes / 1e6:,.0f} MB |"
        )
        print(rows[-1], flush=True)
    header = "| dossier | names suggested | time | peak memory (all processes) |\n|---|---|---|---|"
    return "\n".join([header, *rows])
