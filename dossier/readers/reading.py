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
    # Other seeds read with this one, by seed: a reply in a chat's messages2.html answers a post
    # of its messages.html. What this seed gives depends on them too, so it is read again when
    # they change; and each document whose reply_to is one of theirs, with that seed, so that
    # the link follows the id ingestion gives that document in content/.
    read_with: set[str] = field(default_factory=set)
    replies_into: dict[str, str] = field(default_factory=dict)  # {document id: the seed of its reply_to}
    # The seed's text as its raw view shows it (the reader's raw_text), when reading had it at
    # hand: ingestion hands it to the memo, and the raw view need not read the seed again.
    raw_text: str | None = None
