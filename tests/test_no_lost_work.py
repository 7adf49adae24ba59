"""No lost work: a build killed with kill -9 leaves content/ and site/ whole, a hand edit is
never overwritten, and an edit saved while `serve` rebuilds is served, not dropped."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synthetic_seeds import synthetic_seeds
from tests import reliability
from tests.conftest import REPO, SEEDS, run_build
from tests.test_serve import WAIT_SECONDS, Served, eventually, start_serve

DOCUMENTS = 150  # synthetic ones, beside the five seeds: a build long enough to kill in
KILLS = 6  # moments, spread over a build, at which it is killed
CHANGED_SEEDS = 12  # seeds that differ between the build that was and the build that is killed


def _tree(folder: Path) -> dict[str, str]:
    """Every file under folder by its path, with its bytes' hash; hidden ones included."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _write_seeds(folder: Path, files: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SEEDS, folder)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return run_build("build", "--seeds", root / "seeds", "--content", root / "content", "--out", root / "site")


def _start_build(root: Path) -> subprocess.Popen:
    """The build in a process group of its own, so kill -9 takes its worker processes too."""
    command = [sys.executable, str(REPO / "build.py"), "build"]
    command += ["--seeds", str(root / "seeds"), "--content", str(root / "content"), "--out", str(root / "site")]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A dossier built from one version of its seeds (with a hand edit in content/), and what
    the build from the next version of the seeds makes of it, built through once."""
    before = synthetic_seeds(DOCUMENTS)
    after = dict(before)
    changed = sorted(before)[:CHANGED_SEEDS]
    after.update({name: text for name, text in synthetic_seeds(DOCUMENTS, seed=8).items() if name in changed})
    del after[sorted(before)[-1]]  # a seed gone
    after["wire-new.txt"] = synthetic_seeds(DOCUMENTS, seed=9)["wire-00001.txt"]  # a seed new
    old = tmp_path_factory.mktemp("old")
    _write_seeds(old / "seeds", before)
    assert _build(old).returncode == 0
    edited = next(path for path in sorted((old / "content").glob("*.md")) if "seed: " + changed[-1] in path.read_text())
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA curator's note, typed by hand.\n", encoding="utf-8")
    new = tmp_path_factory.mktemp("new")
    shutil.copytree(old / "content", new / "content")
    shutil.copytree(old / "site", new / "site")
    _write_seeds(new / "seeds", after)
    started = time.monotonic()
    assert _build(new).returncode == 0
    seconds = time.monotonic() - started
    return {"old": old, "new": new, "after": after, "edited": edited.name, "seconds": seconds}


@pytest.mark.slow  # a build killed at every step of another: about 12 s
def test_a_build_killed_at_any_moment_leaves_content_and_site_whole(two_versions: dict, tmp_path: Path) -> None:
    old, new = two_versions["old"], two_versions["new"]
    old_site, new_site = _tree(old / "site"), _tree(new / "site")
    old_content, new_content = _tree(old / "content"), _tree(new / "content")
    assert old_site != new_site and old_content != new_content  # the killed build had work to do
    edited_text = (old / "content" / two_versions["edited"]).read_bytes()
    results = {"kills": KILLS, "site_whole": 0, "content_whole": 0, "documents_lost": 0}
    for kill in range(KILLS):
        root = tmp_path / f"kill-{kill}"
        shutil.copytree(old / "content", root / "content")
        shutil.copytree(old / "site", root / "site")
        _write_seeds(root / "seeds", two_versions["after"])
        build = _start_build(root)
        time.sleep(two_versions["seconds"] * (kill + 0.5) / KILLS)
        os.killpg(build.pid, signal.SIGKILL)
        build.wait(timeout=WAIT_SECONDS)
        site = _tree(root / "site")
        content = {name: digest for name, digest in _tree(root / "content").items() if not _is_temporary(name)}
        results["site_whole"] += site in (old_site, new_site)
        results["content_whole"] += all(
            digest in (old_content.get(name), new_content.get(name)) for name, digest in content.items()
        )
        # The next build finishes the work: the same site and content as a build never killed.
        assert _build(root).returncode == 0
        finished = _tree(root / "content")
        results["documents_lost"] += len(set(new_content) - set(finished))
        results["content_whole"] -= finished != new_content or _tree(root / "site") != new_site
        results["content_whole"] -= (root / "content" / two_versions["edited"]).read_bytes() != edited_text
        leftovers = [path.name for path in root.glob(".site.*")]
        assert leftovers == [".site.previous"], "a killed build's staging folder was left behind"
    reliability.record("killed_builds", results)
    assert results == {"kills": KILLS, "site_whole": KILLS, "content_whole": KILLS, "documents_lost": 0}


def _is_temporary(name: str) -> bool:
    """A file write_atomically had not renamed into place when the build was killed."""
    return Path(name).name.startswith(".") and Path(name).name != ".ingested.json"


@pytest.mark.slow  # serve rebuilding through bursts of edits: about 9 s
def test_edits_saved_while_serve_rebuilds_are_all_served(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    _write_seeds(seeds, synthetic_seeds(2 * DOCUMENTS))
    results = {"saved": 0, "during_rebuild": 0, "served": 0, "lost": 0}
    with start_serve(tmp_path) as served:
        page = _document_page(served)
        for round_ in range(3):
            # A change to the themes and names works out every document's again and renders every
            # page (the memo keeps none of it); the edit lands while that runs.
            themes, names = served.content / "themes.yaml", served.content / "entities.yaml"
            themes.write_text(themes.read_text(encoding="utf-8").replace("title: ", f"title: R{round_} ", 1), "utf-8")
            names.write_text(names.read_text(encoding="utf-8").replace("aliases: [", f"aliases: [R{round_}, ", 1))
            _wait_until_busy(served)
            marker = f"Saved while rebuilding, round {round_}."
            path = served.content / page.removeprefix("documents/").replace(".html", ".md")
            path.write_text(path.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            results["saved"] += 1
            eventually(lambda marker=marker: marker in served.get(page)[1], f"round {round_}'s edit served")
            results["served"] += 1
            # It came during the themes' rebuild if that rebuild's line does not name it.
            rebuilt = _printed(served)
            results["during_rebuild"] += any("themes.yaml" in line and path.name not in line for line in rebuilt)
        final = path.read_text(encoding="utf-8")
        results["lost"] = sum(f"round {n}." not in final for n in range(3))
    reliability.record("serve_edits", results)
    assert results["served"] == results["saved"] == 3 and results["lost"] == 0
    assert results["during_rebuild"] >= 1, "no edit landed during a rebuild: the test tried nothing"


def _printed(served: Served) -> list[str]:
    """The lines the server printed since the last call, once its rebuilds have settled."""
    time.sleep(1)
    lines = []
    while not served.output.empty():
        lines.append(served.output.get())
    return lines


def _document_page(served: Served) -> str:
    _, home = served.get("index.html")
    return next(part.split('"')[0] for part in home.split('href="')[1:] if part.startswith("documents/"))


def _wait_until_busy(served: Served) -> None:
    """Until the server and its workers have spent a third of a second of CPU since now: it is
    rebuilding."""
    start = _cpu_seconds(served.process.pid)
    eventually(lambda: _cpu_seconds(served.process.pid) - start > 0.3, "the rebuild to start")


def _cpu_seconds(pid: int) -> float:
    """The CPU time of the process and of its children (the worker processes): a rebuild works in
    both, in shares that move as stages go to the workers (the server's own share of one is
    under a third of a second)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")
