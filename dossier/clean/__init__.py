"""Cleaning: recognise a seed's source shape from its text, split it, and clean each document.

Each shape is a module of its own (see shape.py for the interface). The shape whose detector
is surest wins; plain text is the fallback that is always a little sure, so no text is lost.
"""

from __future__ import annotations

from dossier.clean import channel, headline, plain, webpage, wire
from dossier.clean.lines import Line, split_lines
from dossier.model import Document, SourceText

# Ties go to the shape listed first: the more specific shapes come first.
SHAPES = (wire, webpage, channel, headline, plain)


def detect_shape(lines: list[Line]):
    """The shape module that best recognises these lines."""
    return max(SHAPES, key=lambda shape: shape.detect(lines))


def clean_source(source: SourceText) -> list[Document]:
    """One seed's text -> its clean documents, in the order they stand in the seed."""
    lines = split_lines(source.text)
    shape = detect_shape(lines)
    documents = [shape.clean(raw) for raw in shape.split(source.seed, lines)]
    if not documents and any(not line.is_blank for line in lines):
        # A shape that found nothing in a text with words (an export of headers only) must not
        # make the text vanish: keep it as plain text.
        documents = [plain.clean(raw) for raw in plain.split(source.seed, lines)]
    return documents


def clean_text(text: str, seed: str = "text") -> list[Document]:
    """Clean a text given directly (tests and tools); the same as cleaning a seed holding it."""
    return clean_source(SourceText(seed=seed, text=text))
