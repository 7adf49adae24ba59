"""The day a saved page says its article was published.

A news page prints many dates: the article's, under or above its headline; other stories', in
"related" and "most read" lists beside it; an update's; the footer's. htmldate reads a page's
metadata well, but takes the first date it trusts wherever it stands, and a related story's
<time> is as trustworthy to it as the article's. So the date printed next to the headline is
looked for first, as a reader would; only when there is none does htmldate read the page, given
it without the site's lists, menus, footers and comments, and with only the article's JSON-LD.

A date is kept as the page states it, in the page's own time zone: "7 December 2026, 01:30
MSK" is 7 December, though it was still 6 December in London; a metadata time
"2026-12-07T01:30:00+03:00" is the 7th, never turned into UTC's 6th.
"""

from __future__ import annotations

import copy
import json

from lxml import etree

from dossier.clean.dates import find_full_date, full_dates
from dossier.clean.lines import comparable
from dossier.readers.page_json_ld import is_article, json_ld_objects, json_ld_scripts
from dossier.readers.page_layout import (
    Block,
    headline_lines,
    is_media,
    is_prose,
    is_site_part,
    is_the_sites,
    visible_text,
)

# Above the headline stand a rubric and a date line; farther up are the site's masthead (which
# may print today's date) and its menus.
_LINES_ABOVE = 3
# Below it: a standfirst, the byline, the date, share buttons, before the article's prose.
_LINES_BELOW = 8
# A line that says when rather than what: a date and a few words ("Published", "By Anna Keller
# ·", "Обновлено", "01:30 MSK"). A longer one is a sentence that mentions a day.
_DATE_LINE_WORDS = 16
# How a page labels the time an article was last changed.
_UPDATE_LABELS = ("updated", "last updated", "last modified", "modified", "обновл", "изменен", "изменён")
# Prose passed below the headline before the search stops: a standfirst; the next is the body.
_PROSE_BELOW = 1


def page_date(tree: etree._Element, blocks: list[Block], headline: etree._Element | None) -> str | None:
    """The day the page says its article was published, as ISO YYYY-MM-DD; None if it says none."""
    return date_by_headline(tree, blocks, headline) or metadata_date(tree, headline)


def date_by_headline(tree: etree._Element, blocks: list[Block], headline: etree._Element | None) -> str | None:
    """The date printed next to the headline: in the lines just above it (a rubric, a date
    line) or below it (byline, date, up to the article's prose), none of them the site's.
    A date a reader sees wins over a <time>'s machine-readable one, which may be in UTC; of
    several, the earliest, since a page that says when it was updated says it beside when it
    was published."""
    at = headline_lines(blocks, headline)
    if not at:
        return None
    above = _lines_near(blocks[at[0] - 1 :: -1] if at[0] else [], headline, _LINES_ABOVE, 0)
    below = _lines_near(blocks[at[-1] + 1 :], headline, _LINES_BELOW, _PROSE_BELOW)
    lines = [block for block in [*above, *below] if not (is_media(block.element, headline) or _is_update(block.text))]
    shown = [date for block in lines if (date := _date_line(block.text))]
    if shown:
        return min(shown)
    after = at[-1] + 1 + len(below)
    first = (above[-1] if above else blocks[at[0]]).position
    last = blocks[after].position if after < len(blocks) else None
    times = [
        time for time in _times(tree, first, last) if not (is_the_sites(time, headline) or is_media(time, headline))
    ]
    machine = [date for time in times if (date := _time_date(time))]
    return min(machine) if machine else None


def _lines_near(blocks: list[Block], headline: etree._Element, most: int, prose: int) -> list[Block]:
    """The lines from the headline outwards, up to `most`, until the site's part of the page or
    the article's prose after `prose` paragraphs of it."""
    near: list[Block] = []
    for block in blocks[:most]:
        if is_the_sites(block.element, headline):
            break
        if is_prose(block.text) and not _date_line(block.text):
            if not prose:
                break
            prose -= 1
        near.append(block)
    return near


def _is_update(text: str) -> bool:
    """A line that says when the article was changed, not published: "Last modified on Mon 8
    Dec 2025", "Обновлено 07.12.2026 10:00"."""
    return text.lstrip("•·|—–-: ").casefold().startswith(_UPDATE_LABELS)


def _date_line(text: str) -> str | None:
    """The date a short line states ("Friday 4 December 2026 14:05", "7 декабря 2026, 01:30 МСК")."""
    return find_full_date(text) if len(text.split()) <= _DATE_LINE_WORDS else None


def _times(tree: etree._Element, first: int, last: int | None) -> list[etree._Element]:
    """The <time> elements that start from the place `first` in page order to before `last`: an
    empty <time datetime="…"> shows nothing, so no line holds it."""
    return [
        element
        for place, element in enumerate(tree.iter())
        if element.tag == "time" and first <= place and (last is None or place < last)
    ]


def _time_date(time: etree._Element) -> str | None:
    """A <time>'s date: the one it shows, else its datetime's day as written with its offset
    ("2026-12-07T01:30:00+03:00" is the 7th)."""
    return find_full_date(visible_text(time)) or find_full_date((time.get("datetime") or "")[:10])


def metadata_date(tree: etree._Element, headline: etree._Element | None) -> str | None:
    """The date the page's metadata gives its article (meta tags, JSON-LD, microdata, a date
    element), read by htmldate from the page without the site's parts: a related story's date
    is never the article's."""
    from htmldate import find_date  # here, not above: trafilatura brings it, and builds without pages skip both

    page = _article_only(tree, headline)
    found = find_date(
        page,
        extensive_search=False,  # the wider search reads a footer's "© 2023" as 1 January 2023
        original_date=True,
        outputformat="%Y-%m-%d",
    )
    return found if found and _states(page, found) else None


def _states(page: etree._Element, day: str) -> bool:
    """Whether the page states the day whole, in its markup ("2026-12-07T01:30", "/2026/12/07/",
    "07.12.2026") or its text ("7 декабря 2026"). htmldate completes a month it finds alone
    ("декабря 2026" where it reads no Russian day) with the 1st: a day no one stated."""
    year, month, date = day.split("-")
    markup = etree.tostring(page, encoding="unicode")
    written = (f"{year}-{month}-{date}", f"{year}/{month}/{date}", f"{year}{month}{date}", f"{date}.{month}.{year}")
    return any(form in markup for form in written) or day in full_dates(" ".join(page.itertext()))


def _article_only(tree: etree._Element, headline: etree._Element | None) -> etree._Element:
    """A copy of the page without the site's parts (related lists, menus, footers, comments) and
    with only the JSON-LD that describes the article."""
    page = copy.deepcopy(tree)
    place = {element: number for number, element in enumerate(tree.iter())}
    copies = list(page.iter())
    for part in _site_parts(tree, headline):
        copies[place[part]].drop_tree()
    for script in json_ld_scripts(page):
        script.text = _article_json_ld(script.text or "", visible_text(headline) if headline is not None else "")
    return page


def _site_parts(tree: etree._Element, headline: etree._Element | None) -> list[etree._Element]:
    """The outermost parts of the page that are the site's."""
    parts, waiting = [], [tree]
    while waiting:
        element = waiting.pop()
        if is_site_part(element, headline):
            parts.append(element)
        else:
            waiting.extend(element)
    return parts


def _article_json_ld(text: str, headline: str) -> str:
    """The JSON-LD of the article alone: the object of an article's type whose headline is the
    page's (or the first); nothing when the JSON-LD describes no article. JSON-LD that does not
    parse is left as written."""
    items = json_ld_objects(text)
    if not items:
        return text
    articles = [item for item in items if is_article(item)]
    named = [article for article in articles if comparable(str(article.get("headline", ""))) == comparable(headline)]
    chosen = (named or articles or [None])[0]
    return json.dumps(chosen, ensure_ascii=False) if chosen else ""
