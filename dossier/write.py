"""The writer: the only code that touches the output folder, and it swaps in a whole new site.

The new site is written beside the old one and renamed into place only when every file is
written, so a failed or killed build leaves the previous site/ as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

from dossier.model import DossierError

# Every built site carries this file; a folder without it is never replaced or deleted.
SITE_MARKER = ".dossier-site"


def write_site(files: dict[str, bytes], out_dir: Path, previous: dict[str, bytes] | None = None) -> None:
    """Write files as out_dir, whole. previous: what the last build of this process wrote there;
    a file whose bytes are unchanged is hard-linked from the old site instead of written again."""
    out_dir = out_dir.absolute()
    _refuse_to_replace_other_folders(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover_interrupted_swap(out_dir)
    previous = previous or {}
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    folders = {staging}
    try:
        for relative, data in sorted(files.items()):
            target = staging / inside_site(relative)
            if target.parent not in folders:  # 10,000 files live in a handful of folders
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if previous.get(relative) != data or not _link_unchanged(out_dir / relative, target, len(data)):
                target.write_bytes(data)
                os.chmod(target, 0o644)
        (staging / SITE_MARKER).write_text("Built by Dossier; replaced whole by the next build.\n")
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, out_dir)


def inside_site(relative: str) -> str:
    """A page's path, refused if it would land outside the site: every name in a path comes
    from checked ids and slugs, and this is the last guard should one ever not."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(part in ("", ".", "..") for part in parts):
        raise DossierError(relative, "a page path that leaves the site folder; nothing was written")
    return relative


def _link_unchanged(old: Path, new: Path, size: int) -> bool:
    """A new name for the old site's file (never shared writes: a changed file is written anew)."""
    try:
        if old.stat().st_size != size:
            return False
        os.link(old, new)
    except OSError:
        return False
    return True


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
