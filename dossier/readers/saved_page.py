"""Web pages saved from a browser (.html, .htm): one article amid the site's menus, cookie
banner, search form, share buttons, "latest news" and "related" lists, footer and scripts.

The article is found by trafilatura, made for exactly this and the best-scoring open-source
extractor on its published benchmark, given the page without its media players' and galleries'
chrome (page_markup.py). The headline is the one the page shows and the outlet the site's name
(page_names.py). What the extractor misses is told by where it stands on the page
(page_layout.py): the date printed by the headline (page_dates.py), a lead set apart from the
body (page_lead.py); and so is what it keeps that is not the article's: a caption, a list of
other stories, a comment section set inside the article's container (page_chrome.py). Nothing
of the page's markup reaches the site: not its scripts, styles or attributes, not even its
links (they point into a site the reader may not reach). The raw-source view shows the page's
visible text, escaped, never the page. A page that holds no article, a section front or a
topic page of other stories' teasers, is named and skipped (page_listing.py).

A page saved "complete" brings a folder <name>_files/ beside it: that folder is the page's.
"""

from __future__ import annotations

import re
from pathlib import Path

from dossier.clean.dates import find_full_date
from dossier.clean.lines import Line, comparable
from dossier.clean.shape import cleaned_document, removals
from dossier.clean.titles import title_from_text
from dossier.model import DossierError, Source, SourceText
from dossier.readers.page_chrome import without_chrome, without_site_parts
from dossier.readers.page_chunks import join_chunks, left_out_chunks
from dossier.readers.page_dates import page_date
from dossier.readers.page_layout import Block, is_prose, page_blocks
from dossier.readers.page_lead import article_opening
from dossier.readers.page_listing import is_listing, page_address
from dossier.readers.page_markup import extraction_tree, whole_page_tree
from dossier.readers.page_names import metadata_titles, page_headline, page_outlet, page_title, site_names
from dossier.readers.reading import Reading
from dossier.readers.text import text_bytes
from dossier.urls import web_link

FORMAT = "saved page"

SUFFIXES = (".html", ".htm", ".xhtml")
SHAPE = "webpage"
# A line of the page this long, found in the article, places the article in the page; a
# shorter one ("Home", "News") may only be a menu item that happens to be a word of it.
_ANCHOR_WORDS = 4
# The opening paragraphs that may state the date when the markup does not.
_DATE_PARAGRAPHS = 2
# The paragraphs trafilatura may give before the headline it repeats: a rubric ("Europe"), a date line.
_ABOVE_HEADLINE = 3
_NOT_ARTICLE = "not the article: menus, banners, lists, footer"
# A page whose article holds fewer words of prose than this is no article: a headline and a
# "read the full story" link, the rest menus and "most read" lists.
MIN_PROSE_WORDS = 8


def recognises(path: Path, head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower()
    return path.suffix.lower() in SUFFIXES or start.startswith((b"<!doctype html", b"<html"))


def companions(path: Path) -> list[Path]:
    """<name>_files/, which a browser writes only beside the <name>.html it saves: a text file
    that opens with <html> has no folder of its own."""
    return [path.with_name(f"{path.stem}_files")] if path.suffix.lower() in SUFFIXES else []


def raw_text(path: Path, seed: str) -> SourceText:
    return SourceText(seed=seed, text="\n".join(page_lines(_page_tree(path, text_bytes(path)))))


def page_lines(tree) -> list[str]:
    """The text a reader sees on the page, a line per block (a menu item, a paragraph)."""
    return [block.text for block in page_blocks(tree)]


def read(path: Path, seed: str) -> Reading:
    data = text_bytes(path)
    tree = _page_tree(path, data)
    blocks = page_blocks(tree)
    lines = [Line(number, block.text) for number, block in enumerate(blocks, start=1)]
    # The headline is found before the extraction, which is given the page without its galleries
    # unless they hold the headline; the site's name the extractor finds joins the page's after.
    titles = metadata_titles(tree)
    headline = page_headline(tree, titles, site_names(tree, None))
    address = page_address(tree, data)
    article, paragraphs = _article(path, tree, headline, blocks, address)
    sites = site_names(tree, article.sitename)
    title = page_title(headline, titles, sites) or title_from_text(paragraphs[0].lstrip("# "))
    paragraphs = _after_headline(paragraphs, title)
    paragraphs = article_opening(blocks, headline, paragraphs, article.description)
    date = page_date(tree, blocks, headline) or find_full_date(" ".join([title, *paragraphs[:_DATE_PARAGRAPHS]]))
    kept, dropped = _article_lines(lines, [title, *paragraphs])
    numbers = [line.number for line in kept] or [1]
    address = article.url or address
    source = Source(
        seed=seed,
        shape=SHAPE,
        outlet=page_outlet(sites, titles, title, address),
        first_line=min(numbers),
        last_line=max(numbers),
        removed=removals(dropped, _NOT_ARTICLE),
        link=web_link(address),
    )
    body = "\n\n".join(paragraphs)
    return Reading([cleaned_document(title, body, date, source)], raw_text="\n".join(line.text for line in lines))


def _article(path: Path, tree, headline, blocks: list[Block], address: str) -> tuple:
    """The article trafilatura finds in the page without its media players' and galleries'
    chrome, with its body's chunks joined when it took only some of them (page_chunks.py), and
    its paragraphs without what it kept of the site's parts and of photos' captions
    (page_chrome.py). In the whole page when that leaves no article, as a photo story told in
    its gallery's captions does: the captions are then its text, and only the site's parts go."""
    import trafilatura

    article = trafilatura.bare_extraction(extraction_tree(tree, headline), **_EXTRACTION)
    if article is not None and left_out_chunks(tree, article.text or ""):
        article = trafilatura.bare_extraction(join_chunks(extraction_tree(tree, headline)), **_EXTRACTION)
    paragraphs = without_chrome(blocks, headline, _paragraphs(article.text or "")) if article else []
    if _prose_words(paragraphs) < MIN_PROSE_WORDS:
        article = trafilatura.bare_extraction(whole_page_tree(tree), **_EXTRACTION)
        paragraphs = without_site_parts(blocks, headline, _paragraphs(article.text or "")) if article else []
    if article is None or not (article.text or "").strip():
        raise DossierError(path, "no article found in the saved page; skipped")
    if _prose_words(paragraphs) < MIN_PROSE_WORDS:
        raise DossierError(path, "no article in the saved page, only menus, lists and links; skipped")
    if is_listing(tree, blocks, headline, paragraphs, address):
        raise DossierError(path, _LISTING)
    return article, paragraphs


_LISTING = (
    "no article in the saved page: it is a page of other stories' headlines and teasers "
    "(a section front, a topic or tag page), with no text of its own; skipped"
)


_EXTRACTION = {
    "output_format": "python",
    "with_metadata": True,
    "include_formatting": True,
    "include_links": False,
    "include_images": False,
    "include_comments": False,
    "include_tables": True,
    # trafilatura looks for a date too, which page_dates.py's replaces; its quick search costs least.
    "date_extraction_params": {"extensive_search": False},
}


def _page_tree(path: Path, data: bytes):
    """The page parsed, its encoding told from its bytes and its <meta charset>, as trafilatura
    itself loads it."""
    import trafilatura  # here, not above: 0.1 s to import, which builds without saved pages skip

    tree = trafilatura.load_html(data)
    if tree is None:
        raise DossierError(path, "not an HTML page that can be parsed; skipped")
    return tree


def _paragraphs(markdown: str) -> list[str]:
    """trafilatura's Markdown, a paragraph (or a heading, a list, a table) per block; without
    the HTML tags it writes for underlined, superscript and subscript text, which Markdown
    lacks: the site shows no HTML of a document, so a reader would see "<u>Mohammed Deif</u>"."""
    blocks = re.split(r"\n\s*\n", _INLINE_HTML.sub("", markdown.replace("\r", "")))
    return [block.strip() for block in blocks if block.strip()]


# The tags themselves; the page's own "<" in text reaches the Markdown escaped ("\\<u>").
_INLINE_HTML = re.compile(r"(?<!\\)</?(?:u|sup|sub)>")


def _prose_words(paragraphs: list[str]) -> int:
    """Words in paragraphs that read as prose: sentences, not a menu's or a list's short lines
    (a page that only links to its story has none)."""
    return sum(len(paragraph.split()) for paragraph in paragraphs if is_prose(paragraph))


def _after_headline(paragraphs: list[str], title: str) -> list[str]:
    """The article after the headline, which is the title already. trafilatura may give it as
    the first paragraph, or after a rubric or a date line set above it ("Europe", "14:20
    05.12.2026"), in a paragraph of its own or on the line before ("Europe\n# Ceasefire talks
    resume"): they are the page's, not the article's, and go with it."""
    for number, paragraph in enumerate(paragraphs[: _ABOVE_HEADLINE + 1]):
        *above, last = paragraph.split("\n")
        if _is_headline(last, title) and not is_prose(" ".join(above)):
            rest = paragraphs[number + 1 :]
            while rest and _is_headline(rest[0], title):
                rest = rest[1:]  # a headline a page repeats
            return rest
        if is_prose(paragraph):
            break
    return paragraphs


def _is_headline(paragraph: str, title: str) -> bool:
    return comparable(paragraph.lstrip("# ")) == comparable(title)


def _article_lines(lines: list[Line], article: list[str]) -> tuple[list[Line], list[Line]]:
    """The page's lines that hold the article, and the others (what extraction left out), for
    the raw-source view. The article spans from the first to the last long line found in it;
    inside that span, a line found in the article is kept too, however short.

    A page line is most often a paragraph of the article, or a line of one, whole: it is looked
    up among those first, and searched for in the article's running text only when it is not
    one; searching a page of 8,000 paragraphs for each of its lines took seconds."""
    whole = {comparable(piece) for block in article for piece in block.split("\n")}
    running = f" {comparable(' '.join(article))} "
    found = [line for line in lines if (text := comparable(line.text)) and (text in whole or _within(text, running))]
    anchors = [line.number for line in found if len(line.text.split()) >= _ANCHOR_WORDS]
    if not anchors:
        return [], lines
    first, last = min(anchors), max(anchors)
    kept = [line for line in found if first <= line.number <= last]
    kept_numbers = {line.number for line in kept}
    return kept, [line for line in lines if line.number not in kept_numbers]


def _within(words: str, running: str) -> bool:
    """Whether the words stand in the article's running text: a part of a paragraph (a line a
    <br> ends), or a line that spans two."""
    return f" {words} " in running
