"""What the extractor keeps of a saved page that is the site's or a photo's, not the article's.

trafilatura finds the article's container and keeps what stands in it, and many sites set their
own parts inside that container: a photo's caption and credit (<figcaption>), a "More from The
Nation" list of other stories, a comment section's "Join our commenting forum", a newsletter
box, a "Related" aside. Each extracted paragraph is found on the page, in page order, and goes
when the element it stands in is one of those parts, told by tag, role and name as
page_layout.py tells them. Two things are never such a part: an element that holds the
article's running text, whatever its name (a "LightboxWrapper" around the whole story), and an
element the page names as its article's body ("article-body", itemprop="articleBody"), where
the search stops: what stands inside it is the article's, even inside a wrapper the page calls
"teaser-content".

A photo's credit may stand in the body as a paragraph of its own, with no markup to tell it
("Фото: пресс-служба Администрации Президента"): it is told by its words (clean/lines.py), and
the line right above it that is no sentence is the photo's caption. So is the site's copyright
notice ("™ & © 2013 Cable News Network, Inc. All rights reserved.").
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from dossier.clean.lines import comparable, is_photo_credit, is_rights_notice
from dossier.readers.page_layout import Block, holds, is_media_part, is_prose, is_site_part, naming_words
from dossier.readers.page_markup import holds_running_text

# Names a page gives the element holding its article's body: "article-body", "article__body",
# itemprop="articleBody", "story-body", "entry-content" (WordPress), "post-content".
_BODY_NAMES = frozenset(
    [
        *("articlebody", "articletext", "articlecontent", "storybody", "storytext", "storycontent"),
        *("entrycontent", "postcontent", "postbody", "bodytext"),
    ]
)


def without_chrome(blocks: list[Block], headline: etree._Element | None, paragraphs: list[str]) -> list[str]:
    """The extracted paragraphs without those that stand in the site's parts of the page or in
    a photo's caption, and without photo credits, the captions above them and the site's
    copyright notice."""
    return _without_credits(_without_parts(blocks, paragraphs, _ChromeElements(headline, _is_site_or_media)))


def without_site_parts(blocks: list[Block], headline: etree._Element | None, paragraphs: list[str]) -> list[str]:
    """The paragraphs of a photo story told in its gallery's captions, which are its text:
    without those that stand in the site's parts of the page."""
    return _without_parts(blocks, paragraphs, _ChromeElements(headline, is_site_part))


def _without_parts(blocks: list[Block], paragraphs: list[str], chrome: _ChromeElements) -> list[str]:
    places = paragraph_places(blocks, paragraphs)
    return [
        paragraph
        for paragraph, place in zip(paragraphs, places, strict=True)
        if not (place and all(chrome.holds(block.element) for block in place))
    ]


def _is_site_or_media(element: etree._Element, headline: etree._Element | None) -> bool:
    return is_site_part(element, headline) or is_media_part(element)


def paragraph_places(blocks: list[Block], paragraphs: list[str]) -> list[list[Block]]:
    """Each paragraph's lines on the page, found in page order: the first block after the
    previous paragraph's that reads the same, else the first anywhere (a lead set apart); or
    the blocks in a row the extractor ran into one line ("…the downside.Lee BakerCFP and
    founder", a pull quote and its speaker). Empty for a paragraph one of whose lines is found
    neither way: such a paragraph is not judged by where it stands."""
    said = [comparable(block.text) for block in blocks]
    where: dict[str, list[int]] = {}
    for number, text in enumerate(said):
        where.setdefault(text, []).append(number)
    squashed = [text.replace(" ", "") for text in said]
    cursor, places = 0, []
    for paragraph in paragraphs:
        place = []
        for line in filter(None, map(comparable, paragraph.split("\n"))):
            numbers = where.get(line)
            if numbers:
                found = [next((number for number in numbers if number >= cursor), numbers[0])]
            else:
                found = _run_of_blocks(squashed, line.replace(" ", ""), cursor)
            if not found:
                place = []
                break
            cursor = max(cursor, found[-1] + 1)
            place.extend(blocks[number] for number in found)
        places.append(place)
    return places


def _run_of_blocks(squashed: list[str], line: str, cursor: int) -> list[int]:
    """The numbers of the blocks from `cursor` on that, one after another, read as the line;
    spaces aside, as the extractor may run two blocks together without one."""
    for start in range(cursor, len(squashed)):
        if not squashed[start] or not line.startswith(squashed[start]):
            continue
        run = ""
        for number in range(start, len(squashed)):
            if not line.startswith(run + squashed[number]):
                break
            run += squashed[number]
            if run == line:
                return list(range(start, number + 1))
    return []


class _ChromeElements:
    """Whether a line stands in a part of the page that is not the article's (`is_part`: the
    site's, a photo's caption): a walk up from its element, each element judged once."""

    def __init__(
        self, headline: etree._Element | None, is_part: Callable[[etree._Element, etree._Element | None], bool]
    ) -> None:
        self.headline = headline
        self.is_part = is_part
        self.judged: dict[etree._Element, bool] = {}

    def holds(self, element: etree._Element) -> bool:
        for ancestor in (element, *element.iterancestors()):
            if holds(ancestor, self.headline) or naming_words(ancestor) & _BODY_NAMES:
                return False
            if self._is_chrome(ancestor):
                return True
        return False

    def _is_chrome(self, element: etree._Element) -> bool:
        if element not in self.judged:
            part = self.is_part(element, self.headline)
            self.judged[element] = part and not holds_running_text(element)
        return self.judged[element]


def _without_credits(paragraphs: list[str]) -> list[str]:
    """Without a photo's credit ("Photo: Getty Images") and the caption right above it, a line
    that is no sentence ("Ожидание начала переговоров было полно внутреннего напряжения"), and
    without the site's copyright notice."""
    dropped = set()
    for number, paragraph in enumerate(paragraphs):
        if is_rights_notice(paragraph):
            dropped.add(number)
        if is_photo_credit(paragraph):
            dropped.add(number)
            above = paragraphs[number - 1] if number else ""
            if above and not above.startswith("#") and not is_prose(above):
                dropped.add(number - 1)
    return [paragraph for number, paragraph in enumerate(paragraphs) if number not in dropped]
