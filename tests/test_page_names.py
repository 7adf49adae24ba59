"""A saved page's headline is the one it shows, named by its metadata; its title loses only the
site's name; its outlet is the site's name, spelled out where the metadata abbreviates it."""

from __future__ import annotations

import pytest
import trafilatura
from hypothesis import given
from hypothesis import strategies as st

from dossier.readers.page_layout import visible_text
from dossier.readers.page_names import (
    metadata_titles,
    page_headline,
    page_outlet,
    page_title,
    site_names,
    without_site_name,
)


def page(head: str, body: str):
    return trafilatura.load_html(f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>")


def headline_and_title(head: str, body: str) -> tuple[str | None, str | None]:
    tree = page(head, body)
    titles, sites = metadata_titles(tree), site_names(tree, None)
    headline = page_headline(tree, titles, sites)
    return (visible_text(headline) if headline is not None else None), page_title(headline, titles, sites)


def test_the_heading_a_metadata_title_names_is_the_headline_whatever_its_level() -> None:
    head = "<meta property='og:title' content='Version 2 is out'><title>Version 2 is out - Dev Blog</title>"
    body = "<h1>Dev Blog News</h1><div class='post'><h3>Version 2 is out</h3><p>Text.</p></div>"
    assert headline_and_title(head, body) == ("Version 2 is out", "Version 2 is out")


def test_a_logo_h1_that_is_the_sites_name_is_never_the_headline() -> None:
    head = (
        "<meta property='og:site_name' content='Ledger.com'>"
        "<title>Ledger | The gig economy is a myth: drivers and apps</title>"
    )
    body = "<header><h1>Ledger</h1></header><h1>The gig economy is a myth: drivers and apps</h1>"
    assert headline_and_title(head, body)[1] == "The gig economy is a myth: drivers and apps"


def test_a_section_after_the_title_is_cut_when_a_heading_shows_the_rest() -> None:
    head = "<meta property='og:title' content='Rooftop gardens spread in Khulna | District'>"
    body = "<div class='headline_section'><h4>Rooftop gardens spread in Khulna</h4></div><p>Text.</p>"
    assert headline_and_title(head, body)[1] == "Rooftop gardens spread in Khulna"


def test_a_heading_that_is_only_the_short_end_of_a_title_is_not_named_by_it() -> None:
    """ "Sport" is the section at the end of the <title>, not the article's headline."""
    head = "<title>Rovers win the cup after extra time in the rain | Sport</title>"
    body = "<h1>Sport</h1><div class='story'><h2>Rovers win the cup after extra time in the rain</h2></div>"
    assert headline_and_title(head, body)[0] == "Rovers win the cup after extra time in the rain"


def test_the_shown_headline_wins_over_a_social_title_when_another_title_names_it() -> None:
    head = (
        "<meta property='og:title' content='The Quiet Revolution of the Gas Lamp'>"
        "<meta name='twitter:title' content='How the Street Lamp Made the Modern City'>"
    )
    body = "<article><h1>How the Street Lamp Made the Modern City</h1></article>"
    assert headline_and_title(head, body)[1] == "How the Street Lamp Made the Modern City"


def test_an_h1_no_title_names_or_resembles_gives_way_to_the_metadata_title() -> None:
    """A blog's name in the page's only <h1>, a post's title only in the metadata."""
    head = "<title>Version 2 is out | Dev Blog</title><meta property='og:site_name' content='Dev Blog'>"
    body = "<h1>Notes from the workshop</h1><p>Text.</p>"
    assert headline_and_title(head, body)[1] == "Version 2 is out"


def test_a_page_with_no_metadata_title_keeps_its_headline_and_one_with_neither_has_none() -> None:
    assert headline_and_title("", "<h1>Talks resume in Geneva</h1>") == (
        "Talks resume in Geneva",
        "Talks resume in Geneva",
    )
    assert headline_and_title("", "<p>Only a paragraph.</p>") == (None, None)


def test_metadata_titles_come_from_meta_tags_json_ld_in_cdata_and_a_title_outside_the_head() -> None:
    head = (
        "<title></title><meta property='og:title' content='Social  title'>"
        "<script type='application/ld+json'>//<![CDATA[\n"
        '{"@type": "NewsArticle", "headline": "The headline"}\n//]]></script>'
    )
    body = "<svg><symbol><title>icon-share</title></symbol></svg><title>The headline - Site</title>"
    assert metadata_titles(page(head, body)) == ["Social title", "The headline", "The headline - Site"]


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        (
            "The sharing economy is a lie: Uber and the truth - Salon.com",
            ["Salon.com"],
            "The sharing economy is a lie: Uber and the truth",
        ),
        ("Palestinians react to the appointment | CBC News", ["CBC"], "Palestinians react to the appointment"),
        ("CBC News - Palestinians react to the appointment", ["CBC"], "Palestinians react to the appointment"),
        ("Министры встретились в Вене: новости, фото", [], "Министры встретились в Вене"),
        ("Brexit: what happens next", ["Daily Courier"], "Brexit: what happens next"),
        ("Minecraft 1.8 - The Bountiful Update", ["Minecraft Update News"], "Minecraft 1.8 - The Bountiful Update"),
        ("Daily Courier", ["Daily Courier"], "Daily Courier"),
    ],
)
def test_only_the_sites_name_and_news_words_leave_a_title_the_rest_as_written(
    title: str, sites: list[str], expected: str
) -> None:
    assert without_site_name(title, sites) == expected


@given(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=3))
def test_a_title_without_the_sites_name_is_a_part_of_it_as_written(title: str, sites: list[str]) -> None:
    shortened = without_site_name(title, sites)
    assert shortened in " ".join(title.split())


def outlet(head: str, body: str = "", title: str = "Port strike ends", url: str | None = None) -> str | None:
    tree = page(head, body)
    return page_outlet(site_names(tree, None), metadata_titles(tree), title, url)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (  # an app's short name, spelled out beside the headline in the <title>
            "<meta property='al:iphone:app_name' content='NHTimes'>"
            "<title>Port strike ends - The New Haven Times</title>",
            "The New Haven Times",
        ),
        (  # the site's name, not the name of who publishes it
            "<meta property='og:site_name' content='Riverside News'><script type='application/ld+json'>"
            '{"@graph": [{"@type": "Article", "headline": "Port strike ends"},'
            ' {"@type": "Organization", "name": "Riverside University"}]}</script>',
            "Riverside News",
        ),
        (  # named plainly: a longer name that shares its words is another name
            "<meta property='og:site_name' content='BBC News'><script type='application/ld+json'>"
            '{"@type": "WebSite", "name": "BBC: World News & Stories"}</script>',
            "BBC News",
        ),
        (
            "<meta property='og:site_name' content='Washington Post'>"
            "<title>Port strike ends - The Washington Post</title>",
            "The Washington Post",
        ),
        ("<meta property='og:site_name' content='the Guardian'>", "The Guardian"),
        ("<meta property='og:site_name' content='iNews'>", "iNews"),
        (
            "<meta property='og:site_name' content='@courier'><meta name='application-name' content='article'>",
            "courier.example",
        ),
    ],
)
def test_the_outlet_is_the_sites_name_written_out(head: str, expected: str) -> None:
    assert outlet(head, url="https://www.courier.example/a/1") == expected


def test_a_title_that_repeats_the_headline_gives_no_outlet_made_of_it() -> None:
    head = (
        "<meta property='og:site_name' content='Fieldcraft Update News'>"
        "<title>Fieldcraft 2.4 - The Harvest Update - Fieldcraft 2.4 - The Harvest Update"
        " - Fieldcraft Update News</title>"
    )
    assert outlet(head, title="Fieldcraft 2.4 - The Harvest Update") == "Fieldcraft Update News"


def test_a_page_that_names_no_site_has_its_hosts_name_or_none() -> None:
    assert outlet("", url="https://www.example.ru/news/1") == "example.ru"
    assert outlet("") is None
