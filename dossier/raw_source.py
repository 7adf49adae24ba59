"""The raw-seed view: a seed's text line by line, showing which document each line went to
and what cleaning removed and why. The text is shown escaped, never as markup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.model import Document, DossierError
from dossier.readers import read_text_seed


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    document: Document | None  # the document this line belongs to, if kept
    removed: str | None  # why cleaning dropped it, if it did


@dataclass(frozen=True)
class SourceView:
    seed: str
    documents: list[Document]
    lines: list[SourceLine]
    removed_count: int


def seed_text(seeds_dir: Path, seed: str) -> str | None:
    """The seed's text as ingestion read it; None when the seed is gone or unreadable: its
    documents stay, without a raw view."""
    try:
        return read_text_seed(seeds_dir / seed, seed).text
    except (DossierError, OSError):
        return None


def source_view(seed: str, text: str, documents: list[Document]) -> SourceView:
    reasons: dict[int, str] = {}
    owner: dict[int, Document] = {}
    for document in documents:
        source = document.source
        if source.first_line:
            for number in range(source.first_line, (source.last_line or source.first_line) + 1):
                owner.setdefault(number, document)
        for removal in source.removed:
            for number in range(removal.first_line, removal.last_line + 1):
                reasons.setdefault(number, removal.reason)
    lines = [
        SourceLine(number, line, owner.get(number), reasons.get(number))
        for number, line in enumerate(text.split("\n"), start=1)
    ]
    removed = sum(1 for line in lines if line.removed and line.text.strip())
    return SourceView(seed, documents, lines, removed)
