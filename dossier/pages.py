"""The site's pages: documents and config -> every page, as a Page (url, template, values).

Here the site's decisions are made (what each list holds, in which order, what a page links);
templates only lay out the values they are given, and render.py turns each Page into bytes.
Lists show documents in outline (no body, no HTML): a page of 50 of them need not carry, nor
be keyed by, their text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from dossier.config import OTHER, Config, Entity, Theme
from dossier.document_page import Neighbours, document_page_values, document_values
from dossier.markdown import markdown_to_html
from dossier.memo import Keyed, plain_digest
from dossier.model import Document, DossierError, Mention
from dossier.pagination import paginate
from dossier.raw_source import source_values
from dossier.timeline import months_on_page, newest_first, oldest_first, timeline_chart, year_links
from dossier.urls import document_url, entity_url, source_url, tag_url, theme_feed_url, theme_url

# Colours that keep 3:1 contrast on the light and the dark background alike.
PALETTE = ("#2f6db5", "#c4561d", "#21866b", "#8a5cc2", "#c2407e", "#7d8a1f", "#b38600")
OTHER_COLOR = "#7b828c"
LATEST_PER_THEME = 3
FEED_ENTRIES = 50
FEED_EPOCH = "2000-01-01"  # the time Atom requires of an undated entry
SEARCH_PAGE = "search.html"
PLACES_PAGE = "places.html"
# The names most often named beside one, on its page.
CO_NAMED_SHOWN = 12


@dataclass(frozen=True)
class Page:
    """One file of the site: its address, its template and the values the template lays out.
    view, when set, is a module's function that makes the template's values of these when the
    page is rendered (a seed's raw view, line by line): the page is keyed by what it is made of.
    A Keyed value is keyed by its memo key, and laid out as its value."""

    url: str
    template: str
    values: dict
    links_from_root: bool = False  # 404.html, shown at any depth: its links start at the root
    view: Callable[..., dict] | None = None
    # A digest of all the values are made of, joined as they were laid out, where that is quicker
    # than encoding them (a document's page: document_page.py). None: they are encoded.
    made_of: str | None = None


@dataclass
class Dossier:
    """Everything a page may need, worked out once for the whole site."""

    config: Config
    documents: list[Document]  # newest first
    outlines: dict[str, Document]  # document id -> the document as lists show it (outline())
    newest_position: dict[str, int]  # document id -> its place in documents: sorts any list newest first
    themes: list[Theme]  # in config order, then OTHER when any document has no theme
    members: dict[str, list[Document]]  # theme id -> documents, central first, then newest
    chronology: dict[str, list[Document]]  # theme id -> documents oldest first, for previous/next
    chronology_position: dict[str, dict[str, int]]  # theme id -> document id -> its place in chronology
    by_id: dict[str, Document]
    colors: dict[str, str]
    entities: dict[str, list[Document]]  # entity id -> documents that name it, newest first
    mentions: dict[str, dict[str, Mention]]  # entity id -> document id -> its first mention in the text
    tags: dict[str, list[Document]]


class SitePages:
    """The pages, in the order they are made. A second page at one address (two seeds whose
    names slug alike, A.txt and a.txt; two tags) is not made: the first stays, and the two are
    named in `collisions`, for the build to report."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.pages: dict[str, Page] = {}
        self.collisions: list[DossierError] = []

    def add(self, url: str, template: str, links_from_root: bool = False, view=None, made_of=None, **values) -> None:
        if url not in self.pages:
            self.pages[url] = Page(url, template, values, links_from_root, view, made_of)
        elif (first := _made_of(self.pages[url])) != (second := _made_of(Page(url, template, values))):
            message = f"{first} and {second} come out at one address; {first} is shown there: rename one"
            self.collisions.append(DossierError(url, message))


def _made_of(page: Page) -> str:
    """What a page shows, in a curator's words: the seed, tag or name it is made of."""
    for key, what in (("seed", "seed"), ("tag", "tag"), ("entity", "name")):
        if key in page.values:
            value = page.values[key]
            return f"{what} {getattr(value, 'name', value)!r}"
    return f"the page {page.template}"


def site_pages(
    documents: list[Document], config: Config, seed_texts: dict[str, Keyed | None]
) -> tuple[list[Page], list[DossierError]]:
    """Every page of the site but the search page (search_page), which waits for its index, and
    the addresses two pages came out at. seed_texts: each seed's text as its raw view shows it,
    with its memo key (None: no raw view)."""
    dossier = _dossier(documents, config)
    pages = SitePages(dossier)
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
    _document_pages(pages, dossier, seed_texts)
    _name_pages(pages, dossier)
    _tag_pages(pages, dossier)
    _timeline_pages(pages, dossier)
    _feed(pages, "feed.xml", config.title, dossier.documents)
    listed = [url for url in [*pages.pages, SEARCH_PAGE] if url.endswith(".html")]
    pages.add("sitemap.xml", "sitemap.xml", urls=sorted(listed))
    return list(pages.pages.values()), pages.collisions


def search_page(documents: list[Document], libraries: list[str], index_head: str) -> Page:
    """The search page: the scripts it loads (lunr.js and its languages, the index's head, which
    names the rest of its pieces) and the years its filter offers."""
    years = sorted({d.date[:4] for d in documents if d.date}, reverse=True)
    return Page(SEARCH_PAGE, "search.html", {"years": years, "libraries": libraries, "index_head": index_head})


def shown_themes(documents: list[Document], config: Config) -> list[Theme]:
    """The themes in config order, then OTHER when any document has none."""
    return [*config.themes, OTHER] if any(not document.memberships for document in documents) else list(config.themes)


def theme_colors(config: Config) -> dict[str, str]:
    colors = {theme.id: PALETTE[index % len(PALETTE)] for index, theme in enumerate(config.themes)}
    return colors | {OTHER.id: OTHER_COLOR}


class Outline(Document):
    """A document as lists and a seed's raw view show it: what it is, where from, where listed,
    but not its text and HTML, nor its own links to others. Its digest is of what it shows: the
    document's, and what the build found that lists show (its themes, names and photos). Pages
    are keyed by the outlines they show, thousands of them: it is worked out once, here."""


def outline(document: Document) -> Outline:
    listed = object.__new__(Outline)
    listed.__dict__.update(document.__dict__)
    listed.__dict__.update(body="", text="", paragraphs=(), html="", related=(), publications=(), versions=())
    listed.__dict__.update(mentions=(), named="", digest=listed_digest(document))
    return listed


def listed_digest(document: Document) -> str:
    """A digest of what a list shows of a document: what its files hold (its digest), and what
    the build found in it that lists show (its themes, names and photos)."""
    memberships = [(m.theme, m.score, m.central, m.by_hand) for m in document.memberships]
    return plain_digest((document.digest, memberships, document.entities, document.photo_urls))


def _dossier(documents: list[Document], config: Config) -> Dossier:
    """The dossier as pages list it: every list holds documents in outline."""
    outlines = {document.id: outline(document) for document in documents}
    newest = [outlines[d.id] for d in newest_first(documents)]
    themes = shown_themes(documents, config)
    # Each theme's central documents, then the rest, each newest first (a document is a member once).
    central: dict[str, list[Document]] = defaultdict(list)
    rest: dict[str, list[Document]] = defaultdict(list)
    first_met: dict[str, None] = {}  # the themes in the order their newest document is met
    for document in newest:
        for membership in document.memberships:
            (central if membership.central else rest)[membership.theme].append(document)
            first_met[membership.theme] = None
        if not document.memberships:
            rest[OTHER.id].append(document)
            first_met[OTHER.id] = None
    members = {theme: central.get(theme, []) + rest.get(theme, []) for theme in first_met}
    entities: dict[str, list[Document]] = defaultdict(list)
    for document in newest:
        for entity in document.entities:
            entities[entity].append(document)
    mentions: dict[str, dict[str, Mention]] = defaultdict(dict)
    for document in documents:
        for mention in document.mentions:
            mentions[mention.entity][document.id] = mention
    chronology = {theme: sorted(listed, key=oldest_first) for theme, listed in members.items()}
    colors = theme_colors(config)
    return Dossier(
        config=config,
        documents=newest,
        outlines=outlines,
        newest_position={document.id: position for position, document in enumerate(newest)},
        mentions=dict(mentions),
        themes=themes,
        members=members,
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


def _theme_pages(pages: SitePages, dossier: Dossier, theme: Theme) -> None:
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


def _feed(pages: SitePages, url: str, title: str, documents: list[Document]) -> None:
    """An Atom feed of the newest documents. Its time is the newest document's date, never the
    build's, so two builds of the same dossier are identical."""
    newest = sorted(documents, key=lambda document: pages.dossier.newest_position[document.id])[:FEED_ENTRIES]
    entries = [pages.dossier.by_id[document.id] for document in newest]  # an entry holds the text
    updated = max((d.date for d in documents if d.date), default=FEED_EPOCH)
    pages.add(url, "feed.xml", title=title, entries=entries, self_url=url, updated=updated, epoch=FEED_EPOCH)


def _document_pages(pages: SitePages, dossier: Dossier, seed_texts: dict[str, Keyed | None]) -> None:
    """Each seed's raw view, each document's page and its copies' pages."""
    for seed, documents in _documents_per_seed(dossier).items():
        text = seed_texts.get(seed)
        if text is not None:
            pages.add(source_url(seed), "source.html", view=source_values, seed=seed, text=text, documents=documents)
    # A seed gone, unreadable or outside seeds/ has no raw view, and no page links to one.
    viewable = {seed for seed, text in seed_texts.items() if text is not None}
    names = {entity.id: entity.name for entity in dossier.config.entities}
    theme_titles = {theme.id: theme.title for theme in dossier.themes}
    outlines = dossier.outlines
    for document in (dossier.by_id[listed.id] for listed in dossier.documents):
        neighbours = _neighbours(dossier, document)
        values, made_of = document_page_values(document, neighbours, outlines, names, theme_titles, viewable)
        pages.add(document_url(document), "document.html", view=document_values, made_of=made_of, **values)
        # A copy merged into this document keeps its address: its page leads here.
        for publication in document.publications[1:]:
            pages.add(document_url(publication), "merged.html", document=outlines[document.id], merged=publication)


def _name_pages(pages: SitePages, dossier: Dossier) -> None:
    """A page for each name as a small dossier: its documents over time, the names most often
    named beside it, where it was first and last named, and each document's first mention of
    it, in its sentence; and the indexes of people and organisations, and of places. The chart
    and the names beside it open the first page; later pages stay as small as their list."""
    named = [entity for entity in dossier.config.entities if entity.id in dossier.entities]
    by_id = {entity.id: entity for entity in named}
    for entity in named:
        documents = dossier.entities[entity.id]
        alongside = Counter(other for document in documents for other in document.entities if other != entity.id)
        dated = [document for document in documents if document.date]  # newest first
        about = {
            "entity": entity,
            "chart": _chart(dossier, documents),
            "co_named": [(_shown_name(by_id[other]), count) for other, count in alongside.most_common(CO_NAMED_SHOWN)],
            "first": dated[-1] if dated else None,
            "last": dated[0] if dated else None,
            "mentions": dossier.mentions.get(entity.id, {}),
        }
        for listed, pager in paginate(documents, dossier.config.per_page, entity_url(entity.id)):
            page_mentions = {d.id: about["mentions"][d.id] for d in listed if d.id in about["mentions"]}
            opening = {} if pager.number == 1 else {"chart": None, "co_named": []}
            pages.add(
                pager.url, "name.html", documents=listed, pager=pager, **(about | opening | {"mentions": page_mentions})
            )
    people = [e for e in named if e.kind == "person"]
    organisations = [e for e in named if e.kind == "organisation"]
    counts = {entity.id: len(dossier.entities[entity.id]) for entity in named}
    pages.add("names.html", "names.html", people=people, organisations=organisations, counts=counts)
    places = [e for e in named if e.kind == "place"]
    pages.add(PLACES_PAGE, "places.html", places=places, counts=counts)


def _shown_name(entity: Entity) -> dict[str, str]:
    """A name as a list of names shows it, with a link: a page is keyed by what it shows, so that
    a name's new forms or description render its own page again, not every page naming it."""
    return {"id": entity.id, "name": entity.name}


def _tag_pages(pages: SitePages, dossier: Dossier) -> None:
    """Each tag's documents in pages, and the index of tags in pages too: hashtags are not
    curated, so a larger dossier brings more of them."""
    per_page = dossier.config.per_page
    for tag, tagged in dossier.tags.items():
        for documents, pager in paginate(tagged, per_page, tag_url(tag)):
            pages.add(pager.url, "tag.html", tag=tag, documents=documents, pager=pager)
    counts = [(tag, len(tagged)) for tag, tagged in dossier.tags.items()]
    for listed, pager in paginate(counts, per_page, "tags.html"):
        pages.add(pager.url, "tags.html", tags=listed, pager=pager)


def _timeline_pages(pages: SitePages, dossier: Dossier) -> None:
    """Every document in pages: the dated ones oldest first under their months, then the
    undated. The chart opens the first page; every page links to where each year begins."""
    dated = [d for d in reversed(dossier.documents) if d.date]
    entries = dated + [d for d in dossier.documents if not d.date]
    paged = paginate(entries, dossier.config.per_page, "timeline.html")
    months = [months_on_page(entries, documents, pager) for documents, pager in paged]
    # One page needs no jumping to a year: its headings are all in view of a scroll.
    years = year_links(months, [pager for _, pager in paged]) if len(paged) > 1 else []
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


def _neighbours(dossier: Dossier, document: Document) -> Neighbours:
    """The documents before and after this one in each of its themes, in date order, by id."""
    neighbours = []
    for membership in document.memberships:
        order = dossier.chronology[membership.theme]
        position = dossier.chronology_position[membership.theme][document.id]
        previous = order[position - 1].id if position > 0 else None
        following = order[position + 1].id if position + 1 < len(order) else None
        neighbours.append((membership.theme, previous, following))
    return tuple(neighbours)


def _documents_per_seed(dossier: Dossier) -> dict[str, list[Document]]:
    """Each seed's documents, in outline; a merged document is in the seed of each of its copies,
    with that copy's lines."""
    per_seed: dict[str, list[Document]] = defaultdict(list)
    merged = []
    for listed in dossier.documents:
        if (document := dossier.by_id[listed.id]).publications:
            merged.append(document)
        elif listed.source.seed:  # most have none: a dossier of content written by hand
            per_seed[listed.source.seed].append(listed)
    for document in merged:
        for copy in document.publications:
            if copy.source.seed:
                per_seed[copy.source.seed].append(outline(document.replaced(source=copy.source)))
    return {seed: sorted(listed, key=_first_line) for seed, listed in sorted(per_seed.items())}


def _first_line(document: Document) -> int:
    return document.source.first_line or 0


def _latest(dossier: Dossier) -> dict[str, list[Document]]:
    def newest(documents: list[Document]) -> list[Document]:
        return sorted(documents, key=lambda document: dossier.newest_position[document.id])

    return {theme_id: newest(listed)[:LATEST_PER_THEME] for theme_id, listed in dossier.members.items()}


def _chart(dossier: Dossier, documents: list[Document]):
    titles = {theme.id: theme.title for theme in [*dossier.themes, OTHER]}
    return timeline_chart(documents, dossier.colors, titles)
