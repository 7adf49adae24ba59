"""dossier.json: the whole dossier, machine-readable, for scripts and for later stages."""

from __future__ import annotations

import json

from dossier.markdown import markdown_to_text
from dossier.model import Document
from dossier.urls import document_url


def dossier_json(documents: list[Document]) -> str:
    entries = [_entry(document) for document in documents]
    return json.dumps({"documents": entries}, ensure_ascii=False, indent=1) + "\n"


def _entry(document: Document) -> dict:
    source = document.source
    return {
        "id": document.id,
        "title": document.title,
        "date": document.date,
        "themes": list(document.themes),
        "tags": list(document.tags),
        "source": {
            "seed": source.seed,
            "shape": source.shape,
            "outlet": source.outlet,
            "lines": [source.first_line, source.last_line] if source.first_line else None,
        },
        "url": document_url(document),
        "summary": document.summary,
        "text": markdown_to_text(document.body),
    }
