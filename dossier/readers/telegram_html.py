"""Telegram Desktop's "Export chat history" in its HTML form: a folder ChatExport_<date>/ holding
messages.html, and for a long chat messages2.html, messages3.html, ... (a thousand messages each,
the same chat), with css/, js/, images/ and photos/ beside them.

<div class="page_wrap">
 <div class="page_header">...<div class="text bold">Russia in OSCE</div>...</div>
 <div class="page_body chat_page"><div class="history">
  <div class="message service" id="message-1"><div class="body details">3 February 2022</div></div>  <- a day's heading
  <div class="message service" id="message40"><div class="body details">Anna pinned ...</div></div>  <- skipped
  <div class="message default clearfix" id="message42">
   <div class="body">
    <div class="pull_right date details" title="03.02.2022 14:05:01 UTC+03:00">14:05</div>   <- local time
    <div class="from_name">Anna K.</div>            <- absent in a "joined" message: the previous one's sender
    <div class="forwarded body">                    <- a forwarded message's own parts are inside
     <div class="from_name">Russian MFA <span class="date details" ...>...</span></div>
     <div class="reply_to details">In reply to <a href="#go_to_message41" ...>this message</a></div>
     <div class="media_wrap clearfix"><a class="photo_wrap clearfix pull_left" href="photos/...jpg">...</a></div>
     <div class="text">Lodz<br><strong>Key points</strong> <a href="" onclick="return ShowHashtag(...)">#OSCE</a></div>

Each message is read into the shape result.json holds it in, and made a post by telegram_posts.py
as the JSON export's are, so both formats give the same documents. What the HTML lacks: the chat's
type (a chat is a group when a message's sender is not the chat itself), when a post was edited,
and the language of a preformatted block.

Each messagesN.html is a seed of its own. A reply to a message in another of them names that
file, which is then read too, to link the reply to its post.

A whole account's export holds a chat's pages in chats/chat_001/ and so on, read alike, and pages
of its own with the same frame and no history: its table of contents (export_results.html) and
its lists (lists/contacts.html, ...). Those are the export's, as its css/ and images/ are: no
documents, and nothing wrong (telegram_folders.py shows the folders).
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from dossier.model import DossierError, SourceText
from dossier.readers.reading import Reading
from dossier.readers.telegram_folders import account_folders, chat_page_folders
from dossier.readers.telegram_html_text import message_text, poll
from dossier.readers.telegram_posts import NOT_INCLUDED, Message, export_of, read_posts
from dossier.readers.text import read_text_seed

FORMAT = "Telegram HTML"

# What an HTML export's first bytes hold, whatever the chat: Telegram Desktop's page frame.
_FRAME = (b'class="page_wrap"', b'class="page_header"')
_HISTORY = b'class="history"'
# The title every page of an export has: a page with it and no history is the export's own.
_EXPORT_TITLE = "Exported Data"
_HEAD_BYTES = 4096
# "03.02.2022 14:05:01 UTC+03:00": local time, then its offset (written since 2022; before, none).
_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC[+-]\d{2}:\d{2})?")
# A reply's link: "#go_to_message41" in the same file, "messages2.html#go_to_message41" in another.
_REPLY_LINK = re.compile(r"(messages\d*\.html)?#go_to_message(\d+)")
_VIA_BOT = re.compile(r"\s+via @\w+$")
# Where a message starts, as the export writes it: a line of its own.
_MESSAGE_START = re.compile(r'<div class="message[^"]*" id="message(-?\d{1,18})"')


def recognises(path: Path, head: bytes) -> bool:
    """Told by the page's frame, whatever the file is called: a chat's page, with its history,
    or a page of the export's own."""
    title = f"<title>{_EXPORT_TITLE}</title>".encode()
    return all(marker in head for marker in _FRAME) and (_HISTORY in head or title in head)


def companions(path: Path) -> list[Path]:
    """Beside a chat's page, its media and the pages' style, script and icons (and, in an
    account's export, what the account holds of its own); beside a page of the export's own,
    what the account holds of its own, and every chat's media."""
    try:
        with path.open("rb") as file:
            is_chat = _HISTORY in file.read(_HEAD_BYTES)
    except OSError:
        return []
    return chat_page_folders(path) if is_chat else account_folders(path.parent)


def raw_text(path: Path, seed: str) -> SourceText:
    """The raw view shows messages.html itself, escaped: each post's lines are its message's."""
    return read_text_seed(path, seed)


def read(path: Path, seed: str) -> Reading:
    source = read_text_seed(path, seed)
    page = _page(path, source.text)
    if page.find(".//div[@class='history']") is None and _title(page) == _EXPORT_TITLE:
        what = _header(page) or _EXPORT_TITLE
        note = f"{path}: the “{what}” page of a Telegram export, which holds no messages (each chat's are read"
        return Reading([], notices=[f"{note} from its own pages); nothing to read"])
    name, messages, reply_files = _chat(path, page, source.text)
    group = any(_sender_is_not(message.data, name) for message in messages)
    export = export_of(path, seed, name, group)
    reading = Reading([], notices=[str(note) for note in source.notes], raw_text=source.text)
    if not source.text.rstrip().endswith("</html>"):  # Telegram Desktop always closes the page
        last = source.text.rstrip().count("\n") + 1
        problem = "ends before the page does (cut short?); the messages before the cut are kept"
        reading.problems.append(DossierError(path, problem, line=last))
    read_files: dict[str, dict[int, str]] = {}
    by_message = read_posts(export, messages, reading, _replies_elsewhere(path, reply_files, read_files))
    _tell_what_was_read_with(reading, seed, reply_files, by_message, read_files)
    return reading


def _page(path: Path, text: str):
    """The page's tree; a DossierError when lxml makes none of it."""
    try:
        root = etree.fromstring(text.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    except etree.LxmlError as error:
        raise DossierError(path, f"HTML that cannot be parsed ({error}); skipped") from None
    if root is None:
        raise DossierError(path, "an HTML page, but not a Telegram chat export: no history of messages; skipped")
    return root


def _title(page) -> str | None:
    title = page.find(".//head/title")
    return " ".join("".join(title.itertext()).split()) if title is not None else None


def _header(page) -> str | None:
    """What the page's header says: a chat's name, or the export page's ("Contacts")."""
    header = page.find(".//div[@class='page_header']//div[@class='text bold']")
    return (" ".join("".join(header.itertext()).split()) or None) if header is not None else None


def _chat(path: Path, page, text: str) -> tuple[str | None, list[Message], dict[int, str]]:
    """The chat's name, its messages (each in result.json's shape, with its lines) and, for each
    message replying to one in another file of the export, that file's name."""
    history = page.find(".//div[@class='history']")
    if history is None:
        raise DossierError(path, "an HTML page, but not a Telegram chat export: no history of messages; skipped")
    name = _header(page)
    messages: list[Message] = []
    reply_files: dict[int, str] = {}
    previous: dict = {}
    starts = _start_lines(text)
    for element in history.iterchildren("div"):
        number = _number(element.get("id", ""))
        if "message" not in _classes(element) or (number is not None and number < 0):
            continue  # a day's heading, "No exported messages", anything that is no message
        data = _message(element, number, previous)
        if data.get("type") == "message":
            previous = data
        if isinstance(data.get("photo"), str):
            data["photo"] = _from_folder(path.parent, data["photo"])
        link = _reply_link(element)
        if link and link.group(1) and isinstance(number, int):
            reply_files[number] = link.group(1)
        start = starts.get(number) or element.sourceline
        messages.append(Message(data, (start, start + "".join(element.itertext()).count("\n"))))
    return name, messages, reply_files


def _message(element, number: int | None, previous: dict) -> dict:
    """One message as result.json holds it. A "joined" message shows neither its sender nor (when
    forwarded) where from: both are the previous message's."""
    if "service" in _classes(element):
        return {"id": number, "type": "service"}
    body = _child(element, "body")
    if body is None:
        return {"id": number, "type": "message", "text": ""}
    data: dict = {"id": number, "type": "message"}
    date = _child(body, "date")
    if date is not None:
        data["date"] = _local_time(date.get("title", ""))
    sender = _child(body, "from_name")
    data["from"] = _name(sender) if sender is not None else previous.get("from")
    content = body
    forwarded = _child(body, "forwarded", "body")
    if forwarded is not None:
        origin = _child(forwarded, "from_name")
        data["forwarded_from"] = _name(origin) if origin is not None else previous.get("forwarded_from")
        content = forwarded
    reply = _reply_link(element)
    if reply:
        data["reply_to_message_id"] = int(reply.group(2))
    media = _child(content, "media_wrap")
    if media is not None:
        data |= _media(media)
    text = _child(content, "text")
    data["text"] = message_text(text) if text is not None else ""
    return data


def _media(media) -> dict:
    """A photo's path (or that the export left it out), or a poll; other media are not read."""
    photo = media.find(".//a[@href]")
    if photo is not None and "photo_wrap" in _classes(photo):
        return {"photo": photo.get("href")}
    generic = next((e for e in media.iter("a", "div") if "media_photo" in _classes(e)), None)
    title = generic.find(".//div[@class='title bold']") if generic is not None else None
    if title is not None and "".join(title.itertext()).strip() == "Photo":  # not a sticker drawn as one
        return {"photo": generic.get("href") or NOT_INCLUDED}
    question = next((e for e in media.iter("div") if "media_poll" in _classes(e)), None)
    return {"poll": poll(question)} if question is not None else {}


def _local_time(title: str) -> str:
    """ "03.02.2022 14:05:01 UTC+03:00" as result.json writes it, "2022-02-03T14:05:01"; a title
    that is no date as it is, for the post to be reported."""
    match = _DATE.fullmatch(title.strip())
    if not match:
        return title
    day, month, year, hour, minute, second = map(int, match.groups())
    try:
        return datetime.datetime(year, month, day, hour, minute, second).isoformat()
    except ValueError:
        return title


def _name(element) -> str:
    """A sender's name, without the forward's date beside it or the bot it was sent via."""
    words = " ".join((element.text or "").split())
    return _VIA_BOT.sub("", words)


def _sender_is_not(data: object, chat: str | None) -> bool:
    """A message sent by someone other than the chat itself: a channel's posts are all the channel's."""
    sender = data.get("from") if isinstance(data, dict) else None
    return isinstance(sender, str) and sender != chat


def _reply_link(element) -> re.Match | None:
    """Where a reply's link leads: the message (group 2) and, when another file of the export
    holds it, that file (group 1). "In reply to a message in another chat" has no link."""
    links = element.xpath(".//div[contains(concat(' ', @class, ' '), ' reply_to ')]/a/@href")
    return _REPLY_LINK.fullmatch(links[0]) if links else None


def _replies_elsewhere(
    path: Path, reply_files: dict[int, str], read_files: dict[str, dict[int, str]]
) -> Callable[[dict], str | None]:
    """What finds the post a message answers in another file of the export: that file is read
    once, the first time a reply needs it, and kept in read_files."""

    def find(message: dict) -> str | None:
        file = reply_files.get(message.get("id"))
        if file is None:
            return None
        if file not in read_files:
            read_files[file] = _posts_by_message(path.parent / file)
        return read_files[file].get(message["reply_to_message_id"])

    return find


def _tell_what_was_read_with(
    reading: Reading, seed: str, reply_files: dict[int, str], by_message: dict[int, str], read_files: dict
) -> None:
    """The other files of the export this one was read with, as seeds, and each post whose reply
    leads into one of them: ingestion reads this file again when they change, and links the
    reply to the id it gives the post answered."""
    folder = posixpath.dirname(seed)
    reading.read_with = {posixpath.join(folder, file) for file in read_files}
    replying = {document.id for document in reading.documents if document.source.reply_to}
    for number, file in reply_files.items():
        if by_message.get(number) in replying:
            reading.replies_into[by_message[number]] = posixpath.join(folder, file)


def _posts_by_message(path: Path) -> dict[int, str]:
    """The document id of each message of another file of the export; none when it can't be read."""
    try:
        source = read_text_seed(path, path.name)
        name, messages, _ = _chat(path, _page(path, source.text), source.text)
    except (DossierError, OSError):
        return {}
    group = any(_sender_is_not(message.data, name) for message in messages)
    return read_posts(export_of(path, path.name, name, group), messages, Reading([]))


def _number(identifier: str) -> int | None:
    """42 of "message42" (a day's heading is "message-1")."""
    digits = identifier.removeprefix("message")
    return int(digits) if re.fullmatch(r"-?\d{1,18}", digits) else None


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _child(element, *classes: str):
    """The first child element that has all of these classes; None when none has."""
    return next((child for child in element.iterchildren("div") if _classes(child) >= set(classes)), None)


def _start_lines(text: str) -> dict[int, int]:
    """The line each message starts on, by its id. lxml counts lines up to 65,535 only, and a file
    of a thousand messages can hold more; a message ends as many lines on as its text holds breaks."""
    starts, line, counted = {}, 1, 0
    for match in _MESSAGE_START.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        starts.setdefault(int(match.group(1)), line)
    return starts


def _from_folder(folder: Path, href: str) -> str:
    """A photo's link as a path from the file's folder. A chat's page in a whole account's export
    links from the export's top (../../chats/chat_001/photos/...), back into the same folder."""
    if not href.startswith("../"):
        return href
    try:
        return (folder / href).resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return href  # out of the folder: reported as such
