"""A document's own page: its values, by reference, and the lists its template lays out, made
only when the page is rendered.

A dossier of 10,000 documents has 10,000 of these pages, and after an edit a build renders few of
them again; yet it keys them all. Laying out each one's lists and encoding them to key it took
about 0.6 s of every build at 10,000 documents. So a document page holds the documents it shows
by id, with their outlines, and is keyed by what it is made of, as plain values (plain_digest):
the document's outline and its text as named (their digests, each made once), what it holds of
the others (ids, reasons, shares) and the digest of each outline it shows (pages.Outline).
"""

from __future__ import annotations

from dossier.memo import plain_digest
from dossier.model import Document

# (theme id, the document before this one in it, the one after), by id, None at either end.
Neighbours = tuple[tuple[str, str | None, str | None], ...]


def document_page_values(
    document: Document,
    neighbours: Neighbours,
    outlines: dict[str, Document],
    names: dict[str, str],
    theme_titles: dict[str, str],
    viewable: set[str],
) -> tuple[dict, str]:
    """A document page's values, as document_values takes them, and a digest of all they are
    made of. outlines: every document as lists show it (pages.outline), by id; names: each name's
    id -> the name shown; theme_titles: every page's (render.SiteFrame), not keyed here; viewable:
    the seeds that have a raw view."""
    related = [(other, reasons) for other, _, reasons in document.related]
    versions = [(version.id, version.shared) for version in document.versions]
    replied = document.source.reply_to if document.source.reply_to in outlines else None
    shown_ids = [other for other, _ in related] + [other for _, *ends in neighbours for other in ends if other]
    shown_ids += [version for version, _ in versions] + ([replied] if replied else [])
    shown = {other: outlines[other] for other in shown_ids}
    shown_names = [(entity, names[entity]) for entity in document.entities]
    raw_views = sorted({copy.source.seed for copy in [document, *document.publications]} & viewable)
    values = {
        "document": document,
        "theme_titles": theme_titles,
        "names": shown_names,
        "related": related,
        "neighbours": neighbours,
        "versions": versions,
        "replied": replied,
        "raw_views": raw_views,
        "shown": shown,
    }
    # The document whole is its outline (what its files hold, its themes, names and photos) and
    # its text as named; its publications are its copies', which its digest is of.
    shown_digests = [outline.digest for outline in shown.values()]
    references = (related, neighbours, versions, replied, shown_names, raw_views, shown_digests)
    return values, plain_digest((outlines[document.id].digest, document.named, references))


def document_values(
    document: Document,
    theme_titles: dict[str, str],
    names: list[tuple[str, str]],
    related: list[tuple[str, tuple[str, ...]]],
    neighbours: Neighbours,
    versions: list[tuple[str, float]],
    replied: str | None,
    raw_views: list[str],
    shown: dict[str, Document],
) -> dict:
    """What document.html lays out: the document, and each document it shows in outline."""
    return {
        "document": document,
        "theme_titles": theme_titles,
        "names": [{"id": entity, "name": name} for entity, name in names],
        "related": [(shown[other], reasons) for other, reasons in related],
        "neighbours": [
            {
                "theme": theme,
                "title": theme_titles[theme],
                "previous": shown[previous] if previous else None,
                "next": shown[following] if following else None,
            }
            for theme, previous, following in neighbours
        ],
        # photo_urls is empty when no photo could be published, and zip then gives none
        "photos": [
            {"url": url, "alt": photo.alt}
            for photo, url in zip(document.photos, document.photo_urls, strict=False)
            if url
        ],
        "also_published": document.publications[1:],
        "replied": shown[replied] if replied else None,
        "raw_views": raw_views,
        "versions": [shown[version] for version, _ in versions],
        "version_shares": {version: f"{round(shared * 100)}% of the text shared" for version, shared in versions},
    }
