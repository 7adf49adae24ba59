"""The raw-seed view: a seed's text line by line, showing which document each line went to
and what cleaning removed and why. The text is shown escaped, never as markup: a saved web
page by the text a reader of it sees, a Telegram export by its result.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from dossier.clean.lines import NONCHARACTERS
from dossier.files import file_stamp
from dossier.memo import Keyed, Memo, digest
from dossier.model import Document, DossierError
from dossier.readers import reader_for

# About what reading a seed for its raw view costs.
SEED_TEXT_SECONDS = 0.001

# A seed's control characters shown as what they are, as an editor does (NUL as ␀), and its
# noncharacters as �: HTML has no place for them and cleaning removed them anyway.
_VISIBLE_CONTROLS = {
    **{code: 0x2400 + code for code in range(32) if chr(code) != "\t"},
    0x7F: 0x2421,
    **{code: 0xFFFD for code in [*range(0x80, 0xA0), *NONCHARACTERS]},
}
# Any of them in a text split into lines: any but the line break.
_CONTROL = re.compile("[" + "".join(re.escape(chr(code)) for code in _VISIBLE_CONTROLS if code != ord("\n")) + "]")


def _visible(line: str) -> str:
    return line.translate(_VISIBLE_CONTROLS)


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    document: Document | None  # the document this line belongs to, if kept
    removed: str | None  # why cleaning dropped it, if it did


@dataclass(frozen=True)
class SourceView:
    seed: str
    documents: list[Document]
    lines: list[SourceLine]
    removed_count: int


def seed_texts(seeds_dir: Path, documents: list[Document], memo: Memo) -> dict[str, Keyed | None]:
    """The text of every seed a document (or a copy merged into it) came from, as its raw view
    shows it, with the key it is kept under (a raw view's page is keyed by it: 1,180 seeds' texts
    were 19 MB to encode in the pages' keys at every build); None for a seed with no raw view.
    Read again only when its file changed."""
    seeds = sorted({p.source.seed for d in documents for p in d.all_publications() if p.source.seed})
    root = seeds_dir.resolve()
    paths = [_seed_path(seeds_dir, seed, root) for seed in seeds]
    keys = [seed_text_key(seed, path, path and file_stamp(path)) for seed, path in zip(seeds, paths, strict=True)]
    texts = memo.map("seed-texts", partial(seed_text, seeds_dir), seeds, keys, SEED_TEXT_SECONDS)
    kept = zip(seeds, keys, texts, strict=True)
    return {seed: None if text is None else Keyed(key, text) for seed, key, text in kept}


def seed_text_key(seed: str, path: Path | None, stamp: tuple[int, ...] | None) -> str:
    """What a seed's text is kept under: its name, and its file's path and stamp as they were
    before it was read (a file changed while read is read again by the next build)."""
    return digest("seed text", seed, path and (str(path), stamp))


def seed_text(seeds_dir: Path, seed: str) -> str | None:
    """The seed's text as its reader shows it; None when the seed is gone, unreadable or not
    inside seeds/: its documents stay, without a raw view."""
    path = _seed_path(seeds_dir, seed, seeds_dir.resolve())
    if path is None:
        return None
    try:
        return reader_for(path).raw_text(path, seed).text
    except (DossierError, OSError):
        return None


def source_values(seed: str, text: str, documents: list[Document]) -> dict:
    """A raw view's page values, line by line: made only when the page is rendered."""
    return {"source": source_view(seed, text, documents)}


def source_view(seed: str, text: str, documents: list[Document]) -> SourceView:
    reasons: dict[int, str] = {}
    owner: dict[int, Document] = {}
    for document in documents:
        source = document.source
        if source.first_line:
            for number in range(source.first_line, (source.last_line or source.first_line) + 1):
                owner.setdefault(number, document)
        for removal in source.removed:
            for number in range(removal.first_line, removal.last_line + 1):
                reasons.setdefault(number, removal.reason)
    visible = _visible if _CONTROL.search(text) else str  # most seeds have none: 1 s of 1.3 at 10,000 documents
    lines = [
        SourceLine(number, visible(line), owner.get(number), reasons.get(number))
        for number, line in enumerate(text.split("\n"), start=1)
    ]
    removed = sum(1 for line in lines if line.removed and line.text.strip())
    return SourceView(seed, documents, lines, removed)


def _seed_path(seeds_dir: Path, seed: str, root: Path) -> Path | None:
    """The seed's file, if it is one inside seeds/ (root: seeds/ resolved): `source.seed` is
    front matter a person can edit, and /etc/passwd or ../../secret must never be read into the site."""
    if "\x00" in seed:
        return None
    path = seeds_dir / seed
    try:
        inside = path.resolve().is_relative_to(root) and path.is_file()
    except (OSError, ValueError):
        return None
    return path if inside else None
