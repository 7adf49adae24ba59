"""Markdown -> HTML and -> plain text, with one parser configured once for the whole build.

Raw HTML in Markdown is off: a curated file or a cleaned seed can never inject markup.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def markdown_to_html(markdown: str) -> str:
    return _PARSER.render(markdown)


def markdown_to_text(markdown: str) -> str:
    """The words a reader reads, paragraphs apart: for dossier.json and the search index."""
    paragraphs: list[str] = []
    words: list[str] = []
    for token in _PARSER.parse(markdown):
        if token.type == "inline":
            words.append(_inline_text(token))
        elif token.type in ("paragraph_close", "heading_close", "code_block", "fence") and words:
            paragraphs.append(" ".join(words))
            words = []
        if token.type in ("code_block", "fence"):
            paragraphs.append(token.content.strip())
    if words:
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()
