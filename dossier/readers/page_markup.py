"""A saved page as it is given to the extractor: without the chrome of its media players and
photo galleries, and with the text a <div> opens with in a paragraph of its own.

A video player writes its controls and dialogs into the page as text ("Play Video", "Current
Time 0:00", "subtitles off, selected", "This is a modal window."), and a slide show every
slide's counter and caption ("1/50 United goin down … GETTY IMAGES"): set in the article, they
read to the extractor as its prose, and a gallery of fifty slides outweighs the article. They
are told by their markup: the classes common players and galleries write (video.js's "vjs-",
JW Player's "jwplayer", "gallery", "slideshow", "carousel"), a dialog's ARIA role.

A <div> that opens with bold or italics before its text ("<div><strong>МИНСК, 5 дек — РИА
Новости.</strong> Переговоры…</div>", the dateline of a news agency) is shown by a browser as a
paragraph; the extractor, given the same inside a <p>, keeps the space after the bold, but
inside a <div> it loses it ("…Новости.**Переговоры") and may split the line in two. The text
such a block opens with, up to its first block, is given to it as the paragraph a browser shows.
"""

from __future__ import annotations

import copy

from lxml import etree

from dossier.readers.page_layout import holds, is_prose, naming_words, tag_of, visible_text

# Words of a class or id that players and galleries write on their parts: video.js ("video-js",
# "vjs-control-bar", "vjs-modal-dialog"), JW Player, Brightcove, MediaElement ("mejs"), Plyr;
# slide shows, carousels, lightboxes, gallery legends and thumbnails.
_CHROME_WORDS = frozenset(
    [
        *("vjs", "videojs", "jwplayer", "brightcove", "mejs", "plyr", "flowplayer", "videoplayer", "player"),
        *("gallery", "slideshow", "carousel", "lightbox", "swiper", "slick", "slider"),
    ]
)
# Words that say an element holds the article with a player or gallery beside its text, not
# the player: "story-body with-gallery", "article--has-video-player", "content-slideshow-page".
_HOLDER_WORDS = frozenset(["has", "with", "article", "story", "post", "entry", "content", "body", "text", "main"])
# What a dialog or a media element shows is the player's or a popup's, never the article's.
_CHROME_ROLES = {"dialog", "alertdialog", "slider"}
_CHROME_TAGS = {"video", "audio"}
_NEVER_CHROME = {"html", "body", "main", "article"}
# Paragraphs of prose in a row that are an article's text, not a slide's caption and credit.
_RUNNING_PARAGRAPHS = 3
# Elements a browser lays out within a line of text.
_INLINE = {
    *("a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd"),
    *("mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var"),
}
# What the extractor writes as Markdown's emphasis or as code, and runs into the text after it
# when a block that is not a paragraph opens with it.
_FORMATTING = {"b", "strong", "i", "em", "u", "s", "del", "strike", "sub", "sup", "tt", "kbd", "var", "samp"}
# Blocks that are not paragraphs, whose opening text the extractor runs together so.
_LOOSE_TEXT_BLOCKS = {"div", "section", "article", "main", "header", "footer", "aside", "center", "font"}


def extraction_tree(tree: etree._Element, headline: etree._Element | None) -> etree._Element:
    """A copy of the page without media players' and galleries' chrome, and with the text each
    <div> opens with in a paragraph, for the extractor; the page itself is left as it is."""
    return _paragraphed_copy(tree, media_chrome(tree, headline))


def whole_page_tree(tree: etree._Element) -> etree._Element:
    """A copy of the whole page, players and galleries too, with the text each <div> opens with
    in a paragraph: for a page whose article is its gallery (a photo story told in captions)."""
    return _paragraphed_copy(tree, [])


def _paragraphed_copy(tree: etree._Element, dropped: list[etree._Element]) -> etree._Element:
    """A copy of the page without the `dropped` elements, the opening text of its blocks wrapped."""
    place = {element: number for number, element in enumerate(tree.iter())}
    page = copy.deepcopy(tree)
    copies = list(page.iter())
    for element in dropped:
        copies[place[element]].drop_tree()
    for block in [element for element in page.iter() if tag_of(element) in _LOOSE_TEXT_BLOCKS]:
        wrap_opening_text(block)
    return page


def media_chrome(tree: etree._Element, headline: etree._Element | None) -> list[etree._Element]:
    """The outermost elements of the page that are a media player or a photo gallery, or their
    parts (a control bar, a dialog, a slide's caption); none that holds the headline or the
    article's running text (a "LightboxWrapper" may hold a whole article whose photos open in a
    lightbox)."""
    found, waiting = [], [tree]
    while waiting:
        element = waiting.pop()
        if is_media_chrome(element) and not holds(element, headline) and not holds_running_text(element):
            found.append(element)
        else:
            waiting.extend(reversed(element))
    return found


def is_media_chrome(element: etree._Element) -> bool:
    """A player, a gallery or a dialog, by its tag, ARIA role or the names its class and id give
    it; not an element that names itself a holder of the article too ("story-body with-gallery")."""
    tag = tag_of(element)
    if tag in _NEVER_CHROME or not tag:
        return False
    if tag in _CHROME_TAGS or (element.get("role") or "").lower() in _CHROME_ROLES:
        return True
    words = naming_words(element)
    return bool(words & _CHROME_WORDS) and not words & _HOLDER_WORDS


def holds_running_text(element: etree._Element) -> bool:
    """Whether the element holds paragraphs of prose one after another, as an article's text
    runs; a gallery gives each slide its caption, a player has none."""
    return any(runs_text(parent) for parent in element.iter())


def runs_text(element: etree._Element) -> bool:
    """Whether paragraphs of prose follow one another among the element's own children."""
    run = 0
    for child in element:
        run = run + 1 if tag_of(child) == "p" and is_prose(visible_text(child)) else 0
        if run >= _RUNNING_PARAGRAPHS:
            return True
    return False


def wrap_opening_text(block: etree._Element) -> None:
    """Put the text a block opens with into a <p> of its own, as a browser lays it out, when
    it opens with bold, italics or the like and goes on after it: its inline elements and text
    up to its first block."""
    if (block.text or "").strip() or not len(block):
        return
    run = _opening_run(block)
    opening = _first_with_text(run[0]) if run else None
    if opening is None or tag_of(opening) not in _FORMATTING:
        return
    said = "".join(piece for element in run for piece in (*element.itertext(), element.tail or ""))
    if not said.strip().removeprefix("".join(opening.itertext()).strip()).strip():
        return  # a lone bold line: nothing runs into it
    paragraph = etree.Element("p")
    block.insert(0, paragraph)
    for element in run:
        paragraph.append(element)  # moves it, its tail with it


def _opening_run(block: etree._Element) -> list[etree._Element]:
    """The block's children from the first up to its first block element (or comment)."""
    run = []
    for child in block:
        if tag_of(child) not in _INLINE and tag_of(child) != "br":
            break
        run.append(child)
    return run


def _first_with_text(element: etree._Element) -> etree._Element | None:
    """The element, or the first inline one it opens with, that has text of its own: the <b>
    of <span><b>МИНСК.</b> …</span>."""
    while not (element.text or "").strip():
        if not len(element) or tag_of(element[0]) not in _INLINE:
            return None
        element = element[0]
    return element
