"""Documents' wording as vectors: each document's most distinctive words (the words' counts
weighed by how few documents have them, TF-IDF), a unit row of a sparse table, and the table
updated rather than made again when a few documents changed (wording.py says why).
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np

# The words that stand for a document: its most distinctive ones, by TF-IDF weight.
_VECTOR_WORDS = 40
# A word among the vector words of more documents than this adds to no similarity: it says little.
_COMMON_LIMIT = 200
# A document's words as the memo keeps them: its distinct words, and how often each occurs (int32s,
# in the same order). Each word is interned where it is counted: a table pickles a word once for
# all the documents that share its object (those counted in one process, or that came back from a
# worker in one chunk), and reads it back as one object, whose hash is worked out once. Kept as
# Counters, 10,000 documents' words held 50 to 90 MB more at the build's peak; as this, a tenth of
# that. Kept joined by spaces, splitting them again took 0.1 s of each build.
CountedWords = tuple[tuple[str, ...], bytes]
# The words counted under each of these keys, None where they are no longer known: an earlier
# build's, of documents edited since (the memo's, Memo.kept).
EarlierWords = Callable[[list[str]], list[CountedWords | None]]


@dataclass(frozen=True)
class Rows:
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


@dataclass(frozen=True)
class Vectors:
    """Each document's unit vector (rows, in the documents' order), with what they were made of,
    for the next build to update."""

    keys: tuple[str, ...]  # each document's words key (link.words_key)
    frequencies: Counter  # how many documents have each word
    vocabulary: tuple[str, ...]  # every word, sorted: the rows' columns
    rows: Rows


def document_vectors(
    counts: list[CountedWords],
    keys: tuple[str, ...],
    base: Vectors | None,
    earlier: EarlierWords | None = None,
) -> tuple[Vectors, Rows | None]:
    """Each document's unit vector; and the base's vectors without their common words,
    renumbered to this vocabulary (a word gone: -1). base: an earlier build's, of the same
    documents in the same order; earlier: the words counted under each of the base's keys, where
    they are still known. A vector is made again where the document's words changed, where it
    holds a word more documents have now (which weighs less), or where the document has a word
    fewer have (which weighs more, and may join its vector); every other one is as it was, to the
    last bit."""
    changed = [] if base is None else [position for position, key in enumerate(keys) if key != base.keys[position]]
    frequencies = _frequencies(counts, changed, base, earlier)
    vocabulary = tuple(sorted(frequencies))
    number = {word: position for position, word in enumerate(vocabulary)}
    idf = np.array([math.log(len(counts) / frequencies[word]) for word in vocabulary])
    if base is None:
        return Vectors(keys, frequencies, vocabulary, _unit_vectors(counts, number, idf)), None
    remade = set(changed)
    commoner = [word for word, frequency in frequencies.items() if frequency > base.frequencies.get(word, 0)]
    held = [bisect.bisect_left(base.vocabulary, word) for word in commoner if word in base.frequencies]
    remade.update(base.rows.rows[np.isin(base.rows.columns, held)].tolist())
    if rarer := {word for word, frequency in base.frequencies.items() if frequencies.get(word, 0) < frequency}:
        remade.update(position for position, (words, _) in enumerate(counts) if not rarer.isdisjoint(words))
    remade = sorted(remade)
    renumber = np.array([number.get(word, -1) for word in base.vocabulary], np.int64)
    old = Rows(base.rows.bounds, renumber[base.rows.columns], base.rows.weights)
    old_telling = without_common_words(base.rows)
    old_telling = Rows(old_telling.bounds, renumber[old_telling.columns], old_telling.weights)
    remade_rows = _unit_vectors([counts[position] for position in remade], number, idf)
    rows = _with_rows(old, np.array(remade, np.int64), remade_rows)
    return Vectors(keys, frequencies, vocabulary, rows), old_telling


def _frequencies(
    counts: list[CountedWords],
    changed: list[int],
    base: Vectors | None,
    earlier: EarlierWords | None,
) -> Counter:
    """How many documents have each word: the base's counts, less the words the changed documents
    (by position) had and plus those they have, where what they had is known; else counted over
    every document (1.2 million words at 10,000 synthetic documents: about 0.1 s)."""
    had = earlier([base.keys[n] for n in changed]) if base is not None and earlier is not None else None
    if had is None or any(words is None for words in had):
        return Counter(chain.from_iterable(words for words, _ in counts))
    frequencies = base.frequencies.copy()
    frequencies.subtract(chain.from_iterable(words for words, _ in had))
    frequencies.update(chain.from_iterable(counts[n][0] for n in changed))
    return +frequencies  # without the words no document has any more


def _unit_vectors(counts: list[CountedWords], number: dict[str, int], idf: np.ndarray) -> Rows:
    """Each document's most distinctive words, weighted by TF-IDF, as a unit row."""
    word_lists = [words for words, _ in counts]
    bounds = np.cumsum([0] + [len(listed) for listed in word_lists]).tolist()  # document i: bounds[i] to bounds[i + 1]
    numbered = chain.from_iterable(map(number.__getitem__, listed) for listed in word_lists)
    columns = np.fromiter(numbered, np.int64, bounds[-1])
    uses = np.frombuffer(b"".join(uses for _, uses in counts), np.int32).astype(np.int64)
    # math.log, not numpy's, which may differ in the last bit: the weights stay what they were.
    tf = np.array([0.0] + [1 + math.log(n) for n in range(1, int(uses.max(initial=0)) + 1)])
    weights = tf[uses] * idf[columns]
    heaviest = [_heaviest(columns[start:end], weights[start:end]) + start for start, end in pairwise(bounds)]
    chosen = np.concatenate([np.zeros(0, np.int64), *heaviest])
    columns, weights = columns[chosen], weights[chosen]
    bounds = np.concatenate(([0], np.cumsum([len(positions) for positions in heaviest], dtype=np.int64)))
    norms = np.sqrt(row_sums(weights * weights, bounds))
    weights /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(bounds))
    rows = np.repeat(np.arange(len(counts)), np.diff(bounds))
    by_column = np.argsort(rows * (columns.max(initial=0) + 1) + columns)
    return Rows(bounds, columns[by_column], weights[by_column])


def _heaviest(columns: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Positions of the _VECTOR_WORDS highest weights above 0, highest first, equal ones by word."""
    order = np.lexsort((columns, -weights))[:_VECTOR_WORDS]
    return order[weights[order] > 0]


def _with_rows(rows: Rows, positions: np.ndarray, replacements: Rows) -> Rows:
    """rows with the row at each of positions replaced by the replacements' rows, in turn."""
    lengths = np.diff(rows.bounds)
    kept = np.ones(lengths.size, bool)
    kept[positions] = False
    kept = np.flatnonzero(kept)
    new_lengths = lengths.copy()
    new_lengths[positions] = np.diff(replacements.bounds)
    bounds = np.concatenate(([0], np.cumsum(new_lengths)))
    columns = np.empty(bounds[-1], np.int64)
    weights = np.empty(bounds[-1])
    to, source = spans(bounds[kept], lengths[kept]), spans(rows.bounds[kept], lengths[kept])
    columns[to], weights[to] = rows.columns[source], rows.weights[source]
    to = spans(bounds[positions], new_lengths[positions])
    columns[to], weights[to] = replacements.columns, replacements.weights
    return Rows(bounds, columns, weights)


def changed_rows(old: Rows, new: Rows) -> np.ndarray:
    """The rows that are not the same in both, in order."""
    old_lengths, new_lengths = np.diff(old.bounds), np.diff(new.bounds)
    alike = np.flatnonzero(old_lengths == new_lengths)
    old_entries = spans(old.bounds[alike], old_lengths[alike])
    new_entries = spans(new.bounds[alike], new_lengths[alike])
    differ = (old.columns[old_entries] != new.columns[new_entries]) | (
        old.weights[old_entries] != new.weights[new_entries]
    )
    changed = old_lengths != new_lengths
    changed[np.repeat(alike, old_lengths[alike])[differ]] = True
    return np.flatnonzero(changed)


def without_common_words(vectors: Rows) -> Rows:
    """The vectors without the words that more than _COMMON_LIMIT of them have."""
    telling = np.bincount(vectors.columns)[vectors.columns] <= _COMMON_LIMIT
    bounds = np.concatenate(([0], np.cumsum(telling)))[vectors.bounds]  # the words kept before each row
    return Rows(bounds, vectors.columns[telling], vectors.weights[telling])


def row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
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


def spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """starts[0], starts[0] + 1, ... (lengths[0] of them), then the same from starts[1], and so on."""
    ends = np.cumsum(lengths)
    return np.arange(ends[-1] if ends.size else 0) - np.repeat(ends - lengths - starts, lengths)


def looked_up(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The value of each wanted key (keys sorted), 0 for one not among them."""
    at, present = found(keys, wanted)
    return np.where(present, values[at] if keys.size else 0.0, 0.0)


def found(keys: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each wanted key is among keys (sorted), and whether it is there at all."""
    at = np.searchsorted(keys, wanted).clip(max=max(keys.size - 1, 0))
    return at, (keys[at] == wanted if keys.size else np.zeros(wanted.size, bool))
