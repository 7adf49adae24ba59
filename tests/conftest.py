"""Shared fixtures: the repository's paths and a way to run build.py as a user does."""

from __future__ import annotations

import contextlib
import gc
import io
import locale
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
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


def run_build_here(
    *arguments: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """What run_build gives, from build.py's own main() called in this process: a new interpreter
    spends 0.3 to 0.5 s importing numpy, trafilatura and the models before each build starts.
    For tests of what a command does; a test of the process itself (its signals, build.py's start,
    two builds at once) spawns it with run_build. The output goes through streams that encode as
    a pipe's do and is decoded as subprocess.run decodes it, so that a character a pipe cannot
    take still fails; an exception the command lets escape fails the test where it is raised."""
    from dossier.cli import main

    argv = [str(argument) for argument in arguments]
    stdout, stderr = _pipe_like(sys.__stdout__), _pipe_like(sys.__stderr__)
    with _process_state_kept(cwd, env or {}), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = main(argv)
        except SystemExit as stopped:  # argparse's usage errors, as the interpreter would exit
            status = stopped.code if isinstance(stopped.code, int) else int(stopped.code is not None)
    return subprocess.CompletedProcess(["build.py", *argv], status, _as_read(stdout), _as_read(stderr))


def _pipe_like(stream: io.TextIOBase) -> io.TextIOWrapper:
    """An in-memory stream that encodes as a command's stdout or stderr into a pipe does."""
    return io.TextIOWrapper(io.BytesIO(), encoding=stream.encoding, errors=stream.errors, write_through=True)


def _as_read(stream: io.TextIOWrapper) -> str:
    """The bytes written, decoded as subprocess.run(text=True) decodes them: universal newlines."""
    written = io.BytesIO(stream.buffer.getvalue())
    return io.TextIOWrapper(written, encoding=locale.getpreferredencoding(False)).read()


@contextlib.contextmanager
def _process_state_kept(cwd: Path, env: dict[str, str]) -> Iterator[None]:
    """The working folder and variables a command runs with, and what main() sets for a whole
    process (the collector's thresholds, handlers of SIGTERM and SIGHUP), put back afterwards."""
    folder, thresholds = Path.cwd(), gc.get_threshold()
    handlers = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}
    variables = {name: os.environ.get(name) for name in env}
    os.chdir(cwd)
    os.environ.update(env)
    try:
        yield
    finally:
        os.chdir(folder)
        gc.set_threshold(*thresholds)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for name, value in variables.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
