"""Where each page lives in site/, and relative links between pages.

Every link is relative and names a file, so one build works at a host's root, under a
sub-path, and opened from disk (file:// shows a bare folder as a listing, not its index).
"""

from __future__ import annotations

import functools
import posixpath
import re

from dossier.ids import short_slug
from dossier.model import Document, Publication


def document_url(document: Document | Publication) -> str:
    return f"documents/{document.id}.html"


def theme_url(theme_id: str) -> str:
    return f"themes/{theme_id}.html"


def theme_feed_url(theme_id: str) -> str:
    return f"themes/{theme_id}.xml"


def entity_url(entity_id: str) -> str:
    return f"names/{entity_id}.html"


@functools.lru_cache(maxsize=1 << 16)  # every page that shows a tag links it: slugs are worked out once
def tag_url(tag: str) -> str:
    return f"tags/{short_slug(tag, 'tag')}.html"


@functools.lru_cache(maxsize=1 << 16)
def source_url(seed: str) -> str:
    """A seed's raw view, in folders as the seed is: seeds a/b.txt and a-b.txt slug alike whole."""
    return f"sources/{'/'.join(short_slug(part, 'seed') for part in seed.split('/'))}.html"


def web_link(address: str) -> str | None:
    """An address a page may link out to: http(s) only (never javascript: or data:), and
    nothing that would end a Markdown link or an attribute early. A backslash is
    percent-encoded: in Markdown it would escape the link's closing bracket."""
    address = address.strip().replace("\\", "%5C")
    return address if _WEB_LINK.fullmatch(address) else None


_WEB_LINK = re.compile(r"https?://[^\s()<>\"`]+", re.IGNORECASE)


def list_page_url(first_page: str, number: int) -> str:
    """Page `number` of a long list whose first page is first_page: themes/osce.html, then
    themes/osce/page/2.html. The first page keeps the address every existing link uses. Later
    pages lie two folders down or deeper and every other page at most one, so none takes
    another's address: tags.html's page 2 (tags/page/2.html) is not the tag "2" (tags/2.html),
    nor page 2 of the tag "page" (tags/page/page/2.html)."""
    if number == 1:
        return first_page
    return f"{first_page.removesuffix('.html')}/page/{number}.html"


def relative_url(from_page: str, to_page: str) -> str:
    """The link from one page to another, both given relative to site/: 'documents/a.html'."""
    return relative_url_from(posixpath.dirname(from_page), to_page)


def relative_url_from(folder: str, to_page: str) -> str:
    """The link to a page from any page in folder ('documents', or '' for the site's root)."""
    target, _, fragment = to_page.partition("#")
    path = _relative_path(folder, target)
    return f"{path}#{fragment}" if fragment else path


@functools.lru_cache(maxsize=1 << 16)
def _relative_path(directory: str, target: str) -> str:
    """posixpath.relpath for paths inside the site, without its trips to the working directory:
    a site of 10,000 pages asks for a few hundred thousand links."""
    start = [part for part in directory.split("/") if part]
    parts = [part for part in target.split("/") if part]
    common = 0
    while common < min(len(start), len(parts)) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."
