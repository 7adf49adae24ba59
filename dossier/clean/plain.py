"""Text of no known shape: kept whole as one document, its first line as the title.

It is cleaned as a headline article would be (see headline.py), so that a document cleaned
once reads the same when cleaned again; only recognising it differs.
"""

from __future__ import annotations

from dossier.clean.headline import clean_article
from dossier.clean.lines import Line
from dossier.clean.shape import RawDocument, whole_text
from dossier.model import Document

NAME = "plain"


def detect(lines: list[Line]) -> float:
    return 0.1


split = whole_text


def clean(raw: RawDocument) -> Document:
    return clean_article(raw, NAME)
