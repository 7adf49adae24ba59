"""Where each page lives in site/, and the relative links between pages at any depth."""

from __future__ import annotations

import pytest

from dossier.model import Document
from dossier.urls import (
    document_url,
    entity_url,
    list_page_url,
    relative_url,
    relative_url_from,
    source_url,
    tag_url,
    theme_feed_url,
    theme_url,
    web_link,
)


def test_each_kind_of_page_has_a_folder_of_its_own():
    assert document_url(Document(id="2022-12-01-statement", title="Statement", body="")) == (
        "documents/2022-12-01-statement.html"
    )
    assert theme_url("osce") == "themes/osce.html"
    assert theme_feed_url("osce") == "themes/osce.xml"
    assert entity_url("sergey-lavrov") == "names/sergey-lavrov.html"


def test_a_tag_is_slugged_into_its_file_name():
    assert tag_url("Open Skies") == "tags/open-skies.html"
    assert tag_url("Союзное государство") == "tags/soiuznoe-gosudarstvo.html"


def test_a_tag_with_no_letters_or_digits_still_gets_a_file_name():
    assert tag_url("!!!") == "tags/tag.html"


def test_a_long_tag_is_cut_and_keeps_a_hash_of_the_whole():
    assert tag_url("x" * 80) == "tags/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-d929cdeea7.html"


def test_a_seeds_raw_view_keeps_the_seeds_folders_each_part_slugged():
    assert source_url("telegram/MID Russia/result.json") == "sources/telegram/mid-russia/result-json.html"
    assert source_url("a/b.txt") == "sources/a/b-txt.html"
    assert source_url("a-b.txt") == "sources/a-b-txt.html"


def test_web_links_are_http_or_https_addresses_trimmed():
    assert web_link("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_link("  http://example.org/  ") == "http://example.org/"
    assert web_link("HTTPS://EXAMPLE.ORG/") == "HTTPS://EXAMPLE.ORG/"


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://example.org/",
        "https://example.org/a b",
        "https://example.org/a)b",
        "https://example.org/a<b",
        'https://example.org/"onmouseover=x',
        "https://example.org/`x`",
        "",
    ],
)
def test_no_web_link_for_other_schemes_or_addresses_that_would_end_a_link_early(address: str):
    assert web_link(address) is None


def test_a_backslash_in_a_web_link_is_percent_encoded():
    assert web_link("https://example.org/a\\b") == "https://example.org/a%5Cb"


def test_the_first_page_of_a_list_keeps_its_address_later_pages_lie_below_it():
    assert list_page_url("themes/osce.html", 1) == "themes/osce.html"
    assert list_page_url("themes/osce.html", 2) == "themes/osce/page/2.html"
    assert list_page_url("timeline.html", 12) == "timeline/page/12.html"


def test_page_two_of_the_tags_list_is_not_the_tag_2_nor_page_2_of_the_tag_page():
    assert list_page_url("tags.html", 2) == "tags/page/2.html"
    assert list_page_url("tags.html", 2) != tag_url("2")
    assert list_page_url(tag_url("page"), 2) == "tags/page/page/2.html"


@pytest.mark.parametrize(
    ("from_page", "to_page", "link"),
    [
        ("index.html", "documents/a.html", "documents/a.html"),
        ("documents/a.html", "documents/b.html", "b.html"),
        ("documents/a.html", "index.html", "../index.html"),
        ("documents/a.html", "themes/osce.html", "../themes/osce.html"),
        ("themes/osce/page/2.html", "themes/osce.html", "../../osce.html"),
        ("themes/osce/page/2.html", "themes/osce/page/3.html", "3.html"),
        ("themes/osce/page/2.html", "index.html", "../../../index.html"),
        ("sources/telegram/mid-russia/result-json.html", "tags/page/2.html", "../../../tags/page/2.html"),
    ],
)
def test_links_between_pages_at_different_depths_are_relative(from_page: str, to_page: str, link: str):
    assert relative_url(from_page, to_page) == link


def test_a_links_fragment_is_kept():
    assert relative_url("themes/osce/page/2.html", "documents/a.html#p3") == "../../../documents/a.html#p3"
    assert relative_url("documents/a.html", "documents/a.html#p2") == "a.html#p2"


def test_links_from_a_folder_are_those_from_any_page_in_it():
    assert relative_url_from("", "tags.html") == "tags.html"
    assert relative_url_from("documents", "index.html") == "../index.html"
    assert relative_url_from("themes/osce/page", "themes/osce/page/3.html") == "3.html"
    assert relative_url_from("documents", "names/sergey-lavrov.html#top") == "../names/sergey-lavrov.html#top"


def test_a_link_to_the_folder_a_page_is_in_is_a_dot():
    assert relative_url_from("documents", "documents") == "."
    assert relative_url_from("", "") == "."
