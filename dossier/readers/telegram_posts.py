"""Telegram posts from an export's messages, whatever format the export was written in.

Each message comes in the shape result.json holds it (telegram.py reads that file as it is;
telegram_html.py makes the same from messages.html), with the lines of the file it was read
from. Everything after that is here, so both formats give the same documents:

{"id": 42, "type": "message", "date": "2022-12-01T16:05:11",          <- local time, no offset
 "date_unixtime": "1669899911",                                       <- the same moment in UTC
 "from": "Anna K.", "edited": "2022-12-01T16:20:00", "forwarded_from": "Russian MFA 🇷🇺",
 "reply_to_message_id": 41,
 "photo": "photos/photo_3@01-12-2022_16-05-11.jpg",                   <- or "(File not included. ...)"
 "text": ["Lodz, 1 December 2022\\n", {"type": "hashtag", "text": "#OSCE"}, ...],
 "poll": {"question": "...", "total_voters": 12, "answers": [{"text": "Yes", "voters": 7}]}}

Each message with text is a post, titled as a pasted channel post is (clean/channel.py), so the
same post pasted and exported reads alike and the build can tell they are one.

An album (photos sent together, with one caption) reaches an export as one message per photo,
the caption on one of them: consecutive photo messages from one sender in the same second. It is
one post, with every photo in order and its caption. A photo sent alone, without text, is no post.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dossier.clean.channel import NAME as CHANNEL_SHAPE
from dossier.clean.lines import strip_trailing_symbols, tidy
from dossier.clean.shape import cleaned_document
from dossier.ids import unique_id
from dossier.model import Document, DossierError, Photo, Source
from dossier.readers.reading import Reading
from dossier.readers.telegram_dates import Clock, clock_of, day_of
from dossier.readers.telegram_text import Part, poll_parts, title_body_and_link

# What the export writes (its start) instead of a path when its settings left a file out.
NOT_INCLUDED = "(File not included"


@dataclass(frozen=True)
class Export:
    path: Path
    seed: str
    channel: str | None
    group: bool  # a group chat, where each post has its sender; a channel's posts are the channel's


@dataclass(frozen=True)
class Message:
    """One message as result.json holds it (an object; anything else is reported) and the lines
    of the file it was read from."""

    data: object
    lines: tuple[int, int]


def export_of(path: Path, seed: str, name: object, group: bool) -> Export:
    """The export's chat as its posts name it: its name tidied, a trailing flag or emoji off."""
    channel = strip_trailing_symbols(tidy(name)) if isinstance(name, str) else None
    return Export(path, seed, channel or None, group)


def read_posts(
    export: Export,
    messages: list[Message],
    reading: Reading,
    elsewhere: Callable[[dict], str | None] = lambda _: None,
    taken: set[str] | None = None,
) -> dict[int, str]:
    """Each post of the messages added to reading (a message that is no post counted skipped, one
    of a shape no export writes a problem), each reply linked to the post it answers: one of
    these messages, or elsewhere(the replying message) finds it in another file of the export.
    Each post's id is its own among the reading's: taken holds those given (every chat's, in an
    account's export). Returns the document id of each message that is part of a post."""
    taken = set() if taken is None else taken
    posts: list[tuple[Document, list[dict]]] = []
    clock = clock_of(message.data for message in messages)
    for members in _posts_of(messages):
        try:
            document = _post(export, members, clock, reading.notices)
        except DossierError as problem:
            reading.problems.append(problem)
            continue
        if document is None:
            reading.skipped += len(members)
        else:
            posts.append((_with_unique_id(document, taken), [member.data for member in members]))
    by_message = {
        message["id"]: document.id for document, members in posts for message in members if _is_id(message.get("id"))
    }
    reading.documents += [_with_reply(document, members, by_message, elsewhere) for document, members in posts]
    return by_message


def _with_unique_id(document: Document, taken: set[str]) -> Document:
    """Two posts of one export may have one title on one day (a daily briefing): each gets an id
    of its own here, the first the plain one, as ingestion would give them; a reply then names
    the very post it answers, and ingestion, should it rename one, knows which."""
    unique = unique_id(document.id, taken)
    taken.add(unique)
    return document if unique == document.id else dataclasses.replace(document, id=unique)


def _posts_of(messages: list[Message]) -> list[list[Message]]:
    """The messages grouped as the posts they make: an album's messages together, any other alone."""
    groups: list[list[Message]] = []
    for message in messages:
        if groups and _same_album(groups[-1], message.data):
            groups[-1].append(message)
        else:
            groups.append([message])
    return groups


def _same_album(album: list[Message], data: object) -> bool:
    """Whether the message is one more photo of the album: the same sender, second and origin, a
    photo, and at most one caption in all (photos with captions of their own are posts of their own)."""
    last = album[-1].data
    if not (_is_photo(last) and _is_photo(data)):
        return False
    same = ("from", "from_id", "date", "date_unixtime", "forwarded_from")
    alike = all(last.get(key) == data.get(key) for key in same)
    captions = sum(map(_has_text, [*(member.data for member in album), data]))
    timed = isinstance(data.get("date"), str) or isinstance(data.get("date_unixtime"), str)
    return alike and timed and captions <= 1


def _is_id(value: object) -> bool:
    """A message id as exports write it: newer exports may leave it out, a broken one write anything."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_photo(data: object) -> bool:
    return isinstance(data, dict) and data.get("type") == "message" and isinstance(data.get("photo"), str)


def _has_text(data: dict) -> bool:
    text = data.get("text", data.get("text_entities", ""))
    pieces = text if isinstance(text, list) else [text]
    return any(str(piece.get("text", "") if isinstance(piece, dict) else piece).strip() for piece in pieces)


def _with_reply(
    document: Document, members: list[dict], by_message: dict[int, str], elsewhere: Callable[[dict], str | None]
) -> Document:
    """The post with the id of the post it answers, when that is in the export."""
    replying = next((member for member in members if _is_id(member.get("reply_to_message_id"))), None)
    if replying is None:
        return document
    target = by_message.get(replying["reply_to_message_id"]) or elsewhere(replying)
    if not target:
        return document
    return dataclasses.replace(document, source=dataclasses.replace(document.source, reply_to=target))


def _post(export: Export, members: list[Message], clock: Clock, notices: list[str]) -> Document | None:
    """One post: a message, or an album's messages; None for what is not a post with text (a
    service message, a photo alone). A DossierError names the message of a shape no export writes."""
    if not isinstance(members[0].data, dict):  # an album's are all objects
        problem = f"a message that is {kind_of(members[0].data)}, not an object; skipped"
        raise DossierError(export.path, problem, line=members[0].lines[0])
    captioned = next((member for member in members if _has_text(member.data)), members[0])
    message, line = captioned.data, captioned.lines[0]
    number = message.get("id")
    where = f"message {number}" if isinstance(number, int) else "a message without an id"
    if message.get("type") != "message":
        return None
    parts = _parts(export, message, where, line) + poll_parts(message.get("poll"))
    try:
        date, dated = day_of(message, clock)
    except ValueError as error:
        raise DossierError(export.path, f"{where}: {error}; skipped", line=line) from None
    if not "".join(part.text for part in parts).strip():
        return None
    title, body, link = title_body_and_link(parts)
    forwarded = message.get("forwarded_from") if isinstance(message.get("forwarded_from"), str) else None
    outlet = strip_trailing_symbols(tidy(forwarded)) if forwarded else export.channel
    edited = edit_time(message)
    source = Source(
        seed=export.seed,
        shape=CHANNEL_SHAPE,
        outlet=outlet or None,
        first_line=members[0].lines[0],
        last_line=members[-1].lines[1],
        dateline=dated,
        channel=export.channel,
        message=number if isinstance(number, int) else None,
        forwarded_from=forwarded,
        sender=_sender(message) if export.group else None,
        edited=edited,
        link=link,
    )
    alts = [f"Photo published with the post “{title}”"]
    if len(members) > 1:
        alts = [f"Photo {n} of {len(members)} published with the post “{title}”" for n in range(1, len(members) + 1)]
    photos = [_photo(export, member.data, alt, notices) for member, alt in zip(members, alts, strict=True)]
    return cleaned_document(title, body, date, source, tuple(photo for photo in photos if photo))


def edit_time(message: dict) -> str | None:
    """When the post was edited, as the export writes it. Older Telegram Desktop wrote "edited"
    on every message, the Unix epoch in its local time ("1970-01-01T05:00:00") for one never
    edited: an edit before the post itself is no edit."""
    edited, posted = message.get("edited"), message.get("date")
    if not isinstance(edited, str):
        return None
    return None if isinstance(posted, str) and edited < posted else edited


def _sender(message: dict) -> str | None:
    sender = message.get("from")
    return (tidy(sender) or None) if isinstance(sender, str) else None


def _parts(export: Export, message: dict, where: str, line: int) -> list[Part]:
    """The post's text as parts: `text` when the message has it (a string, or a list mixing
    strings and entities), else `text_entities`."""
    text = message.get("text", message.get("text_entities", ""))
    if isinstance(text, str):
        return [Part("plain", text)]
    if not isinstance(text, list):
        raise DossierError(export.path, f"{where}: its text is {kind_of(text)}, not text or a list; skipped", line=line)
    parts = []
    for item in text:
        if isinstance(item, str):
            parts.append(Part("plain", item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            href = item.get("href") if isinstance(item.get("href"), str) else None
            language = item.get("language") if isinstance(item.get("language"), str) else None
            parts.append(Part(str(item.get("type", "plain")), item["text"], href, language))
        else:
            problem = f"{where}: a part of its text is {kind_of(item)}, not text or an entity; skipped"
            raise DossierError(export.path, problem, line=line)
    return parts


def _photo(export: Export, message: dict, alt: str, notices: list[str]) -> Photo | None:
    """The message's photo when the export holds its file; a note, never a failure, when not."""
    value = message.get("photo")
    if not isinstance(value, str) or not value:
        return None
    number = message.get("id")
    where = f"{export.path}: " + (f"message {number}" if isinstance(number, int) else "a message without an id")
    if value.startswith(NOT_INCLUDED):
        notices.append(f"{where}: its photo was not included in the export; kept without it")
        return None
    if any(char < " " for char in value):  # a NUL is no file name: the file system refuses to look it up
        notices.append(f"{where}: its photo's path holds a control character; kept without it")
        return None
    folder = export.path.parent
    inside = posixpath.normpath(value)
    if inside == ".." or inside.startswith(("../", "/")) or not _file_within(folder / inside, folder):
        notices.append(f"{where}: its photo {value} is not in the export folder; kept without it")
        return None
    return Photo(file=posixpath.join(posixpath.dirname(export.seed), inside), alt=alt)


def _file_within(path: Path, folder: Path) -> bool:
    """A file in the folder, not one a link inside it points elsewhere to."""
    return path.is_file() and path.resolve().is_relative_to(folder.resolve())


def kind_of(value: object) -> str:
    """What a JSON value is, in a curator's words."""
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false", int: "a number", float: "a number"}
    return names.get(type(value), "null")
