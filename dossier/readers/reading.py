"""What a reader makes of one seed: the documents in it, and what it met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from dossier.model import Document, DossierError


@dataclass
class Reading:
    documents: list[Document]
    skipped: int = 0  # parts of the seed that hold no document: a service message, a post without text
    notices: list[str] = field(default_factory=list)  # worth a curator's look; nothing lost
    problems: list[DossierError] = field(default_factory=list)  # parts that could not be read, the rest kept
