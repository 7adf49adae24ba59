"""Rendering: each Page (pages.py) -> its bytes, through the Jinja2 templates in templates/.

A page is rendered again only when what it is made of changed. Its key is a digest of the
templates, of what every page shows around its own values (the site's config, themes,
navigation and the assets' names: the SiteFrame) and of its values, where a document stands
for a digest of what it was read from and what the build found in it (its themes, names and
photo). Scores that shift with every edit anywhere (the related documents' TF-IDF) are not
part of a document's stand-in: a page shows which documents are related, and why, as values of
its own. The memo holds each page's bytes under its key.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import posixpath
import re
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
import orjson

from dossier.assets import published_name
from dossier.compiled_templates import AUTOESCAPED, ENVIRONMENT_OPTIONS, CompiledTemplates, compiled_templates_folder
from dossier.config import Config, Theme
from dossier.files import visible_files
from dossier.memo import Keyed, Memo, digest, plain_digest
from dossier.model import Document, DossierError
from dossier.pages import Outline, Page, listed_digest
from dossier.urls import (
    document_url,
    entity_url,
    relative_url_from,
    source_url,
    tag_url,
    theme_feed_url,
    theme_url,
)

# About what rendering one page costs: a document's page, a list of 50, a raw view.
RENDER_SECONDS = 0.0006


@dataclass(frozen=True)
class SiteFrame:
    """What every page has around its own values: the site, its themes and navigation, the
    assets' published names, and the templates (their folder, and a digest of them all). All a
    worker process needs to render pages."""

    config: Config
    themes: list[Theme]
    colors: dict[str, str]
    nav: list[tuple[str, str]]  # (url, title) of each theme, the timeline, names and tags
    assets: dict[str, str]  # name templates use -> name published (Assets.published)
    templates: tuple[Path, ...]  # where each template is looked for, first to last (project.template_folders)
    templates_digest: str


def site_frame(
    config: Config, themes: list[Theme], colors: dict[str, str], assets: dict[str, str], templates: tuple[Path, ...]
) -> SiteFrame:
    nav = [(theme_url(theme.id), theme.title) for theme in themes]
    nav += [("timeline.html", "Timeline"), ("names.html", "People & organisations"), ("places.html", "Places")]
    nav += [("tags.html", "Tags")]
    sources: dict[str, bytes] = {}  # each template as the build finds it: an earlier folder's first
    for folder in reversed(templates):
        sources |= {path.relative_to(folder).as_posix(): path.read_bytes() for path in visible_files(folder)}
    # The site without its names: a page that shows names holds them in its own values, so that
    # editing entities.yaml renders again the pages whose names changed, not every page.
    site = dataclasses.replace(config, entities=())
    return SiteFrame(site, themes, colors, nav, assets, templates, digest(*sorted(sources.items())))


def render_site(pages: list[Page], frame: SiteFrame, memo: Memo) -> dict[str, bytes]:
    """Every page's bytes, by its path in the site: the memo's where the page's key is known."""
    frame_digest = digest(repr(frame))
    keys = [page_key(page, frame_digest) for page in pages]
    rendered = memo.map("pages", partial(render_page, frame=frame), pages, keys, RENDER_SECONDS)
    return dict(zip((page.url for page in pages), rendered, strict=True))


def page_key(page: Page, frame_digest: str) -> str:
    """A digest of all the page is made of: its values, or what they were made of (Page.made_of)."""

    def encode(value: object) -> object:
        if isinstance(value, Keyed):
            return ["Keyed", value.key]
        if isinstance(value, Outline):  # as lists show it: its digest is of what it shows
            return value.digest
        if isinstance(value, Document):  # whole: what a list shows of it, and its text as named
            return digest(listed_digest(value), value.named)
        if dataclasses.is_dataclass(value):  # its fields: a dataclass's __dict__, or its slots
            fields = getattr(value, "__dict__", None) or {name: getattr(value, name) for name in value.__slots__}
            return [type(value).__name__, fields]
        if isinstance(value, (set, frozenset)):
            return sorted(value)
        return repr(value)

    view = f"{page.view.__module__}.{page.view.__qualname__}" if page.view else None
    if page.made_of is not None:
        return plain_digest((frame_digest, page.url, page.template, page.links_from_root, view, page.made_of))
    made_of = [page.url, page.template, page.links_from_root, view, page.values]
    try:
        encoded = orjson.dumps(made_of, default=encode, option=_KEY_OPTIONS)
    except orjson.JSONEncodeError:  # an integer past 64 bits (a content file's `message: 2**64`)
        encoded = json.dumps(made_of, default=encode, sort_keys=True, ensure_ascii=False)
    return digest(frame_digest, encoded)


# A page's values encoded for its key: dataclasses by encode() (a document by its digest), dict keys
# sorted. orjson keys the 2,200 list pages of 10,000 documents in 26 ms where json took 63; json
# encodes what orjson refuses, the same way each time.
_KEY_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def template_values(page: Page) -> dict:
    """What the page's template lays out: its values, a Keyed one as its value, made by its view
    when it has one."""
    values = {name: value.value if isinstance(value, Keyed) else value for name, value in page.values.items()}
    return page.view(**values) if page.view else values


# Characters XML 1.0 has no place for (controls, lone surrogates, U+FFFE and U+FFFF), which a
# seed's text may still hold: an HTML page shows them, a feed or sitemap must not hold them.
XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_page(page: Page, frame: SiteFrame) -> bytes:
    """One page, with links relative to its own place (or from the site's root)."""
    folder = posixpath.dirname(page.url)  # a page has forty links and more: its folder is found once

    # Kept for the page: a seed's raw view links the same document from each of its lines.
    @functools.cache
    def link(target: str) -> str:
        if page.links_from_root:
            return posixpath.join(frame.config.base_path, target)
        return relative_url_from(folder, target)

    def asset(name: str) -> str:
        return link(published_name(frame.assets, name))

    context = {
        "site": frame.config,
        "themes": frame.themes,
        "colors": frame.colors,
        "nav": frame.nav,
        "page_url": page.url,
        "link": link,
        "asset": asset,
        "document_url": document_url,
        "theme_url": theme_url,
        "theme_feed_url": theme_feed_url,
        "entity_url": entity_url,
        "tag_url": tag_url,
        "source_url": source_url,
        **template_values(page),
    }
    environment = template_environment(frame.templates, frame.templates_digest)
    try:
        text = environment.get_template(page.template).render(context)
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or page.template
        raise DossierError(where, f"template error: {error.message}", line=error.lineno) from None
    except jinja2.TemplateError as error:
        where, line = _template_line(error, page.template)
        raise DossierError(where, f"template error: {error}", line=line) from None
    if page.url.endswith(".xml"):  # a feed reader refuses the whole feed for one such character
        text = XML_FORBIDDEN.sub("", text)
    return text.encode("utf-8")


@functools.lru_cache(maxsize=2)
def template_environment(templates: tuple[Path, ...], templates_digest: str) -> jinja2.Environment:
    """The templates of the folders, as they are (templates_digest): a process renders every page
    of a build with one environment, and an edited template makes a new one. Their compiled code
    is kept in ~/.cache/dossier/, as Python keeps .pyc files (compiled_templates.py)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=CompiledTemplates(compiled_templates_folder()),
        auto_reload=False,  # a new digest is a new environment: no file's time need be checked per page
        autoescape=jinja2.select_autoescape(AUTOESCAPED),
        undefined=jinja2.StrictUndefined,
        **ENVIRONMENT_OPTIONS,
    )
    environment.filters["long_date"] = long_date
    environment.filters["long_time"] = long_time
    return environment


def _template_line(error: Exception, template: str) -> tuple[str, int | None]:
    """Where in which template a rendering error happened: Jinja2 puts the templates' own files
    and lines into the traceback, so the last frame from a template file is the one."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".html", ".xml")) and Path(frame.filename).is_file():
            return frame.filename, frame.lineno
    return template, None


# Memoized: 10,000 documents' pages show a date 116,000 times, on a few thousand days.
@functools.lru_cache(maxsize=1 << 14)
def long_time(iso: str) -> str:
    """'2023-01-19T09:15:00' -> '19 January 2023, 09:15', as the source wrote it (an export's
    local time); anything else as it is."""
    try:
        moment = datetime.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return f"{moment.day} {moment:%B %Y, %H:%M}"


def long_date(iso: str | None) -> str:
    """'2021-06-18' -> '18 June 2021': unambiguous for readers anywhere."""
    if not iso:
        return "Undated"
    date = datetime.date.fromisoformat(iso)
    return f"{date.day} {date:%B %Y}"
