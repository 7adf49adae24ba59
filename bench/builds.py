"""Dossier's full builds of a synthetic dossier, each `build.py build` in a fresh process.

From seeds: the synthetic seeds, content/ empty, so cleaning, writing content/ and the whole
site are timed. From content: the same folders again with content/ as the first build left it
and no site/ nor memo, as a curator's next build on a fresh checkout. One edit: one content file
gains a sentence, and the build runs again with the site and the memo the last one left.

Each pair of builds runs once a round (bench/compare.py runs the rounds, the peers' builds
between them), each time in a folder of its own with a copy of the seeds.

Nothing is deleted between timed builds: the first build's site is moved aside. On ext4
without a journal, as here, a new file skips every inode of its block group deleted in the
last minute (longer, while their inode table is not yet written back; `recently_deleted` in
perf's profile of the kernel), so 2,000 files created just after 2,000 were deleted take a
second of system time more; the next build would be charged for the benchmark's cleaning up.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import sys
from pathlib import Path

from bench.measure import CommandFailed, SiteBuild, files_under, run_measured, site_build
from bench.synthetic import REPO

SEEDS, CONTENT, SITE, MEMO = "seeds", "content", "site", ".dossier-cache"
BUILT = re.compile(r"^Built \S+ with (\d+) documents", re.MULTILINE)


def build_command(code: Path = REPO) -> list[str]:
    """Run in the work folder, with the folders named relative to it; code: the Dossier checkout
    whose build.py runs (bench/baseline.py makes earlier commits')."""
    return [sys.executable, str(code / "build.py"), "build", "--seeds", SEEDS, "--content", CONTENT, "--out", SITE]


def dossier_builds(work: Path, run: int) -> tuple[SiteBuild, SiteBuild, SiteBuild, SiteBuild]:
    """Build work/seeds from seeds, then from content, then again after one edit and after
    another, in a folder of this run's own with a copy of the seeds (the content folder of run 0
    is the one the peers build: content_folder). The first two are cold: the build from content
    finds no site and no memo (.dossier-cache/), as on a fresh checkout; the third finds the
    second's, as a curator's next build does, and the fourth the third's, as every build after
    it does (the writer then has the generation the third build retired to update)."""
    folder = work / f"dossier-{run}"
    shutil.copytree(work / SEEDS, folder / SEEDS)
    from_seeds = measured_build(folder, "Dossier, from seeds")
    (folder / SITE).rename(folder / f"{SITE}-from-seeds")
    (folder / MEMO).rename(folder / f"{MEMO}-from-seeds")
    from_content = measured_build(folder, "Dossier, from content")
    first, *_, last = sorted((folder / CONTENT).glob("*.md"))
    builds = []
    for edited, tool in ((first, "Dossier, one edit"), (last, "Dossier, another edit")):
        edited.write_text(edited.read_text(encoding="utf-8") + "\nOne sentence more, saved by the benchmark.\n")
        builds.append(measured_build(folder, tool))
    return from_seeds, from_content, *builds


def baseline_build(code: Path, tool: str, work: Path, run: int) -> SiteBuild:
    """An earlier commit's build from seeds (code: its checkout), in a folder of its own."""
    folder = work / f"{code.name}-{run}"
    shutil.copytree(work / SEEDS, folder / SEEDS)
    return measured_build(folder, f"{tool}, from seeds", code)


def content_folder(work: Path) -> Path:
    """The cleaned documents of the first run, for the peers to build."""
    return work / "dossier-0" / CONTENT


def measured_build(work: Path, tool: str, code: Path = REPO) -> SiteBuild:
    measured = run_measured(build_command(code), cwd=work)
    built = BUILT.search(measured.output)
    if not built:
        raise CommandFailed(f"build.py printed no 'Built ... with N documents':\n{measured.output[-3000:]}")
    site = work / SITE
    return dataclasses.replace(site_build(tool, measured, site, search_files(site)), documents=int(built.group(1)))


def search_files(site: Path) -> list[Path]:
    """Every file of the search index: the loader (assets/search-index.<hash>.js), and the pieces
    it loads (assets/search/, search/documents/) where the build made them (since fdb3ca6)."""
    loader = [path for path in files_under(site / "assets") if path.name.startswith("search-index")]
    pieces = [path for folder in (site / "assets" / "search", site / "search") for path in files_under(folder)]
    return sorted(set(loader) | set(pieces))
