"""The curated layer: content/*.md files, Markdown with YAML front matter, which people edit.

Ingestion writes these files and the build reads them. `.ingested.json` beside them records,
per seed, the hash of the seed and of each file as ingestion last wrote it: a file whose
hash differs was edited by a person, and ingestion never writes over it.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import re
from pathlib import Path

import frontmatter
import yaml

from dossier.files import (
    file_digests,
    file_hash,
    name_not_utf8,
    relative_name,
    text_hash,
    visible_file_names,
    write_atomically,
)
from dossier.ids import MAX_ID_LENGTH, VALID_ID, short_slug
from dossier.memo import Memo, digest
from dossier.model import Document, DossierError, Photo, Removal, Source
from dossier.urls import web_link
from dossier.yaml_data import FrontMatterYAML

MANIFEST = ".ingested.json"
# About what reading one content file costs (its front matter's YAML, mostly): 0.25 ms.
READ_SECONDS = 0.00025


def document_file(document: Document) -> str:
    """A content file's text: front matter in a fixed key order, then the Markdown body."""
    # libyaml's emitter (the same text as PyYAML's own, a tenth of the time: 10,000 documents).
    front = yaml.dump(
        front_matter(document),
        Dumper=yaml.CSafeDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=4096,
    )
    return f"---\n{front}---\n\n{document.body.strip()}\n"


def front_matter(document: Document) -> dict:
    """The data of a content file's front matter, as document_file writes it and YAML reads it back."""
    metadata = {"id": document.id, "title": document.title, "date": _yaml_date(document.date)}
    if document.summary:
        metadata["summary"] = document.summary
    metadata["tags"] = list(document.tags)
    metadata["themes"] = list(document.themes)
    metadata["source"] = _source_metadata(document.source)
    if document.photos:
        metadata["photos"] = [{"file": photo.file, "alt": photo.alt} for photo in document.photos]
    return metadata


def read_content(content_dir: Path, memo: Memo) -> tuple[list[Document], list[DossierError]]:
    """Every readable content file's document, by id; a bad file is reported and the rest go on.
    A file is read again only when its bytes changed (the memo holds it by their digest)."""
    paths: list[str] = []
    problems: list[DossierError] = []
    for path in content_files(content_dir):
        if problem := name_not_utf8(path, content_dir):
            problems.append(problem)
        else:
            paths.append(path)
    relatives = [relative_name(path, content_dir) for path in paths]
    hashes = file_digests(paths, memo)
    present = [n for n, file_hash in enumerate(hashes) if file_hash is not None]  # gone since listed: not content
    keys = [content_key(relatives[n], hashes[n]) for n in present]
    files = [(paths[n], relatives[n]) for n in present]
    read = memo.map("content-files", read_content_file, files, keys, READ_SECONDS)
    documents: dict[str, Document] = {}
    for (path, _), document in zip(files, read, strict=True):
        if isinstance(document, DossierError):
            problems.append(document)
        elif document.id in documents:
            first = documents[document.id].path
            problems.append(DossierError(path, f"id {document.id!r} is already used by {first}; skipped"))
        else:
            documents[document.id] = document
    return sorted(documents.values(), key=lambda document: document.id), problems


def content_files(content_dir: Path) -> list[str]:
    """Every Markdown file under content/, in a stable order; hidden folders are not content.
    As strings (visible_file_names): there are 10,000 of them every build."""
    return visible_file_names(content_dir, "*.md")


def content_key(relative: str, file_hash: str) -> str:
    """What a content file's document is made of: its name in content/ and its bytes' digest."""
    return digest("content file", relative, file_hash)


def read_content_file(file: tuple[str, str]) -> Document | DossierError:
    """A content file (path, path relative to content/) read, or what is wrong with it."""
    path, relative = file
    try:
        return read_document(Path(path), relative)
    except DossierError as problem:
        return problem


def written_document(path: Path, relative: str, document: Document, text: str) -> Document | DossierError:
    """The document read_content_file reads from the file document_file(document) made, `text`:
    what ingestion hands the memo for each file it writes, so the build need not read it back.
    Made from the front matter's data, not by parsing the file's YAML again: YAML gives back the
    data it was written from (tests/test_content.py checks both ways agree), and reading it back
    was a sixth of the time of cleaning a seed."""
    content = document.body.strip().replace("\r\n", "\n")  # python-frontmatter reads "\r\n" as "\n"
    key = content_key(relative, text_hash(text))
    try:
        return document_from_front_matter(path, relative, front_matter(document), content, key)
    except DossierError as problem:
        return problem


def read_document(path: Path, relative: str) -> Document:
    """Parse one content file's front matter, its body left as Markdown; a DossierError names the
    file and line of what is wrong."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DossierError(path, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); skipped", line=line) from None
    return parse_document(path, relative, text, content_key(relative, hashlib.sha256(data).hexdigest()))


def parse_document(path: Path, relative: str, text: str, key: str = "") -> Document:
    """read_document of a content file whose text is in hand; key: content_key of the file."""
    try:
        post = frontmatter.loads(text, handler=FrontMatterYAML())
    except ValueError as error:  # a date YAML reads but the calendar lacks: 2021-13-45
        raise DossierError(path, f"front matter: {error}; skipped") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise DossierError(path, f"front matter: {problem}; skipped", line=line) from None
    if not isinstance(post.metadata, dict):
        raise DossierError(path, "front matter must be a mapping of keys to values; skipped", line=2)
    return document_from_front_matter(path, relative, post.metadata, post.content, key)


def document_from_front_matter(path: Path, relative: str, metadata: dict, content: str, key: str = "") -> Document:
    """A content file's document, from its front matter's data and its Markdown."""
    title = _text(metadata.get("title")) or _first_line(content) or _id_from_name(relative)
    document_id = _text(metadata.get("id")) or _id_from_name(relative)
    if not VALID_ID.fullmatch(document_id):
        raise DossierError(path, f"id {document_id!r} must be lowercase letters, digits and hyphens; skipped", line=2)
    if len(document_id) > MAX_ID_LENGTH:
        message = f"id is {len(document_id)} characters long, at most {MAX_ID_LENGTH} (it names a file); skipped"
        raise DossierError(path, message, line=2)
    return Document(
        id=document_id,
        title=title,
        body=content.strip(),
        date=_iso_date(path, metadata.get("date")),
        summary=_text(metadata.get("summary")),
        tags=tuple(_strings(metadata.get("tags"))),
        themes=tuple(_strings(metadata.get("themes"))),
        source=_source(path, metadata.get("source")),
        path=relative,
        photos=_photos(metadata),
        digest=key,
    )


def load_manifest(content_dir: Path) -> dict:
    try:
        manifest = json.loads((content_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"seeds": {}}
    except (ValueError, UnicodeDecodeError):
        raise DossierError(content_dir / MANIFEST, "unreadable; delete it to re-ingest every seed") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("seeds"), dict):
        return {"seeds": {}}
    return manifest


def save_manifest(content_dir: Path, manifest: dict) -> None:
    """Write the manifest if it changed: a build that changes nothing leaves content/ untouched.
    Compared as read, not as it would be written: json's indented encoding is its Python one,
    77 ms at 10,000 documents, where reading the file again takes a few."""
    with contextlib.suppress(OSError, ValueError):  # gone, unreadable: compared as text
        if json.loads((content_dir / MANIFEST).read_bytes()) == manifest:
            return
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    if file_hash(content_dir / MANIFEST) != text_hash(text):
        write_atomically(content_dir / MANIFEST, text)


def _source_metadata(source: Source) -> dict:
    fields = {
        "seed": source.seed,
        "shape": source.shape,
        "outlet": source.outlet,
        "lines": _line_range(source.first_line, source.last_line),
        "dateline": source.dateline,
        "captured": _yaml_date(source.captured),
        "channel": source.channel,
        "message": source.message,
        "forwarded_from": source.forwarded_from,
        "sender": source.sender,
        "reply_to": source.reply_to,
        "edited": source.edited,
        "link": source.link,
    }
    metadata = {key: value for key, value in fields.items() if value is not None}
    if source.removed:
        metadata["removed"] = [
            {"lines": _line_range(r.first_line, r.last_line), "reason": r.reason} for r in source.removed
        ]
    return metadata


def _source(path: Path, metadata: object) -> Source:
    if not isinstance(metadata, dict):
        return Source()
    first, last = _parse_range(metadata.get("lines"))
    link = _text(metadata.get("link"))
    if link is not None and web_link(link) is None:
        raise DossierError(path, f"source.link {link[:80]!r} is not an http(s) address; skipped")
    removed = []
    listed = metadata.get("removed")
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict):
            start, end = _parse_range(item.get("lines"))
            if start is not None:
                removed.append(Removal(start, end, _text(item.get("reason")) or "removed"))
    return Source(
        seed=_text(metadata.get("seed")),
        shape=_text(metadata.get("shape")),
        outlet=_text(metadata.get("outlet")),
        first_line=first,
        last_line=last,
        dateline=_text(metadata.get("dateline")),
        captured=_text(metadata.get("captured")),
        removed=tuple(removed),
        channel=_text(metadata.get("channel")),
        message=_integer(metadata.get("message")),
        forwarded_from=_text(metadata.get("forwarded_from")),
        sender=_text(metadata.get("sender")),
        reply_to=_text(metadata.get("reply_to")),
        edited=_timestamp(metadata.get("edited")),
        link=link,
    )


def _photos(metadata: dict) -> tuple[Photo, ...]:
    """`photos: [{file: ChatExport_2023-01-19/photos/photo_1.jpg, alt: ...}, ...]`, files under
    seeds/; or `photo: {file: ..., alt: ...}`, as files written before albums had one photo."""
    listed = metadata.get("photos")
    entries = listed if isinstance(listed, list) else [metadata.get("photo")]
    return tuple(photo for photo in map(_photo, entries) if photo)


def _photo(entry: object) -> Photo | None:
    if not isinstance(entry, dict) or not _text(entry.get("file")):
        return None
    return Photo(file=_text(entry["file"]), alt=_text(entry.get("alt")) or "")


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _timestamp(value: object) -> str | None:
    """A time as the source wrote it; YAML reads an unquoted one as a datetime, which turns back alike."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return _text(value)


def _line_range(first: int | None, last: int | None) -> int | str | None:
    if first is None:
        return None
    return first if last in (None, first) else f"{first}-{last}"


def _parse_range(value: object) -> tuple[int | None, int | None]:
    parts = str(value).split("-", 1) if value is not None else []
    if not parts or not all(part.strip().isdigit() for part in parts):
        return None, None
    first = int(parts[0])
    return first, int(parts[-1])


def _yaml_date(iso: str | None) -> datetime.date | None:
    """Dates go into YAML as dates, unquoted: 'date: 2021-06-18' reads naturally when editing."""
    return datetime.date.fromisoformat(iso) if iso else None


def _iso_date(path: Path, value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise DossierError(path, f"date {value!r} is not a date like 2021-06-18; skipped") from None


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = _CONTROL.sub("", str(value)).strip()
    return text or None


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [text for text in map(_text, items) if text]


# YAML's escapes ("\0", "\x1b") let front matter hold control characters: no title, tag or
# path needs one, HTML has no place for them, and a NUL in a path is an error.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _id_from_name(relative: str) -> str:
    """The id of a file whose front matter gives none, and its title when it has neither a title
    nor a line of text. Made only then: slugify is a fifth of the time of reading a front matter
    (1,000 files: 0.05 s of 0.25)."""
    return short_slug(Path(relative).with_suffix("").as_posix(), "document")


def _first_line(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip() or None
    return None
