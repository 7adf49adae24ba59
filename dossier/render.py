"""Rendering: documents -> every page of the site, through the Jinja2 templates in templates/.

Templates get ready-made values (ordered lists, formatted dates, relative URLs, rendered
HTML); the decisions are made here, so templates only lay them out.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import posixpath
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
import jinja2.meta

from dossier.assets import Assets, published_name
from dossier.browser_libraries import SEARCH_LIBRARIES
from dossier.compiled_templates import AUTOESCAPED, ENVIRONMENT_OPTIONS, CompiledTemplates, compiled_templates_folder
from dossier.config import Config, Theme
from dossier.content import file_stamp
from dossier.markdown import markdown_to_html
from dossier.model import Document, DossierError
from dossier.pagination import Pager, paginate
from dossier.raw_source import seed_text, source_view
from dossier.timeline import Month, month_groups, timeline_chart
from dossier.urls import (
    OTHER_THEME,
    document_url,
    entity_url,
    relative_url_from,
    source_url,
    tag_url,
    theme_feed_url,
    theme_url,
)
from dossier.write import SiteFiles, StagedSite

# Colours that keep 3:1 contrast on the light and the dark background alike.
PALETTE = ("#2f6db5", "#c4561d", "#21866b", "#8a5cc2", "#c2407e", "#7d8a1f", "#b38600")
OTHER_COLOR = "#7b828c"
LATEST_PER_THEME = 3
FEED_ENTRIES = 50
FEED_EPOCH = "2000-01-01"  # the time Atom requires of an undated entry
SeedText = tuple[tuple | None, str | None]  # a seed file's stamp and text, None when it can't be read
# Pages of one template from which a one-off build renders them in the worker processes
# (Pages.add_each), and how many a worker renders and writes at a time (a raw view of 50
# posts: 4 ms; a batch small enough that the last is soon done).
RENDER_ELSEWHERE_FROM = 100
RENDER_BATCH = 20


@dataclass
class Dossier:
    """Everything a page may need, worked out once for the whole site."""

    config: Config
    documents: list[Document]  # newest first
    newest_position: dict[str, int]  # document id -> its place in documents: sorts any list newest first
    themes: list[Theme]  # in config order, then "Other" when any document has no theme
    members: dict[str, list[Document]]  # theme id -> documents, central first, then newest
    chronology: dict[str, list[Document]]  # theme id -> documents oldest first, for previous/next
    chronology_position: dict[str, dict[str, int]]  # theme id -> document id -> its place in chronology
    by_id: dict[str, Document]
    colors: dict[str, str]
    entities: dict[str, list[Document]]  # entity id -> documents that name it, newest first
    tags: dict[str, list[Document]]


class RenderCache:
    """The pages an earlier build in this process rendered, kept by `serve` between rebuilds.

    Each page is stored with a key: a hash of its template and every template it includes, the
    site-wide values, and the values it was given (a document stands for a hash of all it holds).
    A page whose key is unchanged is not rendered again, so an edit to one document renders
    that document's page and the pages that list, link or relate to it. A one-off build keeps
    nothing (keep=False): working out keys for pages no later build will look at only costs.

    Working out 10,000 pages' keys takes most of a second, so a build that differs from the last
    only in what some documents say, each still where it was in every list (edited_documents),
    works out the keys of the pages that name those documents alone: the others are as they were.
    """

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.pages: dict[str, _CachedPage] = {}  # url -> the page as last rendered
        self.naming: dict[str, set[str]] = {}  # document id -> the urls of the pages whose values name it
        self.environments: dict[Path, jinja2.Environment] = {}
        self.rendered: list[str] = []  # urls rendered by the last build, not taken from the cache
        # id() -> (the document, its themes and names, its digest)
        self._document_digests: dict[int, tuple[Document, tuple, str]] = {}
        # id() -> (the document, what the build worked out of it, the copy a seed's raw view lists)
        self._listed: dict[int, tuple[Document, tuple, Document]] = {}
        self._seed_texts: dict[str, SeedText] = {}
        self._templates_referenced: dict[str, set[str | None]] = {}
        self._outline: _Outline | None = None  # what the last build that finished made its pages of

    def document_digest(self, document: Document) -> str:
        """A hash of what a document's file says and of the themes and names found in it, kept
        while the build reuses the same parsed document (an unchanged file) with the same
        themes and names: a dossier of 10,000 is not hashed whole for every edit."""
        worked_out = (tuple(document.memberships), tuple(document.entities))
        known = self._document_digests.get(id(document))
        if known is None or known[0] is not document or known[1] != worked_out:
            content = [document.id, document.title, document.body, document.date, document.summary]
            content += [document.tags, document.themes, document.source, document.path, worked_out]
            known = self._document_digests[id(document)] = (document, worked_out, _digest(repr(content)))
        return known[2]

    def listed(self, document: Document) -> Document:
        """A document as a seed's raw view shows it: what it is, where from, where listed, but not
        its text and HTML, nor its own links to others. A worker that renders the raw view of
        1,000 seeds' documents is sent 26 MB, not 80. Made once while the build keeps the same
        parsed document with the same themes, names and photo, so its digest is kept too."""
        worked_out = (tuple(document.memberships), tuple(document.entities), document.photo_url)
        known = self._listed.get(id(document))
        if known is None or known[0] is not document or known[1] != worked_out:
            outline = dataclasses.replace(
                document, body="", text="", paragraphs=[], html="", related=[], publications=[], versions=[]
            )
            known = self._listed[id(document)] = (document, worked_out, outline)
        return known[2]

    def keep_digests_of(self, documents: list[Document]) -> None:
        """Forget the digests and listed copies of documents this build no longer has (edited or deleted)."""
        kept = {id(document) for document in documents}
        self._listed = {key: known for key, known in self._listed.items() if key in kept}
        kept |= {id(outline) for _, _, outline in self._listed.values()}
        self._document_digests = {key: known for key, known in self._document_digests.items() if key in kept}

    def outline(self, site_digest: str, documents: list[Document], seeds: dict[str, tuple | None]) -> _Outline | None:
        """What a build makes its pages of, but for what the documents say; None for a build that keeps nothing."""
        if not self.keep:
            return None
        digests = {document.id: self.document_digest(document) for document in documents}
        return _Outline((site_digest, [_place(document) for document in documents], seeds), digests)

    def edited_documents(self, outline: _Outline | None) -> set[str] | None:
        """The ids of the documents whose digests differ from the last finished build's, when
        nothing else differs that a page shows (the config, the templates, the assets' names,
        any document's place in any list, the seeds); None when something does, or there is
        no last build."""
        last = self._outline
        if outline is None or last is None or outline.layout != last.layout:
            return None
        return {id for id, digest in outline.digests.items() if last.digests.get(id) != digest}

    def finish_build(self, urls: set[str], outline: _Outline | None, naming: dict[str, set[str]]) -> None:
        """Keep what this build made, now that it made all of it: a build that fails halfway
        leaves the next to compare itself with the last one that finished."""
        self.pages = {url: self.pages[url] for url in urls if url in self.pages}  # a page gone stays gone
        self._outline = outline
        self.naming = naming

    def seed_text(self, seeds_dir: Path, seed: str) -> SeedText:
        """A seed's stamp and text (raw_source.seed_text), read again only when its stamp changed:
        serve need not read 1,000 seeds for an edit to a content file."""
        stamp = file_stamp(seeds_dir / seed)
        known = self._seed_texts.get(seed)
        if known is None or known[0] != stamp:
            known = (stamp, seed_text(seeds_dir, seed))
            if self.keep:
                self._seed_texts[seed] = known
        return known

    def start_build(self) -> None:
        self.rendered = []

    def environment(self, templates_dir: Path) -> jinja2.Environment:
        if templates_dir not in self.environments:
            self.environments[templates_dir] = _environment(templates_dir)
        environment = self.environments[templates_dir]
        # Jinja reloads a template when its mtime changes; a quick save may keep the mtime, so
        # each build loads the templates afresh, and never renders a stale one. The compiled
        # code is kept by the source's checksum (CompiledTemplates): only an edited one is compiled.
        environment.cache.clear()
        return environment

    def templates_referenced(self, environment: jinja2.Environment, source: str) -> set[str | None]:
        """The templates a template's source extends, includes or imports, parsed once per source."""
        if source not in self._templates_referenced:
            self._templates_referenced[source] = set(jinja2.meta.find_referenced_templates(environment.parse(source)))
        return self._templates_referenced[source]


@dataclass(frozen=True, slots=True)
class _CachedPage:
    key: str
    page: bytes
    template: str  # the digest of its template and of every template that one uses


@dataclass(frozen=True)
class _Outline:
    """What a build made its pages of, that the pages' keys would tell."""

    # The site's digest (the config, the assets' names), every document's _place() in the
    # dossier's order, and the stamps of the seeds shown raw: what lists and links are made of.
    layout: tuple[str, list[tuple], dict[str, tuple | None]]
    digests: dict[str, str]  # document id -> the digest of what it says


def _place(document: Document) -> tuple:
    """What pages that do not name a document make of it: which lists hold it, in which order,
    what they count (its id, title, date, tags, themes, names, seed); and what its own page shows
    beyond its digest (related documents, versions, copies, photo)."""
    memberships = tuple((m.theme, m.central, m.by_hand) for m in document.memberships)
    listed = (document.id, document.title, document.date, tuple(document.tags), tuple(document.themes), memberships)
    listed += (tuple(document.entities), document.source.seed, document.source.first_line)
    shown = (tuple(document.related), tuple(document.versions), tuple(document.publications))
    return (*listed, *shown, document.photo, document.photo_url)


def render_site(
    documents: list[Document],
    config: Config,
    templates_dir: Path,
    seeds_dir: Path,
    assets: Assets,
    search_index: Callable[[], dict[str, bytes]],
    output: SiteFiles,
    cache: RenderCache | None = None,
) -> None:
    """Every page of the site into output, {path in site/: bytes} (or a StagedSite, which writes
    each as it comes); the assets are published beside them. search_index() gives the index's
    shards, which may still be building elsewhere: the search page, the only one that loads
    them, is rendered last."""
    dossier = _dossier(documents, config)
    cache = cache or RenderCache()
    per_seed = _documents_per_seed(dossier.documents)
    seeds = {seed: cache.seed_text(seeds_dir, seed) for seed in per_seed}
    pages = Pages(templates_dir, cache.environment(templates_dir), dossier, assets, cache, output)
    outline = cache.outline(pages.site_digest, dossier.documents, {seed: stamp for seed, (stamp, _) in seeds.items()})
    pages.only_keying_pages_naming(cache.edited_documents(outline))
    pages.add(
        "index.html",
        "index.html",
        chart=_chart(dossier, dossier.documents),
        latest=_latest(dossier),
        counts={theme_id: len(listed) for theme_id, listed in dossier.members.items()},
    )
    # The host shows 404.html at whatever address was missing, at any depth: its links start at the root.
    pages.add("404.html", "404.html", links_from_root=True)
    for theme in dossier.themes:
        _theme_pages(pages, dossier, theme)
    _document_pages(pages, dossier, per_seed, seeds)
    _name_pages(pages, dossier)
    _tag_pages(pages, dossier)
    _timeline_pages(pages, dossier)
    _feed(pages, "feed.xml", config.title, dossier.documents)
    _search_page(pages, dossier, search_index())
    pages.add("sitemap.xml", "sitemap.xml", urls=sorted(url for url in pages.urls if url.endswith(".html")))
    cache.finish_build(pages.urls, outline, pages.naming)
    cache.keep_digests_of(documents)
    for path, data in assets.files.items():
        output[path] = data


class Pages:
    """Renders templates into the site's files, each with links relative to its own place."""

    def __init__(
        self,
        templates_dir: Path,
        environment: jinja2.Environment,
        dossier: Dossier,
        assets: Assets,
        cache: RenderCache,
        output: SiteFiles,
    ):
        self.templates_dir = templates_dir
        self.environment = environment
        self.dossier = dossier
        self.assets = assets
        self.cache = cache
        self.output = output
        self.urls: set[str] = set()
        self._template_digests: dict[str, str] = {}
        # id() -> (the value, how it stands in a key, the ids of the documents it names), worked
        # out once a build: a document is in many pages' keys (its own, its neighbours', lists), a
        # name or a source in many more. The value is held, so that its id is not another's while
        # the build lasts.
        self._encoded: dict[int, tuple[object, object, frozenset[str]]] = {}
        # Every page links the stylesheet and scripts, by their hashed names; only the search page
        # links the index, which changes with every edit, so it is a value of that page alone.
        self.site_digest = _digest(
            [repr(dossier.config), [t.id for t in dossier.themes], dossier.colors, sorted(assets.files)]
        )
        # Which pages' keys are worked out: all, or those naming an edited document (only_keying_pages_naming).
        self._keyed: set[str] | None = None
        self.naming: dict[str, set[str]] = {}  # document id -> the urls whose values name it, as keys are worked out
        self._names: set[str] = set()  # the ids of the documents the values being encoded name
        cache.start_build()
        nav = [(theme_url(theme.id), theme.title) for theme in dossier.themes]
        nav += [("timeline.html", "Timeline"), ("names.html", "People & organisations"), ("tags.html", "Tags")]
        self.frame = SiteFrame(dossier.config, dossier.themes, dossier.colors, nav, assets.published)

    def only_keying_pages_naming(self, edited: set[str] | None) -> None:
        """edited: the documents edited since the last build, when nothing else changed
        (RenderCache.edited_documents). The pages that name none of them are then taken as the
        last build made them, their keys not worked out; None: every page's key is."""
        if edited is None:
            return
        self.naming = self.cache.naming  # the pages not keyed name what they named
        self._keyed = set().union(*(self.naming.get(document_id, ()) for document_id in edited))

    def add(
        self,
        url: str,
        template: str,
        links_from_root: bool = False,
        derived: Callable[[], dict] | None = None,
        reads_every_document: bool = False,
        **values,
    ) -> None:
        """Render url from template with values. derived() gives more values that these decide
        (a document's HTML, which its document holds): only called when the page is rendered, and
        not part of its key, so an unchanged document's page is skipped without hashing its HTML.
        reads_every_document: the values come from every document without naming them (the
        search index), so the page is keyed whichever documents were edited.
        A second page at one address (two seeds whose names slug alike) is not made: the first
        stays, whichever way the site is written."""
        if url in self.urls:
            return
        self.urls.add(url)
        cached = self.cache.pages.get(url)
        if cached and self._as_last_built(url, template, cached, reads_every_document):
            self.output[url] = cached.page
            return
        key = self._key(url, template, links_from_root, values) if self.cache.keep else None
        if key and cached and cached.key == key:
            self.output[url] = cached.page
            return
        values |= derived() if derived else {}
        page = render_page(self.environment, self.frame, url, template, links_from_root, values).encode("utf-8")
        self.output[url] = page
        self.cache.rendered.append(url)
        if key:
            self.cache.pages[url] = _CachedPage(key, page, self._template_digest(template))

    def add_each(self, template: str, pages: list[tuple[str, Callable[[], dict], dict]]) -> None:
        """add(url, template, derived=derived, **values) for each (url, derived, values). Many pages
        in a one-off build that worker processes write are rendered there too, derived() called
        there (a partial of a module's function, so that it reaches them), while this process
        renders the rest: the raw views of 10,000 documents' seeds were 3 s of its 9 s of rendering."""
        if self.cache.keep or len(pages) < RENDER_ELSEWHERE_FROM or not self._output_makes_elsewhere():
            for url, derived, values in pages:
                self.add(url, template, derived=derived, **values)
            return
        batch = []
        for url, derived, values in pages:
            if url not in self.urls:
                self.urls.add(url)
                batch.append((url, template, derived, values))
                self.cache.rendered.append(url)
        # The asset names as they are now: the search index's are added later, and a batch is
        # sent whenever a worker is free; every batch must see the same names.
        frame = dataclasses.replace(self.frame, assets=dict(self.frame.assets))
        render = partial(render_pages, self.templates_dir, self._template_digest(template), frame)
        batches = [batch[start : start + RENDER_BATCH] for start in range(0, len(batch), RENDER_BATCH)]
        self.output.make_elsewhere(render, batches)

    def _output_makes_elsewhere(self) -> bool:
        return isinstance(self.output, StagedSite) and self.output.makes_elsewhere

    def _as_last_built(self, url: str, template: str, cached: _CachedPage, reads_every_document: bool) -> bool:
        """Whether a page is as the last build made it without working out its key: it names no
        edited document, when nothing else changed, and its templates are the same."""
        if self._keyed is None or url in self._keyed or reads_every_document:
            return False
        return cached.template == self._template_digest(template)

    def _key(self, url: str, template: str, links_from_root: bool, values: dict) -> str:
        """A hash of all the page is made of; the documents its values name are noted in self.naming."""
        self._names = set()
        encoded = json.dumps(values, default=self._encode, sort_keys=True, ensure_ascii=False)
        for document_id in self._names:
            self.naming.setdefault(document_id, set()).add(url)
        parts = (url, self._template_digest(template), self.site_digest, str(links_from_root), encoded)
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()

    def _encode(self, value: object) -> object:
        """A JSON stand-in for the values pages get: a document by the hash of everything it holds.
        Worked out once a build, with the ids of the documents it names."""
        known = self._encoded.get(id(value))
        if known is None:
            outer, self._names = self._names, set()
            stand_in = self._stand_in(value)
            named = frozenset(self._names | {value.id} if isinstance(value, Document) else self._names)
            known = self._encoded[id(value)] = (value, stand_in, named)
            self._names = outer
        self._names |= known[2]
        return known[1]

    def _stand_in(self, value: object) -> object:
        if isinstance(value, Document):
            # What list pages show of a document, and its own page of itself. Its related
            # documents are a value of its own page alone, and there only which and why: scores
            # shift a little with every edit anywhere (TF-IDF), which would render every page again.
            return self.cache.document_digest(value)
        if dataclasses.is_dataclass(value):
            # A digest, not the fields: a name or a source is in many pages' keys, encoded once.
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            encoded = json.dumps(
                [type(value).__name__, fields], default=self._encode, sort_keys=True, ensure_ascii=False
            )
            return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
        if isinstance(value, (set, frozenset)):
            return sorted(value)
        return repr(value)

    def _template_digest(self, name: str) -> str:
        """A hash of a template and of every template it extends, includes or imports."""
        if name not in self._template_digests:
            self._template_digests[name] = ""  # a template that includes itself ends here
            try:
                source = self.environment.loader.get_source(self.environment, name)[0]
                referenced = self.cache.templates_referenced(self.environment, source)
            except jinja2.TemplateError:
                source, referenced = "", []  # rendering will report it, with the file and line
            parts = [source, *(self._template_digest(other) for other in sorted(filter(None, referenced)))]
            self._template_digests[name] = _digest(parts)
        return self._template_digests[name]


def _digest(value: object) -> str:
    text = json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SiteFrame:
    """What every page has around its own values: the site, its themes and navigation, the
    assets' published names. All a worker process needs, beside the templates, to render pages."""

    config: Config
    themes: list[Theme]
    colors: dict[str, str]
    nav: list[tuple[str, str]]  # (url, title) of each theme, the timeline, names and tags
    assets: dict[str, str]  # name templates use -> name published (Assets.published)


def render_page(
    environment: jinja2.Environment, frame: SiteFrame, url: str, template: str, links_from_root: bool, values: dict
) -> str:
    """One page, with links relative to its own place (links_from_root: from the site's root)."""
    folder = posixpath.dirname(url)  # a page has forty links and more: its folder is found once

    # Kept for the page: a seed's raw view links the same document from each of its lines.
    @functools.cache
    def link(target: str) -> str:
        if links_from_root:
            return posixpath.join(frame.config.base_path, target)
        return relative_url_from(folder, target)

    def asset(name: str) -> str:
        return link(published_name(frame.assets, name))

    context = {
        "site": frame.config,
        "themes": frame.themes,
        "colors": frame.colors,
        "nav": frame.nav,
        "page_url": url,
        "link": link,
        "asset": asset,
        "document_url": document_url,
        "theme_url": theme_url,
        "theme_feed_url": theme_feed_url,
        "entity_url": entity_url,
        "tag_url": tag_url,
        "source_url": source_url,
        **values,
    }
    try:
        return environment.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or template
        raise DossierError(where, f"template error: {error.message}", line=error.lineno) from None
    except jinja2.TemplateError as error:
        where, line = _template_line(error, template)
        raise DossierError(where, f"template error: {error}", line=line) from None


def render_pages(
    templates_dir: Path, templates_digest: str, frame: SiteFrame, pages: list[tuple[str, str, Callable, dict]]
) -> list[tuple[str, bytes]]:
    """Each (url, template, derived, values) rendered with values | derived(): a worker process's
    part of Pages.add_each. templates_digest: of the template and those it uses, whose compiled
    code a worker keeps."""
    key = (templates_dir, templates_digest)
    if key not in _worker_environments:
        _worker_environments[key] = _environment(templates_dir)
    environment = _worker_environments[key]
    return [
        (url, render_page(environment, frame, url, template, False, values | derived()).encode())
        for url, template, derived, values in pages
    ]


# A worker process's templates, compiled once for all the batches it renders in a build.
_worker_environments: dict[tuple[Path, str], jinja2.Environment] = {}


def _template_line(error: Exception, template: str) -> tuple[str, int | None]:
    """Where in which template a rendering error happened: Jinja2 puts the templates' own files
    and lines into the traceback, so the last frame from a template file is the one."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".html", ".xml")) and Path(frame.filename).is_file():
            return frame.filename, frame.lineno
    return template, None


def _dossier(documents: list[Document], config: Config) -> Dossier:
    newest = sorted(documents, key=newest_first)
    themes = list(config.themes)
    members: dict[str, list[Document]] = defaultdict(list)
    for document in newest:
        for membership in document.memberships:
            members[membership.theme].append(document)
        if not document.memberships:
            members[OTHER_THEME].append(document)
    if members[OTHER_THEME]:
        themes.append(Theme(OTHER_THEME, "Other", "Documents that match none of the themes.", ()))

    def centrality(theme_id: str):
        return lambda d: not any(m.theme == theme_id and m.central for m in d.memberships)

    for theme_id, listed in members.items():
        listed.sort(key=centrality(theme_id))  # stable: newest first within central and the rest
    entities: dict[str, list[Document]] = defaultdict(list)
    for document in newest:
        for entity in document.entities:
            entities[entity].append(document)
    chronology = {theme: sorted(listed, key=oldest_first) for theme, listed in members.items()}
    colors = {theme.id: PALETTE[index % len(PALETTE)] for index, theme in enumerate(config.themes)}
    colors[OTHER_THEME] = OTHER_COLOR
    return Dossier(
        config=config,
        documents=newest,
        newest_position={document.id: position for position, document in enumerate(newest)},
        themes=themes,
        members=dict(members),
        chronology=chronology,
        chronology_position={
            theme: {document.id: position for position, document in enumerate(listed)}
            for theme, listed in chronology.items()
        },
        by_id={document.id: document for document in documents},
        colors=colors,
        entities=dict(entities),
        tags=_tags(newest),
    )


def _tags(documents: list[Document]) -> dict[str, list[Document]]:
    """Each tag page's name and documents. Tags that share a page address (#OSCE and #osce, or
    a lookalike in another script) share one page, named by their most used spelling."""
    tagged: dict[str, list[Document]] = defaultdict(list)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for document in documents:
        for tag in document.tags:
            url = tag_url(tag)
            if not tagged[url] or tagged[url][-1] is not document:  # tagged #OSCE and #osce: listed once
                tagged[url].append(document)
            spellings[url][tag] += 1
    named = {spellings[url].most_common(1)[0][0]: listed for url, listed in tagged.items()}
    return dict(sorted(named.items(), key=lambda item: item[0].casefold()))


def _search_page(pages: Pages, dossier: Dossier, index_shards: dict[str, bytes]) -> None:
    pages.assets.add(index_shards)
    years = sorted({d.date[:4] for d in dossier.documents if d.date}, reverse=True)
    shards = [pages.assets.published_name(name) for name in index_shards]
    libraries = list(SEARCH_LIBRARIES)
    pages.add("search.html", "search.html", reads_every_document=True, years=years, libraries=libraries, shards=shards)


def _theme_pages(pages: Pages, dossier: Dossier, theme: Theme) -> None:
    """The theme's documents in pages, central ones first; its intro and chart open the first page
    (later pages stay as small as the list)."""
    listed = dossier.members.get(theme.id, [])
    central_ids = {d.id for d in listed if any(m.theme == theme.id and m.central for m in d.memberships)}
    intro = markdown_to_html(theme.intro)
    chart = _chart(dossier, listed)
    for documents, pager in paginate(listed, dossier.config.per_page, theme_url(theme.id)):
        opening = pager.number == 1
        pages.add(
            pager.url,
            "theme.html",
            theme=theme,
            intro=intro if opening else None,
            chart=chart if opening else None,
            central=[d for d in documents if d.id in central_ids],
            others=[d for d in documents if d.id not in central_ids],
            any_central=bool(central_ids),
            pager=pager,
        )
    _feed(pages, theme_feed_url(theme.id), f"{theme.title} · {dossier.config.title}", listed)


def _feed(pages: Pages, url: str, title: str, documents: list[Document]) -> None:
    """An Atom feed of the newest documents. Its time is the newest document's date, never the
    build's, so two builds of the same dossier are identical."""
    entries = sorted(documents, key=lambda document: pages.dossier.newest_position[document.id])[:FEED_ENTRIES]
    updated = max((d.date for d in documents if d.date), default=FEED_EPOCH)
    pages.add(url, "feed.xml", title=title, entries=entries, self_url=url, updated=updated, epoch=FEED_EPOCH)


def _document_pages(
    pages: Pages, dossier: Dossier, per_seed: dict[str, list[Document]], seeds: dict[str, SeedText]
) -> None:
    """Each seed's raw view, each document's page and its copies' pages. The raw views go first:
    in a large build the workers render them (Pages.add_each) while this process renders the
    documents' pages, whose values would cost more to send them than to render here."""
    raw_views = []
    for seed, documents in per_seed.items():
        stamp, text = seeds[seed]
        if text is not None:
            # Keyed by the seed file's stamp and the documents, not by the view of every line.
            outlines = [pages.cache.listed(document) for document in documents]
            derived = partial(_source_values, seed, text, outlines)
            raw_views.append((source_url(seed), derived, {"seed_file": stamp, "documents": outlines}))
    pages.add_each("source.html", raw_views)
    # A seed gone, unreadable or outside seeds/ has no raw view, and no page links to one.
    viewable = {seed for seed, (_, text) in seeds.items() if text is not None}
    names = {entity.id: entity for entity in dossier.config.entities}
    theme_titles = {theme.id: theme.title for theme in dossier.themes}
    for document in dossier.documents:
        pages.add(
            document_url(document),
            "document.html",
            derived=lambda document=document: {"html": document.html},
            document=document,
            theme_titles=theme_titles,
            names=[names[entity] for entity in document.entities],
            related=[(dossier.by_id[r.id], r.reasons) for r in document.related],
            neighbours=_neighbours(dossier, document, theme_titles),
            photo={"url": document.photo_url, "alt": document.photo.alt} if document.photo_url else None,
            also_published=document.publications[1:],
            raw_views=sorted({copy.source.seed for copy in [document, *document.publications]} & viewable),
            versions=[dossier.by_id[v.id] for v in document.versions],
            version_shares={v.id: f"{round(v.shared * 100)}% of paragraphs shared" for v in document.versions},
        )
        # A copy merged into this document keeps its address: its page leads here.
        for publication in document.publications[1:]:
            pages.add(document_url(publication), "merged.html", document=document, merged=publication)


def _source_values(seed: str, text: str, documents: list[Document]) -> dict:
    return {"source": source_view(seed, text, documents)}


def _name_pages(pages: Pages, dossier: Dossier) -> None:
    named = [entity for entity in dossier.config.entities if entity.id in dossier.entities]
    for entity in named:
        for documents, pager in paginate(dossier.entities[entity.id], dossier.config.per_page, entity_url(entity.id)):
            pages.add(pager.url, "name.html", entity=entity, documents=documents, pager=pager)
    people = [e for e in named if e.kind == "person"]
    organisations = [e for e in named if e.kind == "organisation"]
    counts = {entity.id: len(dossier.entities[entity.id]) for entity in named}
    pages.add("names.html", "names.html", people=people, organisations=organisations, counts=counts)


def _tag_pages(pages: Pages, dossier: Dossier) -> None:
    """Each tag's documents in pages, and the index of tags in pages too: hashtags are not
    curated, so a larger dossier brings more of them."""
    per_page = dossier.config.per_page
    for tag, tagged in dossier.tags.items():
        for documents, pager in paginate(tagged, per_page, tag_url(tag)):
            pages.add(pager.url, "tag.html", tag=tag, documents=documents, pager=pager)
    counts = [(tag, len(tagged)) for tag, tagged in dossier.tags.items()]
    for listed, pager in paginate(counts, per_page, "tags.html"):
        pages.add(pager.url, "tags.html", tags=listed, pager=pager)


def _timeline_pages(pages: Pages, dossier: Dossier) -> None:
    """Every document in pages: the dated ones oldest first under their months, then the
    undated. The chart opens the first page; every page links to where each year begins."""
    dated = [d for d in reversed(dossier.documents) if d.date]
    entries = dated + [d for d in dossier.documents if not d.date]
    paged = paginate(entries, dossier.config.per_page, "timeline.html")
    months = [_months_on_page(entries, documents, pager) for documents, pager in paged]
    # One page needs no jumping to a year: its headings are all in view of a scroll.
    years = _year_links(months, [pager for _, pager in paged]) if len(paged) > 1 else []
    chart = _chart(dossier, dated)
    for (documents, pager), on_page in zip(paged, months, strict=True):
        pages.add(
            pager.url,
            "timeline.html",
            chart=chart if pager.number == 1 else None,
            months=on_page,
            undated=[d for d in documents if not d.date],
            years=years,
            pager=pager,
        )


def _months_on_page(entries: list[Document], documents: list[Document], pager: Pager) -> list[Month]:
    dated = [d for d in documents if d.date]
    before = entries[pager.first - 2] if pager.first > 1 else None
    continued = bool(dated and before and before.date and before.date[:7] == dated[0].date[:7])
    return month_groups(dated, pager.first, continued)


def _year_links(months_per_page: list[list[Month]], pagers: list[Pager]) -> list[tuple[str, str]]:
    """(year, the page and anchor of its first month) for each year, oldest first."""
    years: dict[str, str] = {}
    for months, pager in zip(months_per_page, pagers, strict=True):
        for month in months:
            years.setdefault(month.id[:4], f"{pager.url}#{month.id}")
    return list(years.items())


def _neighbours(dossier: Dossier, document: Document, theme_titles: dict[str, str]) -> list[dict]:
    """Previous and next document in each of the document's themes, in date order."""
    neighbours = []
    for membership in document.memberships or []:
        order = dossier.chronology[membership.theme]
        position = dossier.chronology_position[membership.theme][document.id]
        neighbours.append(
            {
                "theme": membership.theme,
                "title": theme_titles[membership.theme],
                "previous": order[position - 1] if position > 0 else None,
                "next": order[position + 1] if position + 1 < len(order) else None,
            }
        )
    return neighbours


def _documents_per_seed(documents: list[Document]) -> dict[str, list[Document]]:
    """Each seed's documents; a merged document is in the seed of each of its copies, with that
    copy's lines."""
    shown = [document for document in documents if not document.publications]
    shown += [dataclasses.replace(d, source=publication.source) for d in documents for publication in d.publications]
    per_seed: dict[str, list[Document]] = defaultdict(list)
    for document in sorted(shown, key=lambda d: d.source.first_line or 0):
        if document.source.seed:
            per_seed[document.source.seed].append(document)
    return dict(sorted(per_seed.items()))


def _latest(dossier: Dossier) -> dict[str, list[Document]]:
    def newest(documents: list[Document]) -> list[Document]:
        return sorted(documents, key=lambda document: dossier.newest_position[document.id])

    return {theme_id: newest(listed)[:LATEST_PER_THEME] for theme_id, listed in dossier.members.items()}


def _chart(dossier: Dossier, documents: list[Document]):
    titles = {theme.id: theme.title for theme in dossier.themes} | {OTHER_THEME: "Other"}
    return timeline_chart(documents, dossier.colors, titles)


def _environment(templates_dir: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=CompiledTemplates(compiled_templates_folder()),
        # Each build starts with the templates loaded afresh (RenderCache.environment): checking
        # their files' times at every page as well took 33,000 stats at 10,000 documents (0.9 s).
        auto_reload=False,
        autoescape=jinja2.select_autoescape(AUTOESCAPED),
        undefined=jinja2.StrictUndefined,
        **ENVIRONMENT_OPTIONS,
    )
    environment.filters["long_date"] = long_date
    return environment


# Memoized: 10,000 documents' pages show a date 116,000 times, on a few thousand days.
@functools.lru_cache(maxsize=1 << 14)
def long_date(iso: str | None) -> str:
    """'2021-06-18' -> '18 June 2021': unambiguous for readers anywhere."""
    if not iso:
        return "Undated"
    date = datetime.date.fromisoformat(iso)
    return f"{date.day} {date:%B %Y}"


def newest_first(document: Document) -> tuple:
    """Dated documents newest first, then undated ones; ties by title, so disk order never shows."""
    return (document.date is None, _reverse(document.date or ""), document.title.casefold(), document.id)


def oldest_first(document: Document) -> tuple:
    return (document.date is None, document.date or "", document.title.casefold(), document.id)


def _reverse(iso: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in iso)
