"""What the writer knows of the files it published, kept in the memo folder between builds.

A manifest records, for one folder, each file's SHA-1, size and modification time: enough to
leave a file as it is when the next build makes the same bytes, without reading it. The
writer keeps two, one for the published site and one for the generation it retired
(dossier/write.py). Each is safe to delete (the next build writes every file anew), and the
writer removes one before it changes the folder it describes: no manifest ever describes a
folder that is not as it says.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from dossier.files import write_atomically

# What the writer knows of a file it published: its bytes' SHA-1, its size and its modification
# time (nanoseconds).
FileRecord = tuple[str, int, int]


def retired_manifest(manifest: Path) -> Path:
    """Where the manifest of the retired generation is kept, beside the published site's."""
    return manifest.with_name(f"{manifest.stem}.previous{manifest.suffix}")


def read_manifest(manifest: Path, folder: Path) -> dict[str, FileRecord]:
    """What each file of the folder held when the writer last wrote it, by path; nothing when the
    manifest is of another folder, missing or unreadable (then no file in it is trusted)."""
    try:
        recorded = json.loads(manifest.read_bytes())
        if recorded["site"] != str(folder):
            return {}
        return {path: (sha1, size, mtime) for path, (sha1, size, mtime) in recorded["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(manifest: Path, folder: Path, files: dict[str, FileRecord]) -> None:
    """Written whole or not at all; one that cannot be written (the memo folder is not a folder,
    say) only costs the next build time."""
    with contextlib.suppress(OSError):
        write_atomically(manifest, json.dumps({"site": str(folder), "files": files}))


def forget_manifest(manifest: Path) -> None:
    """Remove a manifest before the folder it describes changes. A build killed after the change
    (or one that cannot write the new manifest) would otherwise leave a manifest of the folder
    as it was, and the size and time it records may be those of a new file (a file system that
    keeps whole seconds: two rebuilds within one second): a file of other bytes would be kept
    as unchanged. Without a manifest, the next build writes every file anew."""
    with contextlib.suppress(OSError):  # a folder that refuses it: write_manifest is refused too
        manifest.unlink(missing_ok=True)
