"""People and organisations: which of the curated names each document mentions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from dossier.config import Entity
from dossier.model import Document
from dossier.terms import PhraseMatcher


@lru_cache(maxsize=4)
def entity_matcher(entities: tuple[Entity, ...]) -> PhraseMatcher:
    """The matcher of the names and aliases; made once per list of entities, not per build."""
    return PhraseMatcher({alias: entity.id for entity in entities for alias in (entity.name, *entity.aliases)})


def entity_ids(title: str, text: str, matcher: PhraseMatcher) -> list[str]:
    """Ids of the people and organisations one document names, most named first, ties in the
    order first named (matcher: entity_matcher(entities)). A pure function of its arguments: a
    build can keep it between builds, by the document's title and text and the entities."""
    counts = Counter(matcher.keys_in(f"{title}\n{text}"))
    return sorted(counts, key=lambda entity: -counts[entity])


def find_entities(
    documents: list[Document],
    entities: tuple[Entity, ...],
    names: Callable[[str, str, PhraseMatcher], list[str]] = entity_ids,
) -> None:
    """Set each document's entities. names: entity_ids, or the build's memoized copy of it."""
    matcher = entity_matcher(entities)
    for document in documents:
        document.entities = names(document.title, document.text, matcher)
