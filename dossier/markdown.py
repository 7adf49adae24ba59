"""Markdown -> HTML and -> plain text, with one parser configured once for the whole build.

Raw HTML in Markdown is off: a curated file or a cleaned seed can never inject markup.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from dossier.terms import PhraseMatcher

_PARSER = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
# The blocks that get an anchor (#p1, #p2, ...), in document order.
_NUMBERED_OPENINGS = ("paragraph_open", "heading_open", "code_block", "fence")


def markdown_to_html(markdown: str) -> str:
    return _PARSER.render(markdown)


def plain_text(paragraphs: list[str]) -> str:
    """The words a reader reads, paragraphs apart: for dossier.json and the search index."""
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def parse_body(
    markdown: str, mentions: PhraseMatcher | None, mention_url: Callable[[str], str]
) -> tuple[list[str], str]:
    """A document's body, parsed once: the text of each numbered block (entry n-1 is #pn), for
    themes, names and search, and its HTML, with an anchor (#p1, #p2, ...) on every block, so a
    search result or a citation can point at one, and the first mention of each tracked person
    or organisation linked to their page."""
    tokens = _PARSER.parse(markdown)
    paragraphs: list[str] = []
    linked: set[str] = set()
    list_item = None
    for token in tokens:
        if token.type == "list_item_open":
            list_item = token
        elif token.type in _NUMBERED_OPENINGS:
            code = token.type in ("code_block", "fence")
            paragraphs.append(token.content.strip() if code else "")
            # A tight list hides its paragraphs; the list item carries the anchor instead.
            (list_item if token.hidden and list_item else token).attrSet("id", f"p{len(paragraphs)}")
        elif token.type == "inline":
            if paragraphs:
                paragraphs[-1] = " ".join(part for part in (paragraphs[-1], _inline_text(token)) if part)
            if mentions:
                token.children = _link_mentions(token.children or [], mentions, mention_url, linked)
    return paragraphs, _PARSER.renderer.render(tokens, _PARSER.options, {})


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _link_mentions(children: list[Token], mentions: PhraseMatcher, url: Callable[[str], str], linked: set[str]):
    result: list[Token] = []
    inside_link = 0
    for child in children:
        inside_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type != "text" or inside_link:
            result.append(child)
            continue
        position = 0
        for start, end, key in mentions.find(child.content):
            if key in linked:
                continue
            linked.add(key)
            result += [
                _text(child.content[position:start]),
                Token("link_open", "a", 1, attrs={"href": url(key), "class": "mention"}),
                _text(child.content[start:end]),
                Token("link_close", "a", -1),
            ]
            position = end
        result.append(_text(child.content[position:]))
    return [token for token in result if token.type != "text" or token.content]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
