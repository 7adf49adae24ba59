"""People and organisations: where each document names them, found once for every later stage.

A document's body is parsed here (markdown.parse_body): its paragraphs and text, and its HTML
with the first mention of each name linked to the name's page. The ids of the names it
mentions, most named first, come from the same matcher: the page, the related documents,
dossier.json and the search index all use these.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache, partial

from dossier.config import Entity
from dossier.markdown import parse_body, plain_text
from dossier.memo import Memo, digest
from dossier.model import Document, Mention, named_digest
from dossier.terms import PhraseMatcher
from dossier.urls import document_url, entity_url, relative_url

# About what parsing one document's body and finding its names costs.
NAMING_SECONDS = 0.0004
# A mention's sentence, as a name's page quotes it, is cut around the name past this length.
MAX_SENTENCE = 300
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


@lru_cache(maxsize=4)
def entity_matcher(entities: tuple[Entity, ...]) -> PhraseMatcher:
    """The matcher of the names and aliases; made once per list of entities."""
    phrases = {phrase: entity.id for entity in entities for phrase in (entity.name, *entity.aliases, *entity.forms)}
    return PhraseMatcher(phrases, capitalised=True)


def entity_ids(title: str, text: str, matcher: PhraseMatcher) -> tuple[str, ...]:
    """Ids of the people, organisations and places a title and text name, most named first,
    ties in the order first named (matcher: entity_matcher(entities))."""
    return names_named(title, [text], matcher)[0]


def names_named(
    title: str, paragraphs: list[str], matcher: PhraseMatcher
) -> tuple[tuple[str, ...], tuple[Mention, ...]]:
    """In one pass over the text: the ids of the names a document gives, most named first (ties
    in the order first named, the title's first), and where its text first names each, with the
    sentence it stands in."""
    counts = Counter(matcher.keys_in(title))
    mentions: dict[str, Mention] = {}
    for number, paragraph in enumerate(paragraphs, start=1):
        for start, end, entity in matcher.find(paragraph):
            counts[entity] += 1
            if entity not in mentions:
                mentions[entity] = Mention(entity, number, sentence_around(paragraph, start, end))
    return tuple(sorted(counts, key=lambda entity: -counts[entity])), tuple(mentions.values())


def sentence_around(paragraph: str, start: int, end: int) -> str:
    """The sentence holding paragraph[start:end], at most about MAX_SENTENCE characters."""
    before = max((m.end() for m in _SENTENCE_END.finditer(paragraph, 0, start)), default=0)
    after = _SENTENCE_END.search(paragraph, end)
    sentence = paragraph[before : after.start() + 1 if after else len(paragraph)].strip()
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    first = max(0, start - before - MAX_SENTENCE // 2)
    cut = sentence[first : first + MAX_SENTENCE]
    return ("…" if first else "") + cut + ("…" if first + MAX_SENTENCE < len(sentence) else "")


def name_documents(documents: list[Document], entities: tuple[Entity, ...], memo: Memo) -> list[Document]:
    """Each document with its body parsed and the names it mentions found."""
    names = digest(entities)
    keys = [names_key(document, names) for document in documents]
    named = memo.map("names", partial(names_in, entities=entities), documents, keys, NAMING_SECONDS)
    return [document_named(document, found) for document, found in zip(documents, named, strict=True)]


def names_key(document: Document, names: str) -> str:
    """What names_in's work on a document is kept under (names: the digest of the entities): two
    digests side by side, already unique, need no hashing again (10,000 keys a build)."""
    return f"{document.digest}:{names}"


def with_names(document: Document, entities: tuple[Entity, ...]) -> Document:
    """One document with its body parsed and the names it mentions found, outside a build."""
    return document_named(document, names_in(document, entities))


Named = tuple[tuple[str, ...], str, tuple[str, ...], tuple[Mention, ...], str]


def document_named(document: Document, found: Named) -> Document:
    """The document with what names_in found in it: its paragraphs, text, HTML, names and mentions."""
    paragraphs, html, ids, mentions, named = found
    text = plain_text(paragraphs)
    return document.replaced(paragraphs=paragraphs, text=text, html=html, entities=ids, mentions=mentions, named=named)


def names_in(document: Document, entities: tuple[Entity, ...]) -> Named:
    """A document's paragraphs (entry n-1 is #pn) and HTML, with the first mention of each name
    linked from the document's page, the ids of the names it mentions, and where it first
    mentions each in its text."""
    matcher = entity_matcher(entities)
    page = document_url(document)
    paragraphs, html = parse_body(document.body, matcher, lambda entity_id: relative_url(page, entity_url(entity_id)))
    ids, mentions = names_named(document.title, paragraphs, matcher)
    return tuple(paragraphs), html, ids, mentions, named_digest(html, ids, mentions)
