"""Cross-links: for each document, the few others a reader should see next, and why.

Two documents are related by the themes they share, the people and organisations they both
name, and how alike their wording is (cosine of TF-IDF vectors over each document's most
distinctive words). It must stay close to linear at tens of thousands of documents, so no
document is compared with every other: candidates are those that share a distinctive word or
a name (a word or name in very many documents finds no one, as it says little about any pair),
and the nearest in date in each shared theme.

How alike two documents' wording is, and which are nearest by it, is wording.py's: relate
keeps that model in the memo and updates it, build after build; and it keeps its lists, to work
out again only those an edit may have changed.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from itertools import chain

import numpy as np

from dossier.memo import Memo
from dossier.model import Document, Related
from dossier.vectors import CountedWords, found, spans
from dossier.wording import similar_pairs

RELATED_COUNT = 5
# A name in more documents than this finds no candidates.
_COMMON_NAME_LIMIT = 50
# Documents before and after this one, by date, in each theme it shares with them.
_THEME_NEIGHBOURS = 3
# Candidate pairs whose shared themes or names are counted at once: memory grows with it.
_PAIRS_AT_ONCE = 200_000
_WORD = re.compile(r"[^\W\d_]{3,}")
_NO_PAIRS = np.zeros((2, 0), np.int64)
THEME_WEIGHT, ENTITY_WEIGHT, TEXT_WEIGHT = 1.0, 0.5, 3.0
# About what counting one document's words costs.
COUNT_SECONDS = 0.00006
# Where the memo keeps relate's model of the documents' wording (wording.py), and its last lists
# (RelatedLists), for the next build.
WORDING = "wording"
RELATED_LISTS = "related-lists"
# Where the memo keeps each document's counted words, under words_key.
WORD_COUNTS = "word-counts"


def word_counts(title: str, text: str) -> Counter:
    """How often each word of three letters or more occurs in a document, case-folded."""
    return Counter(_WORD.findall(f"{title} {text}".casefold()))


def words_key(document: Document) -> str:
    """What a document's counted words are kept under: its digest, of what it was read from, which
    its title and text are made of, so that they need not be hashed again on every build."""
    return document.digest


def counted_words(document: Document) -> CountedWords:
    counts = word_counts(document.title, document.text)
    return tuple(map(sys.intern, counts)), np.fromiter(counts.values(), np.int32, len(counts)).tobytes()


def relate(
    documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str], memo: Memo
) -> list[Document]:
    """Each document with its related documents, best first. Each document's words are counted
    once and kept in the memo: counting them all again took half a second at 10,000 documents."""
    if not documents:
        return []  # the arrays below need a document to begin with
    keys = tuple(map(words_key, documents))
    counts = memo.map(WORD_COUNTS, counted_words, documents, list(keys), COUNT_SECONDS)
    mates = np.concatenate((_name_pairs(documents), _theme_neighbour_pairs(documents)), axis=1)
    ids = tuple(document.id for document in documents)
    earlier = partial(memo.kept, WORD_COUNTS)  # an edited document's words before the edit
    wording, candidates = similar_pairs(ids, keys, counts, mates, memo.latest(WORDING), earlier)
    memo.keep_latest(WORDING, wording)
    lists = _related_lists(documents, candidates, theme_titles, entity_names, memo.latest(RELATED_LISTS))
    memo.keep_latest(RELATED_LISTS, lists)
    return [document.replaced(related=row) for document, row in zip(documents, lists.rows, strict=True)]


# A document's related documents, best first.
Row = tuple[Related, ...]
# A document's themes and names, in its order: all relate scores and words of it beside another.
Features = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class RelatedLists:
    """Each document's related documents and all they were worked out from, which the next build
    compares with its own: it works out again only the rows whose candidates, or whose candidates'
    themes and names, changed. Scoring and wording every pair took 0.3 s at 10,000 documents."""

    ids: tuple[str, ...]
    titles: tuple  # the themes' titles and the names, as the reasons word them
    features: tuple[Features, ...]
    candidates: tuple[np.ndarray, np.ndarray, np.ndarray]  # (document, other, similarity), as similar_pairs gives
    rows: tuple[Row, ...]


def _related_lists(
    documents: list[Document],
    candidates: tuple[np.ndarray, np.ndarray, np.ndarray],
    theme_titles: dict[str, str],
    entity_names: dict[str, str],
    previous: RelatedLists | None,
) -> RelatedLists:
    ids = tuple(document.id for document in documents)
    titles = (tuple(theme_titles.items()), tuple(entity_names.items()))
    features = tuple((tuple(m.theme for m in document.memberships), document.entities) for document in documents)
    if previous is not None and (previous.ids, previous.titles) == (ids, titles):
        changed = _changed_rows(previous, features, candidates)
    else:
        changed = np.ones(len(documents), bool)
    first, second, similarity = (part[changed[candidates[0]]] for part in candidates)
    scores = _scores(features, first, second, similarity)
    worked: dict[int, list] = defaultdict(list)
    for a, b, score, pair_similarity in _best(ids, first, second, scores, similarity):
        reasons = _reasons(features[a], features[b], pair_similarity, theme_titles, entity_names)
        worked[a].append((ids[b], score, reasons))
    rows = tuple(tuple(worked[n]) if again else previous.rows[n] for n, again in enumerate(changed.tolist()))
    return RelatedLists(ids, titles, features, candidates, rows)


def _changed_rows(previous: RelatedLists, features: tuple[Features, ...], candidates) -> np.ndarray:
    """Whether each row may have other related documents than it had: its themes or names
    changed, or a candidate's did, or it has a candidate it did not have, or lost one, or one's
    similarity changed."""
    count = len(features)
    moved = np.fromiter((old != new for old, new in zip(previous.features, features, strict=True)), bool, count)
    (first, second, similarity), (old_first, old_second, old_similarity) = candidates, previous.candidates
    _, at, old_at = np.intersect1d(
        first * count + second, old_first * count + old_second, assume_unique=True, return_indices=True
    )
    kept = np.zeros(first.size, bool)
    kept[at[similarity[at] == old_similarity[old_at]]] = True
    lost = np.ones(old_first.size, bool)
    lost[old_at] = False
    changed = moved.copy()
    changed[first[~kept | moved[second]]] = True
    changed[old_first[lost]] = True
    return changed


def _name_pairs(documents: list[Document]) -> np.ndarray:
    """Every (document, other) naming one same name, as the two rows of an array. A name in very
    many documents pairs none."""
    postings: dict[str, list[int]] = defaultdict(list)
    for position, document in enumerate(documents):
        for entity in document.entities:
            postings[entity].append(position)
    pairs = [np.meshgrid(posting, posting) for posting in postings.values() if len(posting) <= _COMMON_NAME_LIMIT]
    return np.concatenate([_NO_PAIRS, *(np.reshape(pair, (2, -1)) for pair in pairs)], axis=1)


def _theme_neighbour_pairs(documents: list[Document]) -> np.ndarray:
    """Every (document, other) where the other is among the few before and after the document by
    date in one of its themes, as the two rows of an array."""
    members: dict[str, list[int]] = defaultdict(list)
    for position, document in enumerate(documents):
        for membership in document.memberships:
            members[membership.theme].append(position)
    pairs = [_NO_PAIRS]
    for positions in members.values():
        by_date = np.array(sorted(positions, key=lambda p: (documents[p].date or "", documents[p].id)))
        for offset in range(1, _THEME_NEIGHBOURS + 1):
            before, after = by_date[:-offset], by_date[offset:]
            pairs += [np.stack((before, after)), np.stack((after, before))]
    return np.concatenate(pairs, axis=1)


def _scores(features: tuple[Features, ...], first, second, similarity: np.ndarray) -> np.ndarray:
    shared_themes = _shared([themes for themes, _ in features], first, second)
    shared_names = _shared([names for _, names in features], first, second)
    scores = THEME_WEIGHT * shared_themes + ENTITY_WEIGHT * np.sqrt(shared_names) + TEXT_WEIGHT * similarity
    return _round(scores, 4)


def _shared(keys: list[tuple[str, ...]], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """How many keys each (first, second) has in common: each of first's keys looked up among
    second's, _PAIRS_AT_ONCE pairs at a time (a pair costs as many entries as first has keys).
    Only the documents of the pairs are numbered: after an edit, they are few."""
    # Numbered by a mask's running count, not sorted (np.unique): scoring the 300,000 pairs of an
    # edit that moved many documents' wording took 214 ms that way, 139 ms this.
    is_involved = np.zeros(len(keys), bool)
    is_involved[first] = is_involved[second] = True
    number = np.cumsum(is_involved) - 1  # each involved document's number among them
    first, second = number[first], number[second]
    involved = np.flatnonzero(is_involved)
    numbers: dict[str, int] = {}
    numbered = [[numbers.setdefault(key, len(numbers)) for key in dict.fromkeys(keys[d])] for d in involved.tolist()]
    lengths = np.array([len(each) for each in numbered], np.int64)
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    flat = np.fromiter(chain.from_iterable(numbered), np.int64, bounds[-1])
    owned = np.sort(np.repeat(np.arange(involved.size), lengths) * len(numbers) + flat)  # document × keys + key
    shared = np.zeros(first.size, np.int64)
    for start in range(0, first.size, _PAIRS_AT_ONCE):
        firsts, seconds = first[start : start + _PAIRS_AT_ONCE], second[start : start + _PAIRS_AT_ONCE]
        wanted = np.repeat(seconds * len(numbers), lengths[firsts]) + flat[spans(bounds[firsts], lengths[firsts])]
        pair = np.repeat(np.arange(firsts.size), lengths[firsts])
        shared[start : start + firsts.size] = np.bincount(pair[found(owned, wanted)[1]], minlength=firsts.size)
    return shared


def _round(values: np.ndarray, digits: int) -> np.ndarray:
    """Python's round(value, digits), which is exact in decimal. numpy's scales by 10**digits
    first, which can tip a value within a hair of half a unit the other way: those few are left
    to Python."""
    scaled = values * 10**digits
    rounded = np.rint(scaled) / 10**digits
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    rounded[near_half] = [round(value, digits) for value in values[near_half].tolist()]
    return rounded


def _best(ids: tuple[str, ...], first, second, scores, similarity):
    """(document, related, score, similarity) for each document's RELATED_COUNT best candidates
    with a score above 0: highest score first, then by id."""
    by_id = sorted(range(len(ids)), key=ids.__getitem__)
    id_rank = np.empty(len(ids), np.int64)
    id_rank[by_id] = np.arange(len(ids))
    positive = scores > 0
    first, second, scores, similarity = first[positive], second[positive], scores[positive], similarity[positive]
    # Scores are whole ten-thousandths: document, score and id pack into one integer, one sort.
    units = np.rint(scores * 10_000).astype(np.int64)
    span = int(units.max(initial=0)) + 1
    order = np.argsort((first * span + span - 1 - units) * len(ids) + id_rank[second])
    first, second, scores, similarity = first[order], second[order], scores[order], similarity[order]
    best = np.arange(first.size) - np.searchsorted(first, first) < RELATED_COUNT
    return zip(
        first[best].tolist(), second[best].tolist(), scores[best].tolist(), similarity[best].tolist(), strict=True
    )


def _reasons(
    a: Features, b: Features, similarity: float, theme_titles: dict[str, str], entity_names: dict[str, str]
) -> tuple[str, ...]:
    """Why two documents are related, in words: the themes and names they share, a's first."""
    themes = [theme for theme in a[0] if theme in b[0]]
    entities = [entity for entity in a[1] if entity in b[1]]
    reasons = []
    if themes:
        reasons.append("Same themes: " + ", ".join([theme_titles[theme] for theme in themes]))
    if entities:
        reasons.append("Both name: " + ", ".join([entity_names[entity] for entity in entities[:4]]))
    if similarity >= 0.15:
        reasons.append(f"Similar wording ({similarity:.0%})")
    return tuple(reasons)
