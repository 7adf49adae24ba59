"""The one document model that flows through every stage of the build."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from pathlib import Path


class DossierError(Exception):
    """A problem a curator can act on: which file, which line, what is wrong."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple:
        """Pickled as its parts, to come back from a worker process whole."""
        return (DossierError, (self.path, self.message, self.line))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Removal:
    """A stretch of a seed that cleaning dropped, and why (shown on the raw-seed page)."""

    first_line: int
    last_line: int
    reason: str


@dataclass(frozen=True)
class SourceText:
    """One input file as text, before any cleaning: what a reader hands to the cleaners."""

    seed: str  # path relative to the seeds folder, with forward slashes
    text: str  # line endings already normalised to "\n"
    notes: tuple[DossierError, ...] = ()  # how the reader read it, when that was not plain UTF-8


@dataclass(frozen=True)
class Source:
    """Where a document came from: the provenance a reader can check."""

    seed: str | None = None
    shape: str | None = None
    outlet: str | None = None
    first_line: int | None = None
    last_line: int | None = None
    dateline: str | None = None
    captured: str | None = None
    removed: tuple[Removal, ...] = ()
    # A post read from a Telegram export: its channel, the message's id there, where it was
    # forwarded from, who sent it in a group, when it was edited; for any source, the address
    # of the original.
    channel: str | None = None
    message: int | None = None
    forwarded_from: str | None = None
    sender: str | None = None  # who wrote a post in a group chat (a channel's posts are the channel's)
    reply_to: str | None = None  # the id of the document of the post this one answers
    edited: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Photo:
    """An image published with a document: a file under seeds/ (an export's photos/) and its alt text."""

    file: str  # relative to the seeds folder, with forward slashes
    alt: str


@dataclass(frozen=True)
class Publication:
    """One of the places a merged document was published: the content file that holds it, the
    date that source states, and its provenance."""

    id: str
    date: str | None
    source: Source


@dataclass(frozen=True)
class Version:
    """Another document that tells nearly the same text, and the share of the text they have in common."""

    id: str
    shared: float


@dataclass(frozen=True)
class Membership:
    """A document's place in a theme (classify.py)."""

    theme: str  # theme id
    score: float  # 0..1: how much of the document is about the theme
    central: bool
    by_hand: bool = False


# Another document a reader should see next (link.py), and why: (its id, the score, the reasons,
# "Same themes: OSCE", "Both name: Sergey Lavrov", "Similar wording (40%)"). Plain values, as
# relate keeps them: made into objects, the 50,000 of 10,000 documents took it 26 ms a build more.
Related = tuple[str, float, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a document first names someone: the paragraph (#p1 is 1) and the sentence around it."""

    entity: str
    paragraph: int
    sentence: str


@dataclass(frozen=True)
class Document:
    """A clean document: what ingestion writes to content/ and every later stage reads. Frozen:
    a stage that works something out returns a new document (replaced()), so what one stage was
    given is never changed under another."""

    id: str
    title: str
    body: str  # Markdown
    date: str | None = None  # ISO YYYY-MM-DD, only when the text states it
    summary: str | None = None
    tags: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # set by hand; overrides the classifier
    source: Source = field(default_factory=Source)
    path: str | None = None  # the content file, relative to the content folder
    # Published with it, in order: a post's photo, or each photo of an album (several sent as one post).
    photos: tuple[Photo, ...] = ()
    # A digest of what the document was read from (its content file's bytes and name; a merged
    # document's, of every copy's): what the memo keys a stage's work on one document by.
    digest: str = ""
    # Worked out by the build from the text and the config; never stored in content/.
    text: str = ""  # the body as plain text, read once: themes, names, links and the export use it
    paragraphs: tuple[str, ...] = ()  # the text of each numbered block (#p1, #p2, ...)
    html: str = ""  # the body as its page shows it: anchored blocks, the first mention of each name linked
    entities: tuple[str, ...] = ()  # ids of people, organisations and places named, most named first (entities.py)
    mentions: tuple[Mention, ...] = ()  # the first mention in the text of each, in text order
    named: str = ""  # named_digest() of the three above, made with them
    memberships: tuple[Membership, ...] = ()  # strongest first (classify.py)
    related: tuple[Related, ...] = ()  # best first (link.py)
    # Every source of a document merged from copies of one text, its own first; empty when it has one.
    publications: tuple[Publication, ...] = ()
    versions: tuple[Version, ...] = ()  # near-copies, most shared first (duplicates.py)
    # Each photo's name as published in the site, None for one whose file was not found (photos.py).
    photo_urls: tuple[str | None, ...] = ()

    def __post_init__(self) -> None:
        """A document not read from a file (made by a test or a tool) is known by what it holds;
        and any document's text as named, by a digest of it."""
        if not self.digest:
            made_of = (self.id, self.title, self.body, self.date, self.summary, self.tags, self.themes)
            made_of += (self.source, self.path, self.photos, self.text)
            object.__setattr__(self, "digest", hashlib.sha256(repr(made_of).encode("utf-8")).hexdigest())
        object.__setattr__(self, "named", named_digest(self.html, self.entities, self.mentions))

    def replaced(self, **changes: object) -> Document:
        """A new document with these fields changed: dataclasses.replace, without running
        __init__ again for fields already set (the values given are a stage's own results). At
        10,000 documents, five stages replacing each took 0.3 s through __init__; this a tenth."""
        if unknown := changes.keys() - _DOCUMENT_FIELDS:
            raise TypeError(f"Document has no field {', '.join(sorted(unknown))}")
        if "named" not in changes and any(name in changes for name in _NAMED_FROM):  # its digest, made again
            changes["named"] = named_digest(*(changes.get(name, getattr(self, name)) for name in _NAMED_FROM))
        document = object.__new__(Document)
        document.__dict__.update(self.__dict__)
        document.__dict__.update(changes)
        return document

    def all_publications(self) -> tuple[Publication, ...]:
        """Where the document was published: every merged copy's source, or its own alone."""
        return self.publications or (Publication(self.id, self.date, self.source),)

    def as_text(self) -> str:
        """The document as plain headline-shaped text: what cleaning it again must give back."""
        parts = [self.title, self.summary, self.body]
        return "\n\n".join(part for part in parts if part) + "\n"


_DOCUMENT_FIELDS = frozenset(field.name for field in fields(Document))
_NAMED_FROM = ("html", "entities", "mentions")


def named_digest(html: str, entities: tuple[str, ...], mentions: tuple[Mention, ...]) -> str:
    """A digest of what naming made of a document's text, as its page shows it: the HTML (names
    linked), the names and each first mention. Made once, with them (entities.names_in, kept in
    the memo), so that keying the pages that show the text does not hash it on every build.
    Nothing, for a document not named."""
    if not (html or entities or mentions):
        return ""
    hashed = hashlib.sha256(html.encode("utf-8"))
    hashed.update(repr((entities, [(m.entity, m.paragraph, m.sentence) for m in mentions])).encode("utf-8"))
    return hashed.hexdigest()
