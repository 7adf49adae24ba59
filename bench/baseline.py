"""Dossier as an earlier commit built it, measured in the same run as today's: an issue's "no
slower than before" is a ratio between two builds on one machine at one time, never a figure
copied from an older BENCHMARKS.md (absolute times drift between runs by a third).

The commit's files come from `git archive` into the scratch folder (no worktree is registered
in the repository), with this checkout's node_modules linked beside them (the browser libraries a
build copies) and its modules compiled to bytecode, as today's are. It runs on today's .venv:
every commit measured here builds with a subset of today's pinned packages.
"""

from __future__ import annotations

import compileall
import io
import subprocess
import tarfile
from pathlib import Path

from bench.synthetic import REPO


def checkout(commit: str, scratch: Path) -> Path:
    """The commit's files in scratch/at-<commit>/ (made once), for `build.py` to run from."""
    code = scratch / f"at-{commit}"
    if not code.exists():
        archive = subprocess.run(["git", "archive", commit], cwd=REPO, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(code, filter="data")
        (code / "node_modules").symlink_to(REPO / "node_modules")
        compileall.compile_dir(code / "dossier", quiet=1)
    return code


def label(commit: str) -> str:
    return f"Dossier at {commit}"
