"""An article a page serves in chunks: its body in several containers of one name, one after
another, with an advertisement or a photo between them (three "body__inner-container" in a New
Yorker story). The extractor takes the first for the article's container and leaves the others
out, half a long story lost. When it did, the chunks are joined into the first, in their order,
and the page is given to it again; a page whose chunks it all took is left as it is.
"""

from __future__ import annotations

from lxml import etree

from dossier.clean.lines import comparable
from dossier.readers.page_layout import holds, is_prose, tag_of, visible_text
from dossier.readers.page_markup import runs_text


def body_chunks(tree: etree._Element) -> list[list[etree._Element]]:
    """The groups of elements that share a tag and a class and each hold paragraphs of prose in a
    row, as an article's text runs: a body in chunks. One such element alone is no group."""
    groups: dict[tuple[str, str], list[etree._Element]] = {}
    for element in tree.iter():
        if tag_of(element) and element.get("class") and runs_text(element):
            groups.setdefault((tag_of(element), element.get("class")), []).append(element)
    return [members for members in groups.values() if len(members) > 1]


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
