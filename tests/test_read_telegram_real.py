"""Real Telegram Desktop exports from public repositories (tests/data/real/telegram/, origins and
licences in tests/data/real/SOURCES.md), read by both Telegram readers."""

from __future__ import annotations

from pathlib import Path

from dossier.readers import reader_for, telegram, telegram_html
from tests.conftest import REPO

REAL = REPO / "tests" / "data" / "real" / "telegram"


def _posts(path: Path) -> list[tuple]:
    reading = reader_for(path).read(path, f"{path.parent.name}/{path.name}")
    assert reading.problems == []
    return [(d.source.message, d.date, d.source.sender, d.title, d.body) for d in reading.documents]


def test_langchains_chat_reads_alike_from_its_html_and_its_json_export() -> None:
    html, json = REAL / "langchain-chat-html" / "messages.html", REAL / "langchain-chat-json" / "result.json"
    assert (reader_for(html), reader_for(json)) == (telegram_html, telegram)
    assert _posts(html) == _posts(json)
    assert [sender for _, _, sender, _, _ in _posts(html)] == [
        "Jimmeny Marvelton",
        "Batman & Robin",
        "Jimmeny Marvelton",
        "Jimmeny Marvelton",  # a "joined" message: no name of its own
    ]


def test_an_export_whose_messages_have_no_id_and_only_their_moment_gives_posts_dated_in_utc() -> None:
    path = REAL / "chat-miner-single" / "result.json"
    posts = _posts(path)
    assert [(message, date, sender, title) for message, date, sender, title, _ in posts] == [
        (None, "2018-12-05", "Author 1", "Minimal Message"),
        (None, "2018-12-05", "Author 2", "Link:https://telegram.org/"),
    ]
    (first, _) = telegram.read(path, "chat-miner-single/result.json").documents
    assert first.source.dateline.endswith("in UTC: the export does not give its local time")


def test_a_personal_chats_reply_links_to_the_post_it_answers() -> None:
    path = REAL / "tg-parser-personal" / "result.json"
    documents = telegram.read(path, "tg-parser-personal/result.json").documents
    reply = next(document for document in documents if document.source.reply_to)
    assert reply.title == "Got it!" and reply.source.reply_to in {document.id for document in documents}


def test_a_whole_accounts_export_gives_each_chats_posts() -> None:
    posts = _posts(REAL / "chat-miner-account" / "result.json")
    assert [(message, date, sender, title) for message, date, sender, title, _ in posts] == [
        (None, "2018-12-05", "Author 1", "Minimal Message"),
        (None, "2018-12-05", "Author 2", "Link:https://telegram.org/"),
    ]
    reading = telegram.read(REAL / "chat-miner-account" / "result.json", "chat-miner-account/result.json")
    assert {document.source.channel for document in reading.documents} == {"Chatname"}
