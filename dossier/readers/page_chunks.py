"""An article a page serves in chunks: its body in several containers of one name, one after
another, with an advertisement or a photo between them (three "body__inner-container" in a New
Yorker story). The extractor takes the first for the article's container and leaves the others
out, half a long story lost. When it did, the chunks are joined into the first, in their order,
and the page is given to it again; a page whose chunks it all took is left as it is.

Chunks of one body stand in one story: containers of the same name with a headline (<h1>)
between them, or in two <article> elements, are two stories' bodies, as a page that loads the
next story below the first ("infinite scroll") has them, and are never joined.
"""

from __future__ import annotations

from itertools import pairwise

from lxml import etree

from dossier.clean.lines import comparable
from dossier.readers.page_layout import holds, is_prose, tag_of, visible_text
from dossier.readers.page_markup import runs_text


def body_chunks(tree: etree._Element) -> list[list[etree._Element]]:
    """The groups of elements that share a tag and a class and each hold paragraphs of prose in a
    row, as an article's text runs, one after another in one story: a body in chunks. One such
    element alone is no group."""
    groups: dict[tuple[str, str], list[etree._Element]] = {}
    place: dict[etree._Element, int] = {}  # each element's place in page order
    headlines = []
    for number, element in enumerate(tree.iter()):
        place[element] = number
        if tag_of(element) == "h1":
            headlines.append(element)
        if tag_of(element) and element.get("class") and runs_text(element):
            groups.setdefault((tag_of(element), element.get("class")), []).append(element)
    stories = _Stories(place, headlines)
    return [chunks for members in groups.values() for chunks in stories.split(members) if len(chunks) > 1]


class _Stories:
    """Where one story's chunks end and another's begin: at a headline (<h1>) standing between
    two chunks, not inside the first (a first chunk may open with the article's own), or where
    they stand in two <article> elements."""

    def __init__(self, place: dict[etree._Element, int], headlines: list[etree._Element]) -> None:
        self.place = place
        self.headlines = headlines

    def split(self, members: list[etree._Element]) -> list[list[etree._Element]]:
        stories = [[members[0]]]
        for previous, member in pairwise(members):
            if self._apart(previous, member):
                stories.append([])
            stories[-1].append(member)
        return stories

    def _apart(self, previous: etree._Element, member: etree._Element) -> bool:
        start, end = self.place[previous], self.place[member]
        if any(start < self.place[h] < end and not holds(previous, h) for h in self.headlines):
            return True
        return _article_of(previous) is not _article_of(member)


def _article_of(element: etree._Element) -> etree._Element | None:
    """The <article> the element stands in, if any: the story it is part of."""
    return next((ancestor for ancestor in element.iterancestors() if tag_of(ancestor) == "article"), None)


def left_out_chunks(tree: etree._Element, extracted: str) -> bool:
    """Whether the extracted text holds some chunks of a body and leaves others out."""
    running = f" {' '.join(map(comparable, extracted.split(chr(10))))} "  # comparable() drops line breaks
    for chunks in body_chunks(tree):
        taken = [_is_taken(chunk, running) for chunk in chunks]
        if any(taken) and not all(taken):
            return True
    return False


def join_chunks(tree: etree._Element) -> etree._Element:
    """The tree with each body's later chunks moved into its first, in their order (what stood
    between them, an advertisement or a photo, stays where it was)."""
    for first, *rest in body_chunks(tree):
        for chunk in rest:
            if not (holds(first, chunk) or holds(chunk, first)):
                first.append(chunk)
    return tree


def _is_taken(chunk: etree._Element, running: str) -> bool:
    """Whether a paragraph of the chunk's prose stands in the extracted text."""
    return any(
        f" {comparable(visible_text(child))} " in running
        for child in chunk
        if tag_of(child) == "p" and is_prose(visible_text(child))
    )
