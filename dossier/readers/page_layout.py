"""How a saved page is laid out around its article: its visible text a block at a time (a menu
item, a date line, a paragraph), each with the element it stands in; the headline; and the
parts that are the site's, not the article's: related and most-read lists, menus, sidebars,
footers, comment sections.

A page's date and lead are told by where they stand: a date printed just above or below the
headline is the article's, the same date format in a "related stories" list is another
story's; a standfirst set in its own block under the headline belongs to the article even when
the extractor, which finds the body by its container, leaves it out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from lxml import etree

from dossier.clean.lines import tidy

# Elements whose text a reader never sees as text of the page.
_UNSEEN = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "select"}
# Elements that start a line of their own when a browser lays the page out.
_BLOCKS = {
    *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"),
    *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p"),
    *("pre", "section", "table", "td", "th", "tr", "ul", "button", "label", "time", "summary", "details"),
}
# Elements that are the site's, by their tag or ARIA role, when they do not stand by the headline.
_SITE_TAGS = {"aside", "nav", "footer"}
_SITE_ROLES = {"navigation", "complementary", "contentinfo", "banner"}
# Elements a page is organised by, never the site's part whatever their class says.
_CONTAINERS = {"html", "body", "main", "article"}
# Words of a class, id or role that name a part of the site, not of its article, wherever it
# stands: lists of other stories ("related-stories", "mostRead", "more-news", "teaser__date",
# "read-also", a "recirc" module or a "collection" that sends the reader on to them), comments,
# sidebars, promotions and calls to action ("cta": subscribe, donate), a paywall's notice
# ("restricted-content-breaker", "app-access-wall"), the site's disclaimer. A word of a name, not
# a part of one: "leaderboard" is no "lead".
_SITE_WORDS = frozenset(
    [
        *("related", "similar", "recommended", "recommendations", "recommend", "popular", "mostread"),
        *("mostviewed", "trending", "latest", "more", "teaser", "teasers", "other", "also", "readalso"),
        *("seealso", "feed", "lenta", "timeline", "newslist", "comments", "comment", "sidebar", "sideblock"),
        *("promo", "widget", "subscribe", "newsletter", "banner", "advert", "adfox", "inject"),
        *("cookie", "cookies", "cta", "recirc", "recirculation", "collection", "collections", "disclaimer"),
        *("accesswall", "registrationwall", "restricted"),
    ]
)
# A paragraph is prose from this many words, when it has a sentence's end.
_SENTENCE_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…»\"”)](?:\s|$)")
# What stands under a headline with dates and sentences of its own, and is neither the article's
# date nor its lead: a photo's caption and credit ("Puerto Cabello, Sunday, Dec. 21, 2025. (AP
# Photo)"), a video player, a gallery.
_MEDIA_TAGS = {"figure", "figcaption", "picture", "video", "audio"}
_MEDIA_WORDS = frozenset(
    [
        *("caption", "credit", "credits", "copyright", "photo", "image", "media", "video", "player"),
        *("gallery", "carousel", "slide", "slider", "audio", "podcast"),
    ]
)
_NAMING_ATTRIBUTES = ("class", "id", "role", "itemprop")
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_A_LETTER = re.compile(r"[^0-9a-zA-Z]+")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HEADLINE_PATHS = ("//article//h1", "//main//h1", "//h1")


@dataclass(frozen=True)
class Block:
    """A line of the page as a browser lays it out, and the innermost block element it stands in
    (a <p>, a <time>, the <li> of a list)."""

    text: str
    element: etree._Element
    position: int  # where its text starts: the place, in page order, of the last element started before it


def page_blocks(tree: etree._Element) -> list[Block]:
    """The text a reader sees on the page, a block per line (a menu item, a paragraph), without
    blank lines; nothing of scripts, styles, comments or attributes."""
    blocks: list[Block] = []
    line: list[str] = []
    owner: list[tuple[etree._Element, int]] = []  # where the line's first visible text stands
    open_blocks = [tree]
    started = -1  # elements started so far, less one: the place in page order of the last one

    def end_line() -> None:
        if owner:  # else only spaces: most boundaries between blocks hold none of the page's text
            text = " ".join(tidy("".join(line)).split())
            if text:
                blocks.append(Block(text, *owner[0]))
        line.clear()
        owner.clear()

    def add(text: str) -> None:
        for number, part in enumerate(text.split("\n")):
            if number:
                end_line()  # a line break in the markup's text ends a line, as it always did here
            line.append(part)
            if part.strip() and not owner:
                owner.append((open_blocks[-1], started))

    skipping = 0  # depth inside an element whose text is never seen
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None  # None: comments
        if event == "start":
            started += 1
            skipping += tag is None or tag in _UNSEEN
            if not skipping and tag in _BLOCKS:
                end_line()
                open_blocks.append(element)
            if not skipping and tag and element.text:
                add(element.text)
            continue
        if not skipping and tag in _BLOCKS:
            end_line()
            open_blocks.pop()
        skipping -= tag is None or tag in _UNSEEN
        if not skipping and element.tail:
            add(element.tail)
    end_line()
    return blocks


def headline_element(tree: etree._Element) -> etree._Element | None:
    """The headline the page shows: its article's first <h1> with text (or the page's)."""
    for path in _HEADLINE_PATHS:
        for element in tree.xpath(path):
            if visible_text(element):
                return element
    return None


def is_prose(text: str) -> bool:
    """A paragraph that reads as prose, a sentence or more, not a menu's or a list's short line."""
    return len(text.split()) >= _SENTENCE_WORDS and bool(_SENTENCE_END.search(text))


def visible_text(element: etree._Element) -> str:
    return " ".join(tidy(" ".join(element.itertext())).split())


def naming_words(element: etree._Element) -> set[str]:
    """The words of an element's class, id, role, itemprop and data-* values, each alone and each
    two side by side written together: "article__announce-text" gives article, announce, text,
    articleannounce, announcetext; "mostRead" gives most, read, mostread."""
    values = [element.get(name) or "" for name in _NAMING_ATTRIBUTES]
    values += [value for name, value in element.attrib.items() if name.startswith("data-")]
    words: set[str] = set()
    for value in values:
        parts = [part.lower() for part in _NOT_A_LETTER.split(_CAMEL_HUMP.sub(" ", value)) if part]
        if value == element.get("id") and _is_heading_anchor(element, parts):
            continue
        words.update(parts)
        words.update(first + second for first, second in itertools.pairwise(parts))
    return words


def _is_heading_anchor(element: etree._Element, parts: list[str]) -> bool:
    """Whether an id is an anchor a page made of its heading's own words, which name the heading's
    subject, not a part of the page: "h-4-select-particular-times-during-the-day-for-social-media"
    is no "media"."""
    if tag_of(element) not in _HEADINGS:
        return False
    said = {word.lower() for word in _NOT_A_LETTER.split("".join(element.itertext()))}
    words = [part for part in parts if len(part) > 1 and not part.isdigit()]
    return bool(words) and all(word in said for word in words)


def holds(element: etree._Element, other: etree._Element | None) -> bool:
    """Whether `other` is the element or stands inside it (a walk up a page's few levels)."""
    return other is not None and (other is element or any(ancestor is element for ancestor in other.iterancestors()))


def headline_lines(blocks: list[Block], headline: etree._Element | None) -> list[int]:
    """The numbers of the lines (in `blocks`) the headline shows."""
    inside = set(headline.iter()) if headline is not None else set()
    return [number for number, block in enumerate(blocks) if block.element in inside]


def is_the_sites(element: etree._Element, headline: etree._Element | None) -> bool:
    """Whether a line near the headline stands in the site's part of the page: a list of other
    stories, comments, a sidebar, a menu, the masthead. Not by an <aside> or <footer> tag or a
    "footer" name: right under a headline those hold its byline and date (the Guardian's meta
    <aside>, Interfax's <aside class="textML">, the NYT's "story-meta-footer")."""
    for ancestor in (element, *element.iterancestors()):
        if holds(ancestor, headline):
            return False
        if _is_apart(ancestor) and tag_of(ancestor) not in _CONTAINERS:
            return True
    return False


def is_site_part(element: etree._Element, headline: etree._Element | None) -> bool:
    """Whether the element is a part of the page that is the site's, anywhere on the page: a
    list of other stories, comments, a menu, a sidebar, a footer, by its tag, ARIA role or name;
    the masthead. Never a part that holds the headline, whatever its class says
    ("article--with-sidebar"), nor the page's own containers (WordPress writes "has-sidebar" on
    <body>)."""
    tag = tag_of(element)
    if tag in _CONTAINERS or holds(element, headline):
        return False
    role = (element.get("role") or "").lower()
    return tag in _SITE_TAGS or role in _SITE_ROLES or "footer" in naming_words(element) or _is_apart(element)


def _is_apart(element: etree._Element) -> bool:
    """A list of other stories, comments, a promotion, a menu or the masthead (a <header>
    outside an <article>, which may print today's date)."""
    if tag_of(element) == "nav" or (element.get("role") or "").lower() in ("navigation", "banner"):
        return True
    if tag_of(element) == "header" and not any(tag_of(ancestor) == "article" for ancestor in element.iterancestors()):
        return True
    return bool(naming_words(element) & _SITE_WORDS)


def is_media(element: etree._Element, headline: etree._Element | None) -> bool:
    """Whether the element stands in a photo's caption or credit, a video player or a gallery."""
    return any(is_media_part(own) for own in own_elements(element, headline))


def is_media_part(element: etree._Element) -> bool:
    """Whether the element is a photo's caption or credit, a video player or a gallery, by its
    tag or name."""
    return tag_of(element) in _MEDIA_TAGS or bool(naming_words(element) & _MEDIA_WORDS)


def own_elements(element: etree._Element, headline: etree._Element | None) -> list[etree._Element]:
    """The element and its ancestors up to the one that also holds the headline (whose name,
    "article__header", is the whole header's, not this line's)."""
    own = []
    for ancestor in (element, *element.iterancestors()):
        if holds(ancestor, headline):
            break
        own.append(ancestor)
    return own


def tag_of(element: etree._Element) -> str:
    """The element's tag in lower case; "" for a comment."""
    return element.tag.lower() if isinstance(element.tag, str) else ""
