"""Files as the build sees them: which there are (hidden ones are never input), how to tell
their versions apart without reading them, their digests, and writing one whole or not at all."""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from dossier.model import DossierError

if TYPE_CHECKING:  # the memo writes its files with atomic_file: imported there, not here
    from dossier.memo import Memo

# A file as a Path, or as the string visible_file_names() gives.
PathOrName = TypeVar("PathOrName", Path, str)
# About what hashing one small file costs, opening it included.
HASH_SECONDS = 0.00005


def file_stamps(paths: list[PathOrName]) -> dict[PathOrName, tuple[int, ...]]:
    """Each file's file_stamp(), in the order given; a file gone since it was listed is left out."""
    stamps = {path: file_stamp(path) for path in paths}
    return {path: stamp for path, stamp in stamps.items() if stamp is not None}


def name_not_utf8(path: PathOrName, folder: Path) -> DossierError | None:
    """What is wrong with a file under folder whose name there is not UTF-8, or None. Linux
    names a file with any bytes, which Python gives as lone surrogates where UTF-8 cannot decode
    them (os.fsdecode), and such a name cannot go into content files, pages or JSON: the file is
    skipped, and its path shown with U+FFFD in their place. The folder's own name may be any
    bytes: it goes nowhere."""
    name = relative_name(str(path), folder)
    if name.isascii():  # almost every name: no encoding to try
        return None
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = Path(os.fsencode(path).decode("utf-8", "replace"))
        return DossierError(shown, "a name that is not UTF-8 (\ufffd above); rename it; skipped")
    return None


def visible_files(folder: Path, pattern: str = "*", passed_over: list[Path] | None = None) -> list[Path]:
    """Files under folder, sorted, but for hidden ones and those in hidden folders: an editor's
    swap files (.x.swp) and the manifest are never input. Listed with os.scandir, which knows
    files from folders without a stat() of each. Links to folders are not followed; what is
    neither a folder nor a file (a link to a folder, a broken link, a loop of links, a FIFO, a
    socket) is not listed: passed_over collects it."""
    return [Path(path) for path in visible_file_names(folder, pattern, passed_over)]


def visible_file_names(folder: Path, pattern: str = "*", passed_over: list[Path] | None = None) -> list[str]:
    """visible_files(), each path as a string, as str() of its Path gives it (x.md, not ./x.md, in
    the folder "."): where every build lists 10,000 files (content/, and serve's look at every
    input), making a Path of each, hashing it and taking it apart cost more than listing them
    (10,000 content files listed and stamped: 0.13 s with Paths, 0.05 s so)."""
    found: list[str] = []
    folders = [str(folder)]
    while folders:
        inside = folders.pop()
        try:
            entries = list(os.scandir(inside))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.name if inside == "." else entry.path
            if entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif _is_file(entry):
                if fnmatch.fnmatchcase(entry.name, pattern):
                    found.append(path)
            elif passed_over is not None:
                passed_over.append(Path(path))
    return sorted(found, key=path_parts)


def path_parts(path: str) -> list[str]:
    """A path's names, folder by folder: paths as strings sort by them as Paths sort."""
    return path.split(os.sep)


def relative_name(path: str, folder: Path) -> str:
    """A path visible_file_names() listed under folder, relative to it, with forward slashes."""
    relative = path if str(folder) == "." else path[len(os.path.join(folder, "")) :]
    return relative if os.sep == "/" else relative.replace(os.sep, "/")


def _is_file(entry: os.DirEntry) -> bool:
    """A regular file, or a link to one; a loop of links is neither (is_file() raises on it)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def file_stamp(path: Path | str) -> tuple[int, ...] | None:
    """What tells a file's versions apart without reading it: modification and change times,
    size, inode (a rename over it is a new inode); None when there is no such file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def file_hash(path: Path | str) -> str | None:
    """The file's sha256, or None when there is no such file (or it is no file)."""
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def file_digests(paths: list[PathOrName], memo: Memo) -> list[str | None]:
    """Each file's file_hash(), read again only when its file_stamp() changed, as git's index
    spares reading unchanged files: a build checks every content file for edits."""
    keys = [f"{path}\0{file_stamp(path)}" for path in paths]
    return memo.map("file-hashes", file_hash, paths, keys, HASH_SECONDS)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def remove_stale_temporaries(folder: Path) -> None:
    """Half-written files of a build killed in atomic_file: never input, yet they'd stay."""
    for path in folder.glob(".*"):
        if _TEMPORARY.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)


# What atomic_file names its files until they are whole: ".<name>.<pid>-<n>.dossier-tmp".
_TEMPORARY_SUFFIX = ".dossier-tmp"
_TEMPORARY = re.compile(r"\..+\.dossier-tmp")
_WRITES = itertools.count()  # numbers this process's temporary files: unique, with its pid


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write the whole file or nothing (atomic_file). Text is written as UTF-8, its newlines as
    they are."""
    with atomic_file(path) as file:
        file.write(text.encode("utf-8") if isinstance(text, str) else text)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A new file to write, which takes path's place when the block ends, and is removed if it
    fails: a build killed half-way never leaves half a file (remove_stale_temporaries clears
    what a killed build left beside it). The file gets the permissions the umask gives any new
    file (tempfile's would be readable by its owner alone)."""
    temporary, file = _new_temporary(path)
    try:
        with file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _new_temporary(path: Path) -> tuple[Path, BinaryIO]:
    """A new file of this process's beside path, open to write, its folder made if need be. Named
    by this process's id and a count rather than at random: naming costs nothing, and a name a
    killed build left behind is passed over."""
    while True:
        temporary = path.with_name(f".{path.name}.{os.getpid()}-{next(_WRITES)}{_TEMPORARY_SUFFIX}")
        try:
            return temporary, open(temporary, "xb")
        except FileExistsError:
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
