"""Document ids: stable, unique, URL-safe slugs that are also the content file names."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container

from slugify import slugify

# What an id, and so a file name in content/ and site/, may be: no dots, no slashes.
VALID_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# An id names its page's file (documents/<id>.html) and a file name has at most 255 bytes.
MAX_ID_LENGTH = 150

# Long enough to tell documents apart in a URL, short enough to read in one.
_SLUG_WORDS_LENGTH = 60
# Names Windows reserves: a content file must open on every curator's machine.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def document_id(title: str, date: str | None) -> str:
    """The same title and date always give the same id: '2022-12-01-statement-by-the-head'."""
    slug = _cut_at_word(slugify(title, replacements=[["'", ""], ["’", ""]])) or "document"
    if slug in _RESERVED:
        slug = f"{slug}-document"
    return f"{date}-{slug}" if date else slug


def short_slug(text: str, fallback: str) -> str:
    """A slug for a name that is not a document's (a tag, a theme, a person, a seed's path),
    short enough for a file name; a long one keeps a hash of the rest, so two long names that
    begin alike still get pages of their own."""
    slug = slugify(text) or fallback
    if len(slug) <= _SLUG_WORDS_LENGTH:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:10]
    return f"{_cut_at_word(slug)[: _SLUG_WORDS_LENGTH - 11].rstrip('-')}-{digest}"


def unique_id(wanted: str, taken: Container[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, ... whichever is free first."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _cut_at_word(slug: str) -> str:
    if len(slug) <= _SLUG_WORDS_LENGTH:
        return slug
    cut = slug[: _SLUG_WORDS_LENGTH + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut[:_SLUG_WORDS_LENGTH]
