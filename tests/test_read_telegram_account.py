"""A whole account's Telegram export ("Export Telegram data"): every chat in it read as a chat's own
export is, each its own channel or group; what the export holds of its own (its table of contents,
lists, style, scripts, icons, the account's pictures) never a seed, and never named as bad input.
tests/data/telegram_exports/account/ holds the account's own pages, written by hand in the export's
shape; its chats' pages are the single-chat exports' pages, laid out as an account's export lays them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dossier.readers import reader_for, saved_page, telegram, telegram_html
from tests.conftest import REPO, run_build_here
from tests.exports import CHANNEL, message, png, service

EXPORTS = REPO / "tests" / "data" / "telegram_exports"
ABOUT = "Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data."


def _chat(name: str | None, kind: str, number: int, messages: list) -> dict:
    """A chat as an account's result.json lists it: a saved-messages chat has no name."""
    chat = {"name": name} if name is not None else {}
    return chat | {"type": kind, "id": number, "messages": messages}


def _account_json(root: Path, chats: list[dict], left: list[dict] = ()) -> Path:
    """root/result.json of a whole account, as the export writes it (indented, one key a line)."""
    account = {
        "about": ABOUT,
        "personal_information": {"user_id": 5551234, "first_name": "Anna", "last_name": "Kovaleva", "bio": ""},
        "contacts": {"about": "This is your contact list.", "list": [{"first_name": "Boris", "date": "2022-05-01"}]},
        "frequent_contacts": {"about": "Frequent contacts.", "list": []},
        "chats": {"about": "This page lists all chats from this export.", "list": chats},
    }
    if left:
        account["left_chats"] = {"about": "Chats you left.", "list": list(left)}
    root.mkdir(parents=True, exist_ok=True)
    (root / "result.json").write_text(json.dumps(account, ensure_ascii=False, indent=1), encoding="utf-8")
    return root / "result.json"


def _account_chats() -> tuple[list[dict], list[dict]]:
    channel = [
        service(1, "create_channel"),
        message(2, "Statement of the delegation\nThe Forum met in Vienna.", photo="chats/chat_1/photos/p.jpg"),
        message(3, "Follow-up\nOn the statement of the delegation.", reply_to_message_id=2),
    ]
    group = [
        message(2, "Agenda of the week\nThe ministers will meet.", **{"from": "Anna K."}),
        message(4, "Thank you for the agenda\nNoted by the group.", reply_to_message_id=2, **{"from": "Boris P."}),
    ]
    saved = [message(9, "A note to myself\nRead the statement again.", **{"from": "Anna K."})]
    left = [message(2, "Old announcement\nFrom a channel since left.", **{"from": "Old News"})]
    chats = [
        _chat(CHANNEL, "public_channel", 1357, channel),
        _chat("Working group", "private_supergroup", 2468, group),
        _chat(None, "saved_messages", 5551234, saved),
    ]
    return chats, [_chat("Old News", "private_channel", 999, left)]


def test_every_chat_of_an_accounts_json_export_is_read_as_its_own_channel_or_group(tmp_path: Path) -> None:
    chats, left = _account_chats()
    result = _account_json(tmp_path / "export", chats, left)
    (tmp_path / "export" / "chats" / "chat_1" / "photos").mkdir(parents=True)
    (tmp_path / "export" / "chats" / "chat_1" / "photos" / "p.jpg").write_bytes(png())
    reading = telegram.read(result, "export/result.json")
    assert reading.problems == [] and reading.skipped == 1
    posts = [(d.source.channel, d.source.message, d.source.sender, d.title) for d in reading.documents]
    assert posts == [
        ("Russia in OSCE/Россия в ОБСЕ", 2, None, "Statement of the delegation"),
        ("Russia in OSCE/Россия в ОБСЕ", 3, None, "Follow-up"),
        ("Working group", 2, "Anna K.", "Agenda of the week"),
        ("Working group", 4, "Boris P.", "Thank you for the agenda"),
        (None, 9, "Anna K.", "A note to myself"),
        ("Old News", 2, None, "Old announcement"),
    ]
    statement, follow_up, agenda, thanks, *_ = reading.documents
    assert [photo.file for photo in statement.photos] == ["export/chats/chat_1/photos/p.jpg"]
    assert (follow_up.source.reply_to, thanks.source.reply_to) == (statement.id, agenda.id), "each within its chat"
    lines = result.read_text(encoding="utf-8").split("\n")
    for document in reading.documents:
        span = "\n".join(lines[document.source.first_line - 1 : document.source.last_line])
        assert json.loads(span.rstrip().removesuffix(","))["id"] == document.source.message


def test_a_chat_of_an_account_without_messages_is_named_and_the_others_read(tmp_path: Path) -> None:
    chats, _ = _account_chats()
    broken = {"name": "Broken", "type": "personal_chat", "id": 1}
    result = _account_json(tmp_path / "export", [chats[1], broken])
    reading = telegram.read(result, "export/result.json")
    assert [d.source.channel for d in reading.documents] == ["Working group", "Working group"]
    (problem,) = reading.problems
    assert str(problem) == f'{result}:{problem.line}: chat 2 of "chats" has no list of messages; skipped'
    assert '"name": "Broken"' in result.read_text(encoding="utf-8").split("\n")[problem.line]


def test_an_accounts_json_export_builds_without_its_own_files_as_seeds(tmp_path: Path) -> None:
    chats, left = _account_chats()
    root = tmp_path / "seeds" / "Telegram Desktop" / "DataExport_2023-02-01"
    _account_json(root, chats, left)
    for folder, name, data in [
        ("chats/chat_1/photos", "p.jpg", png()),
        ("profile_pictures", "photo_1@01-02-2023_10-00-00.jpg", png()),
        ("lists", "other_data.json", b'{"about": "Other data", "changes_allowed_by": []}'),
        ("stories", "story_1.jpg", png()),
    ]:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_bytes(data)
    result = run_build_here(
        "build", "--seeds", tmp_path / "seeds", "--content", tmp_path / "c", "--out", tmp_path / "s"
    )
    assert result.returncode == 0 and "Skipped" not in result.stdout, result.stdout + result.stderr
    assert "Seeds: 1 read, 6 documents" in result.stdout
    assert "Telegram JSON 6" in result.stdout


def _account_html(root: Path) -> Path:
    """An account's HTML export: its own pages and folders, and two chats in chats/chat_1/ and
    chat_2/, their pages those of the single-chat exports, linking to the account's css/ and js/
    and back to its list of chats as the export's pages do."""
    shutil.copytree(EXPORTS / "account", root)
    for folder, name in [("css", "style.css"), ("js", "script.js"), ("images", "back.png")]:
        (root / folder).mkdir()
        (root / folder / name).write_bytes(png() if name.endswith(".png") else b"/* the export's */\n")
    for number, case in [(1, "plain"), (2, "channel")]:
        chat = root / "chats" / f"chat_{number}"
        (chat / "photos").mkdir(parents=True)
        for page in sorted((EXPORTS / case).glob("messages*.html")):
            text = page.read_text(encoding="utf-8")
            text = text.replace('href="css/', 'href="../../css/').replace('src="js/', 'src="../../js/')
            text = text.replace('"photos/', f'"../../chats/chat_{number}/photos/')
            text = text.replace(
                '<div class="content">\n\n     <div class="text bold">',
                '<a class="content block_link" href="../../lists/chats.html" onclick="return GoBack(this)">\n\n'
                '     <div class="text bold">',
            )
            (chat / page.name).write_text(text, encoding="utf-8")
        for photo in ["photo_1@19-01-2023_10-00-00.jpg", "photo_2@19-01-2023_10-00-00.jpg"]:
            (chat / "photos" / photo).write_bytes(png())
    return root


def test_an_accounts_html_export_reads_each_chats_pages_and_skips_its_own_quietly(tmp_path: Path) -> None:
    root = _account_html(tmp_path / "seeds" / "DataExport_2023-02-01")
    assert reader_for(root / "export_results.html") is telegram_html
    assert reader_for(root / "chats" / "chat_2" / "messages2.html") is telegram_html
    result = run_build_here(
        "build", "--seeds", tmp_path / "seeds", "--content", tmp_path / "c", "--out", tmp_path / "s"
    )
    assert result.returncode == 0 and "Skipped" not in result.stdout, result.stdout + result.stderr
    assert "Telegram HTML 10" in result.stdout, result.stdout
    assert "saved page 0" in result.stdout and "text 0" in result.stdout
    for asset in ["style.css", "script.js", "back.png", "chats.html", "photo_1@"]:
        assert asset not in result.stdout, asset
    note = f"note: {root / 'export_results.html'}: the “Exported Data” page of a Telegram export, which holds no"
    assert note in result.stdout
    documents = json.loads((tmp_path / "s" / "dossier.json").read_text("utf-8"))["documents"]
    assert {d["title"] for d in documents} >= {"Consultations in Minsk", "Follow-up on the Forum statement"}
    assert "Exported Data" not in {d["title"] for d in documents}
    album = (tmp_path / "c" / "2023-01-19-the-delegation-in-vienna.md").read_text(encoding="utf-8")
    assert "DataExport_2023-02-01/chats/chat_2/photos/photo_1@19-01-2023_10-00-00.jpg" in album


def test_a_chats_page_in_an_account_reads_as_the_same_page_of_a_chats_own_export(tmp_path: Path) -> None:
    root = _account_html(tmp_path / "account")
    own = EXPORTS / "channel"
    for name in ["messages.html", "messages2.html"]:
        in_account = telegram_html.read(root / "chats" / "chat_2" / name, f"x/{name}").documents
        alone = telegram_html.read(own / name, f"x/{name}").documents
        assert [(d.id, d.title, d.source.reply_to, d.source.channel) for d in in_account] == [
            (d.id, d.title, d.source.reply_to, d.source.channel) for d in alone
        ]


def test_a_page_with_the_frame_but_neither_history_nor_the_exports_title_is_a_saved_page(tmp_path: Path) -> None:
    page = tmp_path / "export_results.html"
    page.write_text('<html><body><div class="page_wrap"><div class="page_header">Exported Data</div>', "utf-8")
    assert reader_for(page) is saved_page
    assert telegram.companions(tmp_path / "nothing.json") == []


def test_a_chats_own_export_claims_no_account_folders_beside_it(tmp_path: Path) -> None:
    export = tmp_path / "ChatExport_2023-01-20"
    shutil.copytree(EXPORTS / "plain", export)
    claimed = {path.name for path in telegram_html.companions(export / "messages.html")}
    assert {"photos", "css", "js", "images"} <= claimed and not claimed & {"lists", "stories", "chats"}
    assert {path.name for path in telegram.companions(export / "result.json")} >= {"photos", "files"}
    assert "lists" not in {path.name for path in telegram.companions(export / "result.json")}
