"""Worker processes for work that splits into independent items: cleaning seeds, reading content
files, rendering pages, finding the search index's terms. The one place that decides whether work is
worth sharing with them.

The machine's cores work at once. The workers are spawned, not forked, because `serve` has
threads running, and a fork copies their locks in whatever state they are; they start on
first use and live as long as their Workers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

# Work worth sharing: at least this many seconds of it while the workers are not running yet
# (spawning them and importing their modules costs about a third of a second), and once they
# run, at least two chunks of it beyond what they have left to do.
SHARE_FROM_SECONDS = 0.5
# A worker takes items a chunk at a time, about this much work each: few enough round trips,
# and chunks small enough that the last is soon done.
CHUNK_SECONDS = 0.05
# How often a worker looks whether the process that started it is still there.
ORPHAN_CHECK_SECONDS = 0.5
# The signals that end a build or serve (Ctrl-C, `timeout`, a closed terminal).
ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

Item = TypeVar("Item")
Result = TypeVar("Result")


class Workers:
    def __init__(self, count: int | None = None):
        # A process a core, this one included: it works too (it takes the items no worker has
        # started), and more processes than cores only take turns, each importing its modules
        # and holding its own copy of the work.
        self.count = count or max(1, (os.cpu_count() or 1) - 1)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: set[Future] = set()  # work handed to the workers, until it is done
        self._free_at = 0.0  # when the workers are about done with it (time.monotonic())

    @property
    def started(self) -> bool:
        return self._pool is not None

    def worth_sharing(self, items: int, seconds_each: float) -> bool:
        """The one rule of when work goes to the workers: when its items take long enough in all
        (even one item, as this process goes on meanwhile: the search index's pieces while the
        pages render), counted from when the workers will be free of the work they have (as
        estimated: _share): a chunk a worker has taken in waits for that, and can no longer be
        done here."""
        seconds = items * seconds_each - self._seconds_until_free()
        return seconds >= (2 * CHUNK_SECONDS if self.started else SHARE_FROM_SECONDS)

    @property
    def busy(self) -> bool:
        self._pending = {future for future in self._pending if not future.done()}
        return bool(self._pending)

    def _seconds_until_free(self) -> float:
        return max(0.0, self._free_at - time.monotonic()) if self.busy else 0.0

    def _share(self, function: Callable, tasks: list[tuple], seconds: float) -> list[Future]:
        """Hand tasks of about seconds in all to the workers, and estimate when they are free
        again, as if they did them alone (this process takes its part only when it collects the
        results): a later estimate, the safe side, shares less."""
        self._free_at = time.monotonic() + self._seconds_until_free() + seconds / min(self.count, len(tasks))
        return [self.submit(function, *task) for task in tasks]

    def submit(self, function: Callable, *args) -> Future:
        with _signals_held():  # a submit may start a worker
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(self.count, mp_context=context, initializer=_end_with_parent)
            future = self._pool.submit(function, *args)
        self._pending.add(future)
        return future

    def map_in_background(
        self, function: Callable[[Item], Result], items: list[Item], seconds_each: float
    ) -> Callable[[], list[Result]]:
        """function(item) for each item, handed to the workers now when worth sharing (in chunks),
        collected in order when the returned function is called. This process then does the
        chunks no worker has taken in, from the back, rather than wait."""
        if not self.worth_sharing(len(items), seconds_each):
            return lambda: [function(item) for item in items]
        size = max(1, int(CHUNK_SECONDS / max(seconds_each, 1e-9)))
        chunks = [items[start : start + size] for start in range(0, len(items), size)]
        futures = self._share(_each, [(function, chunk) for chunk in chunks], len(items) * seconds_each)

        def results() -> list[Result]:
            done_here = {n: _each(function, chunks[n]) for n in reversed(range(len(chunks))) if futures[n].cancel()}
            return [
                result
                for n, future in enumerate(futures)
                for result in (done_here[n] if n in done_here else future.result())
            ]

        return results

    def in_order(
        self, function: Callable[[Item], Result], items: list[Item], seconds_each: float
    ) -> Generator[Result, None, None]:
        """function(item) for each item, each result yielded, in the items' order, as soon as it
        is there: a stage that takes the results one after the other (ingestion, which numbers ids
        and writes files) goes on while the workers make the next. Rather than wait for the next
        result, this process does the last item no worker has started."""
        if not self.worth_sharing(len(items), seconds_each):
            yield from map(function, items)
            return
        futures: list[Future | None] = self._share(function, [(item,) for item in items], len(items) * seconds_each)
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


@contextlib.contextmanager
def _signals_held() -> Generator[None, None, None]:
    """The signals that end a build wait until the block is done, then end it: one that ends it
    while a worker is being started (its process made, what it needs to run not yet sent) left
    that worker to die printing a traceback (EOFError, or a lock gone) on the terminal. Python
    handles signals in the main thread alone; elsewhere they are not held (nor need to be)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    handlers = {number: signal.getsignal(number) for number in ENDING_SIGNALS}
    handlers = {number: handler for number, handler in handlers.items() if handler is not None}
    for number in handlers:
        signal.signal(number, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for number in held:
            signal.raise_signal(number)


def _end_with_parent() -> None:
    """In each worker: end when the build that started it has ended, however it ended (killed,
    SIGTERM before its cleanup ran): a worker left behind holds the terminal's output open, and
    `build | cat` would never return."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _each(function: Callable[[Item], Result], items: list[Item]) -> list[Result]:
    return [function(item) for item in items]
