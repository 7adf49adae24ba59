"""Fingerprinted assets: every stylesheet, script and the search index is published under a name
that carries a hash of its bytes (assets/style.3f9a0c2b1d.css).

A host can then let browsers keep them for a year (netlify.toml marks assets/ immutable): a
changed file is a new name, so a reader never mixes a new page with an old script.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

from dossier.files import visible_files
from dossier.model import DossierError

ASSETS = "assets"
HASH_LENGTH = 10  # hex digits of SHA-256: collisions within one site are out of reach


class Assets:
    """The site's assets by the name templates use ('assets/style.css') and by the name published."""

    def __init__(self, files: dict[str, bytes]):
        self.published: dict[str, str] = {}  # name templates use -> name published
        self.files: dict[str, bytes] = {}
        self.add(files)

    def add(self, files: dict[str, bytes]) -> None:
        for name, data in files.items():
            self.published[name] = fingerprinted_name(name, data)
            self.files[self.published[name]] = data

    def published_name(self, name: str) -> str:
        return published_name(self.published, name)


def published_name(published: dict[str, str], name: str) -> str:
    """An asset's published name, from {name templates use: name published} (Assets.published)."""
    try:
        return published[name]
    except KeyError:
        known = ", ".join(sorted(published))
        raise DossierError(name, f"no such asset; the assets are: {known}") from None


def fingerprinted_name(name: str, data: bytes) -> str:
    """'assets/lib/lunr.min.js' -> 'assets/lib/lunr.min.<hash>.js'."""
    folder, file_name = posixpath.split(name)
    stem, dot, suffix = file_name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    fingerprinted = f"{stem}.{digest}.{suffix}" if dot else f"{file_name}.{digest}"
    return posixpath.join(folder, fingerprinted)


def template_assets(folders: tuple[Path, ...]) -> dict[str, bytes]:
    """Everything under each templates folder's assets/, by its path in the site (not an
    editor's hidden swap files); a file of an earlier folder stands for the same path in a later one."""
    files: dict[str, bytes] = {}
    for folder in reversed(folders):
        root = folder / ASSETS
        files |= {f"{ASSETS}/{path.relative_to(root).as_posix()}": path.read_bytes() for path in visible_files(root)}
    return files
