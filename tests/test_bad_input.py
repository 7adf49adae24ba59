"""Bad input gets one clear line naming the file; the build goes on with the rest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import REPO, SEEDS, run_build


def _build(seeds: Path, root: Path, *more: str | Path):
    return run_build("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site", *more)


def _documents(root: Path) -> list[dict]:
    return json.loads((root / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]


def test_each_unreadable_seed_gets_one_line_and_the_rest_are_built(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (seeds_copy / "cyrillic-cp1251.txt").write_bytes("Заголовок\n\nДоговор по открытому небу.\n".encode("cp1251"))
    result = _build(seeds_copy, tmp_path)
    assert result.returncode == 1  # built, but something was skipped
    lines = result.stdout.splitlines()
    assert sum("empty.txt: empty file, skipped" in line for line in lines) == 1
    assert sum("image.txt: binary file, not text; skipped" in line for line in lines) == 1
    assert sum("cyrillic-cp1251.txt:1: not valid UTF-8" in line and "cp1251" in line for line in lines) == 1
    assert len(_documents(tmp_path)) == 13


def test_crlf_line_endings_clean_exactly_like_lf(tmp_path: Path) -> None:
    lf, crlf = tmp_path / "lf", tmp_path / "crlf"
    for folder, ending in ((lf, b"\n"), (crlf, b"\r\n")):
        (folder / "seeds").mkdir(parents=True)
        for seed in SEEDS.iterdir():
            (folder / "seeds" / seed.name).write_bytes(seed.read_bytes().replace(b"\n", ending))
        assert _build(folder / "seeds", folder).returncode == 0
    assert _documents(lf) == _documents(crlf)


def test_a_20_mb_seed_is_built_without_harming_the_others(seeds_copy: Path, tmp_path: Path) -> None:
    paragraph = "The delegations met again in Vienna to discuss observation flights and quotas. " * 10
    story = "date 2021-06-18 MOSCOW, June 18. /TASS/. " + "\n\n".join([paragraph] * 25_500)
    (seeds_copy / "huge.txt").write_text(story, encoding="utf-8")
    assert (seeds_copy / "huge.txt").stat().st_size > 20_000_000
    result = _build(seeds_copy, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "huge.txt: 1" in result.stdout
    assert len(_documents(tmp_path)) == 14


def _build_with_content_file(root: Path, name: str, text: str):
    """Build the seeds with one hand-written file in a new root/content."""
    (root / "content").mkdir()
    (root / "content" / name).write_text(text, encoding="utf-8")
    return _build(SEEDS, root)


def test_broken_front_matter_names_file_and_line_and_the_rest_build(tmp_path: Path) -> None:
    result = _build_with_content_file(tmp_path, "broken.md", "---\ntitle: fine\ntags: [unclosed\n---\nBody\n")
    assert result.returncode == 1
    assert f"{tmp_path / 'content' / 'broken.md'}:" in result.stdout and "front matter" in result.stdout
    assert len(_documents(tmp_path)) == 13


def _built_with_own_templates(root: Path) -> tuple[Path, dict[Path, bytes]]:
    """root/templates, a copy to break, and every file of the site a build made with them."""
    templates = root / "templates"
    shutil.copytree(REPO / "templates", templates)
    assert _build(SEEDS, root).returncode == 0
    return templates, _site_files(root)


def _site_files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in (root / "site").rglob("*") if path.is_file()}


def test_a_broken_template_fails_the_build_and_leaves_the_previous_site(tmp_path: Path) -> None:
    templates, before = _built_with_own_templates(tmp_path)
    (templates / "document.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ oops(\n", encoding="utf-8")
    result = _build(SEEDS, tmp_path, "--templates", templates)
    assert result.returncode == 3
    assert f"{templates / 'document.html'}:2: template error" in result.stderr
    assert f"{tmp_path / 'site'} is unchanged" in result.stderr
    assert _site_files(tmp_path) == before


def test_a_template_that_fails_while_rendering_names_its_file_and_line(tmp_path: Path) -> None:
    templates, before = _built_with_own_templates(tmp_path)
    page = templates / "theme.html"
    lines = page.read_text(encoding="utf-8").splitlines()
    line = lines.index("{% block main %}") + 1
    lines.insert(line, "<p>{{ theme.no_such_field.title }}</p>")  # the line after {% block main %}
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _build(SEEDS, tmp_path, "--templates", templates)
    assert result.returncode == 3
    assert f"{page}:{line + 1}: template error" in result.stderr, result.stderr
    assert _site_files(tmp_path) == before


def test_out_never_replaces_a_folder_a_build_did_not_make(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert _build(SEEDS, tmp_path).returncode == 0
    result = run_build("build", "--seeds", SEEDS, "--content", content, "--out", content)
    assert result.returncode == 3
    assert "is not a folder Dossier built" in result.stderr
    assert len(list(content.glob("*.md"))) == 13


def test_an_id_that_is_not_a_slug_is_refused_and_nothing_is_written_outside_the_site(tmp_path: Path) -> None:
    result = _build_with_content_file(tmp_path, "escape.md", "---\nid: ../../escaped\ntitle: Escape\n---\n\nText.\n")
    assert result.returncode == 1
    assert "escape.md:2: id '../../escaped' must be lowercase letters" in result.stdout
    assert not list(tmp_path.rglob("escaped*"))


def test_an_empty_dossier_builds_and_passes_the_check(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    result = run_build(
        "build", "--seeds", tmp_path / "seeds", "--content", tmp_path / "content", "--out", tmp_path / "site"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "with 0 documents" in result.stdout
    assert run_build("check", "--out", tmp_path / "site").returncode == 0
