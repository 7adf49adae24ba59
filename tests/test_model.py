"""The document model: a frozen document, and replaced(), which stages make new documents with."""

from __future__ import annotations

import dataclasses

import pytest

from dossier.model import Document, Membership, Source


def _document() -> Document:
    return Document(id="a", title="A title", body="Some *text*.", date="2021-06-18", source=Source(seed="a.txt"))


def test_replaced_is_dataclasses_replace_and_leaves_the_document_given() -> None:
    document = _document()
    changes = {
        "related": (("b", 1.5, ("Similar wording (40%)",)),),
        "memberships": (Membership("osce", 0.5, True),),
    }
    replaced = document.replaced(**changes)
    assert replaced == dataclasses.replace(document, **changes)
    assert replaced.digest == document.digest
    assert document.related == () and document.memberships == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        replaced.title = "Another"  # type: ignore[misc]


def test_replacing_a_field_a_document_has_not_is_refused() -> None:
    with pytest.raises(TypeError, match="no field relatd"):
        _document().replaced(relatd=())
