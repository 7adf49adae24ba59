"""dossier.json: one line per document, and serve's kept lines give what a fresh encode gives."""

from __future__ import annotations

import json

from dossier.classify import Membership
from dossier.config import Config, Theme
from dossier.export import DossierJson
from dossier.link import Related
from dossier.model import Document

CONFIG = Config("A dossier", "", None, 50, (Theme("osce", "OSCE", "", ("OSCE",)),), ())


def _documents() -> list[Document]:
    first = Document(id="a", title="A", body="Text 🙂", text="Text 🙂")
    first.memberships = [Membership("osce", 0.5, True)]
    second = Document(id="b", title="B", body="Другой текст", text="Другой текст")
    second.related = [Related("a", 0.25, ("Similar wording (25%)",))]
    return [first, second]


def test_dossier_json_is_one_line_per_document_in_utf_8() -> None:
    encoded = DossierJson().encode(_documents(), CONFIG)
    dossier = json.loads(encoded)
    assert [document["id"] for document in dossier["documents"]] == ["a", "b"]
    assert dossier["themes"] == [
        {"id": "osce", "title": "OSCE", "count": 1, "url": "themes/osce.html"},
        {"id": "other", "title": "Other", "count": 1, "url": "themes/other.html"},
    ]
    assert "Text 🙂".encode() in encoded and "Другой текст".encode() in encoded, "UTF-8, not \\u escapes"
    lines = encoded.decode().splitlines()
    assert lines[-4].startswith('  {"id": "a"') and lines[-3].startswith('  {"id": "b"')


def test_a_kept_line_is_encoded_again_when_what_was_worked_out_changes() -> None:
    documents = _documents()
    kept = DossierJson()
    kept.encode(documents, CONFIG)
    documents[0].related = [Related("b", 0.3, ())]
    documents[1].memberships = [Membership("osce", 0.2, False)]
    documents[1].entities = ["lavrov"]
    assert kept.encode(documents, CONFIG) == DossierJson().encode(documents, CONFIG)
    assert kept.encode(documents[1:], CONFIG) == DossierJson().encode(documents[1:], CONFIG)
    assert DossierJson().encode([], CONFIG).endswith(b'"documents": []\n}\n')
