"""What every source shape shares: the raw document a splitter yields and how it becomes a Document.

A shape is a module with NAME and three functions:
  detect(lines) -> float         how sure it is that the text has this shape (0 to 1)
  split(seed, lines) -> [RawDocument]   the documents the text holds
  clean(raw) -> Document         one raw document made clean
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dossier.clean.lines import LINK_STUB, Line, hashtags, is_reaction_counter, paragraphs_markdown
from dossier.ids import document_id
from dossier.model import Document, Photo, Removal, Source


@dataclass
class RawDocument:
    """The lines of one document inside a seed, and what splitting already took away."""

    seed: str
    lines: list[Line]
    removed: list[Removal] = field(default_factory=list)
    outlet: str | None = None
    captured: str | None = None  # when a page capture was taken, if it says


def whole_text(seed: str, lines: list[Line]) -> list[RawDocument]:
    """The split of shapes that hold one document: all of the text."""
    return [RawDocument(seed, lines)]


def removals(lines: list[Line], reason: str) -> list[Removal]:
    """Dropped lines as ranges: lines 36-48 'repeat', not thirteen entries."""
    return merge_removals([Removal(line.number, line.number, reason) for line in lines])


def drop_noise_lines(raw: RawDocument) -> None:
    """Reaction counters and link stubs say nothing in any shape: a pasted page has them too."""
    noise = [line for line in raw.lines if is_reaction_counter(line.text) or LINK_STUB.match(line.text)]
    if noise:
        noise_numbers = {line.number for line in noise}
        raw.lines = [line for line in raw.lines if line.number not in noise_numbers]
        raw.removed += removals(noise, "counter or link stub")


def span_removal(lines: list[Line], reason: str) -> list[Removal]:
    """One range from the first to the last of these lines: a whole region of a page."""
    numbers = [line.number for line in lines if not line.is_blank]
    return [Removal(min(numbers), max(numbers), reason)] if numbers else []


def merge_removals(removed: list[Removal]) -> list[Removal]:
    """In line order, with touching ranges of the same reason joined."""
    merged: list[Removal] = []
    for removal in sorted(removed, key=lambda r: (r.first_line, r.last_line)):
        last = merged[-1] if merged else None
        if last and last.reason == removal.reason and last.last_line + 1 >= removal.first_line:
            merged[-1] = Removal(last.first_line, max(last.last_line, removal.last_line), last.reason)
        else:
            merged.append(removal)
    return merged


def make_document(
    raw: RawDocument,
    shape: str,
    title: str,
    paragraphs: list[str],
    date: str | None,
    removed: list[Removal] = (),
    dateline: str | None = None,
) -> Document:
    """The clean document, with its provenance: seed, line span, and every removal."""
    body = paragraphs_markdown(paragraphs)
    numbers = [line.number for line in raw.lines if not line.is_blank] or [1]
    all_removed = merge_removals([*raw.removed, *removed])
    source = Source(
        seed=raw.seed,
        shape=shape,
        outlet=raw.outlet,
        first_line=min(numbers),
        last_line=max(numbers),
        dateline=dateline,
        captured=raw.captured,
        removed=all_removed,
    )
    return cleaned_document(title, body, date, source)


def cleaned_document(
    title: str, body: str, date: str | None, source: Source, photos: tuple[Photo, ...] = ()
) -> Document:
    """A document as cleaning makes it, whatever the input's format: its id from its title and
    date, its tags from the hashtags in its text."""
    return Document(
        id=document_id(title, date),
        title=title,
        body=body,
        date=date,
        tags=hashtags(f"{title}\n{body}"),
        source=source,
        photos=photos,
    )
