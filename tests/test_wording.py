"""The documents' wording: sums added up alike whichever way, and a model updated after edits
that relates every document exactly as a build from nothing does."""

from __future__ import annotations

import math
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier import link, vectors, wording
from dossier.link import relate
from dossier.memo import Memo
from tests.test_link import (
    _DOSSIERS,
    _WORDS,
    NAMES,
    SMALL_VECTORS,
    SMALL_WORDING,
    THEMES,
    _document,
    dossiers,
    small_limits,
)

_TABLE_ALWAYS = {"_DENSE_SHARE": math.inf, "_DENSE_CELLS": math.inf}
_SORTED_ALWAYS = {"_DENSE_SHARE": 0, "_DENSE_CELLS": 0}


def _vectors(texts: list[list[str]]) -> vectors.Rows:
    counts = [link.counted_words(_document("x", " ".join(words))) for words in texts]
    return vectors.document_vectors(counts, (), None)[0].rows


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), min_size=1, max_size=14))
def test_a_batch_adds_up_alike_in_a_table_and_by_sorting(texts: list[list[str]]) -> None:
    """The same sums to the last bit, whichever way a batch is added up."""
    with mock.patch.multiple(vectors, _VECTOR_WORDS=4, _COMMON_LIMIT=4):
        telling = vectors.without_common_words(_vectors(texts))
        for start in range(0, len(texts), 3):
            rows = np.arange(start, min(start + 3, len(texts)))
            with mock.patch.multiple(wording, **_TABLE_ALWAYS):
                in_table = wording._batch_similarities(telling, rows)
            with mock.patch.multiple(wording, **_SORTED_ALWAYS):
                sorted_ = wording._batch_similarities(telling, rows)
            assert all(np.array_equal(a, b) for a, b in zip(in_table, sorted_, strict=True))


_EDITS = st.lists(
    st.tuples(
        st.integers(min_value=0),  # which document, modulo their count
        st.one_of(
            st.tuples(st.just("words"), st.lists(st.sampled_from(_WORDS[:6]), max_size=8)),
            st.tuples(st.just("words"), st.lists(st.sampled_from(_WORDS), max_size=12)),
            st.tuples(st.just("themes"), st.lists(st.sampled_from(sorted(THEMES)), max_size=2, unique=True)),
            st.tuples(st.just("names"), st.lists(st.sampled_from(sorted(NAMES)), max_size=3, unique=True)),
            st.tuples(st.just("date"), st.sampled_from([None, "2020-01-01", "2023-06-01"])),
        ),
    ),
    min_size=1,
    max_size=6,
)


# Few words, many documents: long lists of nearest, cut at their floor, left too short by edits.
_CROWDED = dossiers(_WORDS[:6], 8, 20)
_CROWDED_VECTORS = {"_VECTOR_WORDS": 4, "_COMMON_LIMIT": 12}
_CROWDED_WORDING = {"_SIMILAR_CANDIDATES": 1, "NEAREST_KEPT": 3, "_BATCH": 4}


@settings(max_examples=400, deadline=None)
@given(dossier=st.one_of(_DOSSIERS, _CROWDED), edits=_EDITS, crowded=st.booleans())
def test_an_updated_model_relates_as_a_build_from_nothing_does(dossier, edits, crowded) -> None:
    """Edit after edit, relate with the model the last build kept gives, to the last bit, what
    relate with no model gives. Small limits, so that a dozen documents meet each of them: lists
    cut at their floor and left too short, common words, batches; and updates taken however
    many rows changed."""
    fields = [list(document) for document in dossier]
    kept = Memo(None)
    vector_limits = _CROWDED_VECTORS if crowded else SMALL_VECTORS
    wording_limits = (_CROWDED_WORDING if crowded else SMALL_WORDING) | {"_UPDATE_SHARE": 1.0}
    with small_limits(vector_limits, wording_limits):
        for position, (field, value) in [(0, ("words", None)), *edits]:
            if fields and value is not None:
                fields[position % len(fields)][("words", "themes", "names", "date").index(field)] = value
            documents = [
                _document(f"d{number:02}", " ".join(words), themes, names, date)
                for number, (words, themes, names, date) in enumerate(fields)
            ]
            updated = relate(documents, THEMES, NAMES, kept)
            kept.save()
            anew = relate(documents, THEMES, NAMES, Memo(None))
            assert [d.related for d in updated] == [d.related for d in anew]


def test_an_edit_works_out_again_only_the_rows_it_changed() -> None:
    """Forty documents, each with words of its own: an edit that adds a word no other document
    has changes one vector, and only that row is worked out in full again."""
    words = [f"word{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(80)]
    documents = [_document(f"d{n:02}", f"{words[n]} {words[n + 1]} {words[n + 40]} common") for n in range(40)]
    memo = Memo(None)
    relate(documents, THEMES, NAMES, memo)
    documents[7] = _document("d07", f"{words[7]} {words[8]} {words[47]} common solitary")
    with mock.patch.object(wording, "_worked", wraps=wording._worked) as worked:
        updated = relate(documents, THEMES, NAMES, memo)
    assert [call.args[1].tolist() for call in worked.call_args_list] == [[7], []]
    assert [d.related for d in updated] == [d.related for d in relate(documents, THEMES, NAMES, Memo(None))]


def test_a_merged_list_keeps_only_what_it_can_vouch_for() -> None:
    """Row 0 listed 1, 2 and 3 (and had more: its floor is 3's place); 1 and 2 changed and are now
    far less similar to it. Below the floor, another document it did not list may come first:
    the row keeps 3 alone, too few, and is worked out again. Row 4 listed all it shares a word
    with: every new similarity counts."""
    old = wording.Nearest(
        bounds=np.array([0, 3, 3, 3, 3, 4, 4]),
        others=np.array([1, 2, 3, 0]),
        similarities=np.array([0.9, 0.8, 0.7, 0.5]),
        floor_similarities=np.array([0.7, 0.0, 0.0, 0.0, 0.0, 0.0]),
        floor_others=np.array([3, 6, 6, 6, 6, 6]),
    )
    is_changed = np.array([False, True, True, False, False, False])
    every = (np.array([1 * 6 + 0, 1 * 6 + 4, 2 * 6 + 0]), np.array([0.1, 0.3, 0.05]))  # (changed × 6 + other)
    with mock.patch.object(wording, "NEAREST_KEPT", 3):
        (rows, others, similarities), floors = wording._merged(old, is_changed, every)
    assert rows.tolist() == [0, 4, 4] and others.tolist() == [3, 0, 1] and similarities.tolist() == [0.7, 0.5, 0.3]
    assert floors[0].tolist() == old.floor_similarities.tolist() and floors[1].tolist() == old.floor_others.tolist()
