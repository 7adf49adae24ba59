"""Titles: a source's own headline where it has one, else a short one made from its text."""

from __future__ import annotations

import re

from dossier.clean.lines import strip_leading_symbols

# A line longer than this is a paragraph, not a headline, whatever its position.
HEADLINE_LIMIT = 250
# A title made from text stays short enough to read in a list of results.
MADE_TITLE_LIMIT = 110
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»']?\s+(?=[\"“«(]?[A-ZА-ЯЁ0-9])")
UNTITLED = "Untitled"
_CLAUSE_BREAKS = (", ", "; ", ": ", " (", " – ", " — ", " - ")


def is_headline(line: str) -> bool:
    """Short enough to stand as a title and not just punctuation or a hashtag."""
    text = strip_leading_symbols(line)
    return 0 < len(text) <= HEADLINE_LIMIT and any(char.isalnum() for char in text)


def headline_title(line: str) -> str:
    """A source's own headline, without leading emoji and trailing full stop."""
    return _without_full_stop(strip_leading_symbols(line))


def title_from_text(text: str) -> str:
    """A readable title from the opening of a text that has no headline."""
    sentence = first_sentence(strip_leading_symbols(text))
    title = _without_full_stop(sentence) if len(sentence) <= MADE_TITLE_LIMIT else shorten(sentence, MADE_TITLE_LIMIT)
    # A title must read as one when the text is cleaned again; "(" or "…" alone would not.
    return title if is_headline(title) else UNTITLED


def first_sentence(text: str) -> str:
    first_line = text.strip().split("\n", 1)[0]
    return _SENTENCE_END.split(first_line, maxsplit=1)[0].strip()


def shorten(text: str, limit: int) -> str:
    """Cut at the last clause break that keeps most of the text, else at a word; mark the cut."""
    window = text[: limit + 1]
    clause_end = max(window.rfind(mark) for mark in _CLAUSE_BREAKS)
    if clause_end >= limit * 0.6:
        cut = window[:clause_end]
    else:
        cut = window.rsplit(" ", 1)[0] if " " in window.strip() else window[:limit]
    return cut.rstrip(" ,;:-–—(") + "…"


def _without_full_stop(text: str) -> str:
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text
