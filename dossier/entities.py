"""People and organisations: which of the curated names each document mentions."""

from __future__ import annotations

from dossier.config import Entity
from dossier.model import Document
from dossier.terms import PhraseMatcher


def entity_matcher(entities: tuple[Entity, ...]) -> PhraseMatcher:
    return PhraseMatcher({alias: entity.id for entity in entities for alias in (entity.name, *entity.aliases)})


def find_entities(documents: list[Document], entities: tuple[Entity, ...]) -> None:
    """Set each document's entities: ids of the people and organisations it names, most named first."""
    matcher = entity_matcher(entities)
    for document in documents:
        found = matcher.keys_in(f"{document.title}\n{document.text}")
        counts = {entity: found.count(entity) for entity in dict.fromkeys(found)}
        document.entities = sorted(counts, key=lambda entity: -counts[entity])
