"""The writer: the only code that touches the output folder, and it swaps in a whole new site.

The new site is written beside the old one and renamed into place only when every file is
written, so a failed or killed build leaves the previous site/ as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import tempfile
from concurrent.futures import Future, wait
from functools import partial
from pathlib import Path

from dossier.model import DossierError
from dossier.workers import Workers

# Every built site carries this file; a folder without it is never replaced or deleted.
SITE_MARKER = ".dossier-site"
# What the writer knows of a file it published: its bytes' SHA-1, its size and its modification
# time (nanoseconds), as a site manifest records them.
FileRecord = tuple[str, int, int]


class StagedSite:
    """A new site, written beside the old one file by file as the build makes it, and swapped in
    whole by publish(). Leaving the `with` block any other way (an error, Ctrl-C) removes it and
    leaves the previous site as it was.

    Creating a file is slow here (0.3-0.6 ms of system time each: 4-7 s for the 12,000 files of
    10,000 documents), so when the build's worker processes are running anyway, they write the
    files, a batch at a time, while this process goes on."""

    def __init__(self, out_dir: Path, workers: Workers | None = None, manifest: Path | None = None):
        """manifest: where to keep what each file of the published site holds (write_manifest),
        so that the next site links the files it has unchanged without reading them."""
        self.out_dir = out_dir.absolute()
        _refuse_to_replace_other_folders(self.out_dir)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        _recover_interrupted_swap(self.out_dir)
        self.workers = workers
        self.manifest = manifest
        self._published = read_manifest(manifest, self.out_dir) if manifest else {}
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.new-", dir=self.out_dir.parent))
        self._batch: list[tuple[str, bytes]] = []
        self._written: dict[str, FileRecord] = {}  # the new site's files written so far
        # Work handed to the workers and not yet done, each with the call that does it here: this
        # process does what no worker has started when the pages are done.
        self._queued: dict[Future, partial] = {}

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *exception) -> None:
        if self.staging.exists():  # not published: an error, or the block left early
            self._discard()

    def __setitem__(self, relative: str, data: bytes) -> None:
        self._batch.append((inside_site(relative), data))
        if len(self._batch) >= WRITE_BATCH:
            self._hand_over()

    def publish(self) -> None:
        """Wait for every file to be written, then swap the new site in for the old."""
        self._hand_over()
        self._raise_failed()  # a template error a worker met stops the build before more is done here
        for future in reversed(list(self._queued)):  # rather than wait, do what no worker has started
            if future.cancel():
                self._written.update(self._queued[future]())
        for future in self._queued:
            if not future.cancelled():
                self._written.update(future.result())  # a worker's OSError (a full disk) is raised here
        (self.staging / SITE_MARKER).write_text("Built by Dossier; replaced whole by the next build.\n")
        os.chmod(self.staging, 0o755)
        if self.manifest:  # it describes the old site: gone before that is, it never describes another
            forget_manifest(self.manifest)
        _swap_in(self.staging, self.out_dir)
        if self.manifest:
            write_manifest(self.manifest, self.out_dir, self._written)

    def _hand_over(self) -> None:
        """Queue a batch for the workers. A batch waiting for them holds the pages the build holds
        anyway (the memo keeps them): this process goes on (saving the memo, say), and at publish()
        writes what no worker has started."""
        batch, self._batch = self._batch, []
        if batch:
            published = {path: self._published[path] for path, _ in batch if path in self._published}
            self._queue(partial(write_files, self.staging, batch, self.out_dir, published))

    def _queue(self, work: partial) -> None:
        """Hand work to the workers, or do it here when none run."""
        if self.workers is None or not self.workers.started:  # a small site: not worth starting them
            self._written.update(work())
            return
        self._raise_failed()
        self._queued[self.workers.submit(work)] = work

    def _raise_failed(self) -> None:
        """Raise what a worker met (a full disk, a template error), forgetting the work done."""
        for future in [future for future in self._queued if future.done()]:
            del self._queued[future]
            self._written.update(future.result())

    def _discard(self) -> None:
        for future in self._queued:
            future.cancel()
        wait(self._queued)  # a worker still writing into the folder would leave it half-removed
        shutil.rmtree(self.staging, ignore_errors=True)


# Files a worker writes at a time: about 40 ms of work, so the last batch is soon done.
WRITE_BATCH = 100


def write_files(
    folder: Path, files: list[tuple[str, bytes]], old_site: Path, published: dict[str, FileRecord]
) -> dict[str, FileRecord]:
    """Each (path inside folder, bytes), folders made as needed, readable by all (a web server's
    user) whatever the umask; what each file holds, by path. A file the old site has with the
    same bytes (published: the manifest's records of them) is a new name for that one (a hard
    link): after an edit, most of a site is as it was, and creating a file is slow here (0.3-0.6
    ms each) where linking one is not (0.03 ms). A module function, so that a worker process can
    run it."""
    folders: set[str] = set()
    written: dict[str, FileRecord] = {}
    for relative, data in files:
        target = os.path.join(folder, relative)
        parent = os.path.dirname(target)
        if parent not in folders:  # 10,000 files live in a handful of folders
            os.makedirs(parent, exist_ok=True)
            folders.add(parent)
        sha1 = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        old = os.path.join(old_site, relative)
        if (record := published.get(relative)) and record[0] == sha1 and _linked_unchanged(old, target, record):
            written[relative] = record
            continue
        with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), "wb") as file:
            os.fchmod(file.fileno(), 0o644)
            file.write(data)
            file.flush()
            written[relative] = (sha1, len(data), os.fstat(file.fileno()).st_mtime_ns)
    return written


def inside_site(relative: str) -> str:
    """A page's path, refused if it would land outside the site: every name in a path comes
    from checked ids and slugs, and this is the last guard should one ever not."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(part in ("", ".", "..") for part in parts):
        raise DossierError(relative, "a page path that leaves the site folder; nothing was written")
    return relative


def _linked_unchanged(old: str, new: str, record: FileRecord) -> bool:
    """Link new to old when old is still as the manifest recorded it (its size and modification
    time: the file was not changed by hand since). Never shared writes: a changed file is
    written anew, and a linked one is never written to."""
    try:
        status = os.stat(old)
        if (status.st_size, status.st_mtime_ns) != record[1:]:
            return False
        os.link(old, new)
    except OSError:
        return False
    return True


def read_manifest(manifest: Path, site: Path) -> dict[str, FileRecord]:
    """What each file of the site held when this writer published it, by path; nothing when the
    manifest is of another site, missing or unreadable (then every file is written anew)."""
    try:
        recorded = json.loads(manifest.read_bytes())
        if recorded["site"] != str(site):
            return {}
        return {path: (sha1, size, mtime) for path, (sha1, size, mtime) in recorded["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(manifest: Path, site: Path, files: dict[str, FileRecord]) -> None:
    """Written whole or not at all; one that cannot be written only costs the next build time."""
    temporary = manifest.with_name(f".{manifest.name}.{os.getpid()}")
    try:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"site": str(site), "files": files}))
        os.replace(temporary, manifest)
    except OSError:
        temporary.unlink(missing_ok=True)


def forget_manifest(manifest: Path) -> None:
    """Remove the old site's manifest before the new site is swapped in. A build killed between
    the swap and write_manifest (or one that cannot write it) would otherwise leave a manifest of
    the old site beside the new one, and the size and time it records may be those of a new file
    (a file system that keeps whole seconds: two rebuilds within one second): a file of other
    bytes would be linked. Without a manifest, the next build writes every file anew."""
    with contextlib.suppress(OSError):  # a folder that refuses it: write_manifest is refused too
        manifest.unlink(missing_ok=True)


def _refuse_to_replace_other_folders(out_dir: Path) -> None:
    """--out content or --out . must never wipe a person's work: only replace an empty folder
    or one an earlier build made."""
    if not out_dir.exists() or (out_dir / SITE_MARKER).exists():
        return
    if (out_dir / "dossier.json").is_file() and (out_dir / "index.html").is_file():
        return  # built before builds carried the marker
    if out_dir.is_dir() and not any(out_dir.iterdir()):
        return
    raise DossierError(out_dir, "is not a folder Dossier built (no .dossier-site in it); choose another --out")


def _swap_in(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):  # one step: site/ is the old site or the new, never missing
        shutil.rmtree(staging, ignore_errors=True)  # the old site, now under the staging name
        return
    retired = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    os.rename(out_dir, retired)
    os.rename(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names atomically (Linux's renameat2 RENAME_EXCHANGE); False where the
    system or file system can't, and the caller renames in two steps instead."""
    if _renameat2 is None:
        return False
    return _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0


def _libc_renameat2():
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # not Linux, or a C library without it
        return None


_renameat2 = _libc_renameat2()
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _recover_interrupted_swap(out_dir: Path) -> None:
    """A build killed between two renames (where they can't be one) left site/ as .site.old:
    put it back. Staging folders of killed builds go."""
    retired = out_dir.with_name(f".{out_dir.name}.old")
    if retired.exists() and not out_dir.exists():
        os.rename(retired, out_dir)
    for leftover in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
