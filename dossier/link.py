"""Cross-links: for each document, the few others a reader should see next, and why.

Two documents are related by the themes they share, the people and organisations they both
name, and how alike their wording is (cosine of TF-IDF vectors over each document's most
distinctive words). It must stay close to linear at tens of thousands of documents, so no
document is compared with every other: candidates are those that share a distinctive word or
a name (through posting lists; a word or name in very many documents finds no one, as it says
little about any pair), and the nearest in date in each shared theme.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from dossier.model import Document

RELATED_COUNT = 5
# The words that stand for a document: its most distinctive ones, by TF-IDF weight.
_VECTOR_WORDS = 40
# A word shared by more documents than this finds no candidates (it still scores)...
_COMMON_LIMIT = 200
# ...and of the documents sharing words with one, only the most similar are candidates.
_SIMILAR_CANDIDATES = 30
# A name in more documents than this finds no candidates either.
_COMMON_NAME_LIMIT = 50
# Documents before and after this one, by date, in each theme it shares with them.
_THEME_NEIGHBOURS = 3
_WORD = re.compile(r"[^\W\d_]{3,}")
THEME_WEIGHT, ENTITY_WEIGHT, TEXT_WEIGHT = 1.0, 0.5, 3.0


@dataclass(frozen=True)
class Related:
    id: str
    score: float
    reasons: tuple[str, ...]  # "Same themes: OSCE", "Both name: Sergey Lavrov", "Similar wording"


def relate(documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str]) -> None:
    vectors = _tfidf_vectors(documents)
    similarities = _shared_word_similarities(vectors)
    entity_mates = _sharing(documents, lambda d: d.entities)
    theme_mates = _theme_neighbours(documents)
    for index, document in enumerate(documents):
        similar = similarities[index]
        most_similar = sorted(similar, key=lambda other: (-similar[other], other))[: _SIMILAR_CANDIDATES + 1]
        candidates = set(most_similar) | entity_mates[index] | theme_mates[index]
        candidates.discard(index)
        scored = [
            _relation(document, documents[other], similarities[index].get(other, 0.0), theme_titles, entity_names)
            for other in candidates
        ]
        document.related = sorted((r for r in scored if r.score > 0), key=lambda r: (-r.score, r.id))[:RELATED_COUNT]


def _relation(a: Document, b: Document, similarity: float, theme_titles, entity_names) -> Related:
    b_themes = {m.theme for m in b.memberships}
    themes = [m.theme for m in a.memberships if m.theme in b_themes]
    b_entities = set(b.entities)
    entities = [entity for entity in a.entities if entity in b_entities]
    reasons = []
    if themes:
        reasons.append("Same themes: " + ", ".join(theme_titles[theme] for theme in themes))
    if entities:
        reasons.append("Both name: " + ", ".join(entity_names[entity] for entity in entities[:4]))
    if similarity >= 0.15:
        reasons.append(f"Similar wording ({similarity:.0%})")
    score = THEME_WEIGHT * len(themes) + ENTITY_WEIGHT * math.sqrt(len(entities)) + TEXT_WEIGHT * similarity
    return Related(b.id, round(score, 4), tuple(reasons))


def _tfidf_vectors(documents: list[Document]) -> list[dict[str, float]]:
    """Each document's most distinctive words, weighted by TF-IDF, as a unit vector."""
    counts = [Counter(_WORD.findall(f"{d.title} {d.text}".casefold())) for d in documents]
    document_frequency = Counter(word for count in counts for word in count)
    total = len(documents)
    vectors = []
    for count in counts:
        weights = {word: (1 + math.log(n)) * math.log(total / document_frequency[word]) for word, n in count.items()}
        top = sorted((item for item in weights.items() if item[1] > 0), key=lambda item: (-item[1], item[0]))
        top = top[:_VECTOR_WORDS]
        norm = math.sqrt(sum(weight * weight for _, weight in top)) or 1.0
        vectors.append({word: weight / norm for word, weight in top})
    return vectors


def _shared_word_similarities(vectors: list[dict[str, float]]) -> list[dict[int, float]]:
    """Cosine similarity of every pair that shares a word, summed along the words' posting lists."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for position, vector in enumerate(vectors):
        for word, weight in vector.items():
            postings[word].append((position, weight))
    similarities: list[dict[int, float]] = [defaultdict(float) for _ in vectors]
    for posting in postings.values():
        if len(posting) > _COMMON_LIMIT:
            continue
        for position, weight in posting:
            row = similarities[position]
            for other, other_weight in posting:
                row[other] += weight * other_weight
    return similarities


def _sharing(documents: list[Document], keys) -> list[set[int]]:
    """For each document, the others that share one of its keys (not counting common keys)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for position, document in enumerate(documents):
        for key in keys(document):
            postings[key].append(position)
    mates: list[set[int]] = [set() for _ in documents]
    for posting in postings.values():
        if len(posting) <= _COMMON_NAME_LIMIT:
            for position in posting:
                mates[position].update(posting)
    return mates


def _theme_neighbours(documents: list[Document]) -> list[set[int]]:
    """For each document, the few before and after it by date in each of its themes."""
    members: dict[str, list[int]] = defaultdict(list)
    for position, document in enumerate(documents):
        for membership in document.memberships:
            members[membership.theme].append(position)
    neighbours: list[set[int]] = [set() for _ in documents]
    for positions in members.values():
        positions.sort(key=lambda p: (documents[p].date or "", documents[p].id))
        for rank, position in enumerate(positions):
            neighbours[position].update(positions[max(0, rank - _THEME_NEIGHBOURS) : rank + _THEME_NEIGHBOURS + 1])
    return neighbours
