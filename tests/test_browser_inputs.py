"""What a reader sees of the inputs people hold, in a real browser: a saved page's document runs
none of the page's scripts, and a Telegram post's photo shows on its page."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.conftest import run_build
from tests.exports import message, png, saved_page, write_export

if TYPE_CHECKING:
    from tests.browser import Tab

pytest_plugins = ["tests.browser"]

PAGE_TITLE = "Lavrov holds talks in Minsk"
POST_TITLE = "The delegation at the Forum for Security Co-operation"
PARAGRAPHS = [
    "Foreign Minister Sergey Lavrov held talks in Minsk with his Belarusian counterpart on 19 January. "
    "The ministers discussed the full range of bilateral relations and the Union State.",
    "The sides agreed to coordinate their steps at the OSCE, where the Western countries continue "
    "their confrontational course, and to meet again in Moscow in the spring.",
]


@pytest.fixture(scope="module")
def inputs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from a saved page full of scripts and a Telegram export with a photo."""
    root = tmp_path_factory.mktemp("inputs")
    seeds = root / "seeds"
    seeds.mkdir()
    time = '<time datetime="2023-01-19T10:00:00+03:00">19 January 2023</time>'
    (seeds / "talks.html").write_text(saved_page(PAGE_TITLE, PARAGRAPHS, dated=time), encoding="utf-8")
    post = message(31, f"{POST_TITLE}\nThe delegation met in Vienna.", photo="photos/photo_31@19-01-2023.jpg")
    write_export(seeds / "ChatExport_2023-01-20", [post], photos={"photo_31@19-01-2023.jpg": png(40, 30)})
    result = run_build("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def _url(site: Path, title: str) -> str:
    documents = json.loads((site / "dossier.json").read_text("utf-8"))["documents"]
    return next(document["url"] for document in documents if document["title"] == title)


@pytest.mark.parametrize("mode", ["file", "http"])
def test_a_saved_pages_document_runs_none_of_its_scripts(
    new_tab: Callable[..., Tab], inputs_site: Path, serve_site: Callable[[Path], str], mode: str
) -> None:
    base = inputs_site.as_uri() if mode == "file" else serve_site(inputs_site)
    # The site's own Content-Security-Policy is set aside: nothing of the page may be there to block.
    tab = new_tab(bypass_csp=True)
    page = tab.page
    page.goto(f"{base}/{_url(inputs_site, PAGE_TITLE)}", wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE_TITLE)
    expect(page.locator(".body")).to_contain_text("meet again in Moscow")
    page.locator(".body").hover()
    page.locator(".body").click()
    assert page.evaluate("typeof window.pageScriptRan") == "undefined"
    handlers = "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
    assert [name for name in page.evaluate(handlers) if name.startswith("on")] == []
    assert tab.watch.problems() == []
    page.get_by_role("link", name="talks.html").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Raw source")
    expect(page.locator("table.raw-source")).to_contain_text("Accept all cookies")
    assert page.evaluate("typeof window.pageScriptRan") == "undefined"
    assert tab.watch.problems() == []


@pytest.mark.parametrize("mode", ["file", "http"])
def test_a_posts_photo_shows_on_its_page(
    tab: Tab, inputs_site: Path, serve_site: Callable[[Path], str], mode: str
) -> None:
    base = inputs_site.as_uri() if mode == "file" else serve_site(inputs_site)
    page = tab.page
    page.goto(f"{base}/{_url(inputs_site, POST_TITLE)}", wait_until="load")
    photo = page.get_by_role("img", name=f"Photo published with the post “{POST_TITLE}”")
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.complete && image.naturalWidth") == 40
    assert "/assets/photos/" in photo.evaluate("image => image.src")
    assert tab.watch.problems() == []
