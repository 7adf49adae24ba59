"""Telegram Desktop's "Export chat history" in its machine-readable form: a folder
ChatExport_<date>/ holding result.json, with photos/ and files/ beside it.

{"name": "Russia in OSCE", "type": "public_channel", "id": 1357,
 "messages": [
  {"id": 41, "type": "service", "action": "pin_message", ...},          <- skipped
  {"id": 42, "type": "message", "date": "2022-12-01T16:05:11", ...,
   "text": [...], "text_entities": [...the same parts, each an object...],
   "reactions": [{"type": "emoji", "count": 5, "emoji": "👍"}]}]}        <- never text

The messages are read as they are and made posts by telegram_posts.py, which the HTML export's
reader shares; this module finds them in the file, each with its lines.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from pathlib import Path

from dossier.model import DossierError, SourceText
from dossier.readers.reading import Reading
from dossier.readers.telegram_posts import Message, export_of, read_posts
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
# What Telegram Desktop writes as a channel's "type"; anything else is a chat with senders.
CHANNEL_TYPES = {"public_channel", "private_channel"}
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")


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
    export = export_of(path, seed, top.get("name"), group=top.get("type") not in CHANNEL_TYPES)
    # An export saved again by an old editor (as Windows-1251, say) is read, and the curator told.
    reading = Reading([], notices=[str(note) for note in source.notes])
    line_of = _line_numbers(text)
    spans = _message_spans(text)
    messages = [
        Message(data, (line_of(start), line_of(end - 1)))
        for data, (start, end) in zip(top["messages"], spans, strict=True)
    ]
    read_posts(export, messages, reading)
    return reading


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
