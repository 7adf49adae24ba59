"""What every build benchmark measures: a command's wall time and peak memory, and the bytes it wrote."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = Path(__file__).with_name("launch.py")


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float  # user and system time of the process and its children: less swayed by a busy machine
    peak_bytes: int  # the peak resident set size of the command's process, or of its largest child
    output: str
    # The peak of the resident set sizes of the process and all its children added up (sampled
    # every TREE_SAMPLE_SECONDS): what a build with worker processes holds at once.
    tree_peak_bytes: int = 0


class CommandFailed(RuntimeError):
    pass


def run_measured(command: list[str], cwd: Path | None = None) -> Measured:
    """Run a command in a fresh process and measure it, from a launcher (bench/launch.py) that
    starts it: os.wait4 there gives that one process's peak RSS (and that of the children it
    waited for), not a sum over the whole benchmark, nor this process's own size."""
    # The writes before it (seeds, a peer's project) reach the disk now, not while it is timed.
    os.sync()
    with tempfile.TemporaryFile() as output, tempfile.TemporaryDirectory() as reports:
        report = Path(reports) / "measured.json"
        launcher = subprocess.Popen(
            [sys.executable, "-I", str(LAUNCHER), str(report), *command],
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        tree = _TreeMemory(launcher.pid)
        launcher.wait()
        tree_peak = tree.stop()
        output.seek(0)
        text = output.read().decode("utf-8", errors="replace")
        measured = json.loads(report.read_text(encoding="utf-8")) if launcher.returncode == 0 else None
    if measured is None or measured["exit_code"] != 0:
        code = measured["exit_code"] if measured else f"no report (launcher exited with {launcher.returncode})"
        raise CommandFailed(f"{' '.join(command)} exited with {code}:\n{text[-3000:]}")
    peak = measured["peak_bytes"]
    return Measured(measured["seconds"], measured["cpu_seconds"], peak, text, max(tree_peak, peak))


TREE_SAMPLE_SECONDS = 0.05


class _TreeMemory:
    """Samples, until stopped, the resident memory of a launcher's descendants (not the
    launcher's own), added up."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        self._stopped.set()
        self._thread.join()
        return self.peak

    def _sample(self) -> None:
        while not self._stopped.wait(TREE_SAMPLE_SECONDS):
            self.peak = max(self.peak, sum(_resident_bytes(pid) for pid in _tree(self.pid)[1:]))


def _tree(pid: int) -> list[int]:
    """The process and its descendants, as /proc lists each thread's children."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                waiting += [int(child) for child in task.read_text().split()]
            except OSError:  # the thread or process ended meanwhile
                continue
    return found


def _resident_bytes(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def combined(steps: list[Measured]) -> Measured:
    """Commands run one after the other (Hugo, then Pagefind): their times add, the peak is the larger."""
    return Measured(
        sum(step.seconds for step in steps),
        sum(step.cpu_seconds for step in steps),
        max(step.peak_bytes for step in steps),
        "".join(step.output for step in steps),
        max(step.tree_peak_bytes for step in steps),
    )


@dataclass(frozen=True)
class SiteBuild:
    """One tool's measured build of a dossier and the sizes of what it made."""

    tool: str
    measured: Measured
    site_bytes: int
    index_bytes: int | None  # None: the tool builds no search index
    index_gzipped: int | None
    documents: int | None = None  # as the tool reported it, where it does


def median_build(builds: list[SiteBuild]) -> SiteBuild:
    """Of the same build run several times, the run with the median wall time: one slow run (files
    created just after many were deleted, another program) does not decide a ratio."""
    return sorted(builds, key=lambda build: build.measured.seconds)[len(builds) // 2]


def site_build(tool: str, measured: Measured, site: Path, index_files: list[Path] | None) -> SiteBuild:
    """Sizes are taken at once: the site lives in a scratch folder that goes away."""
    if index_files is None:
        return SiteBuild(tool, measured, total_bytes(files_under(site)), None, None)
    return SiteBuild(
        tool, measured, total_bytes(files_under(site)), total_bytes(index_files), gzipped_bytes(index_files)
    )


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def total_bytes(files: list[Path]) -> int:
    return sum(path.stat().st_size for path in files)


def gzipped_bytes(files: list[Path]) -> int:
    """What the files weigh sent gzipped, as a host would (files already compressed barely shrink)."""
    return sum(len(gzip.compress(path.read_bytes(), mtime=0)) for path in files)


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.2f} MB"
