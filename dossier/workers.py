"""Worker processes for the stages that split into independent parts: reading content files,
the search index's shards.

The machine's cores work at once: the workers build while the main process renders pages.
They are spawned, not forked, because `serve` has threads running, and a fork copies their
locks in whatever state they are; they start on first use and live as long as their Workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor


class Workers:
    def __init__(self, count: int | None = None):
        self.count = count or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, function: Callable, *args) -> Future:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("spawn"))
        return self._pool.submit(function, *args)

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

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
