"""Telegram Desktop's HTML export (messages.html, messages2.html, ...): the same documents as its
JSON export of the same chat gives. tests/data/telegram_exports/ holds chats written both ways by
hand in the exports' own shape: a channel (two files), a group chat, and a chat with none of
the features (no formatting, reply, forward, album or poll)."""

from __future__ import annotations

import dataclasses
import html
import json
import shutil
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossier.content import read_document
from dossier.model import Document
from dossier.readers import reader_for, saved_page, telegram, telegram_html
from dossier.readers.reading import Reading
from tests.conftest import REPO, SEEDS, run_build_here
from tests.exports import message, png, write_export
from tests.exports import saved_page as saved_page_text

EXPORTS = REPO / "tests" / "data" / "telegram_exports"
PHOTOS = [f"photo_{n}@19-01-2023_{time}.jpg" for n, time in [(1, "10-00-00"), (2, "10-00-00"), (3, "10-00-00")]]
PHOTOS += ["photo_4@19-01-2023_10-05-00.jpg", "photo_5@19-01-2023_09-20-00.jpg", "photo_6@19-01-2023_09-20-00.jpg"]
PHOTOS += ["photo_7@19-01-2023_09-40-00.jpg"]


def _export(case: str, folder: Path) -> Path:
    """A copy of the hand-written export, with its photos' files."""
    copy = folder / case
    shutil.copytree(EXPORTS / case, copy)
    (copy / "photos").mkdir(exist_ok=True)
    for name in PHOTOS:
        (copy / "photos" / name).write_bytes(png())
    return copy


def _read_html(folder: Path) -> list[Reading]:
    return [telegram_html.read(path, f"{folder.name}/{path.name}") for path in sorted(folder.glob("messages*.html"))]


def _apart_from_place(document: Document) -> Document:
    """The document without what tells one file from the other: the seed and its lines."""
    source = dataclasses.replace(document.source, seed=None, first_line=None, last_line=None)
    return dataclasses.replace(document, source=source, digest="")


def _both(case: str, folder: Path) -> tuple[Reading, list[Reading]]:
    export = _export(case, folder)
    return telegram.read(export / "result.json", f"{case}/result.json"), _read_html(export)


def test_a_channels_html_export_gives_the_documents_its_json_export_gives(tmp_path: Path) -> None:
    from_json, from_html = _both("channel", tmp_path)
    html_documents = [document for reading in from_html for document in reading.documents]
    assert [d.source.message for d in html_documents] == [41, 42, 43, 44, 48, 49, 50, 51]
    # The HTML export does not say when a post was edited: the one thing it lacks here.
    edited = {d.source.message: d.source.edited for d in from_json.documents if d.source.edited}
    assert edited == {43: "2023-01-19T09:40:00"}
    unedited = [dataclasses.replace(d, source=dataclasses.replace(d.source, edited=None)) for d in from_json.documents]
    assert list(map(_apart_from_place, html_documents)) == list(map(_apart_from_place, unedited))
    assert sum(reading.skipped for reading in from_html) == from_json.skipped == 3  # two service messages, a lone photo
    assert [reading.problems for reading in from_html] == [[], []]


def test_a_channels_posts_keep_tags_links_code_polls_albums_and_replies_across_files(tmp_path: Path) -> None:
    first, second = _read_html(_export("channel", tmp_path))
    statement, forwarded, reply, album, poll, code = first.documents
    assert (statement.title, statement.tags, statement.source.link) == (
        "Statement at the Forum for Security Co-operation",
        ["OSCE", "Vienna"],
        "https://mid.example/full/41",
    )
    assert statement.body.startswith("#OSCE #Vienna\n\n**Key points:** the delegation's view on *arms control*")
    assert "[joint statement](https://mid.example/statement), as reported by @MFARussia." in statement.body
    assert (statement.date, statement.source.channel, statement.source.sender) == ("2023-01-19", "Russia in OSCE", None)
    assert (forwarded.source.forwarded_from, forwarded.source.outlet) == ("Russian MFA 🇷🇺", "Russian MFA")
    assert reply.source.reply_to == statement.id
    assert [photo.file for photo in album.photos] == [f"channel/photos/{name}" for name in PHOTOS[:3]]
    assert poll.title == "Should the OSCE meet in Lodz?" and "• Abstain: 0 votes" in poll.body
    assert "```\nservices:\n  web:\n    ports:\n      - port: 80\n        name: http\n```" in code.body
    follow_up, left_out = second.documents
    assert follow_up.source.reply_to == statement.id, "a reply to a message of messages.html"
    assert left_out.photos == () and "message 51: its photo was not included in the export" in second.notices[0]


def test_a_group_chats_html_export_gives_the_documents_its_json_export_gives(tmp_path: Path) -> None:
    from_json, (from_html,) = _both("group", tmp_path)
    assert list(map(_apart_from_place, from_html.documents)) == list(map(_apart_from_place, from_json.documents))
    senders = [(d.source.message, d.source.sender) for d in from_html.documents]
    assert senders == [
        (61, "Anna K."),
        (62, "Anna K."),  # "joined": its sender is the previous message's
        (63, "Boris Petrov"),
        (64, "Boris Petrov"),
        (65, "Boris Petrov"),
        (67, "Anna K."),
        (68, "Anna K."),
        (69, "Boris Petrov"),
        (70, "Boris Petrov"),
    ]
    by_message = {d.source.message: d for d in from_html.documents}
    assert by_message[65].source.forwarded_from == "Carol Smith", "a joined forward is from where the previous was"
    assert len(by_message[67].photos) == 2 and by_message[67].title == "Photos from the session"
    assert by_message[70].tags == ["OSCE", "briefing"] and by_message[70].title == "Summary of the week"
    assert from_html.skipped == from_json.skipped == 2


def test_an_export_with_none_of_these_features_reads_alike(tmp_path: Path) -> None:
    from_json, (from_html,) = _both("plain", tmp_path)
    assert list(map(_apart_from_place, from_html.documents)) == list(map(_apart_from_place, from_json.documents))
    consultations, speech = from_html.documents
    assert consultations.body == (
        "The deputy ministers held consultations on the work of the OSCE.\n\nThey agreed to meet again in the spring."
    )
    assert speech.title == "The minister will speak at the Permanent Council on Thursday"
    assert (from_html.skipped, from_html.notices, from_html.problems) == (0, [], [])


def test_each_post_points_at_its_lines_in_the_html_file(tmp_path: Path) -> None:
    export = _export("channel", tmp_path)
    (reading, _) = _read_html(export)
    lines = (export / "messages.html").read_text(encoding="utf-8").split("\n")
    for document in reading.documents:
        first, last = lines[document.source.first_line - 1], lines[document.source.last_line - 1]
        assert first.strip().startswith('<div class="message default') and last.strip() == "</div>"
        assert first.index("<") == last.index("<"), "the message's own closing tag"
    album = reading.documents[3]
    span = "\n".join(lines[album.source.first_line - 1 : album.source.last_line])
    assert span.count("photo_wrap") == 3 and 'id="message47"' not in span


def test_lines_are_right_past_the_65535th_line_where_lxml_stops_counting(tmp_path: Path) -> None:
    page = (EXPORTS / "plain" / "messages.html").read_text(encoding="utf-8")
    start = page.index('     <div class="message default clearfix joined" id="message8">')
    end = page.index("    </div>\n\n   </div>\n\n  </div>")
    block = page[start:end]
    many = "".join(block.replace('id="message8"', f'id="message{n}"') for n in range(8, 5008))
    path = tmp_path / "export" / "messages.html"
    path.parent.mkdir()
    path.write_text(page[:start] + many + page[end:], encoding="utf-8")
    last = telegram_html.read(path, "export/messages.html").documents[-1]
    lines = path.read_text(encoding="utf-8").split("\n")
    assert last.source.first_line > 65535 and 'id="message5007"' in lines[last.source.first_line - 1]
    span = lines[last.source.first_line - 1 : last.source.last_line]
    assert span[-1] == "     </div>" and sum("The minister" in line for line in span) == 1


def test_an_html_export_is_told_by_its_structure_not_its_name(tmp_path: Path) -> None:
    export = _export("plain", tmp_path)
    renamed = export / "chat-backup.htm"
    (export / "messages.html").rename(renamed)
    assert reader_for(renamed) is telegram_html
    page = tmp_path / "statement.html"
    page.write_text(saved_page_text("A statement", ["The delegation spoke at length on the matter."]), encoding="utf-8")
    assert reader_for(page) is saved_page
    # A whole account's export: its table of contents, no chat, is the export's own page all the same.
    assert reader_for(EXPORTS / "account" / "export_results.html") is telegram_html
    assert [folder.name for folder in telegram_html.companions(renamed)][:2] == ["photos", "files"]


def test_a_cut_short_file_a_bad_date_and_a_page_without_history_are_named_and_the_build_goes_on(
    tmp_path: Path,
) -> None:
    seeds = tmp_path / "seeds"
    good = _export("plain", seeds)
    cut = _export("channel", seeds)
    text = (cut / "messages.html").read_text(encoding="utf-8")
    (cut / "messages.html").write_text(text[: text.index("Photos from today")], encoding="utf-8")
    (cut / "messages2.html").write_text(
        (cut / "messages2.html").read_text(encoding="utf-8").replace("20.01.2023 12:00:00", "32.01.2023 12:00:00"),
        encoding="utf-8",
    )
    hollow = seeds / "hollow" / "messages.html"
    hollow.parent.mkdir()
    hollow.write_text('<div class="page_wrap"><div class="page_header">x</div><!-- class="history" -->\n', "utf-8")
    result = run_build_here("build", "--seeds", seeds, "--content", tmp_path / "content", "--out", tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    cut_at = text[: text.index("Photos from today")].rstrip().count("\n") + 1
    assert f"{cut / 'messages.html'}:{cut_at}: ends before the page does (cut short?)" in result.stdout
    assert (
        f"{cut / 'messages2.html'}:50: message 50: date '32.01.2023 12:00:00 UTC+03:00' is not a date" in result.stdout
    )
    assert f"{hollow}: an HTML page, but not a Telegram chat export: no history of messages; skipped" in result.stdout
    titles = {d["title"] for d in json.loads((tmp_path / "site" / "dossier.json").read_text("utf-8"))["documents"]}
    assert {"Consultations in Minsk", "Statement at the Forum for Security Co-operation", "Photo left out"} <= titles
    assert "The delegation in Vienna" in titles, "the post the cut falls in, as far as it goes"
    assert good.is_dir()


def test_a_reply_into_a_file_the_export_lacks_is_no_link_and_no_failure(tmp_path: Path) -> None:
    export = _export("channel", tmp_path)
    (export / "messages.html").unlink()
    (reading,) = _read_html(export)
    assert reading.documents[0].source.reply_to is None and reading.problems == []


def test_an_html_export_builds_into_pages_beside_the_seeds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    export = _export("channel", seeds)
    (export / "css").mkdir()
    (export / "css" / "style.css").write_text(".page_wrap { margin: 0 }", encoding="utf-8")
    result = run_build_here("build", "--seeds", seeds, "--content", tmp_path / "content", "--out", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Telegram HTML 8" in result.stdout and "style.css" not in result.stdout
    album = read_document(tmp_path / "content" / "2023-01-19-the-delegation-in-vienna.md", "x.md")
    assert [photo.file for photo in album.photos] == [f"channel/photos/{name}" for name in PHOTOS[:3]]
    site = tmp_path / "site" / "documents"
    page = (site / "2023-01-19-the-delegation-in-vienna.html").read_text(encoding="utf-8")
    assert page.count('<figure class="photo">') == 3
    follow_up = (site / "2023-01-20-follow-up-on-the-forum-statement.html").read_text(encoding="utf-8")
    assert '<a href="2023-01-19-statement-at-the-forum-for-security-co-operation.html">' in follow_up


# Each kind of part as the HTML export writes it (tdesktop's export_output_html.cpp, FormatText).
_MARKUP = {"bold": "strong", "italic": "em", "code": "code", "pre": "pre", "underline": "u", "strikethrough": "s"}


def _as_html(part: str | dict) -> str:
    text = part if isinstance(part, str) else part["text"]
    written = html.escape(text).replace("\n", "<br>")
    if isinstance(part, str):
        return written
    kind = part["type"]
    if kind in _MARKUP:
        return f"<{_MARKUP[kind]}>{written}</{_MARKUP[kind]}>"
    if kind == "hashtag":
        return f'<a href="" onclick="return ShowHashtag(&quot;{html.escape(text[1:])}&quot;)">{written}</a>'
    if kind == "mention":
        return f'<a href="https://t.me/{html.escape(text[1:])}">{written}</a>'
    return f'<a href="{html.escape(part.get("href", text))}">{written}</a>'  # text_link, link


def _html_export(folder: Path, parts: list) -> Path:
    """messages.html of one message holding these parts, laid out as the export lays it out."""
    page = (EXPORTS / "plain" / "messages.html").read_text(encoding="utf-8")
    head, tail = (
        page[: page.index('     <div class="message service"')],
        page[page.index("    </div>\n\n   </div>\n\n  </div>") :],
    )
    written = "".join(map(_as_html, parts))
    text = f'\n       <div class="text">\n{written}\n       </div>\n' if written else ""
    message = f"""     <div class="message default clearfix" id="message1">

      <div class="body">

       <div class="pull_right date details" title="02.02.2023 16:40:12 UTC+03:00">
16:40
       </div>

       <div class="from_name">
Belarus MFA
       </div>
{text}
      </div>

     </div>

"""
    folder.mkdir()
    (folder / "messages.html").write_text(head + message + tail, encoding="utf-8")
    return folder / "messages.html"


_WORDS = st.text(alphabet=st.sampled_from("ab Z*_[]()<>&;#\\`!'\"\n.-🔥"), max_size=10)
_PARTS = st.lists(
    st.one_of(
        _WORDS,
        st.builds(lambda kind, text: {"type": kind, "text": text}, st.sampled_from([*_MARKUP, "plain"]), _WORDS),
        st.builds(
            lambda text: {"type": "hashtag", "text": f"#{text}"}, st.from_regex(r"[A-Za-z]\w{0,8}", fullmatch=True)
        ),
        st.builds(lambda text: {"type": "mention", "text": f"@{text}"}, st.from_regex(r"[a-z]\w{4,8}", fullmatch=True)),
        st.builds(lambda text: {"type": "text_link", "text": text, "href": "https://example.org/a?b=1&c=2"}, _WORDS),
        st.just({"type": "link", "text": "https://example.org/x_(y)"}),
    ),
    max_size=8,
)


@settings(max_examples=80, deadline=None)
@given(_PARTS)
# Two plain parts, "Z" and "_Z": the JSON export's underscore was escaped as a word's first
# character, the HTML export's (one text, "Z_Z") was not.
@example(parts=["Z", "_Z"])
def test_any_text_read_from_the_html_export_is_the_text_the_json_export_holds(tmp_path_factory, parts: list) -> None:
    folder = tmp_path_factory.mktemp("export")
    entities = [{"type": "plain", "text": part} if isinstance(part, str) else part for part in parts]
    data = message(1, parts, date="2023-02-02T16:40:12", **{"from": "Belarus MFA"}) | {"text_entities": entities}
    from_json = telegram.read(write_export(folder / "json", [data], name="Belarus MFA"), "json/result.json")
    from_html = telegram_html.read(_html_export(folder / "html", parts), "html/messages.html")
    assert list(map(_apart_from_place, from_html.documents)) == list(map(_apart_from_place, from_json.documents))
    assert from_html.skipped == from_json.skipped
