"""Every link and reference of the built site resolves by file:// rules, and none leaves it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


class References(HTMLParser):
    """The ids a page defines and the href/src values it refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.references.append(value)


def _parse(path: Path) -> References:
    parser = References()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[Path, References]:
    return {path: _parse(path) for path in sorted(built_site.rglob("*.html"))}


def test_no_link_is_broken_and_none_leaves_the_site(built_site: Path, pages: dict[Path, References]) -> None:
    problems = []
    for page, parsed in pages.items():
        for reference in parsed.references:
            parts = urlsplit(reference)
            where = f"{page.relative_to(built_site)} -> {reference}"
            if parts.scheme or parts.netloc:
                problems.append(f"{where}: reaches another host (or is absolute)")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_relative_to(built_site.resolve()):
                problems.append(f"{where}: points outside the site")
            elif target.is_dir():
                problems.append(f"{where}: names a folder, which file:// shows as a listing")
            elif not target.is_file():
                problems.append(f"{where}: no such file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if parts.fragment not in ids:
                    problems.append(f"{where}: no element with id {parts.fragment!r}")
    assert problems == []


def test_every_page_type_is_built(built_site: Path) -> None:
    for page in [
        "index.html",
        "404.html",
        "timeline.html",
        "names.html",
        "tags.html",
        "themes/osce.html",
        "themes/open-skies.html",
        "themes/russia-belarus.html",
        "names/sergey-lavrov.html",
        "tags/osce.html",
        "sources/003-938382bba7e78ea9-txt.html",
        "feed.xml",
        "themes/osce.xml",
        "sitemap.xml",
    ]:
        assert (built_site / page).is_file(), page


def test_every_paragraph_of_a_document_has_an_anchor(built_site: Path, pages: dict[Path, References]) -> None:
    page = built_site / "documents" / "lavrov-to-depart-for-belarus-on-visit.html"
    text = page.read_text(encoding="utf-8")
    assert text.count('<p id="p') == 8
    assert {f"p{number}" for number in range(1, 9)} <= pages[page].ids
