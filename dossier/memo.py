"""The build's one memo: what a stage made of an input, kept under a digest of that input.

A stage that works item by item (a content file, a document, a page, a shard of the search
index) gives the memo each item and its key: a digest of everything the item's output is
made of (the bytes read, the part of the config it uses, the templates). The memo hands back
what it holds for a key and has the rest made, by the worker processes when there is enough
of it (Workers decides, in one place), then keeps it. Dossier's own code is part of every key:
a new version starts from an empty memo.

The memo lives in a folder (`.dossier-cache/` beside the content folder, git-ignored) that the
next build reads, as Sphinx keeps its doctrees and Pelican its content cache: a second build
after one edit makes again only what that edit touches. `serve` keeps one memo for all its
builds. What a build did not ask for is dropped when it ends, so the folder holds one
build's worth. Each stage's table is one file (memo_file.py), to which a build appends what it
added and dropped (after one edit, a few hundred outputs), written whole again once half or more
of what it would hold is superseded. Deleting the folder only costs time; a memo that cannot be
read is ignored, and a damaged one is read up to the damage.

One stage's output has no key of its own inputs: relate's model of the documents' wording,
in which one edit moves the vectors of every document sharing its new words (wording.py). The
memo keeps such an output as the stage's latest (keep_latest), and the next build gets it
(latest) and updates it.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from dossier.files import remove_stale_temporaries
from dossier.memo_file import append_to_table, read_table, write_table
from dossier.workers import Workers

Item = TypeVar("Item")
Result = TypeVar("Result")
DEFAULT_FOLDER = ".dossier-cache"
# The key of a stage's latest output (Memo.latest).
LATEST = "latest"
# A stage's file is written whole again when it would hold this many outputs or more for each one
# kept. After one edit at 10,000 documents a build adds a few hundred: rewriting the 32 files of
# each table they fell in, as the memo did, wrote 110 MB and took 0.45 s. A stage that keeps one
# output, its latest (relate's model and lists), is written whole at each save, which writes no
# more than appending would: appended, every other build read a superseded copy before the new
# one (at 10,000 documents, 28 MB more, about as long again to read).
SUPERSEDED_SHARE = 2


@dataclass(frozen=True)
class Keyed:
    """An output with the key the memo keeps it under: what is made of it (a page that shows a
    seed's text) can be keyed by the key, not by all its bytes."""

    key: str
    value: object


def digest(*parts: object) -> str:
    """A key made of parts: strings and bytes as they are, anything else by its repr."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else (part if isinstance(part, str) else repr(part)).encode("utf-8")
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def plain_digest(value: object) -> str:
    """A key of plain values (str, int, float, bool, None, and tuples, lists and dicts of them),
    where a stage keys each of 10,000 documents by them every build. Encoded as marshal's format
    2, which writes every string whole (no reference to one met before, no mark of an interned
    one), so that equal values give equal bytes: four times as fast as their repr. Subclasses
    and most other types raise ValueError, but anything with a buffer (bytes, a numpy scalar or
    array) is written as its raw bytes, np.float64(1.0) as the int64 of the same bits would be:
    never pass one."""
    return hashlib.sha256(marshal.dumps(value, 2)).hexdigest()


def _code_digest() -> str:
    """Dossier's modules and its default config: a new version of either is a new memo."""
    package = Path(__file__).resolve().parent
    sources = sorted([*package.rglob("*.py"), *package.rglob("*.yaml")])
    return digest(*(path.read_bytes() for path in sources))


CODE = _code_digest()


class Memo:
    """Stage outputs by the digest of their inputs, one table a stage, read from and saved to a folder."""

    def __init__(self, folder: Path | None, workers: Workers | None = None):
        """folder: where the memo is kept between builds; None keeps it in memory alone."""
        self.folder = folder
        self.workers = workers or Workers()
        self._tables: dict[str, dict[str, object]] = {}  # stage -> key -> output
        self._used: dict[str, set[str]] = {}  # stage -> the keys this build asked for
        self._added: dict[str, set[str]] = {}  # stage -> the keys of outputs added since last saved
        self._held: dict[str, int | None] = {}  # stage -> outputs its file holds; None: to be written whole
        self.made: dict[str, int] = {}  # stage -> outputs this build made, not found in the memo

    def __enter__(self) -> Memo:
        return self

    def __exit__(self, *exception) -> None:
        self.workers.close()

    def map(
        self, stage: str, make: Callable[[Item], Result], items: list[Item], keys: list[str], seconds_each: float
    ) -> list[Result]:
        """make(item) for each item, in order: the memo's output where it has the key, made
        (and kept) where not. make is a module's function (or a partial of one), so that a
        worker process can run it; seconds_each, about what one item costs, tells whether the
        work is worth sharing with them (0: never, as sending an item costs what doing it does)."""
        return self.map_in_background(stage, make, items, keys, seconds_each)()

    def map_in_background(
        self, stage: str, make: Callable[[Item], Result], items: list[Item], keys: list[str], seconds_each: float
    ) -> Callable[[], list[Result]]:
        """map(), with what must be made handed to the worker processes now (when worth it), and
        collected when the returned function is called: this process goes on meanwhile."""
        table = self._table(stage)
        self._used[stage].update(keys)
        missing = {key: item for key, item in zip(keys, items, strict=True) if key not in table}
        made = self.workers.map_in_background(make, list(missing.values()), seconds_each)

        def results() -> list[Result]:
            if missing:
                table.update(zip(missing, made(), strict=True))
                self._added[stage].update(missing)
                self.made[stage] = self.made.get(stage, 0) + len(missing)
            return [table[key] for key in keys]

        return results

    def keep(self, stage: str, key: str, output: object) -> None:
        """Keep an output made elsewhere, which the stage would make the same: ingestion, which
        writes each content file, knows the document the build will read from it."""
        self._table(stage)[key] = output
        self._added[stage].add(key)

    def kept(self, stage: str, keys: list[str]) -> list[object | None]:
        """What the stage kept under each key (None where nothing), not kept for the next build on
        that account: what an earlier build made of inputs that have changed since (the words an
        edited document had, which relate takes off its counts of every word)."""
        table = self._table(stage)
        return [table.get(key) for key in keys]

    def latest(self, stage: str) -> object | None:
        """What the stage kept last (keep_latest), whatever it was made of, or None: for a stage
        that updates its last output rather than making it anew, because no key of one item's
        inputs can tell whether its output still holds (relate's model, wording.py)."""
        table = self._table(stage)
        self._used[stage].add(LATEST)
        return table.get(LATEST)

    def keep_latest(self, stage: str, output: object) -> None:
        """Keep output as the stage's latest, in place of the one before."""
        self._table(stage)[LATEST] = output
        self._added[stage].add(LATEST)
        self._used[stage].add(LATEST)

    def save(self) -> None:
        """Keep what this build asked for, and only that, for the next build; start noting afresh.
        What a build killed while writing a table left in the folder goes."""
        if self.folder is not None and self.folder.is_dir():
            remove_stale_temporaries(self.folder)
        for stage, table in self._tables.items():
            dropped = table.keys() - self._used[stage]
            for key in dropped:
                del table[key]
            added = {key: table[key] for key in self._added[stage] if key in table}
            if (added or dropped) and self.folder is not None:
                self._save_table(stage, added, dropped)
            self._used[stage], self._added[stage] = set(), set()
        self.made = {}

    def _save_table(self, stage: str, added: dict[str, object], dropped: set[str]) -> None:
        path, held, table = self.folder / f"{stage}.pickle", self._held[stage], self._tables[stage]
        if held is None or held + len(added) >= SUPERSEDED_SHARE * max(len(table), 1):
            self._held[stage] = len(table) if write_table(path, CODE, table) else None
        else:
            self._held[stage] = held + len(added) if append_to_table(path, CODE, added, dropped) else None

    def _table(self, stage: str) -> dict[str, object]:
        if stage not in self._tables:
            table, held = read_table(self.folder / f"{stage}.pickle", CODE) if self.folder else ({}, None)
            # A table read lives as long as the build, and its outputs hold no reference cycles:
            # everything alive is put out of the cycle collector's sight (reference counting still
            # frees what is dropped), so that each collection does not walk it again. After one
            # edit at 10,000 documents, collections took 0.38 s of a 4 s make_site; this way 0.08 s.
            # Cyclic garbage pending at that moment is never collected: this happens once a stage
            # per memo (in serve, during its first build), and only when a table was read.
            if table:
                gc.freeze()
            self._tables[stage], self._used[stage], self._added[stage], self._held[stage] = table, set(), set(), held
        return self._tables[stage]
