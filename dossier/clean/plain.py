"""Text of no known shape: kept whole as one document, its first line as the title."""

from __future__ import annotations

from dossier.clean.dates import find_full_date
from dossier.clean.headline import drop_chrome
from dossier.clean.lines import Line, block_text, blocks
from dossier.clean.shape import RawDocument, make_document, removals
from dossier.clean.titles import headline_title, is_headline, title_from_text
from dossier.model import Document

NAME = "plain"


def detect(lines: list[Line]) -> float:
    return 0.1


def split(seed: str, lines: list[Line]) -> list[RawDocument]:
    return [RawDocument(seed, lines)]


def clean(raw: RawDocument) -> Document:
    content, chrome = drop_chrome(raw.lines)
    text_lines = [line for line in content if not line.is_blank]
    first = text_lines[0].text if text_lines else ""
    if is_headline(first):
        title, rest = headline_title(first), content[content.index(text_lines[0]) + 1 :]
    else:
        title, rest = title_from_text(first) if first else "Untitled", content
    paragraphs = [block_text(block) for block in blocks(rest)]
    return make_document(raw, NAME, title, paragraphs, find_full_date(first), removals(chrome, "site chrome"))
