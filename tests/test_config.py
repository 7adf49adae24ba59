"""The curator's configuration: themes.yaml and entities.yaml in the content folder, the
defaults where either is missing, and a message naming the file (and line) when one is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.config import DEFAULTS, PER_PAGE, Config, Entity, Theme, install_defaults, load_config
from dossier.model import DossierError

SITE = "site: {}\n"


@pytest.fixture(autouse=True)
def _not_on_netlify(monkeypatch: pytest.MonkeyPatch) -> None:
    """Netlify sets URL while it builds; a test's machine may too."""
    monkeypatch.delenv("URL", raising=False)


def _write(folder: Path, themes: str | None = None, entities: str | None = None) -> Path:
    if themes is not None:
        (folder / "themes.yaml").write_text(themes, encoding="utf-8")
    if entities is not None:
        (folder / "entities.yaml").write_text(entities, encoding="utf-8")
    return folder


def _refusal(folder: Path) -> DossierError:
    with pytest.raises(DossierError) as raised:
        load_config(folder)
    return raised.value


def test_an_empty_content_folder_reads_the_default_config(tmp_path: Path):
    config = load_config(tmp_path)
    assert config.title == "Open Skies, the OSCE and the Union State"
    assert (config.url, config.base_path, config.per_page) == (None, "/", 50)
    assert [theme.id for theme in config.themes] == ["open-skies", "osce", "russia-belarus"]
    assert config.entities[0] == Entity(
        "sergey-lavrov",
        "Sergey Lavrov",
        "person",
        ("Sergei Lavrov", "Lavrov", "Сергей Лавров", "Лавров"),
        description="Russia's foreign minister since 2004.",
    )
    assert config == load_config(DEFAULTS)


def test_a_missing_entities_file_falls_back_to_the_defaults_alone(tmp_path: Path):
    config = load_config(_write(tmp_path, themes=SITE + "themes: []\n"))
    assert config.themes == ()
    assert config.entities == load_config(DEFAULTS).entities


def test_a_site_with_no_title_or_description_is_a_dossier(tmp_path: Path):
    assert load_config(_write(tmp_path, themes=SITE + "themes: []\n", entities="")) == Config(
        title="Dossier", description="", url=None, per_page=PER_PAGE, themes=(), entities=()
    )


@pytest.mark.parametrize("themes", ["", "\n", "# themes to come\n", "---\n"])
def test_an_empty_themes_file_reads_as_the_defaults_a_site_with_no_themes(tmp_path: Path, themes: str):
    assert load_config(_write(tmp_path, themes=themes, entities="")) == Config(
        title="Dossier", description="", url=None, per_page=PER_PAGE, themes=(), entities=()
    )


def test_install_defaults_copies_the_config_files_a_new_folder_lacks_and_touches_no_other(tmp_path: Path):
    content = tmp_path / "content"
    assert install_defaults(content) == [content / "themes.yaml", content / "entities.yaml"]
    assert (content / "themes.yaml").read_bytes() == (DEFAULTS / "themes.yaml").read_bytes()
    (content / "themes.yaml").write_text("site: {title: Mine}\nthemes: []\n", encoding="utf-8")
    (content / "entities.yaml").unlink()
    assert install_defaults(content) == [content / "entities.yaml"]
    assert load_config(content).title == "Mine"


def test_the_site_url_always_ends_in_a_slash_and_its_path_is_the_base_path(tmp_path: Path):
    config = load_config(_write(tmp_path, themes="site:\n  url: https://example.org/dossier\nthemes: []\n"))
    assert (config.url, config.base_path) == ("https://example.org/dossier/", "/dossier/")
    config = load_config(_write(tmp_path, themes="site:\n  url: https://example.org/\nthemes: []\n"))
    assert (config.url, config.base_path) == ("https://example.org/", "/")


def test_without_a_site_url_the_url_netlify_builds_for_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("URL", "https://dossier.netlify.app")
    assert load_config(_write(tmp_path, themes=SITE + "themes: []\n")).url == "https://dossier.netlify.app/"
    _write(tmp_path, themes="site:\n  url: https://example.org/\nthemes: []\n")
    assert load_config(tmp_path).url == "https://example.org/"


def test_the_page_size_is_the_curators_to_set(tmp_path: Path):
    assert load_config(_write(tmp_path, themes="site:\n  per_page: 7\nthemes: []\n")).per_page == 7


@pytest.mark.parametrize(
    ("value", "shown"), [("0", "0"), ("-3", "-3"), ("ten", "'ten'"), ("2.5", "2.5"), ("true", "True")]
)
def test_a_page_size_that_is_no_whole_number_above_zero_is_refused(tmp_path: Path, value: str, shown: str):
    error = _refusal(_write(tmp_path, themes=f"site:\n  per_page: {value}\nthemes: []\n"))
    assert (
        str(error)
        == f"{tmp_path / 'themes.yaml'}: site.per_page must be a whole number of entries, 1 or more, not {shown}"
    )


def test_a_theme_without_an_id_takes_its_titles_slug_and_terms_lose_their_hash(tmp_path: Path):
    themes = SITE + "themes:\n  - title: Russia–Belarus\n    terms: ['#UnionState', Minsk]\n"
    assert load_config(_write(tmp_path, themes=themes)).themes == (
        Theme(id="russia-belarus", title="Russia–Belarus", intro="", terms=("UnionState", "Minsk")),
    )


def test_a_theme_keeps_the_id_and_intro_it_is_given(tmp_path: Path):
    themes = SITE + "themes:\n  - {id: tos, title: Open Skies, intro: The **treaty**., terms: [TOS]}\n"
    assert load_config(_write(tmp_path, themes=themes)).themes == (
        Theme(id="tos", title="Open Skies", intro="The **treaty**.", terms=("TOS",)),
    )


@pytest.mark.parametrize("theme_id", ["../../escaped", "Osce", "open_skies", "-osce", "osce.html"])
def test_a_theme_id_that_is_not_lowercase_letters_digits_and_hyphens_is_refused(tmp_path: Path, theme_id: str):
    error = _refusal(_write(tmp_path, themes=SITE + f"themes:\n  - {{id: '{theme_id}', title: X}}\n"))
    assert str(error) == (
        f"{tmp_path / 'themes.yaml'}: theme id {theme_id!r} must be lowercase letters, digits and hyphens"
    )


@pytest.mark.parametrize(
    ("themes", "message"),
    [
        ("site: []\nthemes: []\n", "site must be a mapping of keys to values"),
        (SITE, "themes must be a list"),
        (SITE + "themes:\n  - just a string\n", "each theme must be a mapping of keys to values"),
        (SITE + "themes:\n  - {intro: hi}\n", "a theme needs a title: {'intro': 'hi'}"),
        (SITE + "themes:\n  - {title: A, terms: OSCE}\n", "terms of A must be a list"),
        ("- a list\n", "the file must be a mapping of keys to values"),
    ],
)
def test_a_themes_file_of_the_wrong_shape_is_refused_by_name(tmp_path: Path, themes: str, message: str):
    error = _refusal(_write(tmp_path, themes=themes))
    assert (error.path, error.line, error.message) == (str(tmp_path / "themes.yaml"), None, message)


def test_people_and_organisations_are_entities_with_their_aliases(tmp_path: Path):
    entities = (
        "organisations:\n  - {name: OSCE, aliases: [Organization for Security and Co-operation in Europe, ОБСЕ]}\n"
        "people:\n  - name: Sergey Lavrov\n    aliases: [Lavrov, Лавров]\n  - name: Maria Zakharova\n"
    )
    assert load_config(_write(tmp_path, entities=entities)).entities == (
        Entity("sergey-lavrov", "Sergey Lavrov", "person", ("Lavrov", "Лавров")),
        Entity("maria-zakharova", "Maria Zakharova", "person", ()),
        Entity("osce", "OSCE", "organisation", ("Organization for Security and Co-operation in Europe", "ОБСЕ")),
    )


@pytest.mark.parametrize(
    ("entities", "message"),
    [
        ("people:\n  - {aliases: [X]}\n", "an entry of people needs a name: {'aliases': ['X']}"),
        ("organisations:\n  - NATO\n", "each entry of organisations must be a mapping of keys to values"),
        ("people:\n  - {name: X, aliases: Y}\n", "aliases of X must be a list"),
        ("people: {name: X}\n", "people must be a list"),
    ],
)
def test_an_entities_file_of_the_wrong_shape_is_refused_by_name(tmp_path: Path, entities: str, message: str):
    error = _refusal(_write(tmp_path, entities=entities))
    assert (error.path, error.line, error.message) == (str(tmp_path / "entities.yaml"), None, message)


def test_bad_yaml_is_refused_with_its_file_and_line(tmp_path: Path):
    error = _refusal(_write(tmp_path, themes="site:\n  title: x\n  bad: : :\nthemes: []\n"))
    assert str(error) == f"{tmp_path / 'themes.yaml'}:3: mapping values are not allowed in this context"


def test_a_yaml_alias_is_refused_with_its_file_and_line(tmp_path: Path):
    error = _refusal(_write(tmp_path, entities="people:\n  - &lavrov {name: Lavrov}\n  - *lavrov\n"))
    assert (error.path, error.line) == (str(tmp_path / "entities.yaml"), 2)
    assert error.message.startswith("an anchor (&name) that an alias (*name) repeats")


def test_a_config_file_that_is_not_utf8_is_refused_by_name(tmp_path: Path):
    (tmp_path / "themes.yaml").write_bytes(b"site:\n  title: \xff\nthemes: []\n")
    assert str(_refusal(tmp_path)) == f"{tmp_path / 'themes.yaml'}: not valid UTF-8"


@pytest.mark.parametrize(
    ("themes", "entities", "named"),
    [
        (SITE + "themes: []\n", "people:\n  - name: Anna Ivanova\n  - name: Anna-Ivanova\n", "one page (anna-ivanova)"),
        (SITE + "themes:\n  - title: Open Skies\n  - title: Open-Skies\n", "people: []\n", "one page (open-skies)"),
        (SITE + "themes:\n  - id: other\n    title: Misc\n", "people: []\n", "the documents with no theme"),
    ],
)
def test_two_names_or_themes_that_would_share_one_page_are_refused(
    tmp_path: Path, themes: str, entities: str, named: str
) -> None:
    with pytest.raises(DossierError, match=re.escape(named)):
        load_config(_write(tmp_path, themes=themes, entities=entities))
