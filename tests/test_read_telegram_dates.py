"""A Telegram post's day: the local `date` its export writes, or, where a message has only its
moment in UTC (`date_unixtime`), that moment in the export's own time as its other messages show
it, else in UTC, its provenance saying how."""

from __future__ import annotations

import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from dossier.config import Config, Theme
from dossier.content import document_file, read_document
from dossier.pages import site_pages
from dossier.readers import telegram
from dossier.readers.telegram_dates import Clock, clock_of, day_of
from dossier.render import render_page, site_frame
from tests.conftest import REPO
from tests.exports import message, png, write_export

CONFIG = Config("A dossier", "", None, 50, (Theme("osce", "OSCE", "", ()),), ())
# 2023-01-19 22:30:00 in UTC: already the 20th in Moscow (UTC+03:00).
LATE_EVENING_UTC = 1674167400


def _timed(number: int, text: str, moment: int, local: str | None = None, **more: object) -> dict:
    """A message as newer exports write it: its moment in unix time and, unless None, its local `date`."""
    data = message(number, text, date=local or "", date_unixtime=str(moment), **more)
    if local is None:
        del data["date"]
    return data


def _documents(folder: Path, messages: list):
    return telegram.read(write_export(folder, messages), f"{folder.name}/result.json")


def test_a_message_with_only_its_moment_is_dated_in_utc_and_says_so(tmp_path: Path) -> None:
    reading = _documents(tmp_path / "export", [_timed(1, "Late statement\nIssued at night.", LATE_EVENING_UTC)])
    (document,) = reading.documents
    assert document.date == "2023-01-19"
    assert document.source.dateline == (
        f"dated by its time (date_unixtime {LATE_EVENING_UTC}) in UTC: the export does not give its local time"
    )
    assert document.id.startswith("2023-01-19-") and reading.problems == []


def test_a_message_with_only_its_moment_takes_the_offset_the_exports_other_messages_show(tmp_path: Path) -> None:
    messages = [
        _timed(1, "Morning briefing\nThe spokeswoman spoke.", LATE_EVENING_UTC - 12 * 3600, "2023-01-19T13:30:00"),
        _timed(2, "Late statement\nIssued at night.", LATE_EVENING_UTC),
    ]
    briefing, late = _documents(tmp_path / "export", messages).documents
    assert (briefing.date, briefing.source.dateline) == ("2023-01-19", None)
    assert late.date == "2023-01-20", "22:30 in UTC is 01:30 on the 20th at UTC+03:00"
    assert "in the export's own, UTC+03:00, as its other messages show" in late.source.dateline


def test_the_offset_is_the_nearest_messages_as_summer_time_changes_it(tmp_path: Path) -> None:
    winter, summer = 1673650800, 1689379200  # 2023-01-13 23:00 and 2023-07-15 00:00 in UTC
    messages = [
        _timed(1, "Winter note\nIn Berlin, UTC+01:00.", winter, "2023-01-14T00:00:00"),
        _timed(2, "Summer note\nIn Berlin, UTC+02:00.", summer, "2023-07-15T02:00:00"),
        _timed(3, "Late summer statement\nIssued at night.", summer + 3600 * 23),  # 23:00 UTC, 01:00 in Berlin
    ]
    *_, late = _documents(tmp_path / "export", messages).documents
    assert late.date == "2023-07-16" and "UTC+02:00" in late.source.dateline


def test_a_message_with_both_times_keeps_the_day_its_local_date_says(tmp_path: Path) -> None:
    early = _timed(1, "After midnight\nPosted at 01:30 in Moscow.", LATE_EVENING_UTC, "2023-01-20T01:30:00")
    (document,) = _documents(tmp_path / "export", [early]).documents
    assert (document.date, document.source.dateline) == ("2023-01-20", None)


def test_how_a_post_was_dated_is_kept_in_its_content_file(tmp_path: Path) -> None:
    (document,) = _documents(tmp_path / "export", [_timed(1, "Late statement\nAt night.", LATE_EVENING_UTC)]).documents
    path = tmp_path / f"{document.id}.md"
    path.write_text(document_file(document), encoding="utf-8")
    assert read_document(path, path.name).source.dateline == document.source.dateline


def test_the_document_page_shows_how_a_post_was_dated_under_its_date(tmp_path: Path) -> None:
    messages = [
        _timed(1, "Morning briefing\nThe spokeswoman spoke.", LATE_EVENING_UTC - 12 * 3600, "2023-01-19T13:30:00"),
        _timed(2, "Late statement\nIssued at night.", LATE_EVENING_UTC),
    ]
    briefing, late = _documents(tmp_path / "export", messages).documents
    path = tmp_path / f"{late.id}.md"
    path.write_text(document_file(late), encoding="utf-8")
    pages = {page.url: page for page in site_pages([read_document(path, path.name), briefing], CONFIG, {})[0]}
    assets = {name: name for name in ("assets/style.css", "assets/site.js")}
    frame = site_frame(CONFIG, list(CONFIG.themes), {}, assets, (REPO / "templates",))

    def date_shown(document) -> str:
        page = render_page(pages[f"documents/{document.id}.html"], frame).decode()
        return page[page.index("<dt>Date</dt>") : page.index("</dd>", page.index("<dt>Date</dt>"))]

    assert date_shown(late).endswith(f'<span class="dateline">{escape(late.source.dateline)}</span>')
    assert '<time datetime="2023-01-20">20 January 2023</time>' in date_shown(late), "its day in the export's own time"
    assert "dateline" not in date_shown(briefing), "a post dated by its own date says nothing more"


def test_an_album_of_messages_with_only_their_moment_is_one_post(tmp_path: Path) -> None:
    photos = {name: png() for name in ("a.jpg", "b.jpg")}
    album = [
        _timed(1, "Photos from the session", LATE_EVENING_UTC, photo="photos/a.jpg"),
        _timed(2, "", LATE_EVENING_UTC, photo="photos/b.jpg"),
    ]
    reading = telegram.read(write_export(tmp_path / "export", album, photos=photos), "export/result.json")
    (document,) = reading.documents
    assert len(document.photos) == 2 and document.date == "2023-01-19"


def test_a_moment_that_is_no_time_is_named_and_the_other_posts_kept(tmp_path: Path) -> None:
    messages = [_timed(1, "Kept\nA post.", LATE_EVENING_UTC), message(2, "Broken\nIts time is a word.")]
    del messages[1]["date"]
    messages[1]["date_unixtime"] = "soon"
    result = write_export(tmp_path / "export", messages)
    reading = telegram.read(result, "export/result.json")
    assert [document.source.message for document in reading.documents] == [1]
    (problem,) = reading.problems
    assert str(problem).startswith(f"{result}:")
    assert "message 2: date_unixtime 'soon' is not a time; skipped" in str(problem)


def test_an_export_without_any_time_gives_undated_posts(tmp_path: Path) -> None:
    timeless = message(1, "Timeless\nNo time at all.")
    del timeless["date"]
    (document,) = _documents(tmp_path / "export", [timeless]).documents
    assert (document.date, document.source.dateline) == (None, None)


def test_a_clock_learns_nothing_from_times_that_cannot_be_one_export(tmp_path: Path) -> None:
    data = [
        {"date": "2023-01-19T13:30:00", "date_unixtime": "1674167400"},  # 22:30 UTC: 09:00 apart, kept
        {"date": "2023-01-19T13:30:00", "date_unixtime": "1674300000"},  # 39 hours apart: edited by hand
        {"date": "2023-01-19T13:30:00+03:00", "date_unixtime": "1674124200"},  # an offset of its own
        {"date": "2023-01-19T13:30:00"},
        "not a message",
    ]
    assert clock_of(data) == Clock(((1674167400, -9 * 3600),))


@given(st.integers(0, 4_000_000_000), st.integers(-12 * 4, 14 * 4))
def test_any_moment_is_dated_the_day_its_exports_clock_shows(moment: int, quarters: int) -> None:
    utc = datetime.datetime.fromtimestamp(moment, datetime.UTC)
    local = utc + datetime.timedelta(seconds=quarters * 900)
    clock = clock_of([{"date": local.replace(tzinfo=None).isoformat(), "date_unixtime": str(moment)}])
    a_minute_on = (local + datetime.timedelta(seconds=60)).date().isoformat()
    assert day_of({"date_unixtime": str(moment + 60)}, clock)[0] == a_minute_on
    assert day_of({"date_unixtime": moment}, Clock())[0] == utc.date().isoformat()
