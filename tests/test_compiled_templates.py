"""Compiled templates kept between builds: a template is compiled once, by any process, and
again only when its source changes."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import jinja2

from dossier import compiled_templates
from dossier.compiled_templates import CompiledTemplates, compiled_templates_folder


def _environment(templates: Path, folder: Path | None) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates), bytecode_cache=CompiledTemplates(folder))


def _compiles(templates: Path, folder: Path | None) -> tuple[str, int]:
    """What a fresh environment renders, and how many templates it compiled to do it."""
    compile = jinja2.Environment.compile
    with mock.patch.object(jinja2.Environment, "compile", autospec=True, side_effect=compile) as compiled:
        rendered = _environment(templates, folder).get_template("page.html").render(who="Minsk")
    return rendered, compiled.call_count


def test_a_template_compiled_by_one_environment_is_not_compiled_by_the_next(tmp_path: Path) -> None:
    templates, folder = tmp_path / "templates", tmp_path / "compiled"
    templates.mkdir(), folder.mkdir()
    (templates / "page.html").write_text("Hello, {{ who }}")
    assert _compiles(templates, folder) == ("Hello, Minsk", 1)
    assert _compiles(templates, folder) == ("Hello, Minsk", 0)


def test_an_edited_template_is_compiled_again_never_rendered_stale(tmp_path: Path) -> None:
    templates, folder = tmp_path / "templates", tmp_path / "compiled"
    templates.mkdir(), folder.mkdir()
    (templates / "page.html").write_text("Hello, {{ who }}")
    _compiles(templates, folder)
    (templates / "page.html").write_text("Goodbye, {{ who }}")
    assert _compiles(templates, folder) == ("Goodbye, Minsk", 1)
    assert _compiles(templates, folder) == ("Goodbye, Minsk", 0)


def test_without_a_folder_or_with_one_gone_templates_still_render(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("Hello, {{ who }}")
    assert _compiles(templates, None) == ("Hello, Minsk", 1)
    assert _compiles(templates, tmp_path / "no such folder") == ("Hello, Minsk", 1)


def test_the_folder_is_in_the_users_cache_and_none_when_it_cannot_be_made(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = compiled_templates_folder()
    assert folder is not None and folder.is_dir() and folder.parent == tmp_path / "cache" / "dossier"
    (tmp_path / "a file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a file"))
    assert compiled_templates_folder() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert compiled_templates_folder().parent == tmp_path / "home" / ".cache" / "dossier"


def test_with_no_home_folder_to_find_the_code_stays_in_memory(monkeypatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", mock.Mock(side_effect=RuntimeError("Could not determine home directory.")))
    assert compiled_templates_folder() is None


def test_another_jinja2_or_other_options_keep_their_code_in_another_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = compiled_templates_folder()
    with mock.patch.object(jinja2, "__version__", "0.0.1"):
        assert compiled_templates_folder() != folder
    with mock.patch.dict(compiled_templates.ENVIRONMENT_OPTIONS, trim_blocks=False):
        assert compiled_templates_folder() != folder
