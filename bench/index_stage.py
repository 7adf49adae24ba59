"""The search index's share of a build, today's and an earlier commit's, in one run (issue 25:
the index build no slower than before, as a ratio to the full build).

For each version, in fresh processes on the same synthetic content folder: one cold build from
content (no site, no memo), then the index stage alone, timed from documents ready to every index
file made, with no memo (bench/index_stage_run.py runs in the version's own checkout). The share is
the stage's time over the build's: the two versions' builds differ in everything else too, so a
share compares the index's cost where raw seconds would compare machines' moods.

Run by `make bench`; prints a Markdown table and returns it for BENCHMARKS.md.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.baseline import checkout, label
from bench.builds import CONTENT, SEEDS, measured_build
from bench.measure import CommandFailed
from bench.synthetic import REPO, dossier_folder

STAGE = Path(__file__).with_name("index_stage_run.py")
# The commit before the index was cut by term (fdb3ca6): 16 lunr.py shards, each its own BM25.
DEFAULT_BASELINE = "49b50ef"


def run(sizes: list[int], baseline: str, repeats: int, scratch: Path) -> str:
    """Each version's build and stage `repeats` times, in rounds (today's, then the earlier
    commit's, then again), so that a slower spell of the machine slows both; the median share."""
    versions = {"Dossier": REPO, label(baseline): checkout(baseline, scratch)}
    rows = []
    for count in sizes:
        root = scratch / f"index-{count}"
        root.mkdir(parents=True)
        dossier_folder(root, count)
        runs: dict[str, list[tuple[float, float]]] = {tool: [] for tool in versions}
        for run in range(repeats):
            for tool, code in versions.items():
                work = scratch / f"index-{count}-{code.name}-{run}"
                (work / SEEDS).mkdir(parents=True)
                shutil.copytree(root / CONTENT, work / CONTENT)
                build = measured_build(work, tool, code)
                if build.documents != count:
                    raise CommandFailed(f"{tool} built {build.documents} documents of {count}")
                runs[tool].append((build.measured.seconds, index_stage_seconds(code, root / CONTENT)))
        for tool, measured in runs.items():
            build, stage = statistics.median(b for b, _ in measured), statistics.median(s for _, s in measured)
            share = statistics.median(s / b for b, s in measured)
            rows.append(f"| {count:,} synthetic | {tool} | {build:.1f} s | {stage:.1f} s | {share:.0%} |")
            print(rows[-1], flush=True)
    header = (
        "| dossier | version | cold build from content (median) | index stage alone (median) | share (median) |\n"
        "|---|---|---|---|---|"
    )
    return "\n".join([header, *rows])


def index_stage_seconds(code: Path, content: Path) -> float:
    finished = subprocess.run(
        [sys.executable, str(STAGE), str(content)], cwd=code, capture_output=True, text=True, check=True
    )
    return json.loads(finished.stdout.splitlines()[-1])["seconds"]
