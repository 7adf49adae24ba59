"""Worker processes for the stages that split into independent parts: cleaning seeds, reading
content files, the search index's shards.

The machine's cores work at once: the workers build while the main process renders pages.
They are spawned, not forked, because `serve` has threads running, and a fork copies their
locks in whatever state they are; they start on first use, or sooner when warmed up (the CLI
starts them before it imports the rest of Dossier), and live as long as their Workers.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

# Bytes of seeds to clean from which the worker processes clean them: below it (the five seeds,
# serve's edit of one) their start costs more than they save. A megabyte of seeds is about
# 0.7 s of cleaning and of making and parsing content files. The CLI starts the workers early
# for seeds this large, changed or not (cli._workers_for).
CLEAN_IN_WORKERS_FROM = 1_000_000

RESULT_PIPE_BYTES = 1 << 20

Item = TypeVar("Item")
Result = TypeVar("Result")


class Workers:
    def __init__(self, count: int | None = None):
        # A process a core, this one included: it works too (it takes the items no worker has
        # started, and renders pages), and more processes than cores only take turns, each
        # importing its modules (a third of a second) and holding its own copy of the work.
        self.count = count or max(1, (os.cpu_count() or 1) - 1)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def submit(self, function: Callable, *args) -> Future:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("spawn"))
            _widen_result_pipe(self._pool)
        return self._pool.submit(function, *args)

    def warm_up(self, module: str) -> None:
        """Start the processes now, and have them import module, so that their first tasks find
        them ready: one import task a process, though a quick process may take two (the second
        imports nothing) and leave another to import on its first task. A module that fails to
        import fails again, with its error, in the first task that needs it."""
        for _ in range(self.count):
            self.submit(_import, module)

    def map(self, function: Callable[[list], list], items: list, chunk_size: int) -> list:
        """function(chunk) for each chunk of items, the results joined in order. The workers take
        chunks from the front and this process, rather than wait, from the back: the one chunk
        of a small job is done here, as a worker's start costs more than it."""
        if len(items) <= chunk_size:
            return function(items)
        chunks = [items[start : start + chunk_size] for start in range(0, len(items), chunk_size)]
        futures = [self.submit(function, chunk) for chunk in chunks]
        done_here = {n: function(chunks[n]) for n in reversed(range(len(chunks))) if futures[n].cancel()}
        return [
            result
            for n, future in enumerate(futures)
            for result in (done_here[n] if n in done_here else future.result())
        ]

    def in_order(self, function: Callable[[Item], Result], items: list[Item]) -> Generator[Result, None, None]:
        """function(item) for each item, each result yielded, in the items' order, as soon as it
        is there: a stage that takes the results one after the other (ingestion, which numbers ids
        and writes files) goes on while the workers make the next. Rather than wait for the next
        result, this process does the last item no worker has started."""
        futures: list[Future | None] = [self.submit(function, item) for item in items]
        done_here: dict[int, Result] = {}
        last = len(items)
        try:
            for n, future in enumerate(futures):
                while last > n and not future.done():
                    last -= 1
                    if futures[last].cancel():
                        done_here[last] = function(items[last])
                futures[n] = None  # each result is held only until it is taken
                yield done_here.pop(n) if n in done_here else future.result()
        finally:  # a stage stopped half-way leaves the workers nothing of it to do
            for future in futures:
                if future is not None:
                    future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _widen_result_pipe(pool: ProcessPoolExecutor) -> None:
    """Give the pipe that brings the workers' results back 1 MB, where Linux gives 64 KB. A
    seed's cleaned documents are a few hundred KB, and a worker sat blocked sending them until
    this process, busy cleaning too, had read all but the last 64 KB (a fifth of a second of the
    worker's time in a build of 1,000 documents); now it goes on to its next seed. The pipe is
    the executor's own: where it is not there to widen (another Python, another system), the
    results come back as before."""
    reader = getattr(getattr(pool, "_result_queue", None), "_reader", None)
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    if reader is None or set_size is None:
        return
    try:
        fcntl.fcntl(reader.fileno(), set_size, RESULT_PIPE_BYTES)
    except OSError:  # above the system's limit for this user (/proc/sys/fs/pipe-max-size)
        return


def _import(module: str) -> None:
    importlib.import_module(module)
