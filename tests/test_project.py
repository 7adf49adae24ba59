"""`dossier new`: a new dossier folder holds what a build needs, and nothing of a curator's is
ever written over."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dossier.config import CONFIG_FILES, DEFAULTS
from dossier.model import DossierError
from dossier.project import DEFAULT_TEMPLATES, OWN_TEMPLATES, default_templates, new_dossier
from tests.conftest import run_build


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_new_dossier_has_empty_seeds_the_default_config_and_a_copy_of_the_templates(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "dossier"
    made = new_dossier(folder)
    assert made == [folder / "seeds", folder / "content", folder / "templates", folder / ".gitignore"]
    assert list((folder / "seeds").iterdir()) == [], "every file in seeds/ is a seed"
    assert _files(folder / "content") == {name: (DEFAULTS / name).read_bytes() for name in CONFIG_FILES}
    assert _files(folder / "templates") == _files(DEFAULT_TEMPLATES)
    assert (folder / ".gitignore").read_text(encoding="utf-8").split() == [
        "/site/",
        "/.site.*",
        "/dossier.zip",
        "/.dossier-cache/",
    ]


def test_the_copied_templates_are_the_users_to_edit_even_when_dossiers_own_are_read_only(
    tmp_path: Path, monkeypatch
) -> None:
    own = tmp_path / "installed" / "templates"
    (own / "assets").mkdir(parents=True)
    (own / "base.html").write_text("<html>", encoding="utf-8")
    (own / "assets" / "style.css").write_text("body {}", encoding="utf-8")
    for path in (own / "base.html", own / "assets" / "style.css", own / "assets", own):
        path.chmod(0o555 if path.is_dir() else 0o444)
    monkeypatch.setattr("dossier.project.DEFAULT_TEMPLATES", own)
    try:
        new_dossier(tmp_path / "x")
    finally:
        for path in (own, own / "assets"):
            path.chmod(0o755)
    copy = tmp_path / "x" / "templates"
    for path in (copy, copy / "base.html", copy / "assets", copy / "assets" / "style.css"):
        assert path.stat().st_mode & stat.S_IWUSR, path


def test_an_existing_empty_folder_becomes_the_dossier(tmp_path: Path) -> None:
    new_dossier(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".gitignore", "content", "seeds", "templates"]


@pytest.mark.parametrize("what", ["a file in it", "a hidden file in it", "a file, not a folder"])
def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "x"
    if what == "a file, not a folder":
        folder.write_text("mine", encoding="utf-8")
        mine = folder
    else:
        folder.mkdir()
        mine = folder / (".notes" if what == "a hidden file in it" else "notes.txt")
        mine.write_text("mine", encoding="utf-8")
    with pytest.raises(DossierError, match="not an empty folder"):
        new_dossier(folder)
    assert sorted(tmp_path.rglob("*")) == sorted({folder, mine})
    assert mine.read_text(encoding="utf-8") == "mine"


def test_a_build_uses_the_working_folders_templates_when_it_has_them(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_templates() == DEFAULT_TEMPLATES
    (tmp_path / "templates").mkdir()
    assert default_templates() == OWN_TEMPLATES
    assert default_templates().resolve() == tmp_path / "templates"


def test_the_command_makes_the_dossier_and_says_what_it_made(tmp_path: Path) -> None:
    result = run_build("new", tmp_path / "x")
    assert result.returncode == 0, result.stderr
    for name in ("seeds", "content", "templates"):
        assert f"Made {tmp_path / 'x' / name}/" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].startswith(f"Next: put the raw documents in {tmp_path / 'x' / 'seeds'}/")


def test_the_command_refuses_a_folder_that_is_not_empty_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_build("new", tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr == f"error: {tmp_path}: exists and is not an empty folder; `new` makes a dossier in a new one\n"
    )
