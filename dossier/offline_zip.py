"""The offline zip: the whole site under one top folder, to unzip anywhere and open from disk.

Pages link relatively and search loads its index as a script, so nothing in the zip needs a
server or the network. The archive is reproducible: entries in a fixed order, every timestamp
the same (SOURCE_DATE_EPOCH when set, as reproducible-builds.org asks, else 1980-01-01, the
earliest a zip can store) and fixed permissions, so two builds of the same input give the same bytes.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
import time
import zipfile
from pathlib import Path

from dossier.model import DossierError
from dossier.write import inside_site

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
FOLDER_MODE = 0o040755
UNIX = 3  # the "made by" system: the same on every machine, so the bytes are too
# Deflate's output is fixed for a given zlib and level: the same Python build gives the same
# bytes (a zlib-ng build could compress differently; the files inside would still be equal).
COMPRESS_LEVEL = 9
# The zip's comment: a zip Dossier made, which a later `zip` may write over (and nothing else).
MADE_BY = b"Made by Dossier: an offline copy of a dossier"


def refuse_overwriting(zip_path: Path) -> None:
    """A zip is written over an older one this tool made, never over anything else: `--out
    content/themes.yaml` must not replace the curator's config. Raises DossierError."""
    if zip_path.is_dir():
        raise DossierError(zip_path, "is a folder; give --out the name of the zip file to write")
    if zip_path.exists() and not _made_here(zip_path):
        raise DossierError(zip_path, "exists and is not a zip Dossier made; give --out a new name, or remove it")


def _made_here(zip_path: Path) -> bool:
    try:
        with zipfile.ZipFile(zip_path) as archive:
            return archive.comment == MADE_BY
    except (OSError, zipfile.BadZipFile):
        return False


def write_zip(files: dict[str, bytes], zip_path: Path) -> None:
    """Write the site's files to zip_path under one top folder named after the zip; atomically."""
    refuse_overwriting(zip_path)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    top = zip_path.stem or "dossier"
    handle, temporary = tempfile.mkstemp(prefix=f".{zip_path.name}.", dir=zip_path.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            archive.comment = MADE_BY
            for folder in _folders(files):
                archive.writestr(_entry(f"{top}/{folder}/" if folder else f"{top}/", FOLDER_MODE), b"")
            for name in sorted(files):
                archive.writestr(
                    _entry(f"{top}/{inside_site(name)}", FILE_MODE), files[name], compresslevel=COMPRESS_LEVEL
                )
        os.chmod(temporary, 0o644)
        os.replace(temporary, zip_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _folders(files: dict[str, bytes]) -> list[str]:
    folders = {""}
    for name in files:
        folder = posixpath.dirname(name)
        while folder:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return sorted(folders)


def _entry(name: str, mode: int) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_timestamp())
    entry.create_system = UNIX
    entry.external_attr = mode << 16
    if mode == FOLDER_MODE:
        entry.external_attr |= 0x10  # the MS-DOS directory flag, for unzip tools that read only that
    else:
        entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ZIP_EPOCH
    if not epoch.isdigit():
        raise DossierError("SOURCE_DATE_EPOCH", f"is {epoch!r}; it must be whole seconds since 1970")
    return max(ZIP_EPOCH, time.gmtime(int(epoch))[:6])
