"""Albums in Telegram's JSON export: photos sent together with one caption reach result.json as one
message per photo, from one sender in the same second, the caption on one of them. They are one
post with every photo; a photo sent alone without text is still no post."""

from __future__ import annotations

from pathlib import Path

from dossier.readers import telegram
from dossier.readers.reading import Reading
from tests.conftest import run_build_here
from tests.exports import NOT_INCLUDED, message, png, write_export

CAPTION = "The delegation in Vienna\nPhotos from today's session of the Permanent Council."


def _photo(number: int, time: str = "10-00-00") -> str:
    return f"photos/photo_{number}@19-01-2023_{time}.jpg"


def _album(first: int, caption_on: int, date: str = "2023-01-19T10:00:00", **more: object) -> list[dict]:
    """Three photos sent together, the caption on the photo `caption_on` (0 for none)."""
    return [
        message(number, CAPTION if number == caption_on else "", date=date, photo=_photo(number), **more)
        for number in range(first, first + 3)
    ]


def _read(folder: Path, messages: list, photos: int = 9) -> Reading:
    files = {Path(_photo(number)).name: png() for number in range(1, photos + 1)}
    return telegram.read(write_export(folder, messages, photos=files), f"{folder.name}/result.json")


def test_an_album_is_one_post_with_every_photo_in_order_and_its_caption(tmp_path: Path) -> None:
    reading = _read(tmp_path / "chat", _album(1, caption_on=2))
    (post,) = reading.documents
    assert post.title == "The delegation in Vienna"
    assert post.body == "Photos from today's session of the Permanent Council."
    assert [photo.file for photo in post.photos] == [f"chat/{_photo(number)}" for number in (1, 2, 3)]
    assert [photo.alt for photo in post.photos] == [
        f"Photo {number} of 3 published with the post “The delegation in Vienna”" for number in (1, 2, 3)
    ]
    assert post.source.message == 2, "the message that carries the caption"
    assert reading.skipped == 0 and reading.notices == [] and reading.problems == []


def test_an_albums_lines_run_from_its_first_message_to_its_last(tmp_path: Path) -> None:
    (post,) = _read(tmp_path / "chat", _album(1, caption_on=1)).documents
    lines = (tmp_path / "chat" / "result.json").read_text(encoding="utf-8").split("\n")
    span = "\n".join(lines[post.source.first_line - 1 : post.source.last_line])
    assert span.count('"photo":') == 3 and span.lstrip().startswith("{") and span.rstrip(",").endswith("}")


def test_a_photo_alone_without_text_is_no_post_as_before(tmp_path: Path) -> None:
    messages = [
        message(1, "", date="2023-01-19T10:00:00", photo=_photo(1)),
        message(2, "A post without a photo\nSent in the same second.", date="2023-01-19T10:00:00"),
        message(3, "", date="2023-01-19T10:00:05", photo=_photo(3)),
    ]
    reading = _read(tmp_path / "chat", messages)
    assert [(d.source.message, d.photos) for d in reading.documents] == [(2, ())]
    assert reading.skipped == 2


def test_photos_from_two_senders_or_two_seconds_are_no_album(tmp_path: Path) -> None:
    messages = [
        message(1, CAPTION, date="2023-01-19T10:00:00", photo=_photo(1)),
        message(2, "", date="2023-01-19T10:00:00", photo=_photo(2), **{"from": "Someone else"}),
        message(3, "", date="2023-01-19T10:00:01", photo=_photo(3)),
    ]
    reading = _read(tmp_path / "chat", messages)
    assert [len(d.photos) for d in reading.documents] == [1]
    assert reading.skipped == 2


def test_photos_each_with_a_caption_of_its_own_stay_posts_of_their_own_and_no_text_is_lost(tmp_path: Path) -> None:
    messages = [
        message(1, "First photo\nIts own caption.", date="2023-01-19T10:00:00", photo=_photo(1)),
        message(2, "Second photo\nAnother caption.", date="2023-01-19T10:00:00", photo=_photo(2)),
    ]
    reading = _read(tmp_path / "chat", messages)
    assert [(d.title, len(d.photos)) for d in reading.documents] == [("First photo", 1), ("Second photo", 1)]


def test_an_album_without_a_caption_is_no_post_and_each_photo_is_counted(tmp_path: Path) -> None:
    reading = _read(tmp_path / "chat", _album(1, caption_on=0))
    assert reading.documents == [] and reading.skipped == 3


def test_a_reply_to_any_photo_of_an_album_links_to_the_album(tmp_path: Path) -> None:
    reply = message(9, "About the photos\nWhich hall is this?", date="2023-01-19T11:00:00", reply_to_message_id=3)
    album, answer = _read(tmp_path / "chat", [*_album(1, caption_on=1), reply]).documents
    assert answer.source.reply_to == album.id


def test_a_forwarded_album_is_one_post_and_one_photo_left_out_is_a_note(tmp_path: Path) -> None:
    messages = _album(1, caption_on=1, forwarded_from="Russian MFA 🇷🇺")
    messages[2]["photo"] = NOT_INCLUDED
    reading = _read(tmp_path / "chat", messages)
    (post,) = reading.documents
    assert post.source.forwarded_from == "Russian MFA 🇷🇺" and len(post.photos) == 2
    assert reading.notices == [
        f"{tmp_path / 'chat' / 'result.json'}: message 3: its photo was not included in the export; kept without it"
    ]


def test_an_albums_page_shows_every_photo_under_its_own_name(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    files = {Path(_photo(number)).name: png(30 + number, 20) for number in (1, 2, 3)}
    write_export(seeds / "ChatExport_2023-01-19", _album(1, caption_on=1), photos=files)
    result = run_build_here("build", "--seeds", seeds, "--content", tmp_path / "content", "--out", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    (content,) = (tmp_path / "content").glob("*.md")
    assert content.read_text(encoding="utf-8").count("- {file: ChatExport_2023-01-19/photos/photo_") == 3
    page = (tmp_path / "site" / "documents" / f"{content.stem}.html").read_text(encoding="utf-8")
    names = [f"assets/photos/{content.stem}.", f"assets/photos/{content.stem}-2.", f"assets/photos/{content.stem}-3."]
    assert all(name in page for name in names) and page.count('<figure class="photo">') == 3
    assert page.index("Photo 1 of 3") < page.index("Photo 2 of 3") < page.index("Photo 3 of 3")
