"""Documents' vectors: rows added up left to right, and vectors updated after edits that are,
to the last bit, the vectors made afresh."""

from __future__ import annotations

import functools
import operator
from collections import Counter
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier import vectors
from dossier.link import counted_words, words_key
from tests.test_link import _WORDS, _document

_FLOATS = st.floats(min_value=1e-9, max_value=1e3, allow_nan=False, allow_infinity=False)


@given(st.lists(st.lists(_FLOATS, max_size=12), max_size=20))
def test_row_sums_add_each_row_left_to_right(rows: list[list[float]]) -> None:
    indptr = np.cumsum([0] + [len(row) for row in rows])
    values = np.array([value for row in rows for value in row], float)
    expected = [functools.reduce(operator.add, row, 0.0) for row in rows]
    assert vectors.row_sums(values, indptr).tolist() == expected


def _made(texts: list[list[str]], base: vectors.Vectors | None = None, earlier=None) -> vectors.Vectors:
    documents = [_document(f"d{n:02}", " ".join(words)) for n, words in enumerate(texts)]
    keys = tuple(map(words_key, documents))
    return vectors.document_vectors([counted_words(d) for d in documents], keys, base, earlier)[0]


def _words_held(texts: list[list[str]]):
    """What the memo would hold of these documents' words, looked up as relate looks them up."""
    documents = [_document(f"d{n:02}", " ".join(words)) for n, words in enumerate(texts)]
    held = {words_key(document): counted_words(document) for document in documents}
    return lambda keys: [held.get(key) for key in keys]


_TEXTS = st.lists(st.lists(st.sampled_from(_WORDS), max_size=10), min_size=1, max_size=12)
_EDITS = st.lists(st.tuples(st.integers(min_value=0), st.lists(st.sampled_from(_WORDS), max_size=10)))


@settings(max_examples=300, deadline=None)
@given(
    texts=_TEXTS, edits=st.lists(st.tuples(st.integers(min_value=0), st.lists(st.sampled_from(_WORDS), max_size=10)))
)
def test_updated_vectors_are_the_vectors_made_afresh(texts, edits) -> None:
    """Words added and taken away move words' counts of documents both ways: every vector
    updated from the last build's is, to the last bit, the one made from nothing."""
    with mock.patch.object(vectors, "_VECTOR_WORDS", 3):
        base, earlier = _made(texts), _words_held(texts)
        for position, words in edits:
            texts[position % len(texts)] = words
        # Each word's count of documents updated from the words the edited documents had, and
        # counted again over all (what they had no longer known): both as made afresh.
        fresh = _made(texts)
        for updated in (_made(texts, base, earlier), _made(texts, base)):
            assert updated.vocabulary == fresh.vocabulary and updated.frequencies == fresh.frequencies
            for part in ("bounds", "columns", "weights"):
                assert np.array_equal(getattr(updated.rows, part), getattr(fresh.rows, part)), part


def test_an_edit_updates_each_words_count_of_documents_from_the_words_the_document_had() -> None:
    texts = [["alpha", "beta"], ["beta", "gamma"], ["gamma", "delta"]]
    base, earlier = _made(texts), _words_held(texts)
    texts[1] = ["gamma", "epsilon"]
    with mock.patch.object(vectors, "Counter", side_effect=AssertionError("counted over every document")):
        updated = _made(texts, base, earlier)
    assert updated.frequencies == Counter({"alpha": 1, "beta": 1, "gamma": 2, "delta": 1, "epsilon": 1})


def test_a_vector_is_made_again_only_where_its_words_or_their_weights_moved() -> None:
    """A word only d03 has, added to d03: no other document's words weigh differently."""
    texts = [[f"own{chr(97 + n)}", "shared", "common"] for n in range(8)]
    base = _made(texts)
    texts[3] = [*texts[3], "solitary"]
    with mock.patch.object(vectors, "_unit_vectors", wraps=vectors._unit_vectors) as made:
        _made(texts, base)
    assert [len(call.args[0]) for call in made.call_args_list] == [1]
