"""Cross-links: for each document, the few others a reader should see next, and why.

Two documents are related by the themes they share, the people and organisations they both
name, and how alike their wording is (cosine of TF-IDF vectors over each document's most
distinctive words). It must stay close to linear at tens of thousands of documents, so no
document is compared with every other: candidates are those that share a distinctive word or
a name (a word or name in very many documents finds no one, as it says little about any pair),
and the nearest in date in each shared theme.

The arithmetic is on numpy arrays. Each document's vector is a sparse row (its words and their
weights); the similarities of a batch of documents are the products of the weights of the words
each pair shares, added up by pair, as a sparse matrix product would (scipy did it here, but
importing it took a sixth of a second of every build). A pair's sum adds the products of the
words the two share in alphabetical order, as plain Python loops over the words would, so every
score is the same to the last bit however the arithmetic is arranged (tests/test_link.py checks
it against those loops), and depends on the two documents' vectors alone.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np

from dossier.memo import Memo, digest
from dossier.model import Document, Related

RELATED_COUNT = 5
# The words that stand for a document: its most distinctive ones, by TF-IDF weight.
_VECTOR_WORDS = 40
# A word among the vector words of more documents than this adds to no similarity: it says little.
_COMMON_LIMIT = 200
# Of the documents sharing words with one, only the most similar are candidates.
_SIMILAR_CANDIDATES = 30
# A name in more documents than this finds no candidates.
_COMMON_NAME_LIMIT = 50
# Documents before and after this one, by date, in each theme it shares with them.
_THEME_NEIGHBOURS = 3
# Documents whose similarities to all others are worked out at once: memory grows with it. At
# 10,000 documents, a batch of 400 fits the table of _DENSE_CELLS, quicker than sorting by pair:
# 0.28 s for all batches, where batches of 1,000 took 0.37 s.
_BATCH = 400
# Candidate pairs whose shared themes or names are counted at once: memory grows with it.
_PAIRS_AT_ONCE = 200_000
# A batch's similarities are added up in a table of batch × documents cells when it has a product
# for every _DENSE_SHARE cells or more (measured: a cell costs a seventh of a product's sorting),
# and the table is at most _DENSE_CELLS (32 MB); otherwise the products are sorted by pair.
_DENSE_SHARE = 7
_DENSE_CELLS = 4_000_000
_WORD = re.compile(r"[^\W\d_]{3,}")
_NO_PAIRS = np.zeros((2, 0), np.int64)
THEME_WEIGHT, ENTITY_WEIGHT, TEXT_WEIGHT = 1.0, 0.5, 3.0
# About what counting one document's words costs.
COUNT_SECONDS = 0.00006
# A document's words as the memo keeps them: its distinct words, and how often each occurs (int32s,
# in the same order). Each word is interned where it is counted: a table pickles a word once for
# all the documents that share its object (those counted in one process, or that came back from a
# worker in one chunk), and reads it back as one object, whose hash is worked out once. Kept as
# Counters, 10,000 documents' words held 50 to 90 MB more at the build's peak; as this, a tenth of
# that. Kept joined by spaces, splitting them again took 0.1 s of each build.
CountedWords = tuple[tuple[str, ...], bytes]


def word_counts(title: str, text: str) -> Counter:
    """How often each word of three letters or more occurs in a document, case-folded."""
    return Counter(_WORD.findall(f"{title} {text}".casefold()))


def words_key(document: Document) -> str:
    """What a document's counted words are kept under: all they are made of."""
    return digest(document.title, document.text)


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
    keys = list(map(words_key, documents))
    vectors = _tfidf_vectors(memo.map("word-counts", counted_words, documents, keys, COUNT_SECONDS))
    first, second, similarity = _candidates(documents, vectors)
    scores = _scores(documents, first, second, similarity)
    reasons = _Reasons(documents, theme_titles, entity_names)
    related: list[list[Related]] = [[] for _ in documents]
    for a, b, score, pair_similarity in _best(documents, first, second, scores, similarity):
        related[a].append(Related(documents[b].id, score, reasons.between(a, b, pair_similarity)))
    return [d.replaced(related=tuple(r)) for d, r in zip(documents, related, strict=True)]


@dataclass(frozen=True)
class _Vectors:
    """Sparse rows, one a document: row i's words are columns[bounds[i]:bounds[i + 1]], in
    increasing order, with their weights beside them."""

    bounds: np.ndarray
    columns: np.ndarray
    weights: np.ndarray

    @functools.cached_property
    def rows(self) -> np.ndarray:
        """The row of each (column, weight)."""
        return np.repeat(np.arange(len(self.bounds) - 1), np.diff(self.bounds))

    @functools.cached_property
    def postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each column's rows and weights, in row order, and where each column's begin and end."""
        by_column = np.argsort(self.columns, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(self.columns))))
        return self.rows[by_column], self.weights[by_column], bounds


def _tfidf_vectors(counts: list[CountedWords]) -> _Vectors:
    """Each document's most distinctive words, weighted by TF-IDF, as a unit row. Columns are
    the words' alphabetical numbers: the order similarities add up in."""
    bounds, columns, weights = _tfidf_weights(counts)
    heaviest = [_heaviest(columns[start:end], weights[start:end]) + start for start, end in pairwise(bounds)]
    chosen = np.concatenate(heaviest)
    columns, weights = columns[chosen], weights[chosen]
    bounds = np.concatenate(([0], np.cumsum([len(positions) for positions in heaviest])))
    norms = np.sqrt(_row_sums(weights * weights, bounds))
    weights /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(bounds))
    unsorted = _Vectors(bounds, columns, weights)
    by_column = np.argsort(unsorted.rows * (unsorted.columns.max(initial=0) + 1) + unsorted.columns)
    return _Vectors(bounds, unsorted.columns[by_column], weights[by_column])


def _tfidf_weights(counts: list[CountedWords]):
    """Every (document, word) pair as three arrays: where each document's pairs begin and end,
    the word's number (alphabetical) and its TF-IDF weight."""
    word_lists = [words for words, _ in counts]
    words = sorted(set().union(*word_lists))  # alphabetical, so that equal weights go to the first word
    number = {word: position for position, word in enumerate(words)}
    bounds = np.cumsum([0] + [len(listed) for listed in word_lists]).tolist()  # document i: bounds[i] to bounds[i + 1]
    numbered = chain.from_iterable(map(number.__getitem__, listed) for listed in word_lists)
    columns = np.fromiter(numbered, np.int64, bounds[-1])
    uses = np.frombuffer(b"".join(uses for _, uses in counts), np.int32).astype(np.int64)
    # math.log, not numpy's, which may differ in the last bit: the weights stay what they were.
    idf = np.array([math.log(len(counts) / n) for n in np.bincount(columns, minlength=len(words)).tolist()])
    tf = np.array([0.0] + [1 + math.log(n) for n in range(1, int(uses.max(initial=0)) + 1)])
    return bounds, columns, tf[uses] * idf[columns]


def _heaviest(columns: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Positions of the _VECTOR_WORDS highest weights above 0, highest first, equal ones by word."""
    order = np.lexsort((columns, -weights))[:_VECTOR_WORDS]
    return order[weights[order] > 0]


def _row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """The sum of each row of values (row i is values[indptr[i]:indptr[i + 1]]), added left to
    right, one after another. numpy's sum adds pairwise: the last bit can differ. Each
    row starts from its first value (0 + x is x); the rows with more are taken longest first, so
    that each step adds to the rows still going, and to no more."""
    starts, lengths = indptr[:-1], np.diff(indptr)
    if not values.size:
        return np.zeros(len(lengths))
    sums = np.where(lengths > 0, values[starts.clip(max=values.size - 1)], 0.0)
    longer = np.flatnonzero(lengths > 1)
    longer = longer[np.argsort(-lengths[longer], kind="stable")]
    going = np.searchsorted(-lengths[longer], -np.arange(1, lengths.max(initial=0)))  # rows longer than each step
    for step, rows in enumerate(going.tolist(), start=1):
        sums[longer[:rows]] += values[starts[longer[:rows]] + step]
    return sums


def _candidates(documents: list[Document], vectors: _Vectors):
    """Every (document, candidate, similarity) as three arrays, ordered by document then
    candidate: each document's most similar documents, those that share a name with it, and its
    theme neighbours."""
    mates = np.concatenate((_name_pairs(documents), _theme_neighbour_pairs(documents)), axis=1)
    first, second, similarity = _similar_and_mates(_without_common_words(vectors), mates)
    _, unique = np.unique(first * len(documents) + second, return_index=True)
    unique = unique[first[unique] != second[unique]]
    return first[unique], second[unique], similarity[unique]


def _without_common_words(vectors: _Vectors) -> _Vectors:
    """The vectors without the words that more than _COMMON_LIMIT of them have."""
    telling = np.bincount(vectors.columns)[vectors.columns] <= _COMMON_LIMIT
    kept_per_row = np.bincount(vectors.rows[telling], minlength=len(vectors.bounds) - 1)
    return _Vectors(np.concatenate(([0], np.cumsum(kept_per_row))), vectors.columns[telling], vectors.weights[telling])


def _similar_and_mates(telling: _Vectors, mates: np.ndarray):
    """(document, other, similarity) as three arrays, for each batch of documents: each one's
    most similar documents, then the batch's mates (pairs, the two rows of an array) with their
    similarity, looked up among the batch's. Cosine similarity over the words that are not
    common, worked out a batch of rows at a time."""
    documents = len(telling.bounds) - 1
    mates = mates[:, np.argsort(mates[0], kind="stable")]
    mate_bounds = np.searchsorted(mates[0], np.arange(0, documents + _BATCH, _BATCH).clip(max=documents))
    firsts, seconds, similarities = [], [], []
    for batch, start in enumerate(range(0, documents, _BATCH)):
        end = min(start + _BATCH, documents)
        keys, sums = _batch_similarities(telling, start, end)
        row_bounds = np.searchsorted(keys, np.arange(start, end + 1) * documents).tolist()
        chosen = [_highest(keys[begin:stop], sums[begin:stop]) + begin for begin, stop in pairwise(row_bounds)]
        positions = np.concatenate([np.zeros(0, np.int64), *chosen])
        batch_mates = mates[:, mate_bounds[batch] : mate_bounds[batch + 1]]
        firsts += [keys[positions] // documents, batch_mates[0]]
        seconds += [keys[positions] % documents, batch_mates[1]]
        similarities += [sums[positions], _looked_up(keys, sums, batch_mates[0] * documents + batch_mates[1])]
    empty = [np.zeros(0, np.int64)]
    return np.concatenate(empty + firsts), np.concatenate(empty + seconds), np.concatenate([np.zeros(0), *similarities])


def _batch_similarities(telling: _Vectors, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """The similarity of each row from start to end with every row that shares a word with it,
    as (row × rows + other, similarity), by key. Each sum adds the products of the shared words'
    weights in column order, as a sparse matrix product (and the plain loops before it) adds them."""
    documents = len(telling.bounds) - 1
    posting_rows, posting_weights, posting_bounds = telling.postings
    entries = slice(telling.bounds[start], telling.bounds[end])
    columns = telling.columns[entries]
    lengths = posting_bounds[columns + 1] - posting_bounds[columns]
    others = _spans(posting_bounds[columns], lengths)
    keys = np.repeat(telling.rows[entries] * documents, lengths) + posting_rows[others]
    products = np.repeat(telling.weights[entries], lengths) * posting_weights[others]
    cells = (end - start) * documents
    if cells <= min(_DENSE_SHARE * keys.size, _DENSE_CELLS):
        # Many products for the batch's rows × rows: a table of every sum is quicker than sorting.
        # bincount adds each cell's products in the order given, column order (tests/test_link.py
        # checks both ways give the same sums). A pair that shares a word has a sum above 0, as
        # _heaviest keeps only weights above 0: the cells above 0 are the pairs.
        table = np.bincount(keys - start * documents, weights=products, minlength=cells)
        pairs = np.flatnonzero(table)
        return pairs + start * documents, table[pairs]
    by_key = np.argsort(keys, kind="stable")  # a pair's products stay in column order
    keys, products = keys[by_key], products[by_key]
    first_of_key = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if keys.size else keys
    return keys[first_of_key], _row_sums(products, np.append(first_of_key, keys.size))


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """starts[0], starts[0] + 1, ... (lengths[0] of them), then the same from starts[1], and so on."""
    ends = np.cumsum(lengths)
    return np.arange(ends[-1] if ends.size else 0) - np.repeat(ends - lengths - starts, lengths)


def _looked_up(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The value of each wanted key (keys sorted), 0 for one not among them."""
    at, found = _found(keys, wanted)
    return np.where(found, values[at] if keys.size else 0.0, 0.0)


def _found(keys: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each wanted key is among keys (sorted), and whether it is there at all."""
    at = np.searchsorted(keys, wanted).clip(max=max(keys.size - 1, 0))
    return at, (keys[at] == wanted if keys.size else np.zeros(wanted.size, bool))


def _highest(columns: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Positions of the highest values: _SIMILAR_CANDIDATES and one more, as the document itself
    is usually among them. Equal values go to the lower column."""
    count = _SIMILAR_CANDIDATES + 1
    if len(values) <= count:
        return np.arange(len(values))
    top = np.argpartition(values, len(values) - count)[len(values) - count :]
    threshold = values[top[0]]
    if np.count_nonzero(values == threshold) == 1:
        return top
    above = np.flatnonzero(values > threshold)
    tied = np.flatnonzero(values == threshold)
    return np.concatenate((above, tied[np.argsort(columns[tied])][: count - len(above)]))


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


def _scores(documents: list[Document], first: np.ndarray, second: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    shared_themes = _shared(documents, lambda document: [m.theme for m in document.memberships], first, second)
    shared_names = _shared(documents, lambda document: document.entities, first, second)
    scores = THEME_WEIGHT * shared_themes + ENTITY_WEIGHT * np.sqrt(shared_names) + TEXT_WEIGHT * similarity
    return _round(scores, 4)


def _shared(documents: list[Document], keys: Callable[[Document], list[str]], first, second) -> np.ndarray:
    """How many keys each (first, second) has in common: each of first's keys looked up among
    second's, _PAIRS_AT_ONCE pairs at a time (a pair costs as many entries as first has keys)."""
    numbers: dict[str, int] = {}
    per_document = [[numbers.setdefault(key, len(numbers)) for key in dict.fromkeys(keys(d))] for d in documents]
    lengths = np.array([len(numbered) for numbered in per_document], np.int64)
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    flat = np.fromiter(chain.from_iterable(per_document), np.int64, bounds[-1])
    owned = np.sort(np.repeat(np.arange(len(documents)), lengths) * len(numbers) + flat)  # document × keys + key
    shared = np.zeros(first.size, np.int64)
    for start in range(0, first.size, _PAIRS_AT_ONCE):
        firsts, seconds = first[start : start + _PAIRS_AT_ONCE], second[start : start + _PAIRS_AT_ONCE]
        wanted = np.repeat(seconds * len(numbers), lengths[firsts]) + flat[_spans(bounds[firsts], lengths[firsts])]
        pair = np.repeat(np.arange(firsts.size), lengths[firsts])
        shared[start : start + firsts.size] = np.bincount(pair[_found(owned, wanted)[1]], minlength=firsts.size)
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


def _best(documents: list[Document], first, second, scores, similarity):
    """(document, related, score, similarity) for each document's RELATED_COUNT best candidates
    with a score above 0: highest score first, then by id."""
    by_id = sorted(range(len(documents)), key=lambda position: documents[position].id)
    id_rank = np.empty(len(documents), np.int64)
    id_rank[by_id] = np.arange(len(documents))
    positive = scores > 0
    first, second, scores, similarity = first[positive], second[positive], scores[positive], similarity[positive]
    # Scores are whole ten-thousandths: document, score and id pack into one integer, one sort.
    units = np.rint(scores * 10_000).astype(np.int64)
    span = int(units.max(initial=0)) + 1
    order = np.argsort((first * span + span - 1 - units) * len(documents) + id_rank[second])
    first, second, scores, similarity = first[order], second[order], scores[order], similarity[order]
    best = np.arange(first.size) - np.searchsorted(first, first) < RELATED_COUNT
    return zip(
        first[best].tolist(), second[best].tolist(), scores[best].tolist(), similarity[best].tolist(), strict=True
    )


class _Reasons:
    """Why two documents are related, in words. Each document's themes and names are looked up
    once, not once per pair."""

    def __init__(self, documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str]):
        self.themes = [tuple(m.theme for m in document.memberships) for document in documents]
        self.entities = [document.entities for document in documents]
        self.entity_sets = [set(entities) for entities in self.entities]
        self.theme_titles, self.entity_names = theme_titles, entity_names

    def between(self, a: int, b: int, similarity: float) -> tuple[str, ...]:
        themes = [theme for theme in self.themes[a] if theme in self.themes[b]]
        entities = [entity for entity in self.entities[a] if entity in self.entity_sets[b]]
        reasons = []
        if themes:
            reasons.append("Same themes: " + ", ".join([self.theme_titles[theme] for theme in themes]))
        if entities:
            reasons.append("Both name: " + ", ".join([self.entity_names[entity] for entity in entities[:4]]))
        if similarity >= 0.15:
            reasons.append(f"Similar wording ({similarity:.0%})")
        return tuple(reasons)
