"""Whether a saved page holds an article at all, or is a page of links to other stories: a
section front ("Science"), a topic or tag page, a news site's home page. Such a page has a
headline of its own ("Technology") and plenty of sentences, and the extractor takes them for an
article; but its sentences are teasers, each a story's blurb set in a card beside the story's
headline, which links away, and nothing of it runs as an article's text does, paragraph after
paragraph.

A page is told by what it is, never by its site:
- what the extractor took from it: whether any of it is running prose, paragraphs of sentences
  one after another that stand in no link and in no teaser's card;
- the page around it: how many headlines link from it to other stories;
- what the page says of itself, which only ever holds a page back from being judged a listing
  or lowers the bar: its JSON-LD's @type (a "NewsArticle" against a "CollectionPage"), its
  og:type, and the shape of its address (a story's dated or long slug against "/science/").
A page saying it is an article is never judged a listing by its shape: a short article with a
long "most read" list beside it stays an article.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from dossier.readers.page_chrome import paragraph_places
from dossier.readers.page_json_ld import listed, page_json_ld
from dossier.readers.page_layout import Block, holds, is_prose, naming_words, tag_of, visible_text

# A link this long is a story's headline, not a menu item ("World", "Sign in", "By Jane Doe").
HEADLINE_WORDS = 4
# An article runs: this many paragraphs of its own prose in a row, or this many words of it.
RUNNING_PARAGRAPHS = 3
RUNNING_WORDS = 120
# Teasers of other stories that make the extracted text a listing's, when they outweigh its prose.
TEASER_LINES = 3
# Headlines linking to other stories that make a page a listing when nothing of it runs as an
# article's text; more when its og:type says "article", which some sites write on every page
# (NPR's section fronts); fewer when what it says of itself names a listing.
HEADLINE_LINKS = 8
HEADLINE_LINKS_SAID_ARTICLE = 16
HEADLINE_LINKS_SAID_LISTING = 4
# JSON-LD types that describe an article, and those that describe a page of other pages.
_ARTICLE_TYPE_ENDINGS = ("Article", "Posting", "Report")
_LISTING_TYPES = frozenset(["CollectionPage", "ItemList", "SearchResultsPage", "Blog"])
# Names a card gives the headline of the story it teases when it is no link ("promo-title").
_TITLE_NAMES = frozenset(["title", "headline"])
# An address of a story: a day in its path (/2024/04/26/, /2024/feb/24/, 2023-06-26, 20260701),
# a number of its own (/doc/7715044), a long slug, a file (.html, .cms, .php).
_DATED_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:\d\d|[a-z]{3})\b|(?<!\d)(?:19|20)\d\d[01]\d[0-3]\d(?!\d)")
_STORY_NUMBER = re.compile(r"\d{5,}")
_SLUG_WORDS = 4
_STORY_FILE = re.compile(r"\.(?:s?html?|cms|php|aspx?)$")


@dataclass(frozen=True)
class ExtractedShape:
    """What the extractor's text is made of: running prose (paragraphs of the page's own
    sentences, none in a link or a teaser's card) and teasers (lines standing in a card beside
    another story's headline)."""

    longest_run: int  # lines of running prose in a row; a heading or a short line breaks no run
    running_words: int
    teasers: int
    teaser_words: int

    def runs(self) -> bool:
        """Whether it runs as an article's text does."""
        return self.longest_run >= RUNNING_PARAGRAPHS or self.running_words >= RUNNING_WORDS

    def is_teasers(self) -> bool:
        """Whether it is stories' teasers more than anything else."""
        return self.teasers >= TEASER_LINES and self.teaser_words > self.running_words


def is_listing(
    tree: etree._Element, blocks: list[Block], headline: etree._Element | None, paragraphs: list[str], address: str
) -> bool:
    """Whether the page whose article the extractor found as `paragraphs` is a page of links to
    other stories: none of what it took runs as an article's text, and either it took the
    teasers of other stories or the page holds headlines linking away, more of them than the
    page's own word for what it is (and its address, page_address) allows."""
    said = said_to_be(tree, address)
    if said == "article":
        return False
    shape = extracted_shape(blocks, headline, paragraphs)
    if shape.runs():
        return False
    needed = {"": HEADLINE_LINKS, "listing": HEADLINE_LINKS_SAID_LISTING, "og article": HEADLINE_LINKS_SAID_ARTICLE}
    return shape.is_teasers() or headline_links(tree, headline) >= needed[said]


def extracted_shape(blocks: list[Block], headline: etree._Element | None, paragraphs: list[str]) -> ExtractedShape:
    """The running prose and the teasers of the extracted text, a line at a time. A line of
    links (a run of headlines) is neither and breaks a run; a line not found on the page counts
    as running: what cannot be judged holds no page back from being an article."""
    lines = [line for paragraph in paragraphs for line in paragraph.split("\n") if line.strip()]
    cards = _Cards(blocks, headline)
    run = longest = running = teasers = teaser_words = 0
    for line, place in zip(lines, paragraph_places(blocks, lines), strict=True):
        if place and cards.is_teaser(place) and not _mostly_linked(line, place):
            teasers += 1
            teaser_words += len(line.split())
            run = 0
        elif place and _mostly_linked(line, place):
            run = 0
        elif is_prose(line):
            run += 1
            running += len(line.split())
            longest = max(longest, run)
    return ExtractedShape(longest, running, teasers, teaser_words)


def headline_links(tree: etree._Element, headline: etree._Element | None) -> int:
    """The distinct places the page's headlines link to: links of HEADLINE_WORDS words or more,
    outside menus and the page's own headline."""
    targets = set()
    for link in tree.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")) or holds(headline, link):
            continue
        if len(visible_text(link).split()) >= HEADLINE_WORDS and not _in_menu(link):
            targets.add(href)
    return len(targets)


def said_to_be(tree: etree._Element, address: str) -> str:
    """What the page says it is: "article" when its JSON-LD describes an article or its address
    is a story's; "listing" when its JSON-LD describes a collection or a list, its og:type is a
    web site's or its address a section's; "og article" when only its og:type says article."""
    types = {str(name) for item in page_json_ld(tree) for name in listed(item.get("@type"))}
    path = _address_path(address)
    if any(name.endswith(_ARTICLE_TYPE_ENDINGS) for name in types) or is_story_address(path):
        return "article"
    og_type = _meta(tree, "og:type").lower()
    if types & _LISTING_TYPES or og_type == "website" or is_section_address(path):
        return "listing"
    return "og article" if og_type == "article" else ""


def is_story_address(path: str | None) -> bool:
    """A story's address: dated, numbered, a long slug or a file."""
    if not path:
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    slug = [word for word in re.split(r"[-_]+", last) if word]
    return bool(
        _DATED_PATH.search(path) or _STORY_NUMBER.search(path) or len(slug) >= _SLUG_WORDS or _STORY_FILE.search(last)
    )


def is_section_address(path: str | None) -> bool:
    """A section's or a topic's address: a few short words and nothing else ("/news/",
    "/sections/science/", "/topic/software"); not the site's root, which a page may give as its
    address whatever it shows."""
    if not path or is_story_address(path):
        return False
    parts = [part for part in path.split("/") if part]
    return 0 < len(parts) <= 3 and all(len(re.split(r"[-_]+", part)) <= 2 for part in parts)


class _Cards:
    """Whether a line of prose is a teaser: the one paragraph of its card (the largest element
    around it holding no other paragraph of prose), where a headline stands too, a link to
    another story or a title the card names so; never the page's own headline."""

    def __init__(self, blocks: list[Block], headline: etree._Element | None) -> None:
        self.headline = headline
        self.prose_in = Counter(
            ancestor
            for element in {block.element for block in blocks if is_prose(block.text)}
            for ancestor in (element, *element.iterancestors())
        )

    def is_teaser(self, place: list[Block]) -> bool:
        prose = [block.element for block in place if is_prose(block.text)] or [place[0].element]
        card = prose[0]
        for ancestor in card.iterancestors():
            if self.prose_in[ancestor] > len(prose) or holds(ancestor, self.headline):
                break
            card = ancestor
        own = {element for paragraph in prose for element in paragraph.iter()}
        titled = any(self._is_title(element) for element in card.iter() if element not in own)
        return titled or any(self._opens_with_headline(paragraph) for paragraph in prose)

    def _is_title(self, element: etree._Element) -> bool:
        if holds(self.headline, element) or len(visible_text(element).split()) < HEADLINE_WORDS:
            return False
        if tag_of(element) == "a" and element.get("href"):
            return True
        return bool(naming_words(element) & _TITLE_NAMES) and not is_prose(visible_text(element))

    def _opens_with_headline(self, paragraph: etree._Element) -> bool:
        """Whether a line opens with another story's headline set apart from its blurb, as a tag
        page's list item does ("<li><a>Flooding closes roads</a> 12 Jan The rain…"): a link of
        a headline's length before any text, after which a new sentence or another element
        starts; not a link that is the subject of the line's first sentence ("<a>The ministers
        of the euro area</a> met…")."""
        if (paragraph.text or "").strip() or not len(paragraph):
            return False
        link = paragraph[0]
        if tag_of(link) != "a" or not self._is_title(link):
            return False
        after = (link.tail or "").strip()
        return not after or after[0].isupper() or after[0].isdigit()


def _mostly_linked(line: str, place: list[Block]) -> bool:
    """Whether most of a line's words are the text of links (a run of headlines)."""
    linked = sum(len(block.text.split()) for block in place if _in_link(block.element))
    return linked * 2 > len(line.split())


def _in_link(element: etree._Element) -> bool:
    return any(tag_of(ancestor) == "a" for ancestor in (element, *element.iterancestors()))


def _in_menu(element: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if tag_of(ancestor) in ("nav", "footer") or (ancestor.get("role") or "").lower() == "navigation":
            return True
    return False


def page_address(tree: etree._Element, data: bytes) -> str:
    """The page's own address: its canonical link or og:url, else the one the browser noted as
    it saved the page (data: the file's bytes), "<!-- saved from url=(0044)https://... -->", as
    Chrome and Edge do; "" when the page says none, or none that is a URL ("https://[broken",
    which says nothing of what the page is)."""
    found = tree.xpath("//link[@rel='canonical']/@href") or [_meta(tree, "og:url")]
    address = str(found[0] or "").strip()
    if not address and (noted := _SAVED_FROM.search(data[:_SAVED_FROM_WITHIN])):
        address = noted.group(1).decode("utf-8", "replace")
    try:
        urllib.parse.urlsplit(address)
    except ValueError:  # an unclosed "[" (an IPv6 host): one such page stopped the whole build
        return ""
    return address


# The browser's note opens the file, before <html>; the parser drops comments.
_SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d+\)(\S+?) ?-->")
_SAVED_FROM_WITHIN = 4096


def _address_path(address: str) -> str | None:
    """The path of an address page_address found."""
    return urllib.parse.urlsplit(address).path if address else None


def _meta(tree: etree._Element, name: str) -> str:
    values = tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")
    return str(values[0]).strip() if values else ""
