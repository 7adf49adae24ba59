"""People and organisations a document names: most named first."""

from __future__ import annotations

from dossier.config import Entity
from dossier.entities import entity_ids, entity_matcher, find_entities
from dossier.model import Document

ENTITIES = (
    Entity("sergey-lavrov", "Sergey Lavrov", "person", ("Lavrov",)),
    Entity("vladimir-makei", "Vladimir Makei", "person", ("Makei",)),
    Entity("osce", "OSCE", "organisation", ()),
)


def test_names_come_most_named_first_then_in_the_order_first_named() -> None:
    matcher = entity_matcher(ENTITIES)
    names = entity_ids("Makei in Moscow", "Sergey Lavrov met Makei. Lavrov spoke to the OSCE.", matcher)
    assert names == ["vladimir-makei", "sergey-lavrov", "osce"]


def test_find_entities_names_documents_with_the_function_it_is_given() -> None:
    document = Document(id="a", title="Lavrov", body="", text="Makei")
    asked = []

    def names(title, text, matcher):
        asked.append((title, text))
        return entity_ids(title, text, matcher)

    find_entities([document], ENTITIES, names)
    assert asked == [("Lavrov", "Makei")]
    assert document.entities == ["sergey-lavrov", "vladimir-makei"]
