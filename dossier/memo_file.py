"""A stage's memo table on disk: one file of records, each what one build added and dropped.

The first record is the table as a build wrote it whole; each later one is appended by a build
that added outputs or dropped keys. Each record is its length and a CRC-32 of its bytes, then
the pickle of (the version of Dossier, the outputs added by key, the keys dropped). A record is
appended in one write, so two builds saving at once (content folders side by side share the
memo folder) never interleave theirs. A record cut short (a build killed while appending, a
full disk) or damaged fails its length or its CRC: the table is read up to it, and the next
save writes the file whole. Without the check, a record cut short and followed by another
could be read as a whole one, with outputs under keys they are not right for.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import zlib
from pathlib import Path

from dossier.files import atomic_file

_HEADER = struct.Struct("<QI")  # the record's length and its CRC-32
_CHUNK = 1 << 20


def read_table(path: Path, code: str) -> tuple[dict[str, object], int | None]:
    """The table the file holds, and how many outputs the file holds (live or superseded);
    None for the count when the file is to be written whole: there is none, it is of another
    version of Dossier (code), or it cannot be read to its end. What a damaged file held before
    the damage is kept: each output there is right for its key."""
    table: dict[str, object] = {}
    held = 0
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            while file.tell() < size:
                recorded, added, dropped = _next_record(file, size)
                if recorded != code:
                    return {}, None
                table.update(added)
                held += len(added)
                for key in dropped:
                    table.pop(key, None)
    except FileNotFoundError:
        return {}, None
    except Exception:  # damaged: unpickling bytes that are not a pickle may raise almost anything
        return table, None
    return table, held


def _next_record(file, size: int) -> tuple[str, dict[str, object], list[str]]:
    """The record at the file's position, checked, then unpickled from the file: read whole
    into memory first, a table of pages would be held twice."""
    length, checksum = _HEADER.unpack(file.read(_HEADER.size))
    start = file.tell()
    if start + length > size:
        raise ValueError("a record cut short")
    if _checksum(file, length) != checksum:
        raise ValueError("a damaged record")
    file.seek(start)
    code, added, dropped = pickle.load(file)
    if file.tell() != start + length or not isinstance(added, dict):
        raise ValueError("not a record of outputs")
    return code, added, dropped


def _checksum(file, length: int) -> int:
    """The CRC-32 of the next length bytes of the file, read a chunk at a time."""
    checksum = 0
    while length > 0:
        chunk = file.read(min(length, _CHUNK))
        if not chunk:
            break
        checksum = zlib.crc32(chunk, checksum)
        length -= len(chunk)
    return checksum


def write_table(path: Path, code: str, table: dict[str, object]) -> bool:
    """The whole table as the file's one record, the file whole or as it was (atomic_file); False
    when it could not be written. Pickled straight into the file, the length and CRC written
    last: a table of pages is as large as the site."""
    try:
        with atomic_file(path) as file:
            file.write(_HEADER.pack(0, 0))
            written = _Checksummed(file)
            pickle.dump((code, table, []), written, protocol=pickle.HIGHEST_PROTOCOL)
            file.seek(0)
            file.write(_HEADER.pack(written.length, written.checksum))
    except OSError:  # a memo not saved only costs the next build time
        return False
    with contextlib.suppress(OSError):  # the layout before 2026-12, 32 files a stage: unread now
        for bucket in path.parent.glob(f"{path.stem}-[0-9]*.pickle"):
            bucket.unlink()
    return True


def append_to_table(path: Path, code: str, added: dict[str, object], dropped: set[str]) -> bool:
    """What a build added to the table and dropped from it, as one record at the file's end.
    False when it could not be appended whole: the file is then to be written whole."""
    data = pickle.dumps((code, added, sorted(dropped)), protocol=pickle.HIGHEST_PROTOCOL)
    record = _HEADER.pack(len(data), zlib.crc32(data)) + data
    try:
        with open(path, "ab", buffering=0) as file:
            return file.write(record) == len(record)  # short only when the disk is full
    except OSError:
        return False


class _Checksummed:
    """A file pickle writes into, noting the length and CRC-32 of what it wrote."""

    def __init__(self, file):
        self.file, self.length, self.checksum = file, 0, 0

    def write(self, data) -> int:
        view = memoryview(data)  # a frame's bytes, or a large output's own buffer (a PickleBuffer)
        self.length += view.nbytes
        self.checksum = zlib.crc32(view, self.checksum)
        return self.file.write(view)
