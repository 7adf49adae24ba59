"""Cross-links: for each document, the few others a reader should see next, and why.

Two documents are related by the themes they share, the people and organisations they both
name, and how alike their wording is (cosine of TF-IDF word vectors). Candidates come from an
inverted index of themes, names and distinctive words: a document is compared only with those
that share one of them.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from dossier.model import Document

RELATED_COUNT = 5
# Words of a document that index it for candidates: its most distinctive ones.
_INDEX_WORDS = 12
_WORD = re.compile(r"[^\W\d_]{3,}")
THEME_WEIGHT, ENTITY_WEIGHT, TEXT_WEIGHT = 1.0, 0.5, 3.0


@dataclass(frozen=True)
class Related:
    id: str
    score: float
    reasons: tuple[str, ...]  # "Same themes: OSCE", "Both name: Sergey Lavrov", "Similar wording"


def relate(documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str]) -> None:
    vectors = _tfidf_vectors(documents)
    candidates = _candidates(documents, vectors)
    for index, document in enumerate(documents):
        scored = [
            _relation(document, documents[other], vectors[index], vectors[other], theme_titles, entity_names)
            for other in candidates[index]
        ]
        document.related = sorted((r for r in scored if r.score > 0), key=lambda r: (-r.score, r.id))[:RELATED_COUNT]


def _relation(a: Document, b: Document, vector_a, vector_b, theme_titles, entity_names) -> Related:
    themes = [m.theme for m in a.memberships if m.theme in {m.theme for m in b.memberships}]
    entities = [entity for entity in a.entities if entity in set(b.entities)]
    similarity = sum(weight * vector_b.get(word, 0.0) for word, weight in vector_a.items())
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
    counts = [Counter(_WORD.findall(f"{d.title} {d.text}".casefold())) for d in documents]
    document_frequency = Counter(word for count in counts for word in count)
    total = len(documents)
    vectors = []
    for count in counts:
        weights = {word: (1 + math.log(n)) * math.log(total / document_frequency[word]) for word, n in count.items()}
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        vectors.append({word: weight / norm for word, weight in weights.items() if weight > 0})
    return vectors


def _candidates(documents: list[Document], vectors: list[dict[str, float]]) -> list[set[int]]:
    index: dict[str, set[int]] = defaultdict(set)
    for position, (document, vector) in enumerate(zip(documents, vectors, strict=True)):
        distinctive = sorted(vector, key=lambda word: -vector[word])[:_INDEX_WORDS]
        for key in (*(f"entity:{e}" for e in document.entities), *(f"word:{w}" for w in distinctive)):
            index[key].add(position)
        for membership in document.memberships:
            index[f"theme:{membership.theme}"].add(position)
    candidates = [set() for _ in documents]
    for positions in index.values():
        for position in positions:
            candidates[position] |= positions
    for position, found in enumerate(candidates):
        found.discard(position)
    return candidates
