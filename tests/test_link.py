"""Related documents: what relate() finds, and that its sparse arithmetic gives exactly what the
plain definition (TF-IDF vectors, posting lists, scores) gives, to the last bit."""

from __future__ import annotations

import contextlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier import link, vectors, wording
from dossier.classify import Membership
from dossier.link import relate, word_counts
from dossier.memo import Memo
from dossier.model import Document, Related

THEMES = {"osce": "OSCE", "open-skies": "Open Skies", "union": "Union State"}
NAMES = {"lavrov": "Sergey Lavrov", "makei": "Vladimir Makei", "biden": "Joe Biden", "nato": "NATO"}


def _document(id: str, text: str, themes=(), names=(), date=None) -> Document:
    memberships = tuple(Membership(theme, 0.5, True) for theme in themes)
    return Document(id=id, title=id.title(), body=text, date=date, text=text, memberships=memberships, entities=names)


def test_word_counts_are_words_of_three_letters_or_more_in_any_case() -> None:
    assert word_counts("The Treaty", "treaty: OSCE's 2nd_round of talks") == Counter(
        {"the": 1, "treaty": 2, "osce": 1, "round": 1, "talks": 1}
    )


def test_documents_are_related_by_themes_names_and_wording() -> None:
    documents = [
        _document("a", "observation flights over belarus resumed", ["open-skies"], ["lavrov"]),
        _document("b", "observation flights over belarus resumed, and talks", ["open-skies"], ["lavrov"]),
        _document("c", "ministerial council in lodz", ["osce"], ["lavrov"]),
        _document("d", "weather report", [], []),
    ]
    documents = relate(documents, THEMES, NAMES, Memo(None))
    # 1 theme + 0.5 × √1 name + 3 × 5/√65 (five words shared, one vector with two words more)
    assert documents[0].related == (
        ("b", 3.3605, ("Same themes: Open Skies", "Both name: Sergey Lavrov", "Similar wording (62%)")),
        ("c", 0.5, ("Both name: Sergey Lavrov",)),
    )
    assert [other for other, _, _ in documents[2].related] == ["a", "b"]
    assert documents[3].related == ()


def test_an_empty_dossier_and_a_lone_document_relate_to_nothing() -> None:
    assert relate([], THEMES, NAMES, Memo(None)) == []
    lone = _document("lone", "a text", ["osce"], ["lavrov"])
    assert relate([lone], THEMES, NAMES, Memo(None))[0].related == ()


def test_relate_returns_new_documents_and_leaves_those_given() -> None:
    documents = [_document("a", "talks in minsk"), _document("b", "flights over minsk"), _document("c", "weather")]
    related = relate(documents, THEMES, NAMES, Memo(None))
    assert [other for other, _, _ in related[0].related] == ["b"] and documents[0].related == ()


def test_renamed_themes_and_another_document_relate_as_a_build_from_nothing_does() -> None:
    """A theme's new title words every reason anew, and a document more (its ids shifted) works
    out every list again: the lists kept are not taken for them."""
    documents = [
        _document("a", "flights over minsk", ["osce"], ["lavrov"]),
        _document("b", "flights over vienna", ["osce"], ["lavrov"]),
        _document("c", "talks in vienna", ["union"], ["makei"]),
    ]
    memo = Memo(None)
    relate(documents, THEMES, NAMES, memo)
    renamed = THEMES | {"osce": "The OSCE"}
    updated = relate(documents, renamed, NAMES, memo)
    assert updated[0].related[0][2][0] == "Same themes: The OSCE"
    assert [d.related for d in updated] == [d.related for d in relate(documents, renamed, NAMES, Memo(None))]
    documents.insert(1, _document("a2", "talks over minsk", ["union"], ["makei"]))
    updated = relate(documents, renamed, NAMES, memo)
    assert [d.related for d in updated] == [d.related for d in relate(documents, renamed, NAMES, Memo(None))]


_WORDS = ["minsk", "vienna", "treaty", "flights", "council", "union", "talks", "visit", "sanctions", "forum"]


def dossiers(words: list[str], words_each: int, documents: int) -> st.SearchStrategy:
    """Dossiers of up to `documents` documents: each one's words, themes, names and date."""
    return st.lists(
        st.tuples(
            st.lists(st.sampled_from(words), max_size=words_each),
            st.lists(st.sampled_from(sorted(THEMES)), max_size=2, unique=True),
            st.lists(st.sampled_from(sorted(NAMES)), max_size=3, unique=True),
            st.sampled_from([None, "2021-01-01", "2022-06-01"]),
        ),
        max_size=documents,
    )


_DOSSIERS = dossiers(_WORDS, 12, 14)
# Small limits, so that a dozen documents meet every one of them: common words, common names,
# more similar documents than are kept, batches.
_SMALL_LIMITS = {"_COMMON_NAME_LIMIT": 3, "_THEME_NEIGHBOURS": 1, "_PAIRS_AT_ONCE": 2, "RELATED_COUNT": 3}
SMALL_VECTORS = {"_VECTOR_WORDS": 4, "_COMMON_LIMIT": 4}
SMALL_WORDING = {"_SIMILAR_CANDIDATES": 2, "NEAREST_KEPT": 4, "_BATCH": 3}


@contextlib.contextmanager
def small_limits(vector_limits: dict = SMALL_VECTORS, wording_limits: dict = SMALL_WORDING) -> Iterator[None]:
    with (
        mock.patch.multiple(link, **_SMALL_LIMITS),
        mock.patch.multiple(vectors, **vector_limits),
        mock.patch.multiple(wording, **wording_limits),
    ):
        yield


# A batch's sums added up in a table of every cell, or by sorting the products: both, always.
_TABLE_ALWAYS = {"_DENSE_SHARE": math.inf, "_DENSE_CELLS": math.inf}
_SORTED_ALWAYS = {"_DENSE_SHARE": 0, "_DENSE_CELLS": 0}


@pytest.mark.parametrize("adding_up", [_TABLE_ALWAYS, _SORTED_ALWAYS], ids=["table", "sorted"])
@settings(max_examples=300, deadline=None)
@given(dossier=_DOSSIERS)
def test_relate_gives_exactly_what_the_plain_definition_gives(adding_up, dossier) -> None:
    documents = [
        _document(f"d{number:02}", " ".join(words), themes, names, date)
        for number, (words, themes, names, date) in enumerate(dossier)
    ]
    with small_limits(wording_limits=SMALL_WORDING | adding_up):
        expected = _plain_relate(documents)
        documents = relate(documents, THEMES, NAMES, Memo(None))
    assert {document.id: document.related for document in documents} == expected


def _plain_relate(documents: list[Document]) -> dict[str, list[Related]]:
    """relate() as plain Python loops over dictionaries, adding up in the same order."""
    similarities = _plain_similarities(_plain_vectors(documents))
    mates = _plain_mates(documents)
    related = {}
    for index, document in enumerate(documents):
        similar = similarities[index]
        candidates = set(sorted(similar, key=lambda other: (-similar[other], other))[: wording._SIMILAR_CANDIDATES + 1])
        candidates = (candidates | mates[index]) - {index}
        scored = [_plain_relation(document, documents[other], similar.get(other, 0.0)) for other in candidates]
        best = sorted((r for r in scored if r[1] > 0), key=lambda r: (-r[1], r[0]))
        related[document.id] = tuple(best[: link.RELATED_COUNT])
    return related


def _plain_vectors(documents: list[Document]) -> list[dict[str, float]]:
    counts = [word_counts(document.title, document.text) for document in documents]
    frequency = Counter(word for count in counts for word in count)
    units = []
    for count in counts:
        weights = {word: (1 + math.log(n)) * math.log(len(documents) / frequency[word]) for word, n in count.items()}
        top = sorted((item for item in weights.items() if item[1] > 0), key=lambda item: (-item[1], item[0]))
        top = top[: vectors._VECTOR_WORDS]
        norm = math.sqrt(sum(weight * weight for _, weight in top)) or 1.0
        units.append({word: weight / norm for word, weight in top})
    return units


def _plain_similarities(units: list[dict[str, float]]) -> list[dict[int, float]]:
    postings = defaultdict(list)
    for position, vector in enumerate(units):
        for word, weight in vector.items():
            postings[word].append((position, weight))
    similarities = [defaultdict(float) for _ in units]
    for word in sorted(postings):  # each pair adds the words it shares in alphabetical order
        posting = postings[word]
        if len(posting) <= vectors._COMMON_LIMIT:
            for position, weight in posting:
                for other, other_weight in posting:
                    similarities[position][other] += weight * other_weight
    return similarities


def _plain_mates(documents: list[Document]) -> list[set[int]]:
    """Those naming one of the document's names (one in very many documents counts for none),
    and its neighbours by date in each of its themes."""
    mates: list[set[int]] = [set() for _ in documents]
    for name in NAMES:
        naming = [position for position, document in enumerate(documents) if name in document.entities]
        if len(naming) <= link._COMMON_NAME_LIMIT:
            for position in naming:
                mates[position].update(naming)
    for theme in THEMES:
        members = [p for p, document in enumerate(documents) if theme in [m.theme for m in document.memberships]]
        members.sort(key=lambda position: (documents[position].date or "", documents[position].id))
        for rank, position in enumerate(members):
            mates[position].update(members[max(0, rank - link._THEME_NEIGHBOURS) : rank + link._THEME_NEIGHBOURS + 1])
    return mates


def _plain_relation(a: Document, b: Document, similarity: float) -> Related:
    themes = [m.theme for m in a.memberships if m.theme in {m.theme for m in b.memberships}]
    names = [entity for entity in a.entities if entity in b.entities]
    score = link.THEME_WEIGHT * len(themes) + link.ENTITY_WEIGHT * math.sqrt(len(names)) + link.TEXT_WEIGHT * similarity
    reasons = []
    if themes:
        reasons.append("Same themes: " + ", ".join(THEMES[theme] for theme in themes))
    if names:
        reasons.append("Both name: " + ", ".join(NAMES[name] for name in names[:4]))
    if similarity >= 0.15:
        reasons.append(f"Similar wording ({similarity:.0%})")
    return b.id, round(score, 4), tuple(reasons)
