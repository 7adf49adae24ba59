"""How a saved page is laid out around its article: its lines and the elements they stand in,
and which parts are the site's (related lists, menus, footers), told by tag, role and name."""

from __future__ import annotations

import trafilatura

from dossier.readers.page_layout import (
    headline_element,
    headline_lines,
    is_site_part,
    is_the_sites,
    naming_words,
    page_blocks,
)

PAGE = """<html><body>
<header class="masthead"><div>Monday, 7 December 2026</div><nav><a href="/">Home</a></nav></header>
<main><div class="story article--with-sidebar">
 <div class="story-meta"><h1>Talks <em>resume</em> in Geneva</h1>
  <aside><time datetime="2026-12-03">3 December 2026</time></aside>
  <div class="story-meta-footer">By Anna Keller</div></div>
 <p>Negotiators returned to the table<br>in Geneva on Thursday.</p>
</div>
<aside class="sidebar"><p>Sponsored</p></aside>
<section class="related-stories"><ul><li>Another story <span>6 December 2026</span></li></ul></section>
</main><footer><p>© 2026 World News Daily</p></footer></body></html>"""


def test_a_pages_lines_stand_in_their_innermost_block() -> None:
    tree = trafilatura.load_html(PAGE)
    blocks = page_blocks(tree)
    assert [block.text for block in blocks] == [
        "Monday, 7 December 2026",
        "Home",
        "Talks resume in Geneva",
        "3 December 2026",
        "By Anna Keller",
        "Negotiators returned to the table",
        "in Geneva on Thursday.",
        "Sponsored",
        "Another story 6 December 2026",
        "© 2026 World News Daily",
    ]
    assert [block.element.tag for block in blocks] == ["div", "nav", "h1", "time", "div", "p", "p", "p", "li", "p"]
    headline = headline_element(tree)
    assert headline_lines(blocks, headline) == [2]
    places = [block.position for block in blocks]
    assert places == sorted(places), "lines in page order"


def test_the_sites_parts_are_told_by_tag_role_and_name_never_the_articles_own() -> None:
    tree = trafilatura.load_html(PAGE)
    headline = headline_element(tree)
    site = {block.text for block in page_blocks(tree) if is_the_sites(block.element, headline)}
    assert site == {"Monday, 7 December 2026", "Home", "Sponsored", "Another story 6 December 2026"}
    # By the headline, an unnamed <aside> and a "footer" are its date and byline; on the page as a
    # whole (what htmldate is given), every <aside> and <footer> is the site's.
    parts = {element.get("class") or element.tag for element in tree.iter() if is_site_part(element, headline)}
    assert {"masthead", "sidebar", "related-stories", "footer", "story-meta-footer", "aside"} <= parts
    assert "story article--with-sidebar" not in parts, "the part that holds the headline is the article's"


def test_a_name_is_read_as_words_and_pairs_of_words_never_parts_of_words() -> None:
    element = trafilatura.load_html(
        "<html><body><div class='article__announce-text mostRead' data-gu-name='standfirst'>x</div></body></html>"
    ).find(".//div")
    words = naming_words(element)
    assert {"article", "announce", "text", "articleannounce", "most", "read", "mostread", "standfirst"} <= words
    leaderboard = trafilatura.load_html("<html><body><div class='leaderboard'>x</div></body></html>").find(".//div")
    assert "lead" not in naming_words(leaderboard)
