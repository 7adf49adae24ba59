"""Cleaning one seed: what ingesting it takes that needs no look at content/ (ingest.py does the
rest, seed after seed in order). Reading and cleaning the seed, then making each document's
content file's text, the document the build will read from it, its names and its words as
relate counts them: pure work, which the worker processes do when there is much of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier.clean.titles import UNTITLED
from dossier.config import Entity
from dossier.content import document_file, written_document
from dossier.entities import document_named, names_in
from dossier.files import file_stamp
from dossier.link import CountedWords, counted_words, words_key
from dossier.model import Document, DossierError
from dossier.readers import reader_for


@dataclass
class CleanedDocument:
    document: Document  # as cleaning made it
    text: str  # its content file
    parsed: Document | DossierError  # that file as the build reads it
    names: tuple | None  # entities.names_in of parsed, when it is a document
    words: tuple[str, CountedWords] | None = None  # its words as relate counts them, with their key


@dataclass
class CleanedSeed:
    """What ingesting a seed takes that needs no look at content/: made here or in a worker process."""

    format: str  # the reader's
    documents: list[CleanedDocument] = field(default_factory=list)
    skipped: int = 0  # parts that hold no document
    notices: list[str] = field(default_factory=list)
    problems: list[DossierError] = field(default_factory=list)  # parts that could not be read, the rest kept
    unreadable: DossierError | None = None  # why the whole seed was skipped
    read_with: set[str] = field(default_factory=set)  # other seeds read with it (Reading.read_with)
    replies_into: dict[str, str] = field(default_factory=dict)  # {document id: the seed of its reply_to}
    raw_text: str | None = None  # the seed as its raw view shows it (Reading.raw_text)
    stamp: tuple[int, ...] | None = None  # the seed's file_stamp() before it was read


def clean_seed(path: Path, seeds_dir: Path, entities: tuple[Entity, ...] = ()) -> CleanedSeed:
    """Read and clean one seed, then make each document's content file's text, the document the
    build will read from it, its names and its words: the work of ingesting a seed that neither
    looks at content/ nor writes."""
    reader = reader_for(path)
    stamp = file_stamp(path)
    try:
        reading = reader.read(path, path.relative_to(seeds_dir).as_posix())
        documents, notices = _with_words(path, reading.documents)
    except DossierError as problem:
        return CleanedSeed(reader.FORMAT, unreadable=problem)
    except OSError as error:
        return CleanedSeed(reader.FORMAT, unreadable=DossierError(path, f"cannot be read ({error.strerror}); skipped"))
    cleaned = [_cleaned_document(document, entities) for document in documents]
    return CleanedSeed(
        reader.FORMAT,
        cleaned,
        reading.skipped,
        notices + reading.notices,
        reading.problems,
        read_with=reading.read_with,
        replies_into=reading.replies_into,
        raw_text=reading.raw_text,
        stamp=stamp,
    )


def _cleaned_document(document: Document, entities: tuple[Entity, ...]) -> CleanedDocument:
    text = document_file(document)
    parsed = written_document(Path(f"{document.id}.md"), f"{document.id}.md", document, text)
    if not isinstance(parsed, Document):
        return CleanedDocument(document, text, parsed, None)
    names = names_in(parsed, entities)
    named = document_named(parsed, names)
    return CleanedDocument(document, text, parsed, names, (words_key(named), counted_words(named)))


def _with_words(path: Path, documents: list[Document]) -> tuple[list[Document], list[str]]:
    """Documents with something to read, and a notice for each post left out: a post of emoji
    alone, or of symbols, says nothing a reader can search for or cite, and its title would be made up."""
    kept = [document for document in documents if _has_words(document)]
    if documents and not kept:
        raise DossierError(path, "no words in it, only emoji or symbols; skipped")
    problem = "a post with no words, only emoji or symbols; skipped"
    notices = [
        str(DossierError(path, problem, line=document.source.first_line))
        for document in documents
        if not _has_words(document)
    ]
    return kept, notices


def _has_words(document: Document) -> bool:
    title = "" if document.title == UNTITLED else document.title
    return any(char.isalnum() for part in (title, document.summary or "", document.body) for char in part)
