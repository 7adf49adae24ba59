"""Headline articles: a headline, perhaps site chrome above it, a standfirst and a dateline.

All news                                  <- site chrome
Lavrov to depart for Belarus on visit     <- the headline
The main program of the visit is ...      <- standfirst (kept as the lead)
MOSCOW, August 14 (Itar-Tass) — Russian Foreign Minister ...   <- dateline, then the story
"""

from __future__ import annotations

import re

from dossier.clean.dates import MONTH_NAME, find_full_date
from dossier.clean.lines import Line, block_text, blocks
from dossier.clean.shape import RawDocument, drop_noise_lines, make_document, removals, whole_text
from dossier.clean.titles import UNTITLED, headline_title, is_headline, title_from_text
from dossier.model import Document

NAME = "headline"

# Navigation that news sites put above a headline and that copying a page brings along.
CHROME = re.compile(
    r"^(all news|news|latest news|home|main|menu|share|print|back|search|subscribe|"
    r"все новости|новости|главная|поделиться|печать|назад)$",
    re.IGNORECASE,
)
# "MOSCOW, August 14 (Itar-Tass) — " / "MINSK, July 3, 2021 (BelTA) - "
DATELINE = re.compile(
    rf"^(?P<place>[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё .'’-]{{1,40}}),\s+(?P<when>{MONTH_NAME}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{MONTH_NAME}(?:\s+\d{{4}})?)\s*(?:\((?P<outlet>[^)\n]{{2,40}})\))?\s*[—–-]{{1,2}}\s*",
    re.IGNORECASE,
)
# The dateline opens the first or the second paragraph (after a standfirst).
_DATELINE_BLOCKS = 2


def detect(lines: list[Line]) -> float:
    content = drop_chrome(lines)[0]
    paragraphs = blocks(content)
    if len(paragraphs) < 2 or len(paragraphs[0]) > 1 or not is_headline(paragraphs[0][0].text):
        return 0.0
    return 0.5


split = whole_text


def clean(raw: RawDocument) -> Document:
    return clean_article(raw, NAME)


def clean_article(raw: RawDocument, shape: str) -> Document:
    """Chrome off, headline as title, dateline into metadata; shared with plain text."""
    drop_noise_lines(raw)
    content, chrome = drop_chrome(raw.lines)
    paragraphs = [block_text(block) for block in blocks(content)]
    title, paragraphs = headline_and_body(paragraphs)
    dateline, date, dateline_text = None, None, None
    for index, paragraph in enumerate(paragraphs[:_DATELINE_BLOCKS]):
        match = DATELINE.match(paragraph)
        if match:
            dateline_text = match.group(0).strip()
            dateline = f"{match.group('place')}, {match.group('when')}"
            raw.outlet = (match.group("outlet") or "").strip() or None
            date = find_full_date(match.group("when"))
            paragraphs[index] = paragraph[match.end() :]
            break
    dateline_lines = [line for line in content if dateline_text and line.text.startswith(dateline_text)][:1]
    removed = removals(chrome, "site chrome") + removals(dateline_lines, "dateline")
    # A headline may state the date itself: "Notes from the round table, 25 January 2024".
    date = date or find_full_date(title)
    return make_document(raw, shape, title, paragraphs, date, removed, dateline=dateline)


def drop_chrome(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split off the navigation lines above the first real line of text (if there is one)."""
    for index, line in enumerate(lines):
        if not line.is_blank and not CHROME.match(line.text):
            chrome = [line for line in lines[:index] if not line.is_blank]
            return lines[index:], chrome
    return lines, []


def headline_and_body(paragraphs: list[str]) -> tuple[str, list[str]]:
    """The first paragraph is the headline when it is one line short enough to be one. A text
    of that one line alone ("Lavrov arrives in Minsk for talks.") keeps it as its body too: a
    document's text is never empty when its source had some, or search and dossier.json lose it."""
    if not paragraphs:
        return UNTITLED, []
    first = paragraphs[0]
    if "\n" not in first and is_headline(first):
        return headline_title(first), paragraphs[1:] or paragraphs
    return title_from_text(first), paragraphs
