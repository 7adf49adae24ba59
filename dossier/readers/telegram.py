"""Telegram Desktop's "Export chat history" in its machine-readable form: a folder
ChatExport_<date>/ holding result.json, with photos/ and files/ beside it.

{"name": "Russia in OSCE", "type": "public_channel", "id": 1357,
 "messages": [
  {"id": 41, "type": "service", "action": "pin_message", ...},          <- skipped
  {"id": 42, "type": "message", "date": "2022-12-01T16:05:11",         <- local time, no offset
   "edited": "2022-12-01T16:20:00", "forwarded_from": "Russian MFA 🇷🇺",
   "photo": "photos/photo_3@01-12-2022_16-05-11.jpg",                   <- or "(File not included. ...)"
   "text": ["Lodz, 1 December 2022\\n", {"type": "hashtag", "text": "#OSCE"},
            {"type": "text_link", "text": "Read in full", "href": "https://..."}],
   "text_entities": [...the same parts, each an object...],
   "reactions": [{"type": "emoji", "count": 5, "emoji": "👍"}]}]}        <- never text

Each message with text is a post, titled as a pasted channel post is (clean/channel.py), so
the same post pasted and exported reads alike and the build can tell they are one.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dossier.clean.channel import NAME as CHANNEL_SHAPE
from dossier.clean.lines import strip_trailing_symbols, tidy
from dossier.clean.shape import cleaned_document
from dossier.model import Document, DossierError, Photo, Source, SourceText
from dossier.readers.reading import Reading
from dossier.readers.telegram_text import Part, poll_parts, title_body_and_link
from dossier.readers.text import read_text_seed

FORMAT = "Telegram JSON"

# The folders Telegram Desktop writes an export's media into, beside result.json: their files
# are the export's, never seeds of their own.
MEDIA_FOLDERS = (
    "photos",
    "files",
    "video_files",
    "voice_messages",
    "round_video_messages",
    "stickers",
    "animations",
    "contacts",
    "profile_pictures",
)
# What the export writes instead of a path when its settings left a file out.
_NOT_INCLUDED = "(File not included"
# What Telegram Desktop writes as a channel's "type"; anything else is a chat with senders.
CHANNEL_TYPES = {"public_channel", "private_channel"}
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")


@dataclass(frozen=True)
class _Export:
    path: Path
    seed: str
    channel: str | None
    group: bool  # a group chat, where each post has its sender; a channel's posts are the channel's


def recognises(path: Path, head: bytes) -> bool:
    """A .json file, or any file whose text opens a JSON object naming "messages": an export
    is told by its content, whatever its name."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return path.suffix.lower() == ".json" or (start.startswith(b"{") and b'"messages"' in start)


def companions(path: Path) -> list[Path]:
    """The media folders beside an export, and only an export: beside any other JSON file (a
    settings.json) photos/ or files/ are seeds like the rest."""
    return [path.parent / folder for folder in MEDIA_FOLDERS] if _is_export(path) else []


def _is_export(path: Path) -> bool:
    """Whether the file's text is an object with a "messages" list at its top. Told by walking
    the keys before it, never decoding the messages: this runs on every build, read or not."""
    try:
        text = read_text_seed(path, path.name).text
        return text.lstrip().startswith("{") and any(
            key == "messages" and text.startswith("[", start) for key, start in _top_level_values(text)
        )
    except (DossierError, OSError, RecursionError, ValueError, IndexError):  # IndexError: the text ends mid-object
        return False


def raw_text(path: Path, seed: str) -> SourceText:
    """The raw view shows result.json itself: each post's lines are its message's."""
    return read_text_seed(path, seed)


def read(path: Path, seed: str) -> Reading:
    source = read_text_seed(path, seed)
    text = source.text
    top = _parse(path, text)
    channel = top.get("name") if isinstance(top.get("name"), str) else None
    group = top.get("type") not in CHANNEL_TYPES
    export = _Export(path, seed, strip_trailing_symbols(tidy(channel)) if channel else None, group)
    # An export saved again by an old editor (as Windows-1251, say) is read, and the curator told.
    reading = Reading([], notices=[str(note) for note in source.notes])
    line_of = _line_numbers(text)
    for message, (start, end) in zip(top["messages"], _message_spans(text), strict=True):
        lines = (line_of(start), line_of(end - 1))
        try:
            document = _post(export, message, lines, reading.notices)
        except DossierError as problem:
            reading.problems.append(problem)
            continue
        if document is None:
            reading.skipped += 1
        else:
            reading.documents.append(document)
    reading.documents = _with_replies(reading.documents, top["messages"])
    return reading


def _with_replies(documents: list[Document], messages: list) -> list[Document]:
    """Each post that answers another of the export's posts, with the answered one's id."""
    by_message = {document.source.message: document.id for document in documents}
    answered = {
        message.get("id"): message.get("reply_to_message_id") for message in messages if isinstance(message, dict)
    }
    replied = []
    for document in documents:
        target = by_message.get(answered.get(document.source.message))
        source = dataclasses.replace(document.source, reply_to=target) if target else document.source
        replied.append(dataclasses.replace(document, source=source) if target else document)
    return replied


def _parse(path: Path, text: str) -> dict:
    try:
        top = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON ({error.msg}, column {error.colno}); skipped"
        raise DossierError(path, message, line=error.lineno) from None
    except RecursionError:
        raise DossierError(path, "JSON nested too deeply to be read; skipped") from None
    except ValueError as error:  # a number of thousands of digits, which Python refuses to convert
        raise DossierError(path, f"JSON that cannot be read ({error}); skipped") from None
    if not isinstance(top, dict) or not isinstance(top.get("messages"), list):
        raise DossierError(path, 'JSON, but not a Telegram chat export: no "messages" list at its top; skipped')
    _replace_lone_surrogates(top)
    return top


_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_lone_surrogates(top: dict) -> None:
    """Telegram cuts a long post inside an emoji and writes half of it (`\\ud83d`): valid JSON,
    but no text can hold it (UTF-8 cannot encode it). Each becomes U+FFFD, in place; walked
    without recursion, as the JSON may be nested deep."""
    containers: list[dict | list] = [top]
    while containers:
        container = containers.pop()
        for key, value in container.items() if isinstance(container, dict) else enumerate(container):
            if isinstance(value, str):
                if _SURROGATE.search(value):
                    container[key] = _SURROGATE.sub("\ufffd", value)
            elif isinstance(value, dict | list):
                containers.append(value)


def _message_spans(text: str) -> list[tuple[int, int]]:
    """Where each message of the top-level "messages" list stands in the file, walked with the
    JSON decoder itself (a "messages" key inside a message is not the list). The text is valid
    JSON already."""
    spans: list[tuple[int, int]] = []
    for key, start in _top_level_values(text):
        if key == "messages":
            spans = _list_spans(text, start)  # the last one counts, as with json.loads
    return spans


def _top_level_values(text: str) -> Iterator[tuple[object, int]]:
    """Each key of the object the text holds, with where its value starts; each value is walked
    past only when the next key is asked for."""
    index = _SPACE.match(text, 0).end() + 1  # past the opening "{"
    while text[index := _SPACE.match(text, index).end()] != "}":
        key, index = _DECODER.raw_decode(text, index)
        index = _SPACE.match(text, _SPACE.match(text, index).end() + 1).end()  # past ":"
        yield key, index
        _, index = _DECODER.raw_decode(text, index)
        index = _SPACE.match(text, index).end()
        index += text[index] == ","


def _list_spans(text: str, index: int) -> list[tuple[int, int]]:
    spans = []
    index += 1  # past "["
    while text[index := _SPACE.match(text, index).end()] != "]":
        _, end = _DECODER.raw_decode(text, index)
        spans.append((index, end))
        index = _SPACE.match(text, end).end()
        index += text[index] == ","
    return spans


def _line_numbers(text: str):
    """A function from a character's position to its line: one search, not a count per message."""
    breaks = [match.start() for match in re.finditer("\n", text)]
    return lambda position: bisect.bisect_left(breaks, position) + 1


def _post(export: _Export, message: object, lines: tuple[int, int], notices: list[str]) -> Document | None:
    """One message as a document; None for a message that is not a post with text (a service
    message, a photo alone). A DossierError names the message of a shape no export writes."""
    if not isinstance(message, dict):
        raise DossierError(export.path, f"a message that is {_kind(message)}, not an object; skipped", line=lines[0])
    number = message.get("id")
    where = f"message {number}" if isinstance(number, int) else "a message without an id"
    if message.get("type") != "message":
        return None
    parts = _parts(export, message, where, lines[0]) + poll_parts(message.get("poll"))
    date = _day(export, message.get("date"), where, lines[0])
    plain = "".join(part.text for part in parts)
    if not plain.strip():
        return None
    title, body, link = title_body_and_link(parts)
    forwarded = message.get("forwarded_from") if isinstance(message.get("forwarded_from"), str) else None
    outlet = strip_trailing_symbols(tidy(forwarded)) if forwarded else export.channel
    edited = message.get("edited") if isinstance(message.get("edited"), str) else None
    source = Source(
        seed=export.seed,
        shape=CHANNEL_SHAPE,
        outlet=outlet or None,
        first_line=lines[0],
        last_line=lines[1],
        channel=export.channel,
        message=number if isinstance(number, int) else None,
        forwarded_from=forwarded,
        sender=_sender(message) if export.group else None,
        edited=edited,
        link=link,
    )
    return cleaned_document(title, body, date, source, _photo(export, message.get("photo"), title, where, notices))


def _sender(message: dict) -> str | None:
    sender = message.get("from")
    return (tidy(sender) or None) if isinstance(sender, str) else None


def _parts(export: _Export, message: dict, where: str, line: int) -> list[Part]:
    """The post's text as parts: `text` when the message has it (a string, or a list mixing
    strings and entities), else `text_entities`."""
    text = message.get("text", message.get("text_entities", ""))
    if isinstance(text, str):
        return [Part("plain", text)]
    if not isinstance(text, list):
        raise DossierError(export.path, f"{where}: its text is {_kind(text)}, not text or a list; skipped", line=line)
    parts = []
    for item in text:
        if isinstance(item, str):
            parts.append(Part("plain", item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            href = item.get("href") if isinstance(item.get("href"), str) else None
            language = item.get("language") if isinstance(item.get("language"), str) else None
            parts.append(Part(str(item.get("type", "plain")), item["text"], href, language))
        else:
            problem = f"{where}: a part of its text is {_kind(item)}, not text or an entity; skipped"
            raise DossierError(export.path, problem, line=line)
    return parts


def _day(export: _Export, value: object, where: str, line: int) -> str | None:
    """The day the post was published: the export writes local time without an offset, so the
    day is what it says, never shifted to another time zone."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise DossierError(export.path, f"{where}: date {value!r} is not a date; skipped", line=line) from None


def _photo(export: _Export, value: object, title: str, where: str, notices: list[str]) -> Photo | None:
    """The post's photo when the export holds its file; a note, never a failure, when not."""
    if not isinstance(value, str) or not value:
        return None
    if value.startswith(_NOT_INCLUDED):
        notices.append(f"{export.path}: {where}: its photo was not included in the export; kept without it")
        return None
    if any(char < " " for char in value):  # a NUL is no file name: the file system refuses to look it up
        notices.append(f"{export.path}: {where}: its photo's path holds a control character; kept without it")
        return None
    folder = export.path.parent
    inside = posixpath.normpath(value)
    if inside == ".." or inside.startswith(("../", "/")) or not _file_within(folder / inside, folder):
        notices.append(f"{export.path}: {where}: its photo {value} is not in the export folder; kept without it")
        return None
    return Photo(
        file=posixpath.join(posixpath.dirname(export.seed), inside), alt=f"Photo published with the post “{title}”"
    )


def _file_within(path: Path, folder: Path) -> bool:
    """A file in the folder, not one a link inside it points elsewhere to."""
    return path.is_file() and path.resolve().is_relative_to(folder.resolve())


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false", int: "a number", float: "a number"}
    return names.get(type(value), "null")
