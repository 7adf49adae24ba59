"""Dossier's full builds of a synthetic dossier, each `build.py build` in a fresh process.

From seeds: the synthetic seeds, content/ empty, so cleaning, writing content/ and the whole
site are timed. From content: the same folders again with content/ as the first build left it
and no site/, as a curator's next build on a fresh checkout.

Each pair of builds runs BENCH_REPEATS times, each in a folder of its own with a copy of the
seeds, and the median run of each is shown (peers alike).

Nothing is deleted between timed builds: the first build's site is moved aside. Deleting 12,000
files leaves some file systems slow to create files for a while (ext4 mounted with `discard`, as
here: 1.2 ms a file instead of 0.08 ms, measured creating content/ after removing one), and the
next build would be charged for the benchmark's own cleaning up.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import sys
from pathlib import Path

from bench.measure import CommandFailed, SiteBuild, files_under, median_build, run_measured, site_build
from bench.synthetic import REPO

SEEDS, CONTENT, SITE = "seeds", "content", "site"
BUILT = re.compile(r"^Built \S+ with (\d+) documents", re.MULTILINE)


def build_command() -> list[str]:
    """Run in the work folder, with the folders named relative to it."""
    return [sys.executable, str(REPO / "build.py"), "build", "--seeds", SEEDS, "--content", CONTENT, "--out", SITE]


def dossier_builds(work: Path, repeats: int) -> tuple[list[SiteBuild], Path]:
    """Build work/seeds from seeds, then from content, repeats times, each time in a folder of its
    own with a copy of the seeds; the median run of each (measure.median_build), and the content
    folder the first run left, for the peers."""
    from_seeds, from_content = [], []
    for run in range(repeats):
        folder = work / f"dossier-{run}"
        shutil.copytree(work / SEEDS, folder / SEEDS)
        from_seeds.append(measured_build(folder, "Dossier, from seeds"))
        (folder / SITE).rename(folder / f"{SITE}-from-seeds")
        from_content.append(measured_build(folder, "Dossier, from content"))
    return [median_build(from_seeds), median_build(from_content)], work / "dossier-0" / CONTENT


def measured_build(work: Path, tool: str) -> SiteBuild:
    measured = run_measured(build_command(), cwd=work)
    built = BUILT.search(measured.output)
    if not built:
        raise CommandFailed(f"build.py printed no 'Built ... with N documents':\n{measured.output[-3000:]}")
    site = work / SITE
    # Published as assets/search-index.<hash>.js today; every file of it, should it be split.
    index = [path for path in files_under(site / "assets") if path.name.startswith("search-index")]
    return dataclasses.replace(site_build(tool, measured, site, index), documents=int(built.group(1)))
