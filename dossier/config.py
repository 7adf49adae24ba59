"""The curator's configuration, in content/: themes.yaml (site title, themes and their terms)
and entities.yaml (people and organisations with their aliases). Config is data: no theme or
name appears in code."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from dossier.ids import VALID_ID, short_slug
from dossier.model import DossierError
from dossier.yaml_data import load_yaml

DEFAULTS = Path(__file__).resolve().parent / "defaults"
CONFIG_FILES = ("themes.yaml", "entities.yaml")
PER_PAGE = 50  # entries on a page of a long list, unless site.per_page says otherwise


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    intro: str  # Markdown
    terms: tuple[str, ...]


# The theme of the documents that match none: listed, charted and counted as the others are.
OTHER = Theme("other", "Other", "Documents that match none of the themes.", ())


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str  # "person", "organisation" or "place"
    aliases: tuple[str, ...]
    forms: tuple[str, ...] = ()  # the name's and aliases' other grammatical forms (name_forms.py)
    description: str = ""  # a line or two about them, from entities.yaml, on their page


@dataclass(frozen=True)
class Config:
    title: str
    description: str
    url: str | None  # where the site is published, for feeds and the sitemap
    per_page: int  # entries on each page of a long list: a theme's, tag's or name's documents, the timeline
    themes: tuple[Theme, ...]
    entities: tuple[Entity, ...]

    @property
    def base_path(self) -> str:
        """The path the site is published under on its host: '/' unless site.url names a sub-path."""
        return urlsplit(self.url).path if self.url else "/"


def install_defaults(content_dir: Path) -> list[Path]:
    """A new content folder gets the default config files to edit; existing ones are never touched."""
    installed = []
    for name in CONFIG_FILES:
        target = content_dir / name
        if not target.exists():
            content_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(DEFAULTS / name, target)
            installed.append(target)
    return installed


def load_config(content_dir: Path) -> Config:
    themes_file, entities_file = (_config_path(content_dir, name) for name in CONFIG_FILES)
    # An empty themes.yaml (nothing, or comments alone) is a site with the default title and no
    # themes, as an empty entities.yaml names no one; a file that says something says it whole.
    themes_data = _read_yaml(themes_file) or {"site": {}, "themes": []}
    entities_data = _read_yaml(entities_file)
    site = _mapping(themes_data.get("site"), themes_file, "site")
    themes = tuple(_theme(item, themes_file) for item in _list(themes_data.get("themes"), themes_file, "themes"))
    entities = tuple(_entities(entities_data, entities_file))
    other = (OTHER.id, "the documents with no theme (Other)")
    _refuse_shared_ids([other, *((theme.id, f"theme {theme.title!r}") for theme in themes)], themes_file)
    _refuse_shared_ids([(entity.id, f"{entity.kind} {entity.name!r}") for entity in entities], entities_file)
    return Config(
        title=str(site.get("title") or "Dossier"),
        description=str(site.get("description") or ""),
        url=_site_url(site, themes_file),
        per_page=_per_page(site, themes_file),
        themes=themes,
        entities=entities,
    )


def _refuse_shared_ids(named: list[tuple[str, str]], path: Path) -> None:
    """Two themes (or names) with one id would share one page; a theme with the id of "Other"
    would swallow the documents that have no theme. named: (id, what it is) for each."""
    seen: dict[str, str] = {}
    for page_id, what in named:
        if page_id in seen:
            raise DossierError(path, f"{what} and {seen[page_id]} come out as one page ({page_id}); rename one")
        seen[page_id] = what


def _site_url(site: dict, path: Path) -> str | None:
    """Where the site is published: themes.yaml's site.url, else the URL Netlify sets while it
    builds. Feeds and the sitemap need it; pages never do (their links are relative). An http(s)
    address only: a javascript: one would run from every feed reader's link."""
    url = site.get("url") or os.environ.get("URL")
    if not url:
        return None
    if urlsplit(str(url)).scheme.lower() not in ("http", "https"):
        raise DossierError(path, f"site.url {str(url)!r} must be an http:// or https:// address")
    return str(url).rstrip("/") + "/"


def _per_page(site: dict, path: Path) -> int:
    value = site.get("per_page", PER_PAGE)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DossierError(path, f"site.per_page must be a whole number of entries, 1 or more, not {value!r}")
    return value


def _config_path(content_dir: Path, name: str) -> Path:
    path = content_dir / name
    return path if path.exists() else DEFAULTS / name


def _read_yaml(path: Path) -> dict:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise DossierError(path, problem, line=mark.line + 1 if mark else None) from None
    except UnicodeDecodeError:
        raise DossierError(path, "not valid UTF-8") from None
    return _mapping(data or {}, path, "the file")


def _theme(item: object, path: Path) -> Theme:
    item = _mapping(item, path, "each theme")
    title = str(item.get("title") or "").strip()
    if not title:
        raise DossierError(path, f"a theme needs a title: {item!r}")
    terms = tuple(str(term).lstrip("#") for term in _list(item.get("terms") or [], path, f"terms of {title}"))
    theme_id = str(item.get("id") or short_slug(title, "theme"))
    if not VALID_ID.fullmatch(theme_id):
        raise DossierError(path, f"theme id {theme_id!r} must be lowercase letters, digits and hyphens")
    return Theme(id=theme_id, title=title, intro=str(item.get("intro") or ""), terms=terms)


def _entities(data: dict, path: Path):
    for section, kind in (("people", "person"), ("organisations", "organisation"), ("places", "place")):
        for item in _list(data.get(section) or [], path, section):
            item = _mapping(item, path, f"each entry of {section}")
            name = str(item.get("name") or "").strip()
            if not name:
                raise DossierError(path, f"an entry of {section} needs a name: {item!r}")
            aliases = tuple(str(alias) for alias in _list(item.get("aliases") or [], path, f"aliases of {name}"))
            description = str(item.get("description") or "").strip()
            yield Entity(id=short_slug(name, kind), name=name, kind=kind, aliases=aliases, description=description)


def _mapping(value: object, path: Path, what: str) -> dict:
    if not isinstance(value, dict):
        raise DossierError(path, f"{what} must be a mapping of keys to values")
    return value


def _list(value: object, path: Path, what: str) -> list:
    if not isinstance(value, list):
        raise DossierError(path, f"{what} must be a list")
    return value
