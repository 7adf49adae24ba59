"""Telegram Desktop's exports in their machine-readable form: a chat's ("Export chat history"), a
folder ChatExport_<date>/ holding result.json, with photos/ and files/ beside it,

{"name": "Russia in OSCE", "type": "public_channel", "id": 1357,
 "messages": [
  {"id": 41, "type": "service", "action": "pin_message", ...},          <- skipped
  {"id": 42, "type": "message", "date": "2022-12-01T16:05:11", ...,
   "text": [...], "text_entities": [...the same parts, each an object...],
   "reactions": [{"type": "emoji", "count": 5, "emoji": "👍"}]}]}        <- never text

or a whole account's ("Export Telegram data"): every chat, each as a chat's export holds it, in
the lists of its chats and of the chats it left (telegram_folders.py shows its folders):

{"about": "...", "personal_information": {...}, "contacts": {...},
 "chats": {"about": "...", "list": [{"name": "Russia in OSCE", "type": "public_channel", "id": 1357,
                                     "messages": [...]}, ...]},
 "left_chats": {"about": "...", "list": [...]}}

Each chat's messages are read as they are and made posts by telegram_posts.py, which the HTML
export's reader shares, each chat its own channel or group; this module finds them in the file,
each with its lines.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from pathlib import Path

from dossier.model import DossierError, SourceText
from dossier.readers.reading import Reading
from dossier.readers.telegram_folders import MEDIA_FOLDERS, account_folders
from dossier.readers.telegram_posts import Message, export_of, read_posts
from dossier.readers.text import read_text_seed

FORMAT = "Telegram JSON"

# What Telegram Desktop writes as a channel's "type"; anything else is a chat with senders.
CHANNEL_TYPES = {"public_channel", "private_channel"}
# Where a whole account's export lists its chats: those it is in, and those it left.
ACCOUNT_LISTS = ("chats", "left_chats")
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")


def recognises(path: Path, head: bytes) -> bool:
    """A .json file, or any file whose text opens a JSON object naming "messages": an export
    is told by its content, whatever its name."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return path.suffix.lower() == ".json" or (start.startswith(b"{") and b'"messages"' in start)


def companions(path: Path) -> list[Path]:
    """The media folders beside a chat's export, and what an account's export holds of its own:
    only an export's. Beside any other JSON file (a settings.json) photos/ or files/ are seeds
    like the rest."""
    kind = _kind_of_export(path)
    if kind == "chat":
        return [path.parent / folder for folder in MEDIA_FOLDERS]
    return account_folders(path.parent) if kind == "account" else []


def _kind_of_export(path: Path) -> str | None:
    """ "chat" for an object with a "messages" list at its top, "account" for one with the list of
    an account's chats, None for any other file. Told by walking the keys before it, never
    decoding the messages: this runs on every build, read or not."""
    try:
        text = read_text_seed(path, path.name).text
        if not text.lstrip().startswith("{"):
            return None
        for key, start in _object_values(text, text.index("{")):
            if key == "messages" and text.startswith("[", start):
                return "chat"
            if key in ACCOUNT_LISTS and text.startswith("{", start):
                return "account"
    except (DossierError, OSError, RecursionError, ValueError, IndexError):  # IndexError: the text ends mid-object
        return None
    return None


def raw_text(path: Path, seed: str) -> SourceText:
    """The raw view shows result.json itself: each post's lines are its message's."""
    return read_text_seed(path, seed)


def read(path: Path, seed: str) -> Reading:
    source = read_text_seed(path, seed)
    text = source.text
    top = _parse(path, text)
    # An export saved again by an old editor (as Windows-1251, say) is read, and the curator told.
    reading = Reading([], notices=[str(note) for note in source.notes], raw_text=text)
    line_of = _line_numbers(text)
    taken: set[str] = set()  # the ids given to posts: an account's chats share the seed
    for chat, spans in _chats(path, text, top, reading):
        export = export_of(path, seed, chat.get("name"), group=chat.get("type") not in CHANNEL_TYPES)
        messages = [
            Message(data, (line_of(start), line_of(end - 1)))
            for data, (start, end) in zip(chat["messages"], spans, strict=True)
        ]
        read_posts(export, messages, reading, taken=taken)
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
    if not isinstance(top, dict) or not (isinstance(top.get("messages"), list) or _lists_of_chats(top)):
        message = 'JSON, but not a Telegram export: no "messages" list at its top, nor an account\'s "chats"; skipped'
        raise DossierError(path, message)
    _replace_lone_surrogates(top)
    return top


def _lists_of_chats(top: dict) -> list[str]:
    """The keys of an account's export that hold a list of chats: {"chats": {"list": [...]}}."""
    return [key for key in ACCOUNT_LISTS if isinstance(top.get(key), dict) and isinstance(top[key].get("list"), list)]


def _chats(path: Path, text: str, top: dict, reading: Reading) -> list[tuple[dict, list[tuple[int, int]]]]:
    """Each chat the export holds, with where each of its messages stands in the file: a chat's
    export is one, an account's every chat in its lists. A chat of a shape no export writes is
    named in reading's problems, and the others read."""
    top_values = _values_of(text, text.index("{"))
    if isinstance(top.get("messages"), list):
        return [(top, _list_spans(text, top_values["messages"]))]
    chats = []
    for key in _lists_of_chats(top):
        spans = _list_spans(text, _values_of(text, top_values[key])["list"])
        for number, (chat, (start, _)) in enumerate(zip(top[key]["list"], spans, strict=True), start=1):
            if isinstance(chat, dict) and isinstance(chat.get("messages"), list):
                chats.append((chat, _list_spans(text, _values_of(text, start)["messages"])))
            else:
                problem = f'chat {number} of "{key}" has no list of messages; skipped'
                reading.problems.append(DossierError(path, problem, line=text.count("\n", 0, start) + 1))
    return chats


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


def _values_of(text: str, index: int) -> dict[object, int]:
    """Where the value of each key of the object at index starts; the last of a key repeated
    counts, as with json.loads. Walked with the JSON decoder itself (a "messages" key inside a
    message is not the list); the text is valid JSON already."""
    return dict(_object_values(text, index))


def _object_values(text: str, index: int) -> Iterator[tuple[object, int]]:
    """Each key of the object at index, with where its value starts; each value is walked past
    only when the next key is asked for."""
    index += 1  # past the opening "{"
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
