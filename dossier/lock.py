"""One build at a time per output folder and per content folder.

Two builds writing one site delete each other's staging folder and publish half a site; two
ingesting into one content folder delete each other's temporary files. A build (and each of
`serve`'s rebuilds) therefore holds a lock on each folder it writes, an flock() on a file named
after the folder's full path in the system's temporary folder, not beside the folders: no file
a curator would see, and the lock goes with the process however it ends. A second build waits,
and says why.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOCKS = Path(tempfile.gettempdir()) / "dossier-locks"


@contextlib.contextmanager
def writing(*folders: Path) -> Iterator[None]:
    """Hold the lock of each folder while the block runs, waiting for another build that holds
    one. Taken in one order (sorted), so two builds never each wait for the other."""
    with contextlib.ExitStack() as held:
        for folder in sorted({folder.resolve() for folder in folders}):
            held.enter_context(_locked(folder))
        yield


def lock_file(folder: Path) -> Path:
    """The file whose flock() stands for the folder's lock."""
    return LOCKS / f"{hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:32]}.lock"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    LOCKS.mkdir(mode=0o1777, exist_ok=True)  # shared by the machine's users, as /tmp is
    handle = os.open(lock_file(folder), os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another build is writing {folder}; waiting for it to finish.", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock
