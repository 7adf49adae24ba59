"""What a reader sees in a real browser: the built site opened from disk (file://) and over http.

Debian's chromium, driven by Playwright, offline: see tests/browser.py. Screenshots go to tests/screenshots/.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import REPO

if TYPE_CHECKING:
    from tests.browser import PageWatch, Tab

# Fixtures (browser, site_server, site_url over "file" and "http", new_tab, tab) come as a plugin, so this
# module never imports tests.browser itself (pytest could then not rewrite its asserts).
pytest_plugins = ["tests.browser"]

SCREENSHOTS = REPO / "tests" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

LAVROV_TITLE = "Lavrov to depart for Belarus on visit"
LAVROV_PAGE = "documents/lavrov-to-depart-for-belarus-on-visit.html"
LAVROV_SENTENCE = "At a meeting of Sergei Lavrov with Belarusian President Alexander Lukashenko"


def titles(site: Path) -> list[str]:
    return [document["title"] for document in json.loads((site / "dossier.json").read_text("utf-8"))["documents"]]


def document_links(page: Page) -> list[tuple[str, str]]:
    """(text, absolute href) of every link in the home page's main landmark."""
    links = page.get_by_role("main").get_by_role("link")
    return links.evaluate_all("links => links.map(link => [link.textContent.trim(), link.href])")


def assert_no_problems(watch: PageWatch, where: str) -> None:
    assert watch.problems() == [], f"{where}: {watch.problems()}"


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window; 0 or less means no horizontal scrollbar."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_home_page_lists_every_document_as_a_link_in_a_main_landmark(tab: Tab, site_url: str, built_site: Path):
    tab.page.goto(f"{site_url}/index.html")

    main = tab.page.get_by_role("main")
    expect(main).to_have_count(1)
    expect(main.get_by_role("heading", level=1)).to_have_text("Documents")
    expect(tab.page.get_by_role("heading", level=1)).to_have_count(1)
    links = document_links(tab.page)
    assert len(links) == 13
    assert sorted(text for text, _ in links) == sorted(titles(built_site))
    hrefs = [href for _, href in links]
    assert len(set(hrefs)) == 13
    assert all(href.startswith(f"{site_url}/documents/") and href.endswith(".html") for href in hrefs)
    assert_no_problems(tab.watch, "index.html")


def test_clicking_a_document_link_opens_its_page_and_back_returns_home(tab: Tab, site_url: str):
    page = tab.page
    page.goto(f"{site_url}/index.html")

    page.get_by_role("main").get_by_role("link", name=LAVROV_TITLE, exact=True).click()
    expect(page).to_have_url(f"{site_url}/{LAVROV_PAGE}")
    page.wait_for_load_state("load")  # let the stylesheet finish before leaving, or going back aborts it
    expect(page.get_by_role("heading", level=1)).to_have_text(LAVROV_TITLE)
    expect(page).to_have_title(f"{LAVROV_TITLE} · Dossier")
    expect(page.locator("article .body")).to_contain_text(LAVROV_SENTENCE)

    page.go_back(wait_until="load")
    expect(page).to_have_url(f"{site_url}/index.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    assert_no_problems(tab.watch, LAVROV_PAGE)


def test_every_linked_document_page_loads_cleanly_with_its_stylesheet(tab: Tab, site_url: str):
    page = tab.page
    page.goto(f"{site_url}/index.html")
    links = document_links(page)
    assert len(links) == 13
    assert_no_problems(tab.watch, "index.html")

    for title, href in links:
        tab.watch.clear()
        page.goto(href, wait_until="load")
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator("article .body")).not_to_be_empty()
        # Chromium's default is Times New Roman on an 8px margin; style.css sets Georgia/DejaVu Serif and 0.
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        margin = page.evaluate("getComputedStyle(document.body).margin")
        assert "Georgia" in font or "DejaVu Serif" in font, f"{href}: stylesheet not applied, font {font!r}"
        assert margin == "0px", f"{href}: stylesheet not applied, margin {margin!r}"
        assert_no_problems(tab.watch, href)


@pytest.mark.parametrize("width", VIEWPORTS)
def test_pages_fit_the_screen_at_phone_and_desktop_width(new_tab: Callable[..., Tab], site_url: str, width: str):
    mode = urlsplit(site_url).scheme
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = new_tab(viewport=VIEWPORTS[width])
    for name, path in [("home", "index.html"), ("document", LAVROV_PAGE)]:
        tab.page.goto(f"{site_url}/{path}", wait_until="load")
        expect(tab.page.get_by_role("heading", level=1)).to_be_visible()
        shot = SCREENSHOTS / f"{name}-{width}-{mode}.png"
        shot.unlink(missing_ok=True)
        tab.page.screenshot(path=shot, full_page=True)

        assert shot.is_file() and shot.stat().st_size > 0, f"{shot.name} was not written"
        data = shot.read_bytes()
        assert data.startswith(PNG_SIGNATURE), f"{shot.name} is not a PNG"
        png_width, png_height = struct.unpack(">II", data[16:24])
        assert png_width == VIEWPORTS[width]["width"] and png_height > 0, f"{shot.name}: {png_width}x{png_height}"
        assert horizontal_overflow(tab.page) <= 0, f"{path} scrolls sideways at {width} width"
    assert_no_problems(tab.watch, f"{width} width")


def test_requests_to_other_hosts_are_blocked_and_recorded(tab: Tab, site_url: str):
    """The safety net itself: a page that tries to reach another host is stopped, and the attempt is on record."""
    tab.page.goto(f"{site_url}/index.html")
    with tab.page.expect_event("requestfailed"):
        tab.page.evaluate("new Image().src = 'http://example.com/pixel.png'")
    assert tab.watch.offhost_requests == ["http://example.com/pixel.png"]
