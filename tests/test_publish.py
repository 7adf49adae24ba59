"""Publishing to a static host: netlify.toml's build, headers and 404 page, and the whole site
working in chromium under exactly those headers (its Content-Security-Policy above all)."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dossier.host import NETLIFY_TOML, folder_files, headers_for, host_handler, load_header_rules

if TYPE_CHECKING:
    from tests.browser import Tab

pytest_plugins = ["tests.browser"]

NETLIFY = tomllib.loads(NETLIFY_TOML.read_text(encoding="utf-8"))
RULES = load_header_rules()
PAGE_HEADERS = headers_for(RULES, "/documents/some-document.html")
ASSET_HEADERS = headers_for(RULES, "/assets/style.0123456789.css")
YEAR = 365 * 24 * 3600
# Every page type a reader meets, and a search.
PAGES = [
    "index.html",
    "themes/osce.html",
    "documents/lavrov-to-depart-for-belarus-on-visit.html",
    "sources/003-938382bba7e78ea9-txt.html",
    "names.html",
    "names/sergey-lavrov.html",
    "tags.html",
    "tags/osce.html",
    "timeline.html",
    "search.html?q=open+skies",
]
# Recorded by the page itself: the browser fires this event for everything the CSP blocks.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""


def csp_directives() -> dict[str, list[str]]:
    policy = PAGE_HEADERS["Content-Security-Policy"]
    directives = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def test_netlify_builds_with_the_pinned_dependencies_and_publishes_site() -> None:
    build = NETLIFY["build"]
    assert build["publish"] == "site"
    assert build["command"].startswith("make site")  # .venv, requirements.txt, npm ci, then the build
    assert "build.py check" in build["command"]  # a site that fails the check is never published
    environment = build["environment"]
    assert re.fullmatch(r"3\.\d+", environment["PYTHON_VERSION"])
    assert re.fullmatch(r"\d+", environment["NODE_VERSION"])


def test_the_policy_allows_only_the_site_itself() -> None:
    directives = csp_directives()
    assert directives["default-src"] == ["'none'"]
    for name in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        assert directives[name] == ["'self'"], name
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    every_source = [source for sources in directives.values() for source in sources]
    assert not [source for source in every_source if source not in ("'self'", "'none'")]


def test_every_path_gets_the_security_headers() -> None:
    for path in ("/index.html", "/assets/site.0123456789.js", "/dossier.json", "/no/such/page"):
        headers = headers_for(RULES, path)
        assert "Content-Security-Policy" in headers, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Frame-Options"] == "DENY"
        assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]


def test_fingerprinted_assets_are_cached_a_year_and_pages_are_revalidated() -> None:
    assert ASSET_HEADERS["Cache-Control"] == f"public, max-age={YEAR}, immutable"
    for path in ("/index.html", "/documents/a.html", "/feed.xml", "/dossier.json"):
        cache = headers_for(RULES, path)["Cache-Control"]
        assert "max-age=0" in cache and "immutable" not in cache, path


def test_missing_addresses_get_the_404_page() -> None:
    (redirect,) = NETLIFY["redirects"]
    assert redirect == {"from": "/*", "to": "/404.html", "status": 404}


def open_watched(new_tab: Callable[..., Tab]) -> Tab:
    tab = new_tab()
    tab.page.context.add_init_script(RECORD_CSP_VIOLATIONS)
    return tab


@pytest.mark.parametrize("path", PAGES)
def test_each_page_type_works_under_the_published_headers(
    new_tab: Callable[..., Tab], site_server: str, path: str
) -> None:
    tab = open_watched(new_tab)
    response = tab.page.goto(f"{site_server}/{path}", wait_until="load")
    assert response.status == 200
    assert response.headers["content-security-policy"] == PAGE_HEADERS["Content-Security-Policy"]
    expect(tab.page.locator("h1")).to_be_visible()
    # The stylesheet applied (it sets the page margin to 0), so the CSP let it in.
    assert tab.page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
    if path.startswith("search.html"):
        expect(tab.page.locator("#search-results li").first).to_be_visible()
    assert tab.page.evaluate("window.cspViolations") == []
    assert tab.watch.problems() == []


def test_a_search_typed_in_the_header_box_runs_under_the_csp(new_tab: Callable[..., Tab], site_server: str) -> None:
    tab = open_watched(new_tab)
    tab.page.goto(f"{site_server}/index.html", wait_until="load")
    tab.page.keyboard.press("/")
    tab.page.keyboard.type("Makei")
    tab.page.keyboard.press("Enter")
    expect(tab.page.locator("#search-results a.result-link").first).to_be_visible()
    assert "Makei" in tab.page.locator("#search-results").inner_text()
    assert tab.page.evaluate("window.cspViolations") == []
    assert tab.watch.problems() == []


def test_a_missing_address_shows_the_404_page_styled_at_any_depth(
    new_tab: Callable[..., Tab], site_server: str
) -> None:
    tab = open_watched(new_tab)
    response = tab.page.goto(f"{site_server}/themes/gone/deeper/page.html", wait_until="load")
    assert response.status == 404
    expect(tab.page.locator("h1")).to_have_text("Page not found")
    assert tab.page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
    tab.page.get_by_role("link", name="Go to the home page").click()
    expect(tab.page).to_have_url(f"{site_server}/index.html")
    assert tab.page.evaluate("window.cspViolations") == []
    # The browser reports the 404 itself (a bad response and a console line), and nothing else.
    assert [problem for problem in tab.watch.problems() if "/themes/gone/deeper/page.html" not in problem] == []


def test_the_policy_is_enforced_so_inline_code_would_be_caught(
    new_tab: Callable[..., Tab], built_site: Path, tmp_path: Path
) -> None:
    """The net under the tests above: inline code added to a page is blocked and recorded."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    index = site / "index.html"
    injected = '<script>window.ran = true</script><p style="color: red">x</p>\n</main>'
    index.write_text(index.read_text(encoding="utf-8").replace("</main>", injected), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), host_handler(folder_files(site), RULES))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        tab = open_watched(new_tab)
        tab.page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html", wait_until="load")
        assert tab.page.evaluate("window.ran") is None
        violations = tab.page.evaluate("window.cspViolations")
        assert any(v.startswith("script-src") for v in violations) and any(
            v.startswith("style-src") for v in violations
        )
    finally:
        server.shutdown()
        server.server_close()


def test_a_missing_asset_gets_the_404_page_never_cached_for_a_year(site_server: str) -> None:
    request = urllib.request.Request(f"{site_server}/assets/missing.0123456789.js")
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(request, timeout=10)
    assert missing.value.code == 404
    assert "max-age=0" in missing.value.headers["Cache-Control"]
    assert "Page not found" in missing.value.read().decode("utf-8")
