"""The cleaner on documents it was not written against: hand-made samples in every shape.

Each tests/samples/<case>.txt comes with <case>.expected.json, written by hand from the
rules, not from the cleaner's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.clean import clean_text
from tests.conftest import SAMPLES

CASES = sorted(path.name.removesuffix(".expected.json") for path in SAMPLES.glob("*.expected.json"))


def _load(case: str) -> tuple[dict, list]:
    expected = json.loads((SAMPLES / f"{case}.expected.json").read_text(encoding="utf-8"))
    documents = clean_text((SAMPLES / f"{case}.txt").read_text(encoding="utf-8"), seed=f"{case}.txt")
    return expected, documents


@pytest.mark.parametrize("case", CASES)
def test_sample_gives_the_expected_documents(case: str) -> None:
    expected, documents = _load(case)
    assert len(documents) == len(expected["documents"])
    for document, wanted in zip(documents, expected["documents"], strict=True):
        assert document.source.shape == expected["shape"]
        if wanted.get("title"):
            assert document.title == wanted["title"]
        else:
            assert document.title.startswith(wanted["title_startswith"])
        assert document.date == wanted["date"]
        assert document.source.outlet == wanted["outlet"]
        assert set(document.tags) == set(wanted["tags"])


@pytest.mark.parametrize("case", CASES)
def test_sample_keeps_each_sentence_once_and_drops_the_rest(case: str) -> None:
    expected, documents = _load(case)
    for document, wanted in zip(documents, expected["documents"], strict=True):
        text = f"{document.title}\n{document.body}"
        for sentence in wanted["must_contain"]:
            assert text.count(sentence) == 1, sentence
        for removed in wanted["must_not_contain"]:
            assert removed not in text


def test_every_sample_has_expectations() -> None:
    texts = {path.stem for path in Path(SAMPLES).glob("*.txt")}
    assert texts == set(CASES)
