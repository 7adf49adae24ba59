"""Shared fixtures: the repository's paths and a way to run build.py as a user does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from tests import reliability

# Speed is measured by `make bench`, never asserted in tests: no example has a deadline (a
# loaded machine made a 200 ms default fail tests that check what cleaning gives, not how fast).
settings.register_profile("dossier", deadline=None)
settings.load_profile("dossier")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SAMPLES = Path(__file__).resolve().parent / "samples"


def run_build(
    *arguments: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python build.py ...` in a subprocess, exactly as a user types it (env: variables to add)."""
    command = [sys.executable, str(REPO / "build.py"), *map(str, arguments)]
    environment = {**os.environ, **env} if env else None
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=environment)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the five seeds, for tests that add or change seeds."""
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    return copy


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds built once into a fresh content folder and site, shared by read-only tests."""
    root = tmp_path_factory.mktemp("built")
    result = run_build("build", "--seeds", SEEDS, "--content", root / "content", "--out", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks `browser` every test that asks for the browser fixture, whether itself or through
    tab, new_tab and the fixtures built on them: the marker follows what the test uses, so no
    test that opens chromium can miss it, in a file of browser tests or in a file of mostly
    others (publish, hostile content, the offline zip, serve)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def pytest_configure(config: pytest.Config) -> None:
    reliability.start_run()
    # Builds keep compiled templates in the user's cache; the tests' builds keep theirs apart.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="dossier-tests-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the run's controller, after every worker
        reliability.finish_run()
