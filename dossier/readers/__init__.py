"""Readers: one per input format, each turning a file in seeds/ into documents.

The format is told from the file itself (its content, or its extension where that is what
tells): a Telegram export's result.json or messages.html, a saved web page, and text, which is
anything else.
A reader is a module with FORMAT (its name in the build's summary) and four functions:
  recognises(path, head) -> bool    whether the file is in its format (head: its first bytes)
  read(path, seed) -> Reading       the documents it holds, what was skipped and why
  raw_text(path, seed) -> SourceText   what the raw-source view shows, line by line
  companions(path) -> [Path]        folders beside the file that belong to it, never seeds
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from dossier.readers import saved_page, telegram, telegram_html, text
from dossier.readers.reading import Reading
from dossier.readers.text import read_text_seed

# The first that recognises a file reads it; text recognises every file, so it comes last.
# A Telegram HTML export is a web page too: its reader comes before saved_page's.
READERS = (telegram, telegram_html, saved_page, text)
FORMATS = (text.FORMAT, telegram.FORMAT, telegram_html.FORMAT, saved_page.FORMAT)  # in the order the summary lists them
_HEAD_BYTES = 4096

__all__ = ["FORMATS", "READERS", "Reading", "read_text_seed", "reader_for", "without_companions"]


def reader_for(path: Path) -> ModuleType:
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD_BYTES)
    except OSError:
        head = b""  # the text reader reports why it can't be read
    return next(reader for reader in READERS if reader.recognises(path, head))


def without_companions(files: list[Path]) -> list[Path]:
    """The files that are seeds: not those inside a folder that belongs to another file (an
    export's photos/, a saved page's <name>_files/)."""
    owned = {folder for path in files for folder in reader_for(path).companions(path)}
    return [path for path in files if not any(parent in owned for parent in path.parents)]
