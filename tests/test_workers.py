"""Work split between the worker processes and this one gives what this one alone gives."""

from __future__ import annotations

from pathlib import Path

import dossier.pipeline as pipeline
from dossier.model import DossierError
from dossier.workers import Workers
from tests.conftest import REPO


def test_map_joins_the_chunks_results_in_order_wherever_each_was_done() -> None:
    workers = Workers(2)
    try:
        assert workers.map(sorted, [3, 1, 2, 5, 4, 0, 9], 2) == [1, 3, 2, 5, 0, 4, 9]
        assert workers.map(sorted, [2, 1], 2) == [1, 2], "one chunk, done in this process"
        assert workers.map(sorted, [], 2) == []
        assert workers.map(sorted, [], 0) == [], "nothing to do, in chunks of nothing"
    finally:
        workers.close()


def test_content_files_read_in_worker_processes_are_the_documents_read_here(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "broken.md").write_text("---\ndate: 2021-13-45\n---\nText\n", encoding="utf-8")
    for path in (REPO / "content").glob("*.md"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    here: list[DossierError] = []
    expected = pipeline.load_documents(tmp_path, here)
    monkeypatch.setattr(pipeline, "LOAD_CHUNK", 3)
    monkeypatch.setattr(pipeline, "LOAD_IN_WORKERS_FROM", 1)
    in_workers: list[DossierError] = []
    assert pipeline.load_documents(tmp_path, in_workers) == expected
    assert [str(problem) for problem in in_workers] == [str(problem) for problem in here]
    assert here and all(document.html and document.text for document in expected)
