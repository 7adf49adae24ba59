"""What a reader sees in a real browser: the built site opened from disk (file://) and over http.

Debian's chromium, driven by Playwright, offline: see tests/browser.py. Screenshots go to tests/screenshots/.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from dossier.config import DEFAULTS
from tests.conftest import REPO, SEEDS, run_build

if TYPE_CHECKING:
    from tests.browser import PageWatch, Tab

# Fixtures (browser, site_server, site_url over "file" and "http", new_tab, tab) come as a plugin, so this
# module never imports tests.browser itself (pytest could then not rewrite its asserts).
pytest_plugins = ["tests.browser"]

SCREENSHOTS = REPO / "tests" / "screenshots"
SEARCH_DONE = re.compile("match|can't be read|did not load")
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


def site_links(page: Page) -> list[str]:
    """Absolute hrefs of every link to an HTML page in the page's main landmark."""
    links = page.get_by_role("main").get_by_role("link")
    hrefs = links.evaluate_all("links => links.map(link => link.href.split('#')[0])")
    return [href for href in hrefs if href.endswith(".html")]


def document_urls(site: Path) -> dict[str, str]:
    """title -> page (relative to site/) of every document, from dossier.json."""
    documents = json.loads((site / "dossier.json").read_text("utf-8"))["documents"]
    return {document["title"]: document["url"] for document in documents}


def test_every_document_is_at_most_two_clicks_from_the_home_page(tab: Tab, site_url: str, built_site: Path):
    page = tab.page
    page.goto(f"{site_url}/index.html")
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    first_click = set(site_links(page))
    reached = set(first_click)
    for href in sorted(first_click):
        page.goto(href, wait_until="load")
        reached |= set(site_links(page))
    wanted = {f"{site_url}/{url}" for url in document_urls(built_site).values()}
    assert wanted <= reached, sorted(wanted - reached)
    assert_no_problems(tab.watch, "two clicks from home")


def test_a_reader_goes_from_home_to_a_theme_to_a_document_and_back(tab: Tab, site_url: str):
    page = tab.page
    page.goto(f"{site_url}/index.html")
    page.get_by_role("main").get_by_role("link", name="Russia–Belarus", exact=True).click()
    expect(page).to_have_url(f"{site_url}/themes/russia-belarus.html")
    page.wait_for_load_state("load")  # let each page's stylesheet and script finish before leaving, or
    # leaving aborts them and the watch records a failed request
    page.get_by_role("main").get_by_role("link", name=LAVROV_TITLE, exact=True).click()
    expect(page).to_have_url(f"{site_url}/{LAVROV_PAGE}")
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(LAVROV_TITLE)
    expect(page.locator("article .body")).to_contain_text(LAVROV_SENTENCE)
    page.go_back(wait_until="load")
    page.go_back(wait_until="load")
    expect(page).to_have_url(f"{site_url}/index.html")
    assert_no_problems(tab.watch, LAVROV_PAGE)


def test_every_document_page_loads_cleanly_with_its_stylesheet(tab: Tab, site_url: str, built_site: Path):
    page = tab.page
    for title, url in document_urls(built_site).items():
        tab.watch.clear()
        page.goto(f"{site_url}/{url}", wait_until="load")
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator("article .body")).not_to_be_empty()
        # Chromium's default is Times New Roman on an 8px margin; style.css sets Georgia/DejaVu Serif and 0.
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        margin = page.evaluate("getComputedStyle(document.body).margin")
        assert "Georgia" in font or "DejaVu Serif" in font, f"{url}: stylesheet not applied, font {font!r}"
        assert margin == "0px", f"{url}: stylesheet not applied, margin {margin!r}"
        assert_no_problems(tab.watch, url)


# From the issue: which seed documents belong to which theme.
EXPECTED_IN_THEME = {
    "open-skies": ["2021-06-18", "2020-06-19"],
    "osce": ["2022-12-01", "2022-03-16"],
    "russia-belarus": ["2021-06-18", "Today, Belarus", "2020-06-19"],
}


@pytest.mark.parametrize("theme", EXPECTED_IN_THEME)
def test_each_theme_page_lists_its_expected_documents(tab: Tab, site_url: str, theme: str):
    tab.page.goto(f"{site_url}/themes/{theme}.html")
    listed = tab.page.get_by_role("main").locator("ul.document-list > li").all_inner_texts()
    dates = (
        tab.page.get_by_role("main")
        .locator("ul.document-list time")
        .evaluate_all("times => times.map(time => time.getAttribute('datetime'))")
    )
    for wanted in EXPECTED_IN_THEME[theme]:
        assert wanted in dates or any(item.startswith(wanted) for item in listed), f"{theme}: {wanted} missing"
    assert_no_problems(tab.watch, theme)


def test_a_document_page_shows_related_documents_and_working_previous_next(tab: Tab, site_url: str):
    page = tab.page
    page.goto(f"{site_url}/documents/2021-06-18-russia-is-prepared-to-provide-firm-support-for-belarus-in-it.html")
    related = page.locator(".related li")
    assert related.count() >= 1
    expect(related.first).to_contain_text("Same themes")
    next_link = page.locator(".neighbours a[rel=next]").first
    title = next_link.inner_text().removeprefix("Next:").strip()
    next_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.wait_for_load_state("load")  # leaving before its stylesheet arrives would abort the request
    page.locator(".neighbours a[rel=prev]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Russia is prepared to provide firm support")
    page.wait_for_load_state("load")
    assert_no_problems(tab.watch, "previous/next")


def test_the_timeline_chart_has_a_bar_for_december_2022(tab: Tab, site_url: str):
    tab.page.goto(f"{site_url}/timeline.html")
    bar = tab.page.locator('svg rect[data-month="2022-12"]')
    expect(bar.first).to_be_visible()
    assert float(bar.first.get_attribute("height")) > 0
    expect(bar.first.locator("title")).to_contain_text("December 2022")
    assert_no_problems(tab.watch, "timeline")


@pytest.mark.parametrize("width", VIEWPORTS)
def test_pages_fit_the_screen_at_phone_and_desktop_width(new_tab: Callable[..., Tab], site_url: str, width: str):
    mode = urlsplit(site_url).scheme
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = new_tab(viewport=VIEWPORTS[width])
    pages = [
        ("home", "index.html"),
        ("theme", "themes/osce.html"),
        ("document", LAVROV_PAGE),
        ("timeline", "timeline.html"),
    ]
    for name, path in pages:
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


def test_requests_to_other_hosts_are_blocked_and_recorded(new_tab: Callable[..., Tab], site_url: str):
    """The safety net itself: a page that tries to reach another host is stopped, and the attempt is on record.
    (Over http the site's CSP would stop it first; bypassing the CSP tests the net on its own.)"""
    tab = new_tab(bypass_csp=True)
    tab.page.goto(f"{site_url}/index.html")
    with tab.page.expect_event("requestfailed"):
        tab.page.evaluate("new Image().src = 'http://example.com/pixel.png'")
    assert tab.watch.offhost_requests == ["http://example.com/pixel.png"]


AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize(
    "path",
    ["index.html", "themes/osce.html", LAVROV_PAGE, "timeline.html", "search.html?q=Makei", "names/sergey-lavrov.html"],
)
def test_axe_finds_no_serious_or_critical_accessibility_violation(
    new_tab: Callable[..., Tab], site_url: str, path: str
):
    tab = new_tab(bypass_csp=True)
    tab.page.goto(f"{site_url}/{path}", wait_until="load")
    assert serious_accessibility_violations(tab.page) == []


def serious_accessibility_violations(page: Page) -> list[str]:
    """axe-core (pinned from npm) run in the page, as accessibility auditors run it (the tab must
    bypass the site's CSP, which rightly refuses scripts the site did not ship)."""
    page.add_script_tag(path=AXE)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {violation['nodes'][0]['target']}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built with two entries a page, so each theme's list and the timeline run to several pages."""
    root = tmp_path_factory.mktemp("paged")
    (root / "content").mkdir()
    themes = (DEFAULTS / "themes.yaml").read_text("utf-8").replace("site:\n", "site:\n  per_page: 2\n", 1)
    (root / "content" / "themes.yaml").write_text(themes, "utf-8")
    result = run_build("build", "--seeds", SEEDS, "--content", root / "content", "--out", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def listed_titles(page: Page) -> list[str]:
    return page.get_by_role("main").locator(".document-list > li > a").all_inner_texts()


@pytest.mark.parametrize("mode", ["file", "http"])
def test_a_reader_pages_through_a_theme_and_back(
    tab: Tab, paged_site: Path, serve_site: Callable[[Path], str], mode: str
):
    site_url = paged_site.as_uri() if mode == "file" else serve_site(paged_site)
    page = tab.page
    pages_of_list = page.get_by_role("navigation", name="Pages of this list")
    page.goto(f"{site_url}/themes/osce.html", wait_until="load")
    expect(page.locator(".pager-status")).to_have_text(re.compile(r"^Page 1 of \d+: documents 1–2 of \d+$"))
    first = listed_titles(page)
    assert len(first) == 2

    pages_of_list.get_by_role("link", name="Next").click()
    expect(page).to_have_url(f"{site_url}/themes/osce/page/2.html")
    page.wait_for_load_state("load")  # leaving before its stylesheet arrives would abort the request
    expect(page.get_by_role("heading", level=1)).to_have_text("OSCE")
    expect(page.locator(".pager-status")).to_have_text(re.compile(r"^Page 2 of \d+: documents 3–4 of \d+$"))
    expect(pages_of_list.locator("[aria-current=page]")).to_have_text("Page 2")
    second = listed_titles(page)
    assert len(second) == 2 and not set(second) & set(first)
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px", "stylesheet not applied on page 2"
    theme_in_menu = page.get_by_role("navigation", name="Main").get_by_role("link", name="OSCE", exact=True)
    expect(theme_in_menu).to_have_attribute("aria-current", "true")

    pages_of_list.get_by_role("link", name="Previous").click()
    expect(page).to_have_url(f"{site_url}/themes/osce.html")
    page.wait_for_load_state("load")
    assert listed_titles(page) == first
    assert_no_problems(tab.watch, "pages of a theme")


@pytest.mark.parametrize("path", ["themes/osce/page/2.html", "timeline/page/3.html", "tags/page/2.html"])
def test_a_later_page_of_a_list_fits_a_phone_and_passes_axe(new_tab: Callable[..., Tab], paged_site: Path, path: str):
    tab = new_tab(viewport=VIEWPORTS["phone"], bypass_csp=True)
    tab.page.goto(f"{paged_site.as_uri()}/{path}", wait_until="load")
    expect(tab.page.get_by_role("navigation", name="Pages of this list")).to_be_visible()
    assert horizontal_overflow(tab.page) <= 0, f"{path} scrolls sideways on a phone"
    assert serious_accessibility_violations(tab.page) == []


def search(tab: Tab, site_url: str, query: str) -> list[str]:
    """Open search.html?q=... as a shared link would, and return the result titles."""
    tab.page.goto(f"{site_url}/search.html?{urlencode({'q': query})}", wait_until="load")
    return results_shown(tab.page)


def results_shown(page: Page) -> list[str]:
    """The result titles, once the page says the search is done (and, when it found any, has
    loaded its facets: leaving a page while a piece loads aborts it, a failed request)."""
    expect(page.locator("#search-status")).to_have_text(SEARCH_DONE)
    if page.locator("#search-results a.result-link").count():
        expect(page.locator("#search-facets")).to_have_attribute("aria-busy", "false")
    return page.locator("#search-results a.result-link").all_inner_texts()


def test_search_for_makei_lists_the_minsk_news_conference(tab: Tab, site_url: str):
    titles_found = search(tab, site_url, "Makei")
    assert any("Vladimir Makei, Minsk, June 19, 2020" in title for title in titles_found)
    expect(tab.page.locator("#search-query")).to_have_value("Makei")
    expect(tab.page.locator("#search-results mark").first).to_be_visible()
    link = tab.page.locator("#search-results a.result-link").first.get_attribute("href")
    assert "#p" in link
    assert_no_problems(tab.watch, "q=Makei")


def test_search_for_open_skies_lists_open_skies_documents_first(tab: Tab, site_url: str, built_site: Path):
    documents = json.loads((built_site / "dossier.json").read_text("utf-8"))["documents"]
    open_skies = {d["title"] for d in documents if any(t["id"] == "open-skies" for t in d["themes"])}
    found = search(tab, site_url, "open skies")
    assert set(found[: len(open_skies)]) == open_skies
    assert_no_problems(tab.watch, "q=open skies")


def test_the_best_results_shown_first_stay_and_the_rest_follow_ten_at_a_time(tab: Tab, site_url: str):
    """The first ten are shown before every match is counted (search-index.js's best()): once
    counted, they are the same ten, not shown twice, and the rest come on request."""
    search(tab, site_url, "russia")
    links = tab.page.locator("#search-results a.result-link")
    matched = int(tab.page.locator("#search-status").inner_text().split()[0])
    assert matched > 10 and links.count() == 10
    tab.page.locator("#search-more").click()
    expect(links).to_have_count(min(matched, 20))
    addresses = [links.nth(n).get_attribute("href") for n in range(links.count())]
    assert len(set(addresses)) == len(addresses)
    assert_no_problems(tab.watch, "q=russia, more")


def test_a_newer_search_is_never_mixed_with_an_older_one_still_loading(tab: Tab, site_server: str):
    """The reader types a new query while the last one's results are still loading: only the
    new one's results and status are shown, whenever the old one's pieces arrive. Over http:
    a request from disk can't be held back."""
    page = tab.page
    held: list[Route] = []
    holding = [True]

    def hold(route: Route) -> None:
        if holding[0]:
            held.append(route)
        else:
            route.continue_()

    page.route("**/search/documents/**", hold)  # the old search's listings wait
    page.goto(f"{site_server}/search.html?{urlencode({'q': 'russia'})}", wait_until="domcontentloaded")
    page.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('Searching')")
    page.wait_for_timeout(200)
    assert held, "the listings of the first search are being loaded"
    holding[0] = False
    page.locator("#search-query").fill("belarus")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'belarus'")
    page.wait_for_timeout(300)  # the new search is under way, waiting too where it shares a listing
    for route in held:
        route.continue_()
    expect(page.locator("#search-status")).to_contain_text("match “belarus”")
    page.wait_for_timeout(300)
    status = page.locator("#search-status").inner_text()
    matched = int(status.split()[0])
    assert status.endswith("match “belarus”.") and page.locator("#search-results > *").count() == min(matched, 10)


def test_search_with_a_wildcard_finds_the_osce_posts(tab: Tab, site_url: str):
    found = search(tab, site_url, "osc*")
    assert any(title.startswith("Statement by the Head of the Delegation") for title in found)
    assert len(found) >= 8
    assert_no_problems(tab.watch, "q=osc*")


def test_search_in_titles_only_returns_title_hits(tab: Tab, site_url: str):
    found = search(tab, site_url, "title:belarus")
    assert found and all("belarus" in title.lower() for title in found)
    assert_no_problems(tab.watch, "q=title:belarus")


def test_a_search_with_no_hits_says_so(tab: Tab, site_url: str):
    assert search(tab, site_url, "zanzibar") == []
    expect(tab.page.locator("#search-status")).to_have_text("No documents match “zanzibar”.")
    assert_no_problems(tab.watch, "q=zanzibar")


@pytest.mark.parametrize("query", ["title:", "~~"])
def test_a_malformed_query_shows_a_message_and_no_console_error(tab: Tab, site_url: str, query: str):
    assert search(tab, site_url, query) == []
    expect(tab.page.locator("#search-status")).to_contain_text("can't be read")
    assert_no_problems(tab.watch, f"q={query}")


def test_slash_focuses_the_search_box_and_arrow_keys_walk_the_results(tab: Tab, site_url: str):
    page = tab.page
    page.goto(f"{site_url}/timeline.html", wait_until="load")
    page.keyboard.press("/")
    expect(page.locator("#site-search")).to_be_focused()
    page.keyboard.type("Lavrov")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=Lavrov")
    assert results_shown(page)
    page.locator("#search-query").focus()
    page.keyboard.press("ArrowDown")
    first = page.locator("#search-results a.result-link").first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#search-results a.result-link").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/documents/**")
    assert_no_problems(tab.watch, "keyboard search")


def test_theme_and_year_filters_narrow_the_results(tab: Tab, site_url: str):
    page = tab.page
    page.goto(
        f"{site_url}/search.html?{urlencode({'q': 'Lavrov', 'theme': 'OSCE', 'year': '2022'})}", wait_until="load"
    )
    results_shown(page)
    found = page.locator("#search-results li .meta").all_inner_texts()
    assert found and all("2022" in meta and "OSCE" in meta for meta in found)
    assert_no_problems(tab.watch, "filters")


def _documents_by_title(built_site: Path) -> dict[str, dict]:
    return {d["title"]: d for d in json.loads((built_site / "dossier.json").read_text("utf-8"))["documents"]}


def test_a_quoted_phrase_finds_its_words_next_to_each_other(tab: Tab, site_url: str, built_site: Path):
    documents = _documents_by_title(built_site)
    phrase = search(tab, site_url, '"open skies"')
    words = search(tab, site_url, "+open +skies")
    assert phrase and set(phrase) <= set(words)
    for title in phrase:
        text = " ".join(re.findall(r"\w+", f"{title} {documents[title]['text']}".lower()))
        assert "open skies" in text, title
    assert search(tab, site_url, '"skies open"') == [], "the words in that order"
    assert_no_problems(tab.watch, "phrase")


def test_facets_count_the_results_and_narrow_them_in_the_address(tab: Tab, site_url: str):
    page = tab.page
    found = search(tab, site_url, "Lavrov")
    facets = page.locator("#search-facets")
    expect(facets.get_by_role("heading", name="Theme")).to_be_visible()
    for heading in ("Year", "Names", "Outlet"):
        expect(facets.get_by_role("heading", name=heading)).to_be_visible()
    theme = facets.locator("section", has=page.get_by_role("heading", name="Theme")).locator("li").first
    name, count = theme.locator("a").inner_text(), int(theme.locator(".count").inner_text())
    assert 0 < count <= len(found)
    theme.locator("a").click()
    page.wait_for_url(re.compile(r"theme="))
    narrowed = results_shown(page)
    assert len(narrowed) == count, "a facet's count is what choosing it shows"
    assert all(name in meta for meta in page.locator("#search-results li .meta").all_inner_texts())
    page.go_back()
    assert len(results_shown(page)) == len(found), "back is the search before"
    assert_no_problems(tab.watch, "facets")


def test_results_sort_by_date_either_way(tab: Tab, site_url: str):
    page = tab.page
    for sort, newest_first in (("newest", True), ("oldest", False)):
        page.goto(f"{site_url}/search.html?{urlencode({'q': 'osc*', 'sort': sort})}", wait_until="load")
        results_shown(page)
        dates = [meta.split(" · ")[0] for meta in page.locator("#search-results li .meta").all_inner_texts()]
        dated = [date for date in dates if date != "Undated"]
        assert len(dated) > 3 and dated == sorted(dated, reverse=newest_first), sort
        assert dates[: len(dated)] == dated, "undated last"
        expect(page.locator("#search-sort")).to_have_value(sort)
    assert_no_problems(tab.watch, "sort")


def test_results_come_as_the_reader_types_and_the_address_follows(tab: Tab, site_url: str):
    page = tab.page
    page.goto(f"{site_url}/search.html", wait_until="load")
    expect(page.locator("#search-query")).to_be_focused()
    page.keyboard.type("Makei")
    page.wait_for_url(re.compile(r"q=Makei"))
    assert any("Makei" in title for title in results_shown(page))
    page.keyboard.type(" Minsk")
    page.wait_for_url(re.compile(r"q=Makei\+Minsk"))
    expect(page.locator("#search-status")).to_contain_text("“Makei Minsk”")
    assert_no_problems(tab.watch, "as you type")


def test_a_result_opens_its_document_with_the_words_marked_and_a_way_to_clear_them(tab: Tab, site_url: str):
    page = tab.page
    search(tab, site_url, "Makei")
    page.locator("#search-results a.result-link").first.click()
    page.wait_for_url(re.compile(r"documents/.*\?q=Makei#p\d+"))
    marks = page.locator("article.document mark.searched")
    expect(marks.first).to_be_visible()
    assert all(text.lower().startswith("make") for text in marks.all_inner_texts())
    page.get_by_role("button", name=re.compile("Clear .* highlight")).click()
    expect(marks).to_have_count(0)
    assert "q=" not in page.url
    assert_no_problems(tab.watch, "highlight on arrival")


def test_no_hits_offers_the_query_one_letter_off(tab: Tab, site_url: str):
    page = tab.page
    assert search(tab, site_url, "Makey") == []
    offer = page.locator("#search-suggestion a")
    expect(offer).to_have_text("“Makey~1”")
    offer.click()
    assert any("Makei" in title for title in results_shown(page))
    assert_no_problems(tab.watch, "typo")


@pytest.mark.parametrize("format", ["csv", "json"])
def test_the_results_download_as_csv_and_json(tab: Tab, site_url: str, format: str):
    page = tab.page
    found = search(tab, site_url, "osc*")
    with page.expect_download() as download:
        page.locator(f"#search-downloads button[data-format={format}]").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8")  # as written: CSV lines end in CRLF
    if format == "json":
        rows = json.loads(text)["results"]
        assert [row["title"] for row in rows] == found
        assert all(row["url"].endswith(".html") and row["themes"] for row in rows)
    else:
        lines = text.strip().split("\r\n")
        assert lines[0] == "title,date,themes,outlet,url" and len(lines) == len(found) + 1
    assert_no_problems(tab.watch, f"download {format}")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_names_page_is_a_small_dossier(new_tab, site_url: str, viewport: str):
    tab = new_tab(viewport=VIEWPORTS[viewport])
    page = tab.page
    page.goto(f"{site_url}/names/sergey-lavrov.html", wait_until="load")
    expect(page.locator("h1")).to_have_text("Sergey Lavrov")
    expect(page.locator(".lead")).to_contain_text("Russia's foreign minister")
    expect(page.get_by_text(re.compile(r"Named in \d+ documents, first on .* and last on"))).to_be_visible()
    expect(page.locator("figure.chart svg rect").first).to_be_visible()
    beside = page.locator("ul.co-named li")
    assert beside.count() >= 5 and all(re.search(r"\d+ documents?$", text) for text in beside.all_inner_texts())
    sentences = page.locator("blockquote.mention-sentence")
    expect(sentences.first).to_be_visible()
    assert all("Lavrov" in text or "Лавров" in text for text in sentences.all_inner_texts())
    assert horizontal_overflow(page) <= 0, "the name's page scrolls sideways"  # axe: test_axe_finds_no_serious...
    in_context = sentences.first.locator("a")
    paragraph = in_context.get_attribute("href").rsplit("#", 1)[1]
    in_context.click()
    page.wait_for_url(re.compile(rf"documents/.*#{paragraph}$"))
    expect(page.locator(f"#{paragraph}")).to_contain_text(re.compile("Lavrov|Лавров"))
    assert_no_problems(tab.watch, f"a name's page ({viewport})")
