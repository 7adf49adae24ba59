"""How alike the documents' wording is: each document's most distinctive words as a unit TF-IDF
vector, and each document's nearest by the cosine of their vectors. Relate's model of the
dossier (link.py), kept in the memo from one build to the next and updated where an edit reaches.

Updated, not made again, nor kept per document: a vector weighs each word by how few documents
have it (IDF), so an edit that gives a document words it lacked changes the vector of every other
document with those words, and their similarity to every other. On the 10,000-document synthetic
dossier, one sentence appended to a document changed 553 vectors, and 7,792 documents had one
of those among their 31 nearest: no key of a document's own inputs tells whether its nearest still
hold. So a build finds what changed since the model was made: the words whose count of
documents moved, the documents that have them (their vectors made again), and the documents whose
vectors (without the common words) changed, whose similarities are worked out again in full.
Every other document's nearest are its old ones with those documents' new similarities merged in.
Each keeps more than relate takes (NEAREST_KEPT): when a changed document drops out of a list,
the next in line is known; a list left with too few it can vouch for is worked out in full. The
result is the one a build from nothing makes, to the last bit (tests/test_wording.py checks it
after random edits): a pair's similarity depends on the two vectors alone.

The arithmetic is on numpy arrays. Each vector is a sparse row (its words' numbers in the sorted
vocabulary, and their weights); the similarities of a batch of rows are the products of the
weights of the words each pair shares, added up by pair, as a sparse matrix product would (scipy
did it here, but importing it took a sixth of a second of every build). A pair's sum adds the
products in the words' alphabetical order, as plain loops over the words would.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from itertools import pairwise

import numpy as np

from dossier.vectors import (
    CountedWords,
    EarlierWords,
    Rows,
    Vectors,
    changed_rows,
    document_vectors,
    found,
    looked_up,
    row_sums,
    spans,
    without_common_words,
)

# Of the documents sharing words with one, the most similar are candidates: this many, and itself.
_SIMILAR_CANDIDATES = 30
# The nearest each document keeps for the next build's update. On the synthetic dossier above,
# with 48, no list the sentence reached was left with fewer than the 31 it needs.
NEAREST_KEPT = 48
# Rows whose similarities to all others are worked out at once: memory grows with it. At
# 10,000 documents, a batch of 400 fits the table of _DENSE_CELLS, quicker than sorting by pair:
# 0.28 s for all batches, where batches of 1,000 took 0.37 s.
_BATCH = 400
# A batch's similarities are added up in a table of batch × documents cells when it has a product
# for every _DENSE_SHARE cells or more (measured: a cell costs a seventh of a product's sorting),
# and the table is at most _DENSE_CELLS (32 MB); otherwise the products are sorted by pair.
_DENSE_SHARE = 7
_DENSE_CELLS = 4_000_000
# An update holds every similarity of each changed row at once, to merge them into the others
# (about a thousand a row on the bench's synthetic dossier): past this share of the rows changed,
# every row is worked out afresh instead, a batch at a time, in bounded memory. Time is no reason:
# with half of the synthetic dossier's documents edited, updating took 1.16 s, working all out 1.42 s.
_UPDATE_SHARE = 0.25


@dataclass(frozen=True)
class Nearest:
    """Each document's nearest (at most NEAREST_KEPT), best first, equal ones the earlier document
    first: row i is others[bounds[i]:bounds[i + 1]], with their similarities. Every document a
    row does not list ranks below the row's floor, a similarity and a document ranked alike; a row
    that lists every document sharing a word with it has the floor (0, the count of documents)."""

    bounds: np.ndarray
    others: np.ndarray
    similarities: np.ndarray
    floor_similarities: np.ndarray
    floor_others: np.ndarray


@dataclass(frozen=True)
class Wording:
    """The model relate keeps for the next build: the documents' vectors, each one's nearest, and
    the similarity of each pair relate asked about besides."""

    ids: tuple[str, ...]
    vectors: Vectors
    nearest: Nearest
    pair_keys: np.ndarray  # pairs asked about, as document × documents + other, sorted
    pair_similarities: np.ndarray


@dataclass(frozen=True)
class _Worked:
    """Rows worked out in full: each one's nearest as (row, other, similarity), best first, its
    floor, and the similarity of each pair asked about that begins with one of them."""

    rows: np.ndarray
    listed: tuple[np.ndarray, np.ndarray, np.ndarray]
    floors: tuple[np.ndarray, np.ndarray]
    pair_positions: np.ndarray  # positions among the pairs asked about
    pair_similarities: np.ndarray
    every: tuple[np.ndarray, np.ndarray]  # with every_pair: each (row × documents + other) and its similarity


def similar_pairs(
    ids: tuple[str, ...],
    keys: tuple[str, ...],
    counts: list[CountedWords],
    pairs: np.ndarray,
    previous: Wording | None,
    earlier: EarlierWords | None = None,
) -> tuple[Wording, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(document, other, similarity) as three arrays, ordered by document then other, without a
    document and itself: each document's most similar documents, and the pairs asked about (the
    two rows of an array). With the model for the next build. previous: an earlier build's model;
    earlier: the words counted under each of its keys, where still known (document_vectors)."""
    count = len(ids)
    base = previous if previous is not None and previous.ids == ids else None
    vectors, old_telling = document_vectors(counts, keys, base and base.vectors, earlier)
    telling = without_common_words(vectors.rows)
    pair_keys = np.unique(pairs[0] * count + pairs[1])  # once each, in order of their first row
    pairs = np.stack((pair_keys // count, pair_keys % count))
    changed = np.arange(count) if base is None else changed_rows(old_telling, telling)
    if base is None or changed.size > _UPDATE_SHARE * count:
        nearest, pair_similarities = _assembled(
            count, [_worked(telling, np.arange(count), pairs)], None, pairs.shape[1]
        )
    else:
        nearest, pair_similarities = _updated_nearest(telling, base, changed, pairs)
    wording = Wording(ids, vectors, nearest, pair_keys, pair_similarities)
    return wording, _candidates(nearest, pairs, pair_similarities)


def _candidates(nearest: Nearest, pairs: np.ndarray, pair_similarities: np.ndarray):
    """Each row's first _SIMILAR_CANDIDATES + 1 nearest and the pairs asked about, once each,
    ordered by row then other, without a row and itself."""
    count = len(nearest.bounds) - 1
    lengths = np.diff(nearest.bounds)
    rank = np.arange(nearest.others.size) - np.repeat(nearest.bounds[:-1], lengths)
    first = np.repeat(np.arange(count), lengths)
    taken = rank <= _SIMILAR_CANDIDATES
    first = np.concatenate((first[taken], pairs[0]))
    second = np.concatenate((nearest.others[taken], pairs[1]))
    similarity = np.concatenate((nearest.similarities[taken], pair_similarities))
    _, unique = np.unique(first * count + second, return_index=True)
    unique = unique[first[unique] != second[unique]]
    return first[unique], second[unique], similarity[unique]


def _updated_nearest(telling: Rows, base: Wording, changed: np.ndarray, pairs: np.ndarray):
    """The base's nearest with the changed rows worked out again and their new similarities
    merged into every other row; a row that can no longer vouch for its first
    _SIMILAR_CANDIDATES + 1, or that is asked about a pair no one knows, is worked out again."""
    count = len(telling.bounds) - 1
    is_changed = np.zeros(count, bool)
    is_changed[changed] = True
    remade = _worked(telling, changed, pairs, every_pair=True)
    merged, floors = _merged(base.nearest, is_changed, remade.every)
    known = _known_pair_similarities(base, pairs, is_changed, remade, merged, floors)
    unknown = np.isnan(known) & ~is_changed[pairs[0]]
    short = np.bincount(merged[0], minlength=count) <= _SIMILAR_CANDIDATES
    short &= floors[1] != count  # a row listing all it shares a word with is never short
    again = np.union1d(np.flatnonzero(short & ~is_changed), pairs[0][unknown])
    kept = ~np.isin(merged[0], again)
    merged = tuple(part[kept] for part in merged)
    worked = [remade, _worked(telling, again, pairs)]
    return _assembled(count, worked, (merged, floors, known), pairs.shape[1])


def _merged(old: Nearest, is_changed: np.ndarray, every: tuple[np.ndarray, np.ndarray]):
    """The nearest of each unchanged row, as (row, other, similarity), each row's best first: those
    it had that did not change, and the changed rows' new similarities to it, those it can vouch
    for (above its floor), NEAREST_KEPT at most. A row that neither listed a changed row nor has a
    similarity to one keeps its list as it is. With the floors, raised where a list was cut."""
    count = is_changed.size
    old_rows = np.repeat(np.arange(count), np.diff(old.bounds))
    changed_rows, others = every[0] // count, every[0] % count
    added = ~is_changed[others]  # a changed row's similarity to an unchanged one is the same both ways
    touched = np.zeros(count, bool)
    touched[old_rows[is_changed[old.others]]] = True
    touched[others[added]] = True
    touched &= ~is_changed
    as_is = ~touched[old_rows] & ~is_changed[old_rows]
    kept = touched[old_rows] & ~is_changed[old.others]
    listed = old_rows[kept], old.others[kept], old.similarities[kept]  # in order: by row, best first
    new = others[added], changed_rows[added], every[1][added]
    floor_similarities, floor_others = old.floor_similarities[new[0]], old.floor_others[new[0]]
    vouched = (new[2] > floor_similarities) | ((new[2] == floor_similarities) & (new[1] <= floor_others))
    rows, seconds, similarities = _merged_in_order(listed, tuple(part[vouched] for part in new))
    per_row = np.bincount(rows, minlength=count)
    rank = np.arange(rows.size) - (np.cumsum(per_row) - per_row)[rows]  # a row's first is 0
    floors = old.floor_similarities.copy(), old.floor_others.copy()
    cut = rows[rank == NEAREST_KEPT]  # rows with more than NEAREST_KEPT: the last kept is the floor
    last = np.flatnonzero(rank == NEAREST_KEPT - 1)
    last = last[np.isin(rows[last], cut)]
    floors[0][rows[last]], floors[1][rows[last]] = similarities[last], seconds[last]
    kept = rank < NEAREST_KEPT
    merged = (
        np.concatenate((old_rows[as_is], rows[kept])),
        np.concatenate((old.others[as_is], seconds[kept])),
        np.concatenate((old.similarities[as_is], similarities[kept])),
    )
    return merged, floors


def _merged_in_order(listed: tuple, new: tuple) -> tuple:
    """listed and new (each as rows, others, similarities) as one, by row, best first, equal ones
    the lower other first. listed is in that order already (what the rows listed, less some); new,
    a few hundredths of it, is sorted, and each of its entries put in place among its row's
    listed: after an edit that moved 742 vectors, sorting them all took 118 ms, this 21. No two
    entries of a row are alike: listed names no changed row, and new names only changed rows."""
    order = np.lexsort((new[1], -new[2], new[0]))
    rows, others, similarities = (part[order] for part in new)
    listed_rows = listed[0]
    starts = np.searchsorted(listed_rows, rows)  # each new entry's row, among the listed
    lengths = np.searchsorted(listed_rows, rows, side="right") - starts
    entry = np.repeat(np.arange(rows.size), lengths)
    beside = spans(starts, lengths)  # each listed entry of each new entry's row
    listed_similarities, new_similarities = listed[2][beside], similarities[entry]
    ahead = listed_similarities > new_similarities
    tied = np.flatnonzero(listed_similarities == new_similarities)  # few: compared by other alone
    ahead[tied] = listed[1][beside[tied]] < others[entry[tied]]
    at = starts + np.bincount(entry[ahead], minlength=rows.size)
    return tuple(np.insert(whole, at, part) for whole, part in zip(listed, (rows, others, similarities), strict=True))


def _known_pair_similarities(
    base: Wording, pairs: np.ndarray, is_changed, remade: _Worked, merged, floors
) -> np.ndarray:
    """The similarity of each pair asked about that this update knows without working out a row:
    of a changed row (worked out), to a changed row (the same both ways), of a pair the base knew
    (neither changed since), of one listed among a row's nearest, or of one a row that lists all it
    shares a word with does not list (0). NaN where it does not know."""
    count = is_changed.size
    known = np.full(pairs.shape[1], np.nan)
    known[remade.pair_positions] = remade.pair_similarities
    to_changed = np.flatnonzero(is_changed[pairs[1]] & ~is_changed[pairs[0]])
    known[to_changed] = looked_up(*remade.every, pairs[1][to_changed] * count + pairs[0][to_changed])
    unchanged = np.flatnonzero(~is_changed[pairs[0]] & ~is_changed[pairs[1]])
    wanted = pairs[0][unchanged] * count + pairs[1][unchanged]
    at, in_base = found(base.pair_keys, wanted)
    known[unchanged[in_base]] = base.pair_similarities[at[in_base]]
    # A pair the base was not asked about may be listed among its row's nearest: only the lists of
    # the rows of such pairs are sorted to be searched. After one edit, which asks about the pairs
    # asked about before, sorting every row's took 38 ms at 10,000 documents; this takes 3 in all.
    unasked = unchanged[~in_base]
    asking = np.zeros(count, bool)
    asking[pairs[0][unasked]] = True
    keys, similarities = _sorted_pairs(*(part[asking[merged[0]]] for part in merged), count)
    at, listed = found(keys, wanted[~in_base])
    known[unasked[listed]] = similarities[at[listed]]
    complete = floors[1][pairs[0][unchanged]] == count
    known[unchanged[complete & np.isnan(known[unchanged])]] = 0.0
    return known


def _sorted_pairs(rows: np.ndarray, others: np.ndarray, similarities: np.ndarray, count: int):
    keys = rows * count + others
    order = np.argsort(keys)
    return keys[order], similarities[order]


def _assembled(count: int, worked: list[_Worked], merged, pair_count: int) -> tuple[Nearest, np.ndarray]:
    """Nearest of every row, from rows worked out in full and (when updating) the merged lists of
    the rest with their floors and the pairs' similarities known; and each pair's similarity."""
    parts = [part.listed for part in worked]
    floors = (np.zeros(count), np.full(count, count, np.int64))
    pair_similarities = np.zeros(pair_count)
    if merged is not None:
        lists, floors, known = merged
        parts.insert(0, lists)
        floors = floors[0].copy(), floors[1].copy()
        pair_similarities = known.copy()  # what it does not know, the rows worked out again say
    for part in worked:
        floors[0][part.rows], floors[1][part.rows] = part.floors
        pair_similarities[part.pair_positions] = part.pair_similarities
    rows, others, similarities = (np.concatenate([*column]) for column in zip(*parts, strict=True))
    order = np.argsort(rows, kind="stable")  # each row's list stays best first
    bounds = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=count))))
    return Nearest(bounds, others[order], similarities[order], *floors), pair_similarities


def _worked(telling: Rows, rows: np.ndarray, pairs: np.ndarray, every_pair: bool = False) -> _Worked:
    """rows (in order) worked out in full, a batch at a time: each row's similarity to every
    other that shares a word with it. every_pair: keep them all, as (row × documents + other)."""
    starts = range(0, max(rows.size, 1), _BATCH)  # no rows: one empty batch, for empty parts
    at, asked = found(rows, pairs[0])  # pairs are in order of their first row
    asked = np.flatnonzero(asked)
    pair_bounds = [0, *np.searchsorted(at[asked], [*starts[1:], rows.size]).tolist()]
    batches = [
        _worked_batch(telling, rows[start : start + _BATCH], pairs, asked[begin:end], every_pair)
        for start, (begin, end) in zip(starts, pairwise(pair_bounds), strict=True)
    ]
    joined = _Worked(*(_concatenated([getattr(batch, part.name) for batch in batches]) for part in fields(_Worked)))
    order = np.argsort(joined.every[0])
    return dataclasses.replace(joined, every=(joined.every[0][order], joined.every[1][order]))


def _concatenated(parts: list) -> np.ndarray | tuple:
    """Arrays one after another; tuples of arrays, each place's."""
    if isinstance(parts[0], tuple):
        return tuple(_concatenated(list(place)) for place in zip(*parts, strict=True))
    return np.concatenate(parts)


def _worked_batch(telling: Rows, batch: np.ndarray, pairs: np.ndarray, asked: np.ndarray, every_pair: bool) -> _Worked:
    """One batch of _worked; asked: the positions of the pairs asked about that begin with one of
    its rows."""
    count = len(telling.bounds) - 1
    keys, sums = _batch_similarities(telling, batch)
    row_bounds = np.searchsorted(keys, np.arange(batch.size + 1) * count).tolist()
    chosen = [
        _highest(keys[begin:stop], sums[begin:stop], NEAREST_KEPT) + begin for begin, stop in pairwise(row_bounds)
    ]
    chosen = np.concatenate([np.zeros(0, np.int64), *chosen])
    local, others, similarities = keys[chosen] // count, keys[chosen] % count, sums[chosen]
    order = np.lexsort((others, -similarities, local))
    local, others, similarities = local[order], others[order], similarities[order]
    floors = _floors(local, others, similarities, np.diff(row_bounds), count)
    wanted = np.searchsorted(batch, pairs[0][asked]) * count + pairs[1][asked]
    every = (batch[keys // count] * count + keys % count, sums) if every_pair else (np.zeros(0, np.int64), np.zeros(0))
    return _Worked(batch, (batch[local], others, similarities), floors, asked, looked_up(keys, sums, wanted), every)


def _floors(local: np.ndarray, others: np.ndarray, similarities: np.ndarray, lengths: np.ndarray, count: int):
    """Each row's floor: its last listed, when it had more than NEAREST_KEPT; (0, count) else."""
    floor_similarities, floor_others = np.zeros(lengths.size), np.full(lengths.size, count, np.int64)
    cut = np.flatnonzero(lengths > NEAREST_KEPT)
    last = np.searchsorted(local, cut, side="right") - 1
    floor_similarities[cut], floor_others[cut] = similarities[last], others[last]
    return floor_similarities, floor_others


def _batch_similarities(telling: Rows, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The similarity of each of rows with every row that shares a word with it, as (its place
    among rows × documents + other, similarity), by key. Each sum adds the products of the shared
    words' weights in column order, as a sparse matrix product (and plain loops) add them."""
    documents = len(telling.bounds) - 1
    posting_rows, posting_weights, posting_bounds = telling.postings
    row_lengths = telling.bounds[rows + 1] - telling.bounds[rows]
    entries = spans(telling.bounds[rows], row_lengths)
    columns = telling.columns[entries]
    lengths = posting_bounds[columns + 1] - posting_bounds[columns]
    others = spans(posting_bounds[columns], lengths)
    keys = np.repeat(np.repeat(np.arange(rows.size) * documents, row_lengths), lengths) + posting_rows[others]
    products = np.repeat(telling.weights[entries], lengths) * posting_weights[others]
    cells = rows.size * documents
    if cells <= min(_DENSE_SHARE * keys.size, _DENSE_CELLS):
        # Many products for the batch's rows × rows: a table of every sum is quicker than sorting.
        # bincount adds each cell's products in the order given, column order (tests/test_wording.py
        # checks both ways give the same sums). A pair that shares a word has a sum above 0, as
        # _heaviest keeps only weights above 0: the cells above 0 are the pairs.
        table = np.bincount(keys, weights=products, minlength=cells)
        pairs = np.flatnonzero(table)
        return pairs, table[pairs]
    by_key = np.argsort(keys, kind="stable")  # a pair's products stay in column order
    keys, products = keys[by_key], products[by_key]
    first_of_key = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if keys.size else keys
    return keys[first_of_key], row_sums(products, np.append(first_of_key, keys.size))


def _highest(columns: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the count highest values. Equal values go to the lower column."""
    if len(values) <= count:
        return np.arange(len(values))
    top = np.argpartition(values, len(values) - count)[len(values) - count :]
    threshold = values[top[0]]
    if np.count_nonzero(values == threshold) == 1:
        return top
    above = np.flatnonzero(values > threshold)
    tied = np.flatnonzero(values == threshold)
    return np.concatenate((above, tied[np.argsort(columns[tied])][: count - len(above)]))
