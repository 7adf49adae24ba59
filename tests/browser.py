"""Browser fixtures: Debian's chromium driven by Playwright, offline, and the built site by file:// and http.

The browser is never downloaded: Playwright launches /usr/bin/chromium. Every request that is not
file:// or to 127.0.0.1 is blocked and recorded, so a test can assert a page never reached another host.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
    expect,
    sync_playwright,
)

from dossier.host import folder_files, host_handler, load_header_rules

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 5_000  # every wait is bounded: navigation, clicks, selectors
LOCAL_HOST = "127.0.0.1"
MODES = ["file", "http"]
DESKTOP = {"width": 1280, "height": 900}

expect.set_options(timeout=TIMEOUT_MS)


@dataclass
class PageWatch:
    """What went wrong while a page was open: console errors, script errors, failed and off-host requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    offhost_requests: list[str] = field(default_factory=list)

    def clear(self) -> None:
        for problems in (
            self.console_errors,
            self.page_errors,
            self.failed_requests,
            self.bad_responses,
            self.offhost_requests,
        ):
            problems.clear()

    def problems(self) -> list[str]:
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"page error: {text}" for text in self.page_errors),
            *(f"failed request: {text}" for text in self.failed_requests),
            *(f"bad response: {text}" for text in self.bad_responses),
            *(f"off-host request: {text}" for text in self.offhost_requests),
        ]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "file" or (parts.scheme in ("http", "https") and parts.hostname == LOCAL_HOST)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless chromium for the session (per xdist worker)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """A built site served over http on a free port of 127.0.0.1, as the host serves it (with
    netlify.toml's headers, so every page runs under the published Content-Security-Policy);
    yields its base URL."""
    handler = host_handler(folder_files(site), load_header_rules())
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """The shared built site over http; yields its base URL."""
    with serving(built_site) as url:
        yield url


@pytest.fixture
def serve_site() -> Iterator[Callable[[Path], str]]:
    """For a test that builds a site of its own: serve_site(site) serves it over http until the
    test ends and returns its base URL."""
    with contextlib.ExitStack() as servers:
        yield lambda site: servers.enter_context(serving(site))


@pytest.fixture(params=MODES)
def site_url(request: pytest.FixtureRequest, built_site: Path) -> str:
    """The base URL of the built site, opened from disk ("file") or over http ("http"); no trailing slash."""
    if request.param == "file":
        return built_site.as_uri()
    return request.getfixturevalue("site_server")


def open_context(browser: Browser, watch: PageWatch, **options: object) -> BrowserContext:
    """A fresh context whose pages may reach only file:// and 127.0.0.1; anything else is recorded and aborted."""
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)

    def guard(route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            watch.offhost_requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    return context


def watch_page(page: Page, watch: PageWatch) -> Page:
    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_failed(request: Request) -> None:
        watch.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            watch.bad_responses.append(f"{response.url}: HTTP {response.status}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    return page


@dataclass
class Tab:
    page: Page
    watch: PageWatch


@pytest.fixture
def new_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """Make watched pages, each in its own guarded context (new_tab(viewport={...}, other context
    options)); all closed at teardown."""
    contexts: list[BrowserContext] = []

    def make(viewport: dict[str, int] = DESKTOP, **options: object) -> Tab:
        watch = PageWatch()
        context = open_context(browser, watch, viewport=viewport, **options)
        contexts.append(context)
        return Tab(watch_page(context.new_page(), watch), watch)

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def tab(new_tab: Callable[..., Tab]) -> Tab:
    """A watched page at desktop width."""
    return new_tab()
