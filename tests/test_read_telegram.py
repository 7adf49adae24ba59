"""Telegram Desktop's JSON export: each post with text a document, of the channel shape."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossier.clean.lines import comparable
from dossier.content import read_document
from dossier.entities import with_names
from dossier.readers import reader_for, telegram
from dossier.readers.reading import Reading
from tests.conftest import run_build_here
from tests.exports import CHANNEL, NOT_INCLUDED, message, png, service, write_export

MIXED = [
    "🇷🇺🇧🇾 Lavrov and Makei discussed the Union State\n\n",
    {"type": "bold", "text": "Key points:"},
    " the ministers reviewed ",
    {"type": "italic", "text": "integration "},
    "and the work of the ",
    {"type": "hashtag", "text": "#OSCE"},
    ", as reported by ",
    {"type": "mention", "text": "@MFARussia"},
    ".\nSee the ",
    {"type": "text_link", "text": "joint statement", "href": "https://mid.example/statement"},
    " and ",
    {"type": "link", "text": "https://mid.example/photos"},
    ".\n",
    {"type": "text_link", "text": "Read in full", "href": "https://mid.example/full/4567"},
]


def _read(folder: Path, messages: list, **export: object) -> Reading:
    result = write_export(folder, messages, **export)
    return telegram.read(result, f"{folder.name}/result.json")


def test_a_result_json_is_told_by_its_content_not_its_name(tmp_path: Path) -> None:
    renamed = tmp_path / "channel-backup.txt"
    write_export(tmp_path / "export", [message(1, "One post.")]).rename(renamed)
    assert reader_for(renamed) is telegram
    assert reader_for(tmp_path / "export" / "photos") is not telegram


def test_text_as_a_plain_string_is_one_post(tmp_path: Path) -> None:
    text = "Statement of the Russian delegation.\nThe Forum for Security Co-operation met in Vienna."
    (document,) = _read(tmp_path / "ChatExport_2023-01-20", [message(7, text)]).documents
    assert (document.title, document.body) == (
        "Statement of the Russian delegation",
        "The Forum for Security Co-operation met in Vienna.",
    )
    assert document.date == "2023-01-19"
    assert (document.source.shape, document.source.outlet, document.source.channel) == ("channel", CHANNEL, CHANNEL)
    assert (document.source.seed, document.source.message) == ("ChatExport_2023-01-20/result.json", 7)


def test_a_mixed_list_becomes_markdown_with_tags_and_the_stub_becomes_the_link(tmp_path: Path) -> None:
    (document,) = _read(tmp_path / "ChatExport_2023-01-21", [message(12, MIXED)]).documents
    assert document.title == "Lavrov and Makei discussed the Union State"
    assert document.body == (
        "**Key points:** the ministers reviewed *integration* and the work of the #OSCE, as reported by @MFARussia.\n\n"
        "See the [joint statement](https://mid.example/statement) and "
        "[https://mid.example/photos](https://mid.example/photos)."
    )
    assert document.tags == ["OSCE"]
    assert document.source.link == "https://mid.example/full/4567"
    assert "Read in full" not in document.body


def test_text_entities_alone_give_the_same_post(tmp_path: Path) -> None:
    with_text = message(12, MIXED)
    entities_only = {key: value for key, value in with_text.items() if key != "text"}
    first = _read(tmp_path / "a", [with_text]).documents[0]
    second = _read(tmp_path / "b", [entities_only]).documents[0]
    assert (first.title, first.body, first.tags) == (second.title, second.body, second.tags)


def test_markdown_in_a_post_stays_text(tmp_path: Path) -> None:
    text = "Quotas for 2023\n*not emphasis*, [not a link](x), <b>not markup</b>, 5 * 3 and snake_case_words &amp; more"
    (document,) = _read(tmp_path / "e", [message(3, text)]).documents
    assert with_names(document, ()).text == (
        "*not emphasis*, [not a link](x), <b>not markup</b>, 5 * 3 and snake_case_words &amp; more"
    )


def test_a_forwarded_post_names_where_it_came_from_and_the_channel_that_forwarded_it(tmp_path: Path) -> None:
    forwarded = message(8, "Lavrov's interview to RBC\nKey points of the interview.", forwarded_from="Russian MFA 🇷🇺")
    (document,) = _read(tmp_path / "f", [forwarded]).documents
    assert document.source.outlet == "Russian MFA"
    assert document.source.forwarded_from == "Russian MFA 🇷🇺"
    assert document.source.channel == CHANNEL


def test_an_edited_post_keeps_when_it_was_edited_and_the_day_it_was_posted(tmp_path: Path) -> None:
    edited = message(
        9, "Corrected figures\nThe figures were corrected.", date="2023-03-20T23:59:59", edited="2023-03-21T08:00:00"
    )
    (document,) = _read(tmp_path / "g", [edited]).documents
    assert (document.date, document.source.edited) == ("2023-03-20", "2023-03-21T08:00:00")


def test_reactions_are_never_text(tmp_path: Path) -> None:
    reactions = [{"type": "emoji", "count": 12, "emoji": "👍"}, {"type": "emoji", "count": 3, "emoji": "🔥"}]
    (document,) = _read(tmp_path / "h", [message(10, "A post\nWith reactions.", reactions=reactions)]).documents
    assert "12" not in document.body and "👍" not in document.body


def test_service_messages_and_posts_without_text_are_skipped_and_counted(tmp_path: Path) -> None:
    messages = [
        service(1, "create_channel"),
        message(2, ""),
        message(3, "   \n "),
        message(4, "", photo="photos/photo_4.jpg"),
        message(5, "The one post with text."),
    ]
    reading = _read(tmp_path / "i", messages, photos={"photo_4.jpg": png()})
    assert [d.source.message for d in reading.documents] == [5]
    assert reading.skipped == 4
    assert reading.problems == []
    root = tmp_path / "out"
    result = run_build_here("build", "--seeds", tmp_path / "i", "--content", root / "content", "--out", root / "site")
    assert "Formats: text 0, Telegram JSON 1, Telegram HTML 0, saved page 0; 4 messages skipped" in result.stdout
    assert result.returncode == 0 and "photo_4" not in result.stdout


def test_a_photo_in_the_export_is_the_documents_and_one_left_out_is_a_note(tmp_path: Path) -> None:
    messages = [
        message(20, "With a photo\nThe delegation in Vienna.", photo="photos/photo_20@19-01-2023_09-15-00.jpg"),
        message(21, "Photo left out\nThe export left it out.", photo=NOT_INCLUDED),
        message(22, "Photo missing\nIts file is gone.", photo="photos/gone.jpg"),
    ]
    reading = _read(tmp_path / "ChatExport_2023-01-22", messages, photos={"photo_20@19-01-2023_09-15-00.jpg": png()})
    with_photo, left_out, missing = reading.documents
    (photo,) = with_photo.photos
    assert photo.file == "ChatExport_2023-01-22/photos/photo_20@19-01-2023_09-15-00.jpg"
    assert photo.alt == "Photo published with the post “With a photo”"
    assert left_out.photos == () and missing.photos == ()
    assert len(reading.notices) == 2
    assert "message 21: its photo was not included in the export" in reading.notices[0]
    assert "message 22: its photo photos/gone.jpg is not in the export folder" in reading.notices[1]


def test_each_post_points_at_its_lines_in_result_json(tmp_path: Path) -> None:
    result = write_export(tmp_path / "j", [service(1), message(2, "First post\nText."), message(3, "Second\nText.")])
    reading = telegram.read(result, "j/result.json")
    lines = result.read_text(encoding="utf-8").split("\n")
    for document in reading.documents:
        span = "\n".join(lines[document.source.first_line - 1 : document.source.last_line])
        assert json.loads(span.rstrip().removesuffix(","))["id"] == document.source.message


def test_a_message_of_the_wrong_type_is_named_and_the_others_are_kept(tmp_path: Path) -> None:
    messages = [
        message(1, "Kept\nFirst."),
        message(2, 42),
        "not a message",
        message(3, ["ok", 7]),
        message(4, "Kept\nToo."),
    ]
    reading = _read(tmp_path / "k", messages)
    assert [d.source.message for d in reading.documents] == [1, 4]
    problems = [str(problem) for problem in reading.problems]
    assert len(problems) == 3
    assert "message 2: its text is a number, not text or a list; skipped" in problems[0]
    assert "a message that is text, not an object; skipped" in problems[1]
    assert "message 3: a part of its text is a number, not text or an entity; skipped" in problems[2]
    assert all(problem.startswith(f"{tmp_path / 'k' / 'result.json'}:") for problem in problems)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from("ab Z*_[]()<>&;#\\`!\n.-🔥"), max_size=12),
            st.builds(
                lambda kind, text: {"type": kind, "text": text, "href": "https://example.org/a"},
                st.sampled_from(["bold", "italic", "hashtag", "mention", "text_link", "link", "code", "underline"]),
                st.text(alphabet=st.sampled_from("ab Z*_[]<#\n"), max_size=8),
            ),
        ),
        max_size=8,
    )
)
# A "!" with an empty part between it and a link once made the link an image, its words gone.
@example(parts=[";\n!", "", {"type": "text_link", "text": "Z", "href": "https://example.org/a"}])
def test_a_posts_words_all_reach_the_document_and_markdown_never_adds_any(tmp_path_factory, parts) -> None:
    folder = tmp_path_factory.mktemp("export")
    reading = _read(folder, [message(1, parts)])
    plain = "".join(part if isinstance(part, str) else part["text"] for part in parts)
    if not plain.strip():
        assert reading.documents == [] and reading.skipped == 1
        return
    kept_lines = [line for line in plain.split("\n") if comparable(line) not in ("", "read in full")]
    (document,) = reading.documents
    pieces = [document.title, *with_names(document, ()).paragraphs]
    # A code block's paragraph keeps its line breaks: words apart, as on the page.
    read_back = {word for piece in pieces for line in piece.split("\n") for word in comparable(line).split()}
    for line in kept_lines:
        for word in comparable(line).split():
            assert word in read_back or document.title.endswith("…")


def _build(seeds: Path, root: Path):
    return run_build_here("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site")


def test_a_broken_result_json_is_named_and_the_other_exports_and_seeds_go_on(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    good = write_export(seeds / "ChatExport_2023-01-01", [message(1, "Good post\nIt builds.")], photos={"a.jpg": png()})
    broken = seeds / "ChatExport_2023-01-02" / "result.json"
    broken.parent.mkdir()
    broken.write_text(
        '{"name": "x", "messages": [\n {"id": 1,\n "type": "message" "text": "a"}\n]}\n', encoding="utf-8"
    )
    wrong_shape = seeds / "ChatExport_2023-01-03" / "result.json"
    wrong_shape.parent.mkdir()
    wrong_shape.write_text('{"chats": [{"list": []}]}', encoding="utf-8")  # not an account's "chats": {"list": ...}
    (seeds / "ChatExport_2023-01-03" / "photos").mkdir()
    (seeds / "ChatExport_2023-01-03" / "photos" / "b.jpg").write_bytes(png())
    (seeds / "notes.txt").write_text("A note\n\nPasted text, kept as it always was.\n", encoding="utf-8")
    result = _build(seeds, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken}:3: not valid JSON (Expecting ',' delimiter, column 20); skipped" in result.stdout
    assert (
        f'{wrong_shape}: JSON, but not a Telegram export: no "messages" list at its top, nor an account\'s "chats"; '
        "skipped" in result.stdout
    )
    assert "a.jpg" not in result.stdout, "an export's photos are not seeds"
    assert f"{wrong_shape.parent / 'photos' / 'b.jpg'}: binary file" in result.stdout, "nor an export's, a seed"
    assert "Formats: text 1, Telegram JSON 1, Telegram HTML 0, saved page 0; 0 messages skipped" in result.stdout
    titles = {d["title"] for d in json.loads((tmp_path / "site" / "dossier.json").read_text("utf-8"))["documents"]}
    assert titles == {"Good post", "A note"}
    assert good.is_file()


def test_exported_posts_are_content_files_that_read_back_alike(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    messages = [
        message(1, MIXED, edited="2023-01-19T10:00:00", forwarded_from="Russian MFA 🇷🇺", photo="photos/p.jpg"),
        message(2, "Second channel's post\nFrom another export."),
    ]
    write_export(seeds / "ChatExport_2023-01-19", messages[:1], photos={"p.jpg": png()})
    write_export(seeds / "ChatExport_2023-02-01", messages[1:], name="Belarus MFA")
    assert _build(seeds, tmp_path).returncode == 0
    files = sorted((tmp_path / "content").glob("*.md"))
    assert len(files) == 2
    first = read_document(files[0], files[0].name)
    assert (first.source.edited, first.source.message, first.source.link) == (
        "2023-01-19T10:00:00",
        1,
        "https://mid.example/full/4567",
    )
    assert [photo.file for photo in first.photos] == ["ChatExport_2023-01-19/photos/p.jpg"]
    second = read_document(files[1], files[1].name)
    assert (second.source.outlet, second.source.channel) == ("Belarus MFA", "Belarus MFA")


def test_a_json_file_that_is_no_export_is_named_and_hides_no_folder_beside_it(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "files").mkdir(parents=True)
    (seeds / "files" / "a.txt").write_text("A pasted note\n\nIts text, in files/.\n", encoding="utf-8")
    assert _build(seeds, tmp_path).returncode == 0
    (seeds / "settings.json").write_text('{"foo": 1}', encoding="utf-8")
    (seeds / "nested.json").write_text('{"a": {"messages": []}}', encoding="utf-8")
    result = _build(seeds, tmp_path)
    assert "Seeds: 1 read" in result.stdout, result.stdout
    assert f"{seeds / 'settings.json'}: JSON, but not a Telegram export" in result.stdout
    assert f"{seeds / 'nested.json'}: JSON, but not a Telegram export" in result.stdout
    assert [path.name for path in (tmp_path / "content").glob("*.md")] == ["a-pasted-note.md"]
    assert telegram.companions(seeds / "settings.json") == []


def test_json_too_deep_or_with_a_number_too_long_is_one_problem_naming_the_file(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    deep = seeds / "deep" / "result.json"
    long_id = seeds / "long" / "result.json"
    deep.parent.mkdir(parents=True)
    long_id.parent.mkdir()
    deep.write_text('{"messages": [' + "[" * 100_000 + "]" * 100_000 + "]}", encoding="utf-8")
    long_id.write_text('{"messages": [{"id": ' + "9" * 5000 + ', "type": "message", "text": "a"}]}', encoding="utf-8")
    (seeds / "notes.txt").write_text("A note\n\nStill built.\n", encoding="utf-8")
    result = _build(seeds, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{deep}: JSON nested too deeply to be read; skipped" in result.stdout
    assert f"{long_id}: JSON that cannot be read (Exceeds the limit" in result.stdout
    assert "Seeds: 1 read, 1 documents" in result.stdout


def test_a_photo_path_out_of_the_export_or_with_a_nul_is_a_note_and_the_post_kept(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.jpg").write_bytes(png())
    messages = [
        message(1, "Out of the export\nIts photo is elsewhere in seeds/.", photo="../other/x.jpg"),
        message(2, "With a NUL\nIts photo path holds one.", photo="photos/a\0b.jpg"),
    ]
    reading = _read(tmp_path / "export", messages, photos={"a.jpg": png()})
    assert [document.photos for document in reading.documents] == [(), ()]
    assert "message 1: its photo ../other/x.jpg is not in the export folder" in reading.notices[0]
    assert "message 2: its photo's path holds a control character; kept without it" in reading.notices[1]


def test_a_backslash_in_a_link_is_percent_encoded_so_the_markdown_link_holds(tmp_path: Path) -> None:
    text = ["Statement\nSee ", {"type": "text_link", "text": "the text", "href": "https://a.org/x\\"}, "."]
    (document,) = _read(tmp_path / "l", [message(1, text)]).documents
    assert document.body == "See [the text](https://a.org/x%5C)."


def test_a_link_right_after_an_exclamation_mark_stays_a_link_not_an_image(tmp_path: Path) -> None:
    text = ["Statement\nRead it!", {"type": "text_link", "text": "tracker", "href": "https://a.org/pixel.png"}]
    (document,) = _read(tmp_path / "l", [message(1, text)]).documents
    assert document.body == "Read it\\![tracker](https://a.org/pixel.png)"
    html = with_names(document, ()).html
    assert "<img" not in html and '<a href="https://a.org/pixel.png">tracker</a>' in html


def test_a_result_json_saved_as_windows_1251_is_read_with_a_note_saying_so(tmp_path: Path) -> None:
    body = "Министры обсудили двусторонние отношения и сотрудничество в рамках Союзного государства. " * 4
    result = write_export(tmp_path / "m", [message(1, f"Заявление МИД России\n{body}")], name="Россия в ОБСЕ")
    result.write_bytes(result.read_text(encoding="utf-8").encode("cp1251"))
    reading = telegram.read(result, "m/result.json")
    assert reading.documents[0].title == "Заявление МИД России"
    assert reading.notices == [f"{result}: not UTF-8; read as Windows-1251 (Cyrillic). Save it as UTF-8 to be sure"]


def test_a_title_comes_from_the_first_line_that_says_something_not_from_hashtags(tmp_path: Path) -> None:
    posts = [
        message(1, "#OSCE #Vienna #FSC\nStatement at the Forum for Security Co-operation\nThe delegation spoke."),
        message(2, "#OSCE #Vienna #FSC\nReply to the delegation of Canada\nThe delegation answered."),
        message(3, "No hashtags here\nA post of a channel that uses none."),
    ]
    documents = _read(tmp_path / "export", posts).documents
    assert [d.title for d in documents] == [
        "Statement at the Forum for Security Co-operation",
        "Reply to the delegation of Canada",
        "No hashtags here",
    ]
    assert documents[0].body.count("#OSCE") == 1 and "OSCE" in documents[0].tags


def test_a_one_sentence_post_keeps_its_sentence_as_its_text(tmp_path: Path) -> None:
    (document,) = _read(tmp_path / "export", [message(1, "Lavrov arrives in Minsk for talks.")]).documents
    assert document.title == "Lavrov arrives in Minsk for talks" and "Lavrov arrives in Minsk" in document.body


def test_a_link_that_made_up_the_title_line_is_kept(tmp_path: Path) -> None:
    href = "https://mid.ru/en/foreign_policy/news/1"
    text = [{"type": "text_link", "text": "Lavrov's interview to RIA Novosti", "href": href}, "\nThe full text."]
    (document,) = _read(tmp_path / "export", [message(1, text)]).documents
    assert document.title == "Lavrov's interview to RIA Novosti" and document.source.link == href


def test_a_poll_is_a_post_with_its_question_answers_and_votes(tmp_path: Path) -> None:
    poll = {
        "question": "Should the OSCE meet in Lodz?",
        "closed": True,
        "total_voters": 12,
        "answers": [{"text": "Yes", "voters": 7, "chosen": False}, {"text": "No", "voters": 5, "chosen": False}],
    }
    (document,) = _read(tmp_path / "export", [message(1, "", poll=poll)]).documents
    assert document.title == "Should the OSCE meet in Lodz?"
    assert "Yes: 7 votes" in document.body and "No: 5 votes" in document.body and "12 votes in all" in document.body


def test_a_group_chats_posts_name_their_sender_and_a_channels_do_not(tmp_path: Path) -> None:
    posts = [message(1, "First point\nOn the agenda today.", **{"from": "Anna K."})]
    group = tmp_path / "group"
    result = write_export(group, posts)
    data = json.loads(result.read_text(encoding="utf-8")) | {"type": "private_supergroup"}
    result.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (in_group,) = telegram.read(result, "group/result.json").documents
    (in_channel,) = _read(tmp_path / "channel", posts).documents
    assert (in_group.source.sender, in_channel.source.sender) == ("Anna K.", None)
    assert read_document_back(tmp_path, in_group).source.sender == "Anna K."


def read_document_back(tmp_path: Path, document) -> object:
    from dossier.content import document_file

    path = tmp_path / f"{document.id}.md"
    path.write_text(document_file(document), encoding="utf-8")
    return read_document(path, path.name)


def test_the_edited_time_reads_as_a_date_and_time_on_the_page_and_an_unedited_post_shows_none(
    tmp_path: Path,
) -> None:
    from dossier.config import Config, Theme
    from dossier.pages import site_pages
    from dossier.render import long_time, render_page, site_frame
    from tests.conftest import REPO

    posts = [
        message(1, "Corrected figures\nThe figures were corrected.", edited="2023-01-19T14:05:33"),
        message(2, "First figures\nNever corrected.", date="2023-01-19T09:00:00"),
    ]
    edited, unedited = _read(tmp_path / "export", posts).documents
    config = Config("A dossier", "", None, 50, (Theme("osce", "OSCE", "", ()),), ())
    pages = {page.url: page for page in site_pages([edited, unedited], config, {})[0]}
    assets = {name: name for name in ("assets/style.css", "assets/site.js")}
    frame = site_frame(config, list(config.themes), {}, assets, (REPO / "templates",))
    shown = {d.id: render_page(pages[f"documents/{d.id}.html"], frame).decode() for d in (edited, unedited)}
    assert '<dt>Edited</dt><dd><time datetime="2023-01-19T14:05:33">19 January 2023, 14:05</time>' in shown[edited.id]
    assert "<dt>Edited</dt>" not in shown[unedited.id]
    assert long_time("yesterday") == "yesterday", "what is no time is shown as written"


def test_preformatted_text_and_code_stay_code_with_their_indentation(tmp_path: Path) -> None:
    config = "services:\n  web:\n    ports:\n      - port: 80\n        name: http"
    text = ["Deploying the mirror\nUse this config:\n", {"type": "pre", "text": config, "language": "yaml"}]
    text += ["\nThen run ", {"type": "code", "text": "make site"}, " and wait."]
    (document,) = _read(tmp_path / "export", [message(1, text)]).documents
    assert document.title == "Deploying the mirror"
    assert f"```yaml\n{config}\n```" in document.body and "`make site`" in document.body
    html = with_names(document, ()).html
    assert 'class="language-yaml">services:' in html and "      - port: 80" in html and "<li>" not in html


def test_a_code_block_holding_backticks_is_fenced_longer(tmp_path: Path) -> None:
    text = ["Markdown tip\n", {"type": "pre", "text": "```\nnested\n```"}]
    (document,) = _read(tmp_path / "export", [message(1, text)]).documents
    assert "````\n```\nnested\n```\n````" in document.body


def test_text_after_a_preformatted_block_on_its_line_follows_the_block_and_each_block_is_its_own(
    tmp_path: Path,
) -> None:
    text = ["Two configs\nFirst:\n", {"type": "pre", "text": "alpha: 1"}, " then restart.\n\nSecond:\n"]
    text += [{"type": "pre", "text": "beta: 2"}, {"type": "bold", "text": "Done"}, " at last.\nThe end."]
    (document,) = _read(tmp_path / "export", [message(1, text)]).documents
    assert document.body.split("\n\n") == [
        "First:",
        "```\nalpha: 1\n```",
        "then restart.",
        "Second:",
        "```\nbeta: 2\n```",
        "**Done** at last.",
        "The end.",
    ]


def test_a_reply_links_to_the_post_it_answers(tmp_path: Path) -> None:
    posts = [
        message(1, "When is the next round of talks?\nThe chat asks the delegation."),
        message(2, "Next round in Vienna\nIn March, the delegation says.", reply_to_message_id=1),
        message(3, "Unrelated note\nAnswering a message the export does not hold.", reply_to_message_id=99),
    ]
    seeds = tmp_path / "seeds"
    write_export(seeds / "chat", posts)
    first, reply, unrelated = telegram.read(seeds / "chat" / "result.json", "chat/result.json").documents
    assert (reply.source.reply_to, unrelated.source.reply_to, first.source.reply_to) == (first.id, None, None)
    assert read_document_back(tmp_path, reply).source.reply_to == first.id
    result = run_build_here("build", "--seeds", seeds, "--content", tmp_path / "content", "--out", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "documents" / f"{reply.id}.html").read_text(encoding="utf-8")
    assert f'<dt>In reply to</dt><dd><a href="{first.id}.html">When is the next round of talks?</a>' in page


def test_a_link_that_shows_nothing_on_the_line_above_the_title_is_the_posts_link(tmp_path: Path) -> None:
    """A channel's way to give a post a page's preview: a link on a zero-width space, alone on
    the first line. It is no text, but it is the post's; a post without one has no link made up."""
    href = "https://telegra.ph/file/preview.jpg"
    hidden = [{"type": "text_link", "text": "\u200b\u200b", "href": href}, "   \n"]
    hidden += [{"type": "bold", "text": "Folk medicine recognised officially"}, " \n\nThe decree says so."]
    plain = ["Folk medicine recognised officially\n\nThe decree says so, ", {"type": "mention", "text": "@news"}]
    with_link, without = _read(tmp_path / "export", [message(1, hidden), message(2, plain)]).documents
    assert (with_link.title, with_link.source.link) == ("Folk medicine recognised officially", href)
    assert "\u200b" not in with_link.body and with_link.body == "The decree says so."
    assert (without.title, without.source.link) == ("Folk medicine recognised officially", None)


def test_an_edit_time_before_the_post_is_no_edit_and_a_real_one_is_kept(tmp_path: Path) -> None:
    """Older exports wrote "edited" on every message: the epoch in local time for one never edited."""
    posts = [
        message(1, "Never edited\nThe export says 1970.", date="2018-10-13T15:09:43", edited="1970-01-01T05:00:00"),
        message(2, "Edited\nFour seconds later.", date="2018-11-17T00:58:01", edited="2018-11-17T00:58:05"),
        message(3, "No edit field\nA newer export's post never edited.", date="2018-11-17T00:59:00"),
    ]
    never, edited, plain = _read(tmp_path / "export", posts).documents
    assert (never.source.edited, edited.source.edited, plain.source.edited) == (None, "2018-11-17T00:58:05", None)
