"""The writer: the only code that touches the output folder, and it swaps in a whole new site.

The new site is made beside the old one and swapped in only when every file is written, so a
failed or killed build leaves the previous site/ as it was.

Two generations of the site are kept: site/ and, hidden beside it, the one the last swap
retired (.site.previous for site/). A build updates the retired generation in place into the
new site and swaps the two. After an edit most of a site is as it was, so a build writes only
the files whose bytes changed and removes those the new site no longer has; the rest stay as
they are. Making each new site in a fresh folder instead meant linking every unchanged file
into it and deleting the old site's files afterwards: 22,800 of each at 10,000 documents,
about half a second of a five-second build after a one-line edit. Where there is no retired
generation to update (the second build of a dossier, the build after a failed one), the
build starts one that way, once.

The price is disk: up to a second copy of the site (about 230 MB at 10,000 documents). The
two generations share a file (hard links) until it changes; a file that changed since has a
copy in each. It is worth it: a build is what a curator waits for, after every save while
`serve` runs, and deleting the copy only makes the next build start one again. The retired
generation is a sibling of the site, never inside it: nothing published holds it, and
`dossier check` does not see it.

A file is never written into: a changed file is a new file, because files of sites that
earlier versions of this writer built share their bytes with the other generation (hard
links). A file is left as it is only when the retired generation's manifest
(site_manifest.py) records these bytes for it and the file on disk still has the size, time
and mode recorded: the site may have been edited by hand before it was retired.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shutil
import stat
from concurrent.futures import Future, wait
from functools import partial
from pathlib import Path

from dossier.files import write_atomically
from dossier.model import DossierError
from dossier.site_manifest import FileRecord, forget_manifest, read_manifest, retired_manifest, write_manifest
from dossier.workers import Workers

# Every built site carries this file; a folder without it is never replaced or deleted.
SITE_MARKER = ".dossier-site"
# What a file the writer keeps as it is must be: a plain file, readable by all (a web server's user).
KEPT_MODE = stat.S_IFREG | 0o644


class StagedSite:
    """A new site, made file by file as the build makes it, in the generation the last swap
    retired, and swapped in whole by publish(). Leaving the `with` block any other way (an
    error, Ctrl-C) leaves the published site as it was; the half-made generation has no
    manifest any more, so the next build trusts none of its files and starts it anew.

    Creating a file is slow here (0.3-0.6 ms of system time each: 4-7 s for the 12,000 files of
    10,000 documents), so when the build's worker processes are running anyway, they write the
    files, a batch at a time, while this process goes on."""

    def __init__(self, out_dir: Path, workers: Workers | None = None, manifest: Path | None = None):
        """manifest: where to keep what each file of the published site holds (write_manifest),
        so that a later build keeps the files it has unchanged without reading them. The retired
        generation's manifest is kept beside it."""
        self.out_dir = out_dir.absolute()
        _refuse_to_replace_other_folders(self.out_dir)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        _recover_interrupted_swap(self.out_dir)
        self.workers = workers
        self.manifest = manifest
        self.staging = retired_generation(self.out_dir)
        _refuse_to_reuse_other_folders(self.staging)
        self._published = read_manifest(manifest, self.out_dir) if manifest else {}
        self._retired = read_manifest(retired_manifest(manifest), self.staging) if manifest else {}
        if manifest:  # from here on the retired generation changes: no manifest may describe it
            forget_manifest(retired_manifest(manifest))
        if not self._retired:  # nothing known of it: start it anew, from the files of the site
            shutil.rmtree(self.staging, ignore_errors=True)
            self._retired = _linked_copy(self.out_dir, self.staging, self._published)
        self.staging.mkdir(exist_ok=True)
        _mark(self.staging)  # from its first moment to the swap: a build killed meanwhile finds it ours
        # What the retired generation holds that the new site has not claimed (yet): what is left
        # at publish() goes. Folders the new site has are claimed, "" (the top) among them.
        self._leftovers, self._leftover_folders = _files_and_folders(self.staging)
        self._leftovers.discard(SITE_MARKER)
        self._claimed_folders = {""}
        self._swapped = False
        self._batch: list[tuple[str, bytes]] = []
        self._written: dict[str, FileRecord] = {}  # the new site's files written (or kept) so far
        # Work handed to the workers and not yet done, each with the call that does it here: this
        # process does what no worker has started when the pages are done.
        self._queued: dict[Future, partial] = {}

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *exception) -> None:
        if not self._swapped:  # an error, or the block left early: no worker may go on writing
            for future in self._queued:
                future.cancel()
            wait(self._queued)

    def __setitem__(self, relative: str, data: bytes) -> None:
        relative = inside_site(relative)
        self._make_way(relative)
        self._batch.append((relative, data))
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
        self._remove_leftovers()
        _mark(self.staging)  # a new file: the retired generation's marker was the old site's
        os.chmod(self.staging, 0o755)
        if self.manifest:  # site/ is about to be the retired generation: no manifest may call it the site
            forget_manifest(self.manifest)
        retired = _swap_in(self.staging, self.out_dir)
        self._swapped = True
        if self.manifest:
            if retired:
                write_manifest(retired_manifest(self.manifest), self.staging, self._published)
            write_manifest(self.manifest, self.out_dir, self._written)

    def _make_way(self, relative: str) -> None:
        """Claim a path of the new site, and remove what the retired generation has in its way: a
        file where the new site has a folder, a folder where it has a file (a page renamed, a
        hand edit). Removed here, before any worker is given the path. What the new site claimed
        is never removed: a path it has both as a file and as a folder fails in the worker."""
        self._leftovers.discard(relative)
        if relative in self._leftover_folders and relative not in self._claimed_folders:
            self._remove_leftover_folder(relative)
        parent = relative.rpartition("/")[0]
        if parent in self._claimed_folders:  # the usual case: 22,800 files live in a few folders
            return
        parts = parent.split("/")
        for folder in ("/".join(parts[: n + 1]) for n in range(len(parts))):
            if folder in self._leftovers:
                os.unlink(os.path.join(self.staging, folder))
                self._leftovers.discard(folder)
            self._claimed_folders.add(folder)

    def _remove_leftover_folder(self, relative: str) -> None:
        shutil.rmtree(os.path.join(self.staging, relative))
        inside = relative + "/"
        self._leftovers = {path for path in self._leftovers if not path.startswith(inside)}
        self._leftover_folders = {
            path for path in self._leftover_folders if path != relative and not path.startswith(inside)
        }

    def _remove_leftovers(self) -> None:
        """Remove the files the new site does not have, then the folders they leave empty (the
        deepest first)."""
        for relative in self._leftovers:
            os.unlink(os.path.join(self.staging, relative))
        for folder in sorted(self._leftover_folders - self._claimed_folders, key=_depth, reverse=True):
            os.rmdir(os.path.join(self.staging, folder))

    def _hand_over(self) -> None:
        """Queue a batch for the workers. A batch waiting for them holds the pages the build holds
        anyway (the memo keeps them): this process goes on (saving the memo, say), and at publish()
        writes what no worker has started."""
        batch, self._batch = self._batch, []
        if batch:
            retired = {path: self._retired[path] for path, _ in batch if path in self._retired}
            self._queue(partial(write_files, self.staging, batch, retired))

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


# Files a worker writes at a time: about 40 ms of work, so the last batch is soon done.
WRITE_BATCH = 100


def write_files(folder: Path, files: list[tuple[str, bytes]], retired: dict[str, FileRecord]) -> dict[str, FileRecord]:
    """Each (path inside folder, bytes), folders made as needed, readable by all (a web server's
    user) whatever the umask; what each file holds, by path. A file the folder has with these
    bytes already (retired: the manifest's records of them), still as recorded, is left as it
    is: after an edit, most of a site is as it was, and creating a file is slow here (0.3-0.6
    ms each). A module function, so that a worker process can run it."""
    folders: set[str] = set()
    written: dict[str, FileRecord] = {}
    for relative, data in files:
        target = os.path.join(folder, relative)
        parent = os.path.dirname(target)
        if parent not in folders:  # 10,000 files live in a handful of folders
            os.makedirs(parent, exist_ok=True)
            folders.add(parent)
        sha1 = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        if (record := retired.get(relative)) and record[0] == sha1 and _as_recorded(target, record):
            written[relative] = record
            continue
        written[relative] = (sha1, len(data), _write_new_file(target, data))
    return written


def inside_site(relative: str) -> str:
    """A page's path, refused if it would land outside the site: every name in a path comes
    from checked ids and slugs, and this is the last guard should one ever not."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(part in ("", ".", "..") for part in parts):
        raise DossierError(relative, "a page path that leaves the site folder; nothing was written")
    return relative


def retired_generation(out_dir: Path) -> Path:
    """Where the generation the last swap retired is kept: hidden beside the site (the same file
    system, so the two can swap names), never inside it."""
    return out_dir.with_name(f".{out_dir.name}.previous")


def _linked_copy(site: Path, copy: Path, records: dict[str, FileRecord]) -> dict[str, FileRecord]:
    """Give each file of the site the records describe a second name in copy (a hard link), and
    return the records of those linked: a retired generation to update, made as fast as the old
    writer made each new site (0.03 ms a file, where writing one is 0.3-0.6 ms). Started empty,
    the generation took a build that follows one without it (the second build of a dossier,
    the build after a failed one) 4-10 s more at 10,000 documents, writing every file. Each file
    is checked against its record before it is kept, as any retired file is; a linked file is
    never written into either."""
    folders: set[str] = set()
    linked: dict[str, FileRecord] = {}
    for relative, record in records.items():
        with contextlib.suppress(OSError, DossierError):  # gone since, or no path of a site
            target = os.path.join(copy, inside_site(relative))
            if (parent := os.path.dirname(target)) not in folders:
                os.makedirs(parent, exist_ok=True)
                folders.add(parent)
            os.link(os.path.join(site, relative), target, follow_symlinks=False)
            linked[relative] = record
    return linked


def _as_recorded(path: str, record: FileRecord) -> bool:
    """Whether the file is still as the manifest recorded it: a plain file readable by all, of the
    size and modification time recorded (not edited by hand since, nor replaced by a link)."""
    try:
        status = os.lstat(path)
    except OSError:
        return False
    return (status.st_mode, status.st_size, status.st_mtime_ns) == (KEPT_MODE, record[1], record[2])


def _write_new_file(path: str, data: bytes) -> int:
    """A new file (a new inode) under path, in place of what was there: never a write into the
    old one, which may also be a file of the other generation. Its modification time, in ns."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb") as file:
        os.fchmod(file.fileno(), 0o644)
        file.write(data)
        file.flush()
        return os.fstat(file.fileno()).st_mtime_ns


def _files_and_folders(folder: Path) -> tuple[set[str], set[str]]:
    """Every file (anything not a folder: links too) and every folder inside folder, as paths in it."""
    files: set[str] = set()
    folders: set[str] = set()
    pending = [""]
    while pending:
        inside = pending.pop()
        with os.scandir(os.path.join(folder, inside)) as entries:
            for entry in entries:
                path = f"{inside}/{entry.name}" if inside else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(path)
                    pending.append(path)
                else:
                    files.add(path)
    return files, folders


def _depth(path: str) -> int:
    return path.count("/")


def _mark(folder: Path) -> None:
    """The marker every site and retired generation carries, a new file put in place at once."""
    write_atomically(folder / SITE_MARKER, "Built by Dossier; replaced whole by the next build.\n")


def _refuse_to_reuse_other_folders(retired: Path) -> None:
    """The retired generation is known by its name beside the site: a folder of that name a
    person made is never emptied and made a site of."""
    if retired.exists() and not (retired / SITE_MARKER).is_file():
        message = "is not a folder Dossier made (no .dossier-site in it), yet builds keep the site's last generation"
        raise DossierError(retired, f"{message} there; move it away")


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


def _swap_in(staging: Path, out_dir: Path) -> bool:
    """Put the new site in out_dir's place; True when the old one is now at staging's name, the
    retired generation."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return False
    if _exchange(staging, out_dir):  # one step: site/ is the old site or the new, never missing
        return True
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    os.rename(old, staging)
    return True


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names atomically (Linux's renameat2 RENAME_EXCHANGE); False where the
    system or file system can't, and the caller renames one at a time instead."""
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
    """A build killed between renames (where a swap can't be one) left site/ as .site.old: put it
    back. Staging folders of builds that earlier versions of this writer ran and were killed go."""
    retired = out_dir.with_name(f".{out_dir.name}.old")
    if retired.exists() and not out_dir.exists():
        os.rename(retired, out_dir)
    for leftover in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
