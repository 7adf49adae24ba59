"""Captures of a ministry or embassy web page: chrome, one article, a list of other items.

26 October 2021                          <- capture date
Moscow: 00:41 / London: 22:41            <- city clocks
Consular queries: / +44 (0) 203 ...      <- contact box
1332 days have passed since ...          <- campaign counters
<headline>, Minsk, June 19, 2020         <- the article
...
25.10.2021 - <other item title>          <- list of other items, each with a teaser
all messages                             <- footer
"""

from __future__ import annotations

import re

from dossier.clean.dates import find_full_date, is_date_line
from dossier.clean.headline import CHROME as SITE_NAVIGATION
from dossier.clean.headline import headline_and_body
from dossier.clean.lines import Line, block_text, blocks
from dossier.clean.shape import RawDocument, drop_noise_lines, make_document, span_removal
from dossier.model import Document

NAME = "webpage"

CLOCK = re.compile(r"^[A-ZА-ЯЁ][\w .'-]{1,30}:\s*\d{1,2}:\d{2}$")
CONTACT = re.compile(r"^(consular queries|contacts?|hotline|телефон|консульские вопросы)\b.*:?$", re.IGNORECASE)
PHONE = re.compile(r"^\+?[\d\s()./-]{7,}$")
COUNTER = re.compile(r"\bdays? (have|has) passed since\b|\bдней прошло\b", re.IGNORECASE)
TEASER = re.compile(r"^\d{2}\.\d{2}\.\d{4}\s+[-–—]\s+\S")
FOOTER = re.compile(r"^(all messages|all news|все сообщения|все новости)$", re.IGNORECASE)


def detect(lines: list[Line]) -> float:
    signals = [
        any(CLOCK.match(line.text) for line in lines),
        any(CONTACT.match(line.text) for line in lines),
        any(COUNTER.search(line.text) for line in lines),
        sum(1 for line in lines if TEASER.match(line.text)) >= 2,
        any(FOOTER.match(line.text) for line in lines[-3:]),
    ]
    # One signal alone ("all news" at the end) is too common in other text to decide on.
    return min(1.0, 0.35 * sum(signals)) if sum(signals) >= 2 else 0.0


def split(seed: str, lines: list[Line]) -> list[RawDocument]:
    """The page's one article; chrome above it and the list of other items below it go."""
    start = _article_start(lines)
    if start == len(lines):  # all chrome, no article: keep the text rather than lose it
        return [RawDocument(seed, lines)]
    end = _article_end(lines, start)
    chrome = [line for line in lines[:start] if not line.is_blank]
    after = [line for line in lines[end:] if not line.is_blank]
    footer = [line for line in after if FOOTER.match(line.text)]
    teasers = [line for line in after if not FOOTER.match(line.text)]
    removed = (
        span_removal(chrome, "page chrome") + span_removal(teasers, "other items") + span_removal(footer, "footer")
    )
    return [RawDocument(seed, lines[start:end], removed, captured=_capture_date(chrome))]


def clean(raw: RawDocument) -> Document:
    drop_noise_lines(raw)
    title, body = headline_and_body([block_text(block) for block in blocks(raw.lines)])
    return make_document(raw, NAME, title, body, find_full_date(title))


def is_chrome(text: str) -> bool:
    return bool(
        is_date_line(text)
        or CLOCK.match(text)
        or CONTACT.match(text)
        or PHONE.match(text)
        or COUNTER.search(text)
        or SITE_NAVIGATION.match(text)
    )


def _capture_date(chrome: list[Line]) -> str | None:
    return next((find_full_date(line.text) for line in chrome if is_date_line(line.text)), None)


def _article_start(lines: list[Line]) -> int:
    for index, line in enumerate(lines):
        if not line.is_blank and not is_chrome(line.text):
            return index
    return len(lines)


def _article_end(lines: list[Line], start: int) -> int:
    for index in range(start + 1, len(lines)):
        if TEASER.match(lines[index].text) or FOOTER.match(lines[index].text):
            return index
    return len(lines)
