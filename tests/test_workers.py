"""Work split between the worker processes and this one gives what this one alone gives."""

from __future__ import annotations

import os
import shutil
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import dossier.content as content_module
import dossier.entities as entities_module
import dossier.ingest as ingest_module
from dossier.config import load_config
from dossier.content import read_content
from dossier.entities import name_documents
from dossier.ingest import ingest
from dossier.memo import Memo
from dossier.workers import Workers
from tests.conftest import REPO, SEEDS
from tests.exports import message, write_export
from tests.nasty_inputs import corpus


def test_work_is_shared_from_half_a_second_of_it_and_from_two_chunks_once_the_workers_run() -> None:
    with Memo(None, Workers(2)) as memo:
        work = ((1, 1.0), (2, 0.25), (1000, 0.0001), (1000, 0.00025))
        assert [memo.workers.worth_sharing(items, seconds) for items, seconds in work] == [True, True, False, False]
        memo.workers.submit(sorted, []).result()
        assert [memo.workers.worth_sharing(items, seconds) for items, seconds in work] == [True, True, True, True]


def test_work_is_shared_while_the_workers_are_busy_when_it_outlasts_what_they_have() -> None:
    """Work queued behind theirs waits until they are free: shared when there is more of it than
    that, done here when less."""
    with Memo(None, Workers(1)) as memo:
        busy = memo.workers.map_in_background(time.sleep, [2.0], 2.0)  # about two seconds of it
        assert memo.workers.busy
        assert not memo.workers.worth_sharing(2000, 0.0005), "a second: done here, sooner"
        assert memo.workers.worth_sharing(10_000, 0.0005), "five seconds: the workers free after two"
        busy()
        assert not memo.workers.busy and memo.workers.worth_sharing(1000, 0.0005)


def test_a_signal_that_ends_the_build_waits_until_the_worker_being_started_has_what_it_needs(
    monkeypatch,
) -> None:
    """Let through while the pool starts a worker, a SIGTERM left it to die printing a traceback
    on the terminal as the build ended: it ends the build once the worker is started."""
    ended: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: ended.append(number))
    real_submit = ProcessPoolExecutor.submit

    def signalled_while_starting(pool, *arguments):
        os.kill(os.getpid(), signal.SIGTERM)
        assert not ended, "held while the worker starts"
        return real_submit(pool, *arguments)

    workers = Workers(1)
    try:
        monkeypatch.setattr(ProcessPoolExecutor, "submit", signalled_while_starting)
        assert workers.submit(sorted, [2, 1]).result() == [1, 2]
        assert ended == [signal.SIGTERM], "and then let through"
    finally:
        signal.signal(signal.SIGTERM, previous)
        workers.close()


def test_map_gives_each_result_in_order_wherever_each_was_done() -> None:
    with Memo(None, Workers(2)) as memo:
        items = [[3, 1], [2], [5, 4], [0, 9, 8], [7, 6]] * 20
        assert memo.workers.map_in_background(sorted, items, 1.0)() == [sorted(item) for item in items]
        assert memo.workers.started
        assert memo.workers.map_in_background(sorted, [[2, 1]], 1.0)() == [[1, 2]]
        assert memo.workers.map_in_background(sorted, [], 1.0)() == []


def test_in_order_yields_each_result_in_order_as_soon_as_it_is_there() -> None:
    workers = Workers(2)
    try:
        results = workers.in_order(sorted, [[3, 1], [2], [5, 4], [0, 9, 8], [7, 6]], 1.0)
        assert next(results) == [1, 3], "the first, before the others are done"
        assert list(results) == [[2], [4, 5], [0, 8, 9], [6, 7]]
        assert list(workers.in_order(sorted, [], 1.0)) == []
        stopped = workers.in_order(sorted, [[2, 1]] * 50, 1.0)
        assert next(stopped) == [1, 2]
        stopped.close()  # the rest is cancelled, not left to the workers
        assert workers.map_in_background(sorted, [[2, 1], [4, 3]], 1.0)() == [[1, 2], [3, 4]], (
            "and the workers serve the next stage"
        )
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
    here = _ingested(seeds, tmp_path / "here", Memo(None))
    monkeypatch.setattr(ingest_module, "CLEAN_SECONDS_PER_BYTE", 1.0)
    with Memo(None, Workers(2)) as memo:
        in_workers = _ingested(seeds, tmp_path / "in-workers", memo)
        assert memo.workers.started
    assert in_workers == here
    assert here["problems"] and here["notices"] and any(name.endswith("-2.md") for name in here["files"])


def _ingested(seeds: Path, content: Path, memo: Memo) -> dict:
    """What ingestion reports and writes, its paths made relative to the content folder."""
    report = ingest(seeds, content, memo)
    said = {
        field: [str(item).replace(str(content), "content") for item in getattr(report, field)]
        for field in ("problems", "notices", "written", "removed")
    }
    counts = {"per_seed": list(report.documents_per_seed.items()), "per_shape": report.documents_per_shape}
    files = {path.name: path.read_bytes() for path in sorted(content.iterdir())}
    return said | counts | {"per_format": report.documents_per_format, "files": files}


def test_content_files_read_and_named_in_worker_processes_are_the_documents_read_here(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "broken.md").write_text("---\ndate: 2021-13-45\n---\nText\n", encoding="utf-8")
    for path in (REPO / "content").glob("*.md"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    entities = load_config(REPO / "content").entities
    expected, here = read_content(tmp_path, Memo(None))
    expected = name_documents(expected, entities, Memo(None))
    monkeypatch.setattr(content_module, "READ_SECONDS", 1.0)
    monkeypatch.setattr(entities_module, "NAMING_SECONDS", 1.0)
    with Memo(None, Workers(2)) as memo:
        documents, in_workers = read_content(tmp_path, memo)
        assert name_documents(documents, entities, memo) == expected
        assert memo.workers.started
    assert [str(problem) for problem in in_workers] == [str(problem) for problem in here]
    assert here and all(document.html and document.text for document in expected)
