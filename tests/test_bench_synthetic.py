"""The benchmark's synthetic seeds: the same every time, and read by the cleaner as the shapes they imitate."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import frontmatter

from bench.synthetic_seeds import documents_per_shape, synthetic_seeds, write_synthetic_seeds
from tests.conftest import run_build_here


def test_synthetic_seeds_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    assert synthetic_seeds(60) == synthetic_seeds(60)
    assert synthetic_seeds(60, seed=8) != synthetic_seeds(60)


def test_sixty_documents_are_fifty_four_posts_in_two_exports_and_two_of_each_single_shape() -> None:
    assert documents_per_shape(60) == {"channel": 54, "wire": 2, "headline": 2, "webpage": 2}
    assert len(synthetic_seeds(60)) == 2 + 6


def test_a_build_of_sixty_synthetic_documents_ingests_sixty_of_the_shapes_written(tmp_path: Path) -> None:
    write_synthetic_seeds(tmp_path / "seeds", 60)
    result = run_build_here(
        "build", "--seeds", tmp_path / "seeds", "--content", tmp_path / "content", "--out", tmp_path / "site"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    documents = [frontmatter.load(path) for path in sorted((tmp_path / "content").glob("*.md"))]
    assert Counter(document["source"]["shape"] for document in documents) == documents_per_shape(60)
    assert all(document["date"] for document in documents)  # every synthetic document states its date
