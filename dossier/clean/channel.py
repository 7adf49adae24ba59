"""Channel exports: many posts pasted from Telegram, one after another.

Forwarded from Russian MFA 🇷🇺          <- a post starts (the line may repeat)
🎙 Lavrov's interview to RBC (Moscow, March 16, 2022)
Key points:
💬 ...                                 <- the body
Key points:
💬 ...                                 <- the body again: the export repeats it
Read in full                          <- a link stub whose link was lost in copying
❤2👍5                                  <- reactions: a post ends here
"""

from __future__ import annotations

import re

from dossier.clean.dates import find_full_date
from dossier.clean.headline import drop_chrome
from dossier.clean.lines import (
    LINK_STUB,
    Line,
    comparable,
    is_hashtag_line,
    is_reaction_counter,
    strip_trailing_symbols,
)
from dossier.clean.shape import RawDocument, make_document, removals
from dossier.clean.titles import UNTITLED, headline_title, is_headline, title_from_text
from dossier.model import Document

NAME = "channel"

FORWARDED = re.compile(r"^Forwarded from\s+(?P<channel>.+)$", re.IGNORECASE)
# A single repeated line shorter than this may be a section marker ("#OSCE") used twice on
# purpose; a repeat of a longer line, or of two lines in a row, is the export's copy.
_REPEAT_MIN_WORDS = 5
# How many lines after the title may still hold the post's date ("📍 Minsk, January 19, 2023").
_DATE_LINES = 2


def detect(lines: list[Line]) -> float:
    forwarded = sum(1 for line in lines if FORWARDED.match(line.text))
    counters = sum(1 for line in lines if is_reaction_counter(line.text))
    if forwarded:
        return 0.9
    return 0.6 if counters >= 2 else 0.0


def split(seed: str, lines: list[Line]) -> list[RawDocument]:
    """One raw document per post: posts start at 'Forwarded from' and end after reactions."""
    posts: list[RawDocument] = []
    current = RawDocument(seed, [])
    for line in lines:
        forwarded = FORWARDED.match(line.text)
        if forwarded:
            if _has_text(current) or current.outlet != _channel_name(forwarded):
                posts.append(current)
                current = RawDocument(seed, [], outlet=_channel_name(forwarded))
            current.removed += removals([line], "forwarded-from header")
        elif is_reaction_counter(line.text):
            current.removed += removals([line], "reaction counter")
            posts.append(current)
            current = RawDocument(seed, [])
        else:
            current.lines.append(line)
    posts.append(current)
    return [post for post in posts if _has_text(post)]


def clean(raw: RawDocument) -> Document:
    # Site navigation copied along with a post ("All news") is no part of it.
    content, chrome = drop_chrome([line for line in raw.lines if not line.is_blank])
    lines = content
    stubs = [line for line in lines if LINK_STUB.match(line.text)]
    lines = [line for line in lines if not LINK_STUB.match(line.text)]
    lines, repeats = drop_repeated_lines(lines)
    title, body = post_title(lines)
    head = " ".join(line.text for line in lines[: _DATE_LINES + 1])
    return make_document(
        raw,
        NAME,
        title=title,
        paragraphs=[line.text for line in body],
        date=find_full_date(head),
        removed=removals(chrome, "site chrome") + removals(stubs, "link stub") + removals(repeats, "repeat"),
    )


def post_title(lines: list[Line]) -> tuple[str, list[Line]]:
    """A post's title and the lines of its body. The title comes from the first line that says
    something (a line of hashtags only does not: the hashtags stay in the body, once): a line
    that reads as a headline is the title; otherwise a title is made from it and it stays in the
    body. A post of one line keeps it as its text too: a text is never empty when its source had
    one. Telegram's JSON export goes through this too, so a post pasted and exported gets one title."""
    if not lines:
        return UNTITLED, []
    saying = next((line for line in lines if not is_hashtag_line(line.text)), lines[0])
    if is_headline(saying.text) and not is_hashtag_line(saying.text):
        body = [line for line in lines if line is not saying]
        return headline_title(saying.text), body or [saying]
    return title_from_text(saying.text), lines


def drop_repeated_lines(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Keep the first copy of every paragraph; exports repeat a post's body once per view."""
    seen: set[str] = set()
    runs: list[tuple[bool, list[Line]]] = []  # (is a repeat, consecutive lines)
    for line in lines:
        key = comparable(line.text)
        is_repeat = bool(key) and key in seen
        seen.add(key)
        if runs and runs[-1][0] == is_repeat:
            runs[-1][1].append(line)
        else:
            runs.append((is_repeat, [line]))
    kept: list[Line] = []
    dropped: list[Line] = []
    for is_repeat, run in runs:
        copied = is_repeat and (len(run) > 1 or len(run[0].text.split()) >= _REPEAT_MIN_WORDS)
        (dropped if copied else kept).extend(run)
    return kept, dropped


def _channel_name(forwarded: re.Match[str]) -> str:
    return strip_trailing_symbols(forwarded.group("channel")) or forwarded.group("channel")


def _has_text(post: RawDocument) -> bool:
    return any(not line.is_blank and not LINK_STUB.match(line.text) for line in post.lines)
