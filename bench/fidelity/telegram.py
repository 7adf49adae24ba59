"""A Telegram export measured against what it holds: its posts with text (each a document to
be), their senders in a chat, their code and preformatted text, their polls and hashtags.

What the export holds is read here on its own, simply and independently of Dossier's readers
(a post is a message with text or a poll; a sender is its "from", or in the HTML its from_name,
carried over to the "joined" messages after it), then compared with the documents a build makes
of the export through seed_cleaning.clean_seed.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field

import lxml.html
from markdown_it import MarkdownIt

from bench.fidelity.corpus import ExportCase
from bench.fidelity.scoring import word_tokens
from dossier.render import long_time
from dossier.seed_cleaning import CleanedDocument, clean_seed

CHANNEL_TYPES = {"public_channel", "private_channel"}
_HASHTAGS_ONLY = re.compile(r"(?:#\w+[\s,.;:·|]*)+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_VISIBLE = re.compile(r"[^\s\u200b-\u200d\u2060\ufeff]")
# A post is found among the documents when this share of its words is in one of them.
_FOUND_SHARE = 0.6
_MARKDOWN = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Post:
    """A post with text, as the export holds it."""

    number: int | None  # the message's id, where the export gives one
    text: str
    sender: str | None  # in a chat; a channel's posts have none
    code: tuple[str, ...] = ()  # its code and preformatted pieces
    poll: tuple[str, ...] = ()  # its question, then each answer
    chat: int = 0  # which chat of the export it is in: ids are a chat's own
    reply_to: int | None = None  # the id of the message it answers
    first_line_links: tuple[str, ...] = ()  # the web links of its text's first line
    edited: str | None = None  # when it was edited, where the export says it was


@dataclass
class ExportResult:
    case: ExportCase
    posts: list[Post]
    documents: list[CleanedDocument]
    problem: str | None = None
    kept: int = 0
    hashtag_titles: list[str] = field(default_factory=list)
    code_posts: int = 0
    code_shown: int = 0
    polls: int = 0
    polls_kept: int = 0
    sender_posts: int = 0
    senders_named: int = 0
    replies: int = 0  # posts answering another post of the export
    replies_linked: int = 0
    link_posts: int = 0  # posts whose first line holds a link
    links_kept: int = 0
    edits: int = 0  # posts the export says were edited
    edits_shown: int = 0
    edits_made_up: int = 0  # posts never edited whose document says they were
    one_liners: int = 0  # posts of one line of text
    one_liners_with_text: int = 0
    failures: list[str] = field(default_factory=list)


def measure_export(case: ExportCase) -> ExportResult:
    posts = posts_in(case.path)
    try:
        cleaned = clean_seed(case.path, case.path.parent)
    except Exception as error:  # a reader that crashes on a real export is a finding, not the end of the run
        return _crashed(case, posts, error)
    problem = cleaned.unreadable.message if cleaned.unreadable else None
    result = ExportResult(case, posts, cleaned.documents, problem)
    result.hashtag_titles = [item.document.title for item in cleaned.documents if is_hashtags_only(item.document.title)]
    found = [_document_of(post, cleaned.documents) for post in posts]
    by_id = {(post.chat, post.number): item for post, item in zip(posts, found, strict=True) if post.number is not None}
    for post, item in zip(posts, found, strict=True):
        _score_post(result, post, item)
        _score_links(result, post, item, by_id)
    return result


def _crashed(case: ExportCase, posts: list[Post], error: Exception) -> ExportResult:
    result = ExportResult(case, posts, [], problem=f"the build crashed: {type(error).__name__}: {error}")
    for post in posts:
        _score_post(result, post, None)
    return result


def _score_post(result: ExportResult, post: Post, found: CleanedDocument | None) -> None:
    where = f"message {post.number}" if post.number is not None else f"“{_opening(post.text)}”"
    result.kept += found is not None
    if found is None:
        result.failures.append(f"{where}: no document")
    if post.code:
        result.code_posts += 1
        shown = found is not None and all(shown_as_code(found.text, piece) for piece in post.code)
        result.code_shown += shown
        if found is not None and not shown:
            result.failures.append(f"{where}: code not shown as code")
    if post.poll:
        result.polls += 1
        kept = found is not None and all(_spaced(piece) in _spaced(found.text) for piece in post.poll)
        result.polls_kept += kept
        if found is not None and not kept:
            result.failures.append(f"{where}: poll lost")
    if post.sender:
        result.sender_posts += 1
        named = found is not None and _spaced(found.document.source.sender or "") == _spaced(post.sender)
        result.senders_named += named
        if found is not None and not named:
            result.failures.append(f"{where}: sender {found.document.source.sender!r}, not {post.sender!r}")


def _score_links(result: ExportResult, post: Post, found: CleanedDocument | None, documents: dict) -> None:
    """What ties a post to others and to the web, and when it was edited: its reply's link, the
    link on its first line, its edit time shown as a date and time (and none made up), and the
    text of a post of one line."""
    where = f"message {post.number}" if post.number is not None else f"“{_opening(post.text)}”"
    target = documents.get((post.chat, post.reply_to)) if post.reply_to is not None else None
    if target is not None:
        result.replies += 1
        linked = found is not None and found.document.source.reply_to == target.document.id
        result.replies_linked += linked
        if found is not None and not linked:
            result.failures.append(f"{where}: its reply to message {post.reply_to} not linked")
    if post.first_line_links:
        result.link_posts += 1
        kept = found is not None and any(_link_kept(found, href) for href in post.first_line_links)
        result.links_kept += kept
        if found is not None and not kept:
            result.failures.append(f"{where}: the link on its first line lost")
    edited = found.document.source.edited if found is not None else None
    if post.edited:
        result.edits += 1
        shown = edited == post.edited and long_time(edited) != edited
        result.edits_shown += shown
        if found is not None and not shown:
            result.failures.append(f"{where}: edited {post.edited}, shown {edited!r}")
    elif edited:
        result.edits_made_up += 1
        result.failures.append(f"{where}: never edited, shown as edited {edited}")
    if len(post.text.splitlines()) == 1 and not post.poll:
        result.one_liners += 1
        result.one_liners_with_text += found is not None and bool(found.document.body.strip())


def _link_kept(found: CleanedDocument, href: str) -> bool:
    """The link is the document's link to its original, or a link in its body."""
    return found.document.source.link == href or f"]({href})" in found.document.body


def is_hashtags_only(title: str) -> bool:
    """A title that is hashtags alone ("#OSCE #Vienna") names no subject a reader can scan."""
    return bool(_HASHTAGS_ONLY.fullmatch(title.strip()))


def shown_as_code(markdown: str, code: str) -> bool:
    """Whether the Markdown shows the piece of code as code: inside a code span or block, as
    markdown-it reads it (the piece's lines and spacing compared loosely)."""
    wanted = _spaced(code)
    return any(wanted in _spaced(content) for content in _code_contents(_MARKDOWN.parse(markdown)))


def _code_contents(tokens) -> list[str]:
    contents = []
    for token in tokens:
        if token.type in ("fence", "code_block", "code_inline"):
            contents.append(token.content)
        contents += _code_contents(token.children or [])
    return contents


def _document_of(post: Post, documents: list[CleanedDocument]) -> CleanedDocument | None:
    """The document made of the post: the one of its message where both tell their id, else
    the one holding most of its words."""
    for item in documents:
        if post.number is not None and item.document.source.message == post.number:
            return item
    wanted = word_tokens(post.text)
    if not wanted:
        return None
    best, share = None, 0.0
    for item in documents:
        got = word_tokens(f"{item.document.title}\n{item.text}")
        found = sum((wanted & got).values()) / sum(wanted.values())
        if found > share:
            best, share = item, found
    return best if share >= _FOUND_SHARE else None


def posts_in(path) -> list[Post]:
    if path.name == "messages.html":
        return _html_posts(path.read_bytes())
    return _json_posts(json.loads(path.read_text(encoding="utf-8")))


def _json_posts(top: dict) -> list[Post]:
    """A chat export's messages, or each chat's of a whole account's export ("chats": {"list"})."""
    chats = top.get("chats", {}).get("list", []) if "messages" not in top else [top]
    posts = []
    for number, chat in enumerate(chats):
        group = chat.get("type") not in CHANNEL_TYPES
        posts += [post for message in chat.get("messages", []) if (post := _json_post(message, group, number))]
    return posts


def _json_post(message: dict, group: bool, chat: int = 0) -> Post | None:
    if message.get("type") != "message":
        return None
    text = message.get("text", "")
    parts = [text] if isinstance(text, str) else text
    plain = "".join(part if isinstance(part, str) else part.get("text", "") for part in parts)
    code = tuple(part["text"] for part in parts if isinstance(part, dict) and part.get("type") in ("code", "pre"))
    poll = message.get("poll") or {}
    pieces = (poll.get("question", ""), *(answer.get("text", "") for answer in poll.get("answers", [])))
    poll_text = tuple(piece for piece in pieces if piece.strip()) if poll else ()
    if not plain.strip() and not poll_text:
        return None
    sender = message.get("from") if group and isinstance(message.get("from"), str) else None
    number = message.get("id") if isinstance(message.get("id"), int) else None
    reply_to = message.get("reply_to_message_id") if isinstance(message.get("reply_to_message_id"), int) else None
    text = plain.strip() or " ".join(poll_text)
    return Post(number, text, sender, code, poll_text, chat, reply_to, _json_first_line_links(parts), _edit(message))


def _json_first_line_links(parts: list) -> tuple[str, ...]:
    """The web links of the text's first line that shows something: a link whose text shows
    nothing (zero-width spaces) on a line of its own above it counts as on it."""
    links, seen_text = [], False
    for part in parts:
        text = part if isinstance(part, str) else part.get("text", "")
        kind = part.get("type") if isinstance(part, dict) else None
        href = part.get("href") if kind == "text_link" else text if kind == "link" else None
        if isinstance(href, str) and href.startswith("http"):
            links.append(href)
        for index, segment in enumerate(text.split("\n")):
            if index and seen_text:
                return tuple(links)
            seen_text = seen_text or bool(_VISIBLE.search(segment))
    return tuple(links)


def _edit(message: dict) -> str | None:
    """The time an export says the message was edited. Older exports wrote the Unix epoch in
    local time ("1970-01-01T05:00:00") on every message never edited: no edit before the post."""
    edited, posted = message.get("edited"), message.get("date")
    if not isinstance(edited, str) or (isinstance(posted, str) and edited < posted):
        return None
    return edited


def _html_posts(data: bytes) -> list[Post]:
    """The HTML does not say whether it is a chat or a channel: a chat is where more than one
    sender writes; a channel's posts all bear its one name, and are the channel's."""
    page = lxml.html.fromstring(data)
    posts, sender = [], None
    for message in page.xpath('//div[contains(@class, "message") and contains(@class, "default")]'):
        body = message.xpath('./div[@class="body"]')
        names = body[0].xpath('./div[@class="from_name"]') if body else []
        if names:
            sender = _text_of(names)
        elif "joined" not in message.get("class", "").split():
            sender = None  # a message that is not "joined" to the one before names its own sender
        text = message.xpath('.//div[@class="text"]')
        poll = message.xpath('.//div[@class="media_poll"]')
        pieces = _poll_pieces(poll[0]) if poll else ()
        plain = _text_of(text)
        if not plain and not pieces:
            continue
        code = tuple(element.text_content() for element in text[0].xpath(".//pre|.//code")) if text else ()
        number = message.get("id", "").removeprefix("message")
        replying = message.xpath('.//div[contains(@class, "reply_to")]/a/@href')
        reply_to = replying[0].removeprefix("#go_to_message") if replying else ""
        post = Post(int(number) if number.isdigit() else None, plain or " ".join(pieces), sender, code, pieces)
        links = _html_first_line_links(text[0]) if text else ()
        reply = int(reply_to) if reply_to.isdigit() else None
        posts.append(dataclasses.replace(post, reply_to=reply, first_line_links=links))
    if len({post.sender for post in posts}) > 1:
        return posts
    return [dataclasses.replace(post, sender=None) for post in posts]


def _html_first_line_links(text) -> tuple[str, ...]:
    """The web links before the text's first line break that follows something shown."""
    links, seen_text = [], bool(_VISIBLE.search(text.text or ""))
    for node in text.iterdescendants():
        if node.tag == "br" and seen_text:
            break
        if node.tag == "a" and node.get("href", "").startswith("http"):
            links.append(node.get("href"))
        seen_text = seen_text or bool(_VISIBLE.search((node.text or "") + (node.tail or "")))
    return tuple(links)


def _poll_pieces(poll) -> tuple[str, ...]:
    question = _text_of(poll.xpath('./div[contains(@class, "question")]'))
    answers = []
    for answer in poll.xpath('./div[@class="answer"]'):
        for votes in answer.xpath('.//span[contains(@class, "details")]'):
            votes.drop_tree()
        answers.append(_spaced(answer.text_content()).removeprefix("- "))
    return tuple(piece for piece in (question, *answers) if piece)


def _text_of(elements) -> str:
    return _spaced(elements[0].text_content()) if elements else ""


def _spaced(text: str) -> str:
    """Text compared loosely: control characters gone, runs of white space one space."""
    return " ".join(_CONTROL.sub("", text).split())


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:6]) + (" …" if len(words) > 6 else "")
