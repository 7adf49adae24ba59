"""dossier.json: the whole dossier, machine-readable, for scripts and for later stages."""

from __future__ import annotations

import json
from collections import Counter

from dossier.config import OTHER, Config
from dossier.memo import Memo, plain_digest
from dossier.model import Document, Publication
from dossier.urls import document_url, theme_url

# Encoding a document's line is not worth sharing with the workers: sending them the document
# (pickling it) costs as much (10,000 documents: 0.34 s here, 0.58 s shared).
ENTRY_SECONDS = 0.0


def dossier_json(documents: list[Document], config: Config, memo: Memo) -> bytes:
    """dossier.json, as bytes: one line per document, readable and diffable."""
    # Encoded a document at a time: the whole list as one str would be held in four bytes a
    # character, for the one emoji among 10,000 posts, and copied twice. json's C encoder writes
    # each line: indenting every level would turn it off (10,000 documents: 1.6 s -> 0.2 s). The
    # memo keeps each line: after one edit, encoding them all again took a quarter of a second.
    keys = [_entry_key(document) for document in documents]
    lines = memo.map("dossier-json", _entry_line, documents, keys, ENTRY_SECONDS)
    head = _head(documents, config).removesuffix(b"\n}") + b',\n "documents": '
    if not lines:
        return head + b"[]\n}\n"
    lines[0] = head + b"[\n  " + lines[0]
    lines[-1] += b"\n ]\n}\n"
    return b",\n  ".join(lines)


def _head(documents: list[Document], config: Config) -> bytes:
    """The dossier's title, themes with their counts, and names, as an indented JSON object."""
    counts = Counter(m.theme for d in documents for m in d.memberships)
    themes = [
        {"id": theme.id, "title": theme.title, "count": counts[theme.id], "url": theme_url(theme.id)}
        for theme in config.themes
    ]
    unthemed = sum(1 for d in documents if not d.memberships)
    if unthemed:
        themes.append({"id": OTHER.id, "title": OTHER.title, "count": unthemed, "url": theme_url(OTHER.id)})
    entities = [{"id": e.id, "name": e.name, "kind": e.kind} for e in config.entities]
    head = {"title": config.title, "themes": themes, "entities": entities}
    return json.dumps(head, ensure_ascii=False, indent=1).encode("utf-8")


def _entry_key(document: Document) -> str:
    """All a document's line is made of: what its content files hold (their digest), and what the
    build worked out of the dossier, as plain values (plain_digest: dataclasses are none)."""
    memberships = [(m.theme, m.score, m.central, m.by_hand) for m in document.memberships]
    versions = [(v.id, v.shared) for v in document.versions]
    return plain_digest((document.digest, memberships, document.entities, document.related, versions))


def _entry_line(document: Document) -> bytes:
    return json.dumps(_entry(document), ensure_ascii=False).encode("utf-8")


def _entry(document: Document) -> dict:
    sources = [_source(publication) for publication in document.all_publications()]
    return {
        "id": document.id,
        "title": document.title,
        "date": document.date,
        "themes": [
            {"id": m.theme, "score": m.score, "central": m.central, "by_hand": m.by_hand} for m in document.memberships
        ],
        "tags": list(document.tags),
        "entities": list(document.entities),
        "related": [
            {"id": other, "score": score, "reasons": list(reasons)} for other, score, reasons in document.related
        ],
        "source": sources[0],
        "sources": sources,
        "versions": [{"id": version.id, "shared": version.shared} for version in document.versions],
        "url": document_url(document),
        "summary": document.summary,
        "text": document.text,
    }


def _source(publication: Publication) -> dict:
    """Where one copy of the document came from: its content file's id, the date it states, its provenance."""
    source = publication.source
    return {
        "id": publication.id,
        "date": publication.date,
        "seed": source.seed,
        "shape": source.shape,
        "outlet": source.outlet,
        "lines": [source.first_line, source.last_line] if source.first_line else None,
        "channel": source.channel,
        "message": source.message,
        "forwarded_from": source.forwarded_from,
        "edited": source.edited,
        "link": source.link,
    }
