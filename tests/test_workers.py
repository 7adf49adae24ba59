"""Work split between the worker processes and this one gives what this one alone gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import dossier.ingest as ingest_module
import dossier.pipeline as pipeline
from dossier.ingest import ingest
from dossier.model import DossierError
from dossier.workers import RESULT_PIPE_BYTES, Workers
from tests.conftest import REPO, SEEDS
from tests.exports import message, write_export
from tests.nasty_inputs import corpus


def test_map_joins_the_chunks_results_in_order_wherever_each_was_done() -> None:
    workers = Workers(2)
    try:
        assert workers.map(sorted, [3, 1, 2, 5, 4, 0, 9], 2) == [1, 3, 2, 5, 0, 4, 9]
        assert workers.map(sorted, [2, 1], 2) == [1, 2], "one chunk, done in this process"
        assert workers.map(sorted, [], 2) == []
        assert workers.map(sorted, [], 0) == [], "nothing to do, in chunks of nothing"
    finally:
        workers.close()


def test_in_order_yields_each_result_in_order_as_soon_as_it_is_there() -> None:
    workers = Workers(2)
    try:
        results = workers.in_order(sorted, [[3, 1], [2], [5, 4], [0, 9, 8], [7, 6]])
        assert next(results) == [1, 3], "the first, before the others are done"
        assert list(results) == [[2], [4, 5], [0, 8, 9], [6, 7]]
        assert list(workers.in_order(sorted, [])) == []
        stopped = workers.in_order(sorted, [[2, 1]] * 50)
        assert next(stopped) == [1, 2]
        stopped.close()  # the rest is cancelled, not left to the workers
        assert workers.map(sorted, [2, 1, 4, 3], 2) == [1, 2, 3, 4], "and the workers serve the next stage"
    finally:
        workers.close()


def test_warmed_up_workers_have_imported_the_module_before_their_first_task() -> None:
    workers = Workers(1)
    try:
        workers.warm_up("dossier.ingest")
        # eval is the builtin: running it imports nothing of Dossier's into the worker.
        assert workers.submit(eval, "'dossier.ingest' in __import__('sys').modules").result(timeout=60)
    finally:
        workers.close()


def test_results_come_back_through_a_pipe_wide_enough_for_a_seeds_documents() -> None:
    """A worker need not wait for this process to read a result of a few hundred KB before it
    takes its next task."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes are Linux's")
    workers = Workers(1)
    try:
        assert workers.submit(sorted, [2, 1]).result(timeout=60) == [1, 2]
        reader = workers._pool._result_queue._reader
        assert fcntl.fcntl(reader.fileno(), fcntl.F_GETPIPE_SZ) == RESULT_PIPE_BYTES
    finally:
        workers.close()


def test_seeds_cleaned_in_worker_processes_give_what_cleaning_here_gives(tmp_path: Path, monkeypatch) -> None:
    """Content files, the manifest, and every problem and notice, in the same order: bad seeds
    included, whose errors come back from the workers as the same one line each."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    for item in corpus():
        if item.folder == "seeds" and item.name not in ("huge.txt", "one-line.txt"):  # big: slow, not bad
            item.make(tmp_path)
    for twin in ("twin-a.txt", "twin-b.txt"):  # one title and date: the second gets another id
        (seeds / twin).write_text("Talks in Vienna\n\nThe delegations met in Vienna.\n", encoding="utf-8")
    write_export(seeds / "export", [message(1, "A post on the #OSCE"), message(2, "🙂🙂"), message(3, "Lavrov spoke")])
    here = _ingested(seeds, tmp_path / "here", None)
    monkeypatch.setattr(ingest_module, "CLEAN_IN_WORKERS_FROM", 1)
    workers = Workers(2)
    try:
        in_workers = _ingested(seeds, tmp_path / "in-workers", workers)
    finally:
        workers.close()
    assert in_workers == here
    assert here["problems"] and here["notices"] and any(name.endswith("-2.md") for name in here["files"])


def _ingested(seeds: Path, content: Path, workers: Workers | None) -> dict:
    """What ingestion reports and writes, its paths made relative to the content folder."""
    report = ingest(seeds, content, (), workers)
    said = {
        field: [str(item).replace(str(content), "content") for item in getattr(report, field)]
        for field in ("problems", "notices", "written", "removed")
    }
    counts = {"per_seed": list(report.documents_per_seed.items()), "per_shape": report.documents_per_shape}
    files = {path.name: path.read_bytes() for path in sorted(content.iterdir())}
    return said | counts | {"per_format": report.documents_per_format, "files": files}


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


class _RecordingWorkers:
    """Workers that parse here, noting the chunk size each map was asked for."""

    def __init__(self, started: bool):
        self.started, self.chunks = started, []

    def map(self, function, items, chunk_size):
        self.chunks.append(chunk_size)
        return function(items)

    def close(self) -> None:
        pass


def test_started_workers_share_the_parsing_of_fewer_files_than_workers_yet_to_start(tmp_path: Path) -> None:
    for number in range(pipeline.LOAD_IN_STARTED_WORKERS_FROM):
        (tmp_path / f"d{number}.md").write_text(f"---\ntitle: Document {number}\n---\nText {number}.\n")
    for started, chunk in ((False, pipeline.LOAD_IN_STARTED_WORKERS_FROM), (True, pipeline.LOAD_CHUNK)):
        workers = _RecordingWorkers(started)
        with pipeline.SiteBuilder(pipeline.BuildOptions(content=tmp_path), workers=workers) as builder:
            assert len(builder.load_documents((), [])) == pipeline.LOAD_IN_STARTED_WORKERS_FROM
        assert workers.chunks == [chunk]
