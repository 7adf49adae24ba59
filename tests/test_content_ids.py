"""The ids documents take in content/, and reply links that follow them: a reply links to the post
it answers in its own export, even when ingestion renamed that post because another seed (the
same chat's other export) had its id first. tests/data/telegram_exports/channel/ holds one
channel's export as JSON and as HTML (two files, a reply of messages2.html answering a post of
messages.html)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.content import read_document
from dossier.content_ids import followed_reply
from dossier.ingest import ingest
from dossier.model import Document, Source
from tests.conftest import REPO
from tests.exports import message, write_export

CHANNEL = REPO / "tests" / "data" / "telegram_exports" / "channel"
STATEMENT = "2023-01-19-statement-at-the-forum-for-security-co-operation"
FOLLOW_UP = "2023-01-20-follow-up-on-the-forum-statement"


def _ingest(seeds: Path, content: Path) -> dict[str, Document]:
    report = ingest(seeds, content)
    assert report.problems == [], report.problems
    return {path.stem: read_document(path, path.name) for path in sorted(content.glob("*.md"))}


def _copy(folder: Path, files: dict[str, str]) -> None:
    """Files of the hand-written channel export, under new names: {name in folder: name in the export}."""
    folder.mkdir(parents=True)
    for name, original in files.items():
        shutil.copyfile(CHANNEL / original, folder / name)


def _replies(documents: dict[str, Document]) -> dict[str, tuple[str | None, str | None]]:
    """{replying document: (the document it answers, that document's seed)}."""
    return {
        id_: (document.source.reply_to, documents[document.source.reply_to].source.seed)
        for id_, document in documents.items()
        if document.source.reply_to
    }


def test_with_both_exports_of_a_chat_each_reply_links_within_its_own_export(tmp_path: Path) -> None:
    export = tmp_path / "seeds" / "ChatExport_2023-01-20"
    _copy(export, {name: name for name in ("messages.html", "messages2.html", "result.json")})
    documents = _ingest(tmp_path / "seeds", tmp_path / "content")
    html, json_export = "ChatExport_2023-01-20/messages.html", "ChatExport_2023-01-20/result.json"
    assert _replies(documents) == {
        "2023-01-19-reply-to-the-delegation-of-canada": (STATEMENT, html),
        FOLLOW_UP: (STATEMENT, html),  # from messages2.html into messages.html
        "2023-01-19-reply-to-the-delegation-of-canada-2": (f"{STATEMENT}-2", json_export),
        f"{FOLLOW_UP}-2": (f"{STATEMENT}-2", json_export),
    }


def test_a_reply_into_an_earlier_file_follows_the_id_that_file_took(tmp_path: Path) -> None:
    """Another export of the chat comes first: the HTML export's posts are the renamed ones."""
    _copy(tmp_path / "seeds" / "a-json", {"result.json": "result.json"})
    _copy(tmp_path / "seeds" / "b-html", {"messages.html": "messages.html", "messages2.html": "messages2.html"})
    documents = _ingest(tmp_path / "seeds", tmp_path / "content")
    assert documents[f"{FOLLOW_UP}-2"].source.seed == "b-html/messages2.html"
    assert _replies(documents)[f"{FOLLOW_UP}-2"] == (f"{STATEMENT}-2", "b-html/messages.html")
    manifest = json.loads((tmp_path / "content" / ".ingested.json").read_text(encoding="utf-8"))["seeds"]
    assert manifest["b-html/messages.html"]["renamed"][STATEMENT] == f"{STATEMENT}-2"
    assert set(manifest["b-html/messages2.html"]["reads"]) == {"b-html/messages.html"}


def test_a_chats_tenth_file_is_read_after_its_ninth_whose_posts_it_answers(tmp_path: Path) -> None:
    """messages10.html sorts before messages9.html by name, not by number: ids are given by number."""
    _copy(tmp_path / "seeds" / "a-json", {"result.json": "result.json"})
    html = tmp_path / "seeds" / "b-html"
    _copy(html, {"messages9.html": "messages.html"})
    (html / "messages10.html").write_text(
        (CHANNEL / "messages2.html").read_text(encoding="utf-8").replace('"messages.html#', '"messages9.html#'),
        encoding="utf-8",
    )
    documents = _ingest(tmp_path / "seeds", tmp_path / "content")
    assert _replies(documents)[f"{FOLLOW_UP}-2"] == (f"{STATEMENT}-2", "b-html/messages9.html")


def test_one_export_alone_keeps_its_ids_and_links_as_its_reader_gave_them(tmp_path: Path) -> None:
    export = tmp_path / "seeds" / "channel"
    _copy(export, {"messages.html": "messages.html", "messages2.html": "messages2.html"})
    documents = _ingest(tmp_path / "seeds", tmp_path / "content")
    assert _replies(documents) == {
        "2023-01-19-reply-to-the-delegation-of-canada": (STATEMENT, "channel/messages.html"),
        FOLLOW_UP: (STATEMENT, "channel/messages.html"),
    }
    manifest = json.loads((tmp_path / "content" / ".ingested.json").read_text(encoding="utf-8"))["seeds"]
    assert not any("renamed" in entry for entry in manifest.values())
    assert "reads" not in manifest["channel/messages.html"]


def test_a_reply_to_one_of_two_posts_alike_links_to_that_one_when_both_are_renamed(tmp_path: Path) -> None:
    briefing = "Briefing by the Spokeswoman\nOn current issues."
    posts = [
        message(1, briefing, date="2023-03-01T10:00:00"),
        message(2, briefing, date="2023-03-01T18:00:00"),
        message(3, "On the morning briefing\nA question from the press.", reply_to_message_id=1),
        message(4, "On the evening briefing\nA question from the press.", reply_to_message_id=2),
    ]
    write_export(tmp_path / "seeds" / "a-first", [message(7, briefing, date="2023-03-01T09:00:00")], name="Other")
    write_export(tmp_path / "seeds" / "b-second", posts)
    documents = _ingest(tmp_path / "seeds", tmp_path / "content")
    ids = {d.source.message: d.id for d in documents.values() if d.source.seed == "b-second/result.json"}
    # The reader told the two apart first (the second "-2"); the first export took the plain id.
    briefing_id = "2023-03-01-briefing-by-the-spokeswoman"
    assert (ids[1], ids[2]) == (f"{briefing_id}-2", f"{briefing_id}-2-2")
    assert (documents[ids[3]].source.reply_to, documents[ids[4]].source.reply_to) == (ids[1], ids[2])


def test_a_reply_follows_its_own_seeds_renames_or_those_of_the_seed_it_answers_into() -> None:
    def replying(reply_to: str | None) -> Document:
        return Document(id="reply", title="Reply", body="", source=Source(reply_to=reply_to))

    renamed_in = {"chat/messages.html": {"post": "post-3"}}.get
    assert followed_reply(replying(None), {"post": "post-2"}, {}, renamed_in) is None
    assert followed_reply(replying("post"), {"post": "post-2"}, {}, renamed_in) == "post-2"
    assert followed_reply(replying("other"), {"post": "post-2"}, {}, renamed_in) == "other"
    assert followed_reply(replying("post"), {}, {"reply": "chat/messages.html"}, renamed_in) == "post-3"


@settings(max_examples=15, deadline=None)
@given(st.permutations(["a", "b", "c"]), st.booleans())
def test_whatever_order_copies_of_a_chat_come_in_every_reply_stays_in_its_own_export(
    tmp_path_factory, names: list[str], one_folder: bool
) -> None:
    """Two HTML copies and a JSON copy of one chat, in folders that sort in any order (or the
    JSON beside the first HTML copy): each copy's replies link to posts of that copy."""
    root = tmp_path_factory.mktemp("dossier")
    html_files = {"messages.html": "messages.html", "messages2.html": "messages2.html"}
    _copy(root / "seeds" / names[0], html_files)
    _copy(root / "seeds" / names[1], html_files)
    if one_folder:
        shutil.copyfile(CHANNEL / "result.json", root / "seeds" / names[0] / "result.json")
    else:
        _copy(root / "seeds" / names[2], {"result.json": "result.json"})
    documents = _ingest(root / "seeds", root / "content")
    replies = _replies(documents)
    assert len(replies) == 6

    def export(seed: str) -> tuple[str, bool]:
        return seed.split("/")[0], seed.endswith(".json")

    for replying, (_, seed) in replies.items():
        assert export(seed) == export(documents[replying].source.seed)
