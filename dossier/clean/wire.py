"""Wire stories: a date marker, a dateline naming the agency, then the story; no headline.

date 2021-06-18 MOSCOW, June 18. /TASS/. Russia is prepared to ...
"""

from __future__ import annotations

import re

from dossier.clean.dates import MONTH_NAME, find_full_date
from dossier.clean.lines import Line, block_text, blocks
from dossier.clean.shape import RawDocument, drop_noise_lines, make_document, removals, whole_text
from dossier.clean.titles import UNTITLED, title_from_text
from dossier.model import Document

NAME = "wire"

MARKER = re.compile(r"^date\s+(?P<date>\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE)
# "MOSCOW, June 18. /TASS/." -- the agency stands between slashes.
DATELINE = re.compile(
    rf"^(?P<place>[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё .'’-]{{1,40}}),\s+"
    rf"(?P<day>{MONTH_NAME}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH_NAME})"
    r"\.?\s*/(?P<outlet>[^/\n]{2,40})/\.?\s*",
    re.IGNORECASE,
)


def detect(lines: list[Line]) -> float:
    """Sure with a valid date marker before a story, fairly sure with an agency dateline alone."""
    opening = _opening_text(lines)
    marker = MARKER.match(opening)
    if marker and find_full_date(marker.group("date")):
        story = opening[marker.end() :] or "".join(line.text for line in lines if not line.is_blank)[len(opening) :]
        return 1.0 if story.strip() else 0.0
    return 0.7 if DATELINE.match(opening) else 0.0


split = whole_text


def clean(raw: RawDocument) -> Document:
    drop_noise_lines(raw)
    paragraphs = [block_text(block) for block in blocks(raw.lines)]
    date, dateline, outlet = None, None, None
    marker = MARKER.match(paragraphs[0])
    if marker and find_full_date(marker.group("date")):
        date = marker.group("date")
        paragraphs[0] = paragraphs[0][marker.end() :]
        paragraphs = _drop_empty_first(paragraphs)
    dateline_match = DATELINE.match(paragraphs[0]) if paragraphs else None
    if dateline_match:
        dateline = f"{dateline_match.group('place')}, {dateline_match.group('day')}"
        outlet = dateline_match.group("outlet").strip()
        paragraphs[0] = paragraphs[0][dateline_match.end() :]
        paragraphs = _drop_empty_first(paragraphs)
    raw.outlet = outlet
    removed = removals(_opening_lines(raw.lines, paragraphs), "date marker and dateline") if marker or dateline else []
    title = title_from_text(paragraphs[0]) if paragraphs else dateline or UNTITLED
    return make_document(raw, NAME, title, paragraphs, date, removed, dateline=dateline)


def _opening_lines(lines: list[Line], story: list[str]) -> list[Line]:
    """The lines the marker and dateline stood on: from the first line up to where the story
    starts, that line included when the story starts part-way through it."""
    text_lines = [line for line in lines if not line.is_blank]
    story_start = story[0].split("\n", 1)[0] if story else None
    for line in text_lines:
        if story_start is not None and line.text.endswith(story_start):
            end = line.number if line.text != story_start else line.number - 1
            return [candidate for candidate in text_lines if candidate.number <= end]
    return text_lines


def _opening_text(lines: list[Line]) -> str:
    return next((line.text for line in lines if not line.is_blank), "")


def _drop_empty_first(paragraphs: list[str]) -> list[str]:
    return paragraphs[1:] if paragraphs and not paragraphs[0].strip() else paragraphs
