"""dossier.json: one line per document, in UTF-8."""

from __future__ import annotations

import json

from dossier.classify import Membership
from dossier.config import Config, Theme
from dossier.export import dossier_json
from dossier.memo import Memo
from dossier.model import Document

CONFIG = Config("A dossier", "", None, 50, (Theme("osce", "OSCE", "", ("OSCE",)),), ())


def _documents() -> list[Document]:
    first = Document(id="a", title="A", body="Text 🙂", text="Text 🙂", memberships=(Membership("osce", 0.5, True),))
    related = (("a", 0.25, ("Similar wording (25%)",)),)
    second = Document(id="b", title="B", body="Другой текст", text="Другой текст", related=related)
    return [first, second]


def test_dossier_json_is_one_line_per_document_in_utf_8() -> None:
    encoded = dossier_json(_documents(), CONFIG, Memo(None))
    dossier = json.loads(encoded)
    assert [document["id"] for document in dossier["documents"]] == ["a", "b"]
    assert dossier["themes"] == [
        {"id": "osce", "title": "OSCE", "count": 1, "url": "themes/osce.html"},
        {"id": "other", "title": "Other", "count": 1, "url": "themes/other.html"},
    ]
    assert "Text 🙂".encode() in encoded and "Другой текст".encode() in encoded, "UTF-8, not \\u escapes"
    lines = encoded.decode().splitlines()
    assert lines[-4].startswith('  {"id": "a"') and lines[-3].startswith('  {"id": "b"')


def test_an_empty_dossier_has_an_empty_list_of_documents() -> None:
    assert dossier_json([], CONFIG, Memo(None)).endswith(b'"documents": []\n}\n')
