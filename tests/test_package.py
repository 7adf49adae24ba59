"""Dossier as an installed package, as on a new machine: `pip install` of the repository into a
fresh environment gives the `dossier` command, and a dossier made by `dossier new` builds with
Dossier's own templates, default config and browser libraries, all found in the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COMMANDS = ("build", "zip", "check", "serve", "new")
# pip downloads what its cache lacks; after the first run it only checks the index.
INSTALL_SECONDS = 600

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bin_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment, none of this one's packages in it, with requirements.txt's pins
    and Dossier installed from the repository: its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=120)
    install = [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # One resolution of both: pip fails if the package's dependencies disagree with the pins.
    result = subprocess.run(
        [*install, "--requirement", REPO / "requirements.txt", REPO],
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
        env=_environment(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return venv / "bin"


def _environment() -> dict[str, str]:
    """This environment without anything that would let the checkout's code be imported."""
    return {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}


def _run(bin_folder: Path, *arguments: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [bin_folder / str(arguments[0]), *arguments[1:]]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=_environment())


def test_the_command_lists_every_command(bin_folder: Path, tmp_path: Path) -> None:
    result = _run(bin_folder, "dossier", "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: dossier ")
    listed = result.stdout.split("positional arguments:")[1]
    for command in COMMANDS:
        assert f"\n    {command} " in listed, command


def test_dossiers_own_files_are_found_in_the_installed_package(bin_folder: Path, tmp_path: Path) -> None:
    where = "import dossier.project as p; print(p.DEFAULT_TEMPLATES, p.NODE_MODULES, p.NETLIFY_TOML, sep='\\n')"
    result = _run(bin_folder, "python", "-c", where, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    package = bin_folder.parent / "lib"
    for found in map(Path, result.stdout.split()):
        assert found.is_relative_to(package), found
        assert found.exists(), found


def test_a_new_dossier_builds_with_the_defaults_and_its_own_templates(bin_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "x"
    made = _run(bin_folder, "dossier", "new", folder, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert sorted(path.name for path in folder.iterdir()) == [".gitignore", "content", "seeds", "templates"]
    assert list((folder / "seeds").iterdir()) == []
    assert sorted(path.name for path in (folder / "content").iterdir()) == ["entities.yaml", "themes.yaml"]
    assert (folder / "templates" / "base.html").is_file()
    # The curator's copy is what the build uses: a change to it reaches the site.
    with (folder / "templates" / "assets" / "style.css").open("a", encoding="utf-8") as style:
        style.write("/* the curator's own */\n")

    built = _run(bin_folder, "dossier", "build", cwd=folder)
    assert built.returncode == 0, built.stdout + built.stderr
    site = folder / "site"
    assert (site / "index.html").is_file()
    assert any("the curator's own" in path.read_text(encoding="utf-8") for path in site.glob("assets/style.*.css"))
    lunr = (REPO / "node_modules" / "lunr" / "lunr.min.js").read_bytes()  # the package's copy is npm's
    assert [path.read_bytes() for path in site.glob("assets/lib/lunr.min.*.js")] == [lunr]
    checked = _run(bin_folder, "dossier", "check", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_new_refuses_a_folder_that_is_not_empty(bin_folder: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = _run(bin_folder, "dossier", "new", tmp_path, cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
