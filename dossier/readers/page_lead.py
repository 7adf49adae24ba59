"""A saved page's lead: the standfirst, "анонс" or "лид" a news page sets in a block of its own
between the headline and the body (<div class="article__announce">, <p class="lead">, an <h2>
subtitle, the Guardian's standfirst, the Kremlin's itemprop="description").

trafilatura finds an article's body by its container ("article__body", itemprop="articleBody")
and leaves out what stands outside it; a lead set apart from the body is lost, though it is the
article's first and often most quoted paragraph. It is found here by where it stands and what
the page calls it, and given back to the article once.
"""

from __future__ import annotations

from lxml import etree

from dossier.clean.dates import find_full_date
from dossier.clean.lines import comparable
from dossier.readers.page_layout import (
    Block,
    headline_lines,
    is_media,
    is_prose,
    is_the_sites,
    naming_words,
    own_elements,
    tag_of,
)

# What pages call a lead: "lead", "article__announce", "doc_header__subheader", "standfirst",
# "entry-summary", itemprop="description", "dek", Russian "lid", "anons", "vrez".
_LEAD_WORDS = frozenset(
    [
        *("lead", "lede", "standfirst", "announce", "anons", "anonce", "annotation", "subtitle", "subheader"),
        *("subheading", "subhead", "subheadline", "intro", "summary", "description", "excerpt", "deck"),
        *("dek", "lid", "overview", "vrez", "alternativeheadline"),
    ]
)
# A line's name, a lead's or a byline's, is on its own block or the one or two around it (<div
# class="article__announce"><div class="article__announce-text">); a name farther up is a
# region's ("Page-lead", the top of AP's page, holds its photo carousel; an old page's <td>
# holds its whole article).
_NAMED_LEVELS = 3
# What stands under a headline and is no lead: bylines, dates, notices, buttons, lists of
# "key points" (a lead is a paragraph, not one item of a list).
_NOT_LEAD_WORDS = frozenset(
    [
        *("byline", "author", "authors", "share", "tags", "rubric", "breadcrumbs", "date", "time"),
        *("warning", "notice", "alert", "message", "label", "kicker"),
    ]
)
_NOT_LEAD_TAGS = {"time", "button", "label", "li", "dt", "dd", "td", "th"}
_BYLINE_OPENINGS = ("by ", "автор", "текст:", "фото:", "photo:")
# The opening paragraphs of a body that may be the header's byline and date lines.
_HEADER_PARAGRAPHS = 3
# The lines under the headline looked at before the body begins.
_LINES_BELOW = 8
# A line this short that states a date is the page's date line; a lead may mention a day.
_DATE_LINE_WORDS = 8
# A lead says at least this much: not a "Prev" or "Next" of the photos at the top of a page
# (also called its lead), nor a place a description opens with.
_LEAD_WORDS_AT_LEAST = 4
# A line the page does not call a lead is one only when it says this much: a subtitle, not a
# rubric ("Europe"), a reading time or "Listen to this article".
_UNNAMED_LEAD_WORDS = 6


def article_opening(
    blocks: list[Block], headline: etree._Element | None, body: list[str], description: str | None
) -> list[str]:
    """The body as the article opens: with the lead the page sets between its headline and its
    body as the first paragraph (added when the extractor left it out, a paragraph when it kept
    it as a subtitle's heading), and without the byline and date lines the extractor took from
    the header ("By Tom ReidTransport correspondent")."""
    running = f" {comparable(' '.join(p for p in body if not _is_heading(p)))} "
    window = _lines_before_body(blocks, headline, running)
    header = [block for block in window if _is_no_lead(block, headline)]
    lead = _lead([block for block in window if block not in header], window, headline, description)
    leads = {comparable(text) for text in lead}
    body = [p for p in _without_header_lines(body, header) if not (_is_heading(p) and comparable(p) in leads)]
    return [*(text for text in lead if f" {comparable(text)} " not in running), *body]


def _lead(lines: list[Block], window: list[Block], headline: etree._Element, description: str | None) -> list[str]:
    """The lead among the lines under the headline, a paragraph per line: the lines the page
    calls a lead; else the one that is the page's description (the summary it gives for
    sharing); else the line right under the headline, when it says a sentence's worth. `window`:
    every line under the headline; `lines`: those that may be a lead."""
    lines = [block for block in lines if len(block.text.split()) >= _LEAD_WORDS_AT_LEAST]
    named = [block.text for block in lines if _names_a_lead(block.element, headline)]
    if named:
        return named
    described = [block.text for block in lines if description and _describes(block.text, description)]
    if described:
        return described[:1]
    if lines and lines[0] is window[0] and len(lines[0].text.split()) >= _UNNAMED_LEAD_WORDS:
        return [lines[0].text]
    return []


def _without_header_lines(body: list[str], header: list[Block]) -> list[str]:
    """The body without the byline and date lines it opens with, taken from the header, maybe
    run together ("By Tom ReidTransport correspondent" from two lines of a byline)."""
    squashed = [_squashed(block.text) for block in header]
    runs = {
        "".join(squashed[start:end]) for start in range(len(squashed)) for end in range(start + 1, len(squashed) + 1)
    }
    opening = 0
    while opening < min(len(body), _HEADER_PARAGRAPHS) and _is_header_line(body[opening], runs):
        opening += 1
    return body[opening:]


def _is_header_line(paragraph: str, runs: set[str]) -> bool:
    return not is_prose(paragraph) and _squashed(paragraph) in runs


def _squashed(text: str) -> str:
    return comparable(text).replace(" ", "")


def _is_heading(paragraph: str) -> bool:
    return paragraph.startswith("#")


def _lines_before_body(blocks: list[Block], headline: etree._Element | None, running: str) -> list[Block]:
    """The lines under the headline, up to the first line of the body: where a lead, the byline
    and the date stand."""
    at = headline_lines(blocks, headline)
    if not at or headline is None:
        return []
    lines: list[Block] = []
    for block in blocks[at[-1] + 1 : at[-1] + 1 + _LINES_BELOW]:
        if is_the_sites(block.element, headline):
            break
        if f" {comparable(block.text)} " in running and not _is_no_lead(block, headline):
            break  # the body's first line; a byline the extractor took into the body is still the header's
        lines.append(block)
    return lines


def _is_no_lead(block: Block, headline: etree._Element) -> bool:
    """A byline, a date line, a caption, a button, the headline again: what stands under a
    headline beside a lead."""
    text = block.text.casefold()
    if text.startswith(_BYLINE_OPENINGS) or comparable(block.text) == comparable(" ".join(headline.itertext())):
        return True
    if len(text.split()) <= _DATE_LINE_WORDS and find_full_date(block.text):
        return True
    if is_media(block.element, headline):
        return True
    return any(
        tag_of(own) in _NOT_LEAD_TAGS or naming_words(own) & _NOT_LEAD_WORDS
        for own in own_elements(block.element, headline)[:_NAMED_LEVELS]
    )


def _names_a_lead(element: etree._Element, headline: etree._Element) -> bool:
    return any(naming_words(own) & _LEAD_WORDS for own in own_elements(element, headline)[:_NAMED_LEVELS])


def _describes(text: str, description: str) -> bool:
    """Whether the line is the page's description, which may be cut short ("…") or carry the
    site's name after it ("… РИА Новости, 05.12.2026")."""
    line, summary = comparable(text), comparable(description.rstrip("…. "))
    return bool(line) and bool(summary) and (line.startswith(summary) or summary.startswith(line))
