"""The offline zip: one top folder, unzipped anywhere, read from disk in chromium with the network off."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.conftest import SEEDS, run_build_here

if TYPE_CHECKING:
    from tests.browser import Tab

pytest_plugins = ["tests.browser"]


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zip")
    zip_path = root / "open-skies.zip"
    result = run_build_here("zip", "--seeds", SEEDS, "--content", root / "content", "--out", zip_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Built {zip_path} with 13 documents" in result.stdout
    assert not (root / "site").exists()  # the zip is built on its own; no site/ is written beside it
    return zip_path


def test_the_zip_has_one_top_folder_holding_index_html(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        entries = archive.infolist()
    assert {name.split("/")[0] for name in names} == {"open-skies"}
    assert "open-skies/index.html" in names and "open-skies/search.html" in names
    assert any(name.startswith("open-skies/assets/search/head.") for name in names)
    assert "open-skies/search/documents/0.js" in names
    assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}
    assert not any(name.endswith(".dossier-site") for name in names)


def test_unzipped_anywhere_it_reads_from_disk_with_the_network_off(
    offline_zip: Path, tmp_path: Path, new_tab: Callable[..., Tab]
) -> None:
    unzip_into = tmp_path / "a folder with spaces" / "Dossier copy"
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(unzip_into)
    home = (unzip_into / "open-skies" / "index.html").as_uri()
    tab = new_tab(offline=True)
    page = tab.page

    page.goto(home, wait_until="load")
    expect(page.locator("h1")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Russia–Belarus").click()
    expect(page.locator("h1")).to_have_text("Russia–Belarus")
    page.wait_for_load_state("load")  # leaving a page before its scripts arrive would abort them
    page.get_by_role("main").get_by_role("link", name="Lavrov to depart for Belarus on visit").first.click()
    expect(page.locator("h1")).to_have_text("Lavrov to depart for Belarus on visit")
    assert page.url.endswith("/documents/lavrov-to-depart-for-belarus-on-visit.html")
    page.wait_for_load_state("load")
    page.go_back(wait_until="load")
    page.go_back(wait_until="load")
    expect(page).to_have_url(home)

    page.locator("#site-search").fill("open skies")
    page.keyboard.press("Enter")
    results = page.locator("#search-results a.result-link")
    expect(results.first).to_be_visible()
    assert results.count() >= 3
    expect(page.locator("#search-facets")).to_have_attribute("aria-busy", "false")  # no piece still loading
    results.first.click()
    expect(page.locator("article h1, main h1").first).to_be_visible()
    page.wait_for_load_state("load")
    assert page.url.startswith(unzip_into.as_uri())

    # A phrase, sorted by date, then narrowed by a facet: the pieces of the index load from disk.
    search = (unzip_into / "open-skies" / "search.html").as_uri()
    page.goto(f"{search}?q=%22open+skies%22&sort=newest", wait_until="load")
    expect(page.locator("#search-status")).to_contain_text('match “"open skies"”')
    facet = page.locator("#search-facets li a").first
    facet.click()
    expect(page.locator("#search-facets a[aria-current]")).to_be_visible()
    expect(page.locator("#search-results a.result-link").first).to_be_visible()
    assert tab.watch.problems() == []
