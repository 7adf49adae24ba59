"""A page's JSON-LD read as the objects it describes, whatever way it lists them."""

from __future__ import annotations

import pytest

from dossier.readers.page_json_ld import is_article, is_publisher, is_website, json_ld_objects


@pytest.mark.parametrize(
    "text",
    [
        '{"@type": "NewsArticle", "headline": "Talks"}',
        '[{"@type": "NewsArticle", "headline": "Talks"}]',
        '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "headline": "Talks"}]}',
        '<![CDATA[\n[{"@type": "NewsArticle", "headline": "Talks"}]\n]]>',
        '//<![CDATA[\n{"@type": "NewsArticle", "headline": "Talks"}\n//]]>',
    ],
)
def test_an_article_is_found_at_the_top_in_a_list_in_a_graph_or_behind_cdata(text: str) -> None:
    articles = [item for item in json_ld_objects(text) if is_article(item)]
    assert [article["headline"] for article in articles] == ["Talks"]


def test_json_ld_that_does_not_parse_describes_nothing() -> None:
    assert json_ld_objects('{"@type": "NewsArticle", "headline": {{ title }}}') == []
    assert json_ld_objects("42") == []


def test_the_site_and_its_publisher_are_told_apart_by_type() -> None:
    items = json_ld_objects(
        '{"@graph": [{"@type": "WebSite", "name": "Riverside News"},'
        ' {"@type": ["Organization", "EducationalOrganization"], "name": "Riverside University"},'
        ' {"@type": "WebPage", "name": "Five ways to sleep better | Riverside News"}]}'
    )
    assert [item["name"] for item in items if is_website(item)] == ["Riverside News"]
    assert [item["name"] for item in items if is_publisher(item)] == ["Riverside University"]
    assert [item["name"] for item in items if is_article(item)] == ["Five ways to sleep better | Riverside News"]
