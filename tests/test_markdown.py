"""Markdown to HTML and plain text: raw HTML shown as text, an anchor on every block, the
first mention of each tracked name linked once."""

from __future__ import annotations

from dossier.markdown import markdown_to_html, parse_body, plain_text
from dossier.terms import PhraseMatcher

NAMES = PhraseMatcher({"Sergey Lavrov": "sergey-lavrov", "Lavrov": "sergey-lavrov", "OSCE": "osce"})


def _name_page(key: str) -> str:
    return f"../names/{key}.html"


def test_markdown_becomes_html():
    assert markdown_to_html("A *quiet* statement.\n") == "<p>A <em>quiet</em> statement.</p>\n"


def test_raw_html_in_markdown_is_shown_as_text_never_as_markup():
    markdown = "Hi <script>alert(1)</script>\n\n<div onclick=x>block</div>\n"
    assert markdown_to_html(markdown) == (
        "<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;div onclick=x&gt;block&lt;/div&gt;</p>\n"
    )


def test_tables_are_rendered():
    assert markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_plain_text_is_the_paragraphs_a_blank_line_apart_leaving_out_empty_ones():
    assert plain_text(["One.", "", "Two."]) == "One.\n\nTwo."
    assert plain_text([]) == ""


def test_every_block_gets_an_anchor_in_document_order_and_its_text():
    markdown = "# Title\n\nFirst line\nsecond line.\n\n```\ncode here\n```\n\n    indented\n\nLast `x`.\n"
    paragraphs, html = parse_body(markdown, None, _name_page)
    assert paragraphs == ["Title", "First line second line.", "code here", "indented", "Last x."]
    assert html == (
        '<h1 id="p1">Title</h1>\n'
        '<p id="p2">First line\nsecond line.</p>\n'
        '<pre><code id="p3">code here\n</code></pre>\n'
        '<pre id="p4"><code>indented\n</code></pre>\n'
        '<p id="p5">Last <code>x</code>.</p>\n'
    )


def test_in_a_tight_list_each_item_carries_the_anchor():
    paragraphs, html = parse_body("- one\n- two *em*\n", None, _name_page)
    assert paragraphs == ["one", "two em"]
    assert html == '<ul>\n<li id="p1">one</li>\n<li id="p2">two <em>em</em></li>\n</ul>\n'


def test_in_a_loose_list_each_items_paragraph_carries_the_anchor():
    paragraphs, html = parse_body("- one\n\n- two\n", None, _name_page)
    assert paragraphs == ["one", "two"]
    assert html == '<ul>\n<li>\n<p id="p1">one</p>\n</li>\n<li>\n<p id="p2">two</p>\n</li>\n</ul>\n'


def test_a_paragraph_in_a_quote_is_numbered_like_any_other():
    paragraphs, html = parse_body("> quoted\n\nplain\n", None, _name_page)
    assert paragraphs == ["quoted", "plain"]
    assert html == '<blockquote>\n<p id="p1">quoted</p>\n</blockquote>\n<p id="p2">plain</p>\n'


def test_the_first_mention_of_each_name_is_linked_and_no_later_one():
    markdown = "Lavrov spoke. Sergey Lavrov again, at the OSCE.\n\nThe OSCE and Lavrov.\n"
    paragraphs, html = parse_body(markdown, NAMES, _name_page)
    assert paragraphs == ["Lavrov spoke. Sergey Lavrov again, at the OSCE.", "The OSCE and Lavrov."]
    assert html == (
        '<p id="p1"><a href="../names/sergey-lavrov.html" class="mention">Lavrov</a> spoke. '
        'Sergey Lavrov again, at the <a href="../names/osce.html" class="mention">OSCE</a>.</p>\n'
        '<p id="p2">The OSCE and Lavrov.</p>\n'
    )


def test_a_name_inside_an_existing_link_is_not_linked_the_next_mention_is():
    paragraphs, html = parse_body("[Lavrov's page](https://example.org/) then Lavrov.\n", NAMES, _name_page)
    assert paragraphs == ["Lavrov's page then Lavrov."]
    assert html == (
        '<p id="p1"><a href="https://example.org/">Lavrov\'s page</a> then '
        '<a href="../names/sergey-lavrov.html" class="mention">Lavrov</a>.</p>\n'
    )


def test_a_name_in_a_heading_is_a_first_mention_too():
    _, html = parse_body("## Lavrov in Minsk\n\nLavrov said.\n", NAMES, _name_page)
    assert html == (
        '<h2 id="p1"><a href="../names/sergey-lavrov.html" class="mention">Lavrov</a> in Minsk</h2>\n'
        '<p id="p2">Lavrov said.</p>\n'
    )


def test_a_name_in_inline_code_is_not_linked():
    _, html = parse_body("`Lavrov` and Lavrov.\n", NAMES, _name_page)
    assert html == (
        '<p id="p1"><code>Lavrov</code> and <a href="../names/sergey-lavrov.html" class="mention">Lavrov</a>.</p>\n'
    )


def test_without_names_to_find_the_html_only_gains_anchors():
    _, html = parse_body("Lavrov spoke.\n", None, _name_page)
    assert html == '<p id="p1">Lavrov spoke.</p>\n'


def test_an_empty_body_has_no_blocks():
    assert parse_body("", NAMES, _name_page) == ([], "")
