"""The templates' compiled code, kept between builds and processes, as Python keeps .pyc files.

Compiling Dossier's templates takes a tenth of a second in every process that renders (the build
and each worker), each time: a seventh of a whole build of 100 documents. Jinja2 stores a
template's code with the checksum of its source and compiles it again when the source differs,
so an edited template is never rendered stale. What its checksum does not cover, the Jinja2
and Python versions and the options the code was compiled with, names the folder the code is
kept in: another version or other options find a folder of their own.

The folder is the user's cache (XDG_CACHE_HOME, ~/.cache by default), as Hugo keeps its cache
outside the project: a build of any dossier, in any folder, finds its templates compiled. Where
it can't be written, the code is kept in memory only, for the builds of one process (serve).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from pathlib import Path

import jinja2
import jinja2.bccache

from dossier.files import write_atomically

# Every option that changes the code Jinja2 compiles a template to.
ENVIRONMENT_OPTIONS = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
AUTOESCAPED = ("html", "xml")  # templates whose names end so escape what they show


class CompiledTemplates(jinja2.BytecodeCache):
    """Each template's code in memory, by template, and in files under folder when given."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / bucket.key).read_bytes()
            except OSError:  # not compiled yet, or the folder is gone
                return
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja2 drops it if the source's checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        self._code[bucket.key] = code
        if self.folder is not None:
            # Whole or not at all: two builds at once each write a whole file. A cache that can't
            # be written is only slower.
            with contextlib.suppress(OSError):
                write_atomically(self.folder / bucket.key, code)


def compiled_templates_folder() -> Path | None:
    """The folder of this Jinja2's, this Python's and these options' compiled templates; None
    when it can't be made."""
    versions = repr((jinja2.__version__, sys.version, sorted(ENVIRONMENT_OPTIONS.items()), AUTOESCAPED))
    try:
        folder = _user_cache() / "dossier" / f"templates-{hashlib.sha256(versions.encode()).hexdigest()[:16]}"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found (a container's user)
        return None
    return folder


def _user_cache() -> Path:
    """$XDG_CACHE_HOME, or ~/.cache: the XDG spec has a relative $XDG_CACHE_HOME ignored."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    return Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
