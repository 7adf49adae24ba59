"""Golden files: the exact content files the cleaner makes from each seed and sample.

A change to the cleaner that changes its output shows here as a diff to review. To accept
the new output after reviewing it: UPDATE_GOLDEN=1 pytest tests/test_clean_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dossier.clean import clean_text
from dossier.content import document_file
from tests.conftest import SAMPLES, SEEDS

GOLDEN = Path(__file__).resolve().parent / "golden"
INPUTS = {path.stem: path for path in [*sorted(SEEDS.iterdir()), *sorted(SAMPLES.glob("*.txt"))]}


def cleaned(path: Path) -> str:
    documents = clean_text(path.read_text(encoding="utf-8"), seed=path.name)
    return "".join(document_file(document) for document in documents)


@pytest.mark.parametrize("case", sorted(INPUTS))
def test_cleaner_output_matches_golden_file(case: str) -> None:
    golden = GOLDEN / f"{case}.md"
    output = cleaned(INPUTS[case])
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
