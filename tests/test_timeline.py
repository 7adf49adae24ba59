"""The timeline: its chart of documents per month laid out at build time, and its list under a
heading for each month."""

from __future__ import annotations

import datetime
import itertools

from hypothesis import given
from hypothesis import strategies as st

from dossier.model import Document, Membership
from dossier.timeline import Bar, Chart, Month, Tick, month_groups, newest_first, timeline_chart

# Stacked in this order, bottom first.
COLORS = {"osce": "#111", "open-skies": "#222", "other": "#999"}
TITLES = {"osce": "OSCE", "open-skies": "Open Skies", "other": "Other"}


def _document(document_id: str, date: str | None, *themes: str) -> Document:
    """themes: strongest first."""
    memberships = tuple(Membership(theme, score=1.0, central=True) for theme in themes)
    return Document(id=document_id, title=document_id, body="", date=date, memberships=memberships)


def test_each_dated_document_counts_once_in_its_month_stacked_by_its_strongest_theme():
    documents = [
        _document("a", "2022-11-03", "osce"),
        _document("b", "2022-11-20", "osce", "open-skies"),
        _document("c", "2022-11-25", "open-skies"),
        _document("d", "2023-01-10"),
        _document("undated", None, "osce"),
    ]
    # The busiest month has 3 documents: the full 120 px, 40 px each. Bars are 12 px wide with
    # 3 px between, after a 28 px margin; December 2022 is an empty slot.
    assert timeline_chart(documents, COLORS, TITLES) == Chart(
        width=73,
        height=142,
        bars=(
            Bar("2022-11", "osce", 28, 40.0, 80.0, "#111", "November 2022: 2 documents, OSCE"),
            Bar("2022-11", "open-skies", 28, 0.0, 40.0, "#222", "November 2022: 1 document, Open Skies"),
            Bar("2023-01", "other", 58, 80.0, 40.0, "#999", "January 2023: 1 document, Other"),
        ),
        years=(Tick(28, "2022"), Tick(58, "2023")),
        most=3,
        summary="4 dated documents from November 2022 to January 2023",
    )


def test_heights_that_do_not_divide_evenly_are_rounded_to_hundredths():
    documents = [_document("a", "2022-05-01", "osce"), *(_document(f"d{n}", "2022-05-02") for n in range(6))]
    assert timeline_chart(documents, COLORS, TITLES) == Chart(
        width=43,
        height=142,
        bars=(
            Bar("2022-05", "osce", 28, 102.86, 17.14, "#111", "May 2022: 1 document, OSCE"),
            Bar("2022-05", "other", 28, 0.0, 102.86, "#999", "May 2022: 6 documents, Other"),
        ),
        years=(Tick(28, "2022"),),
        most=7,
        summary="7 dated documents from May 2022 to May 2022",
    )


def test_a_year_tick_marks_the_first_month_and_every_january():
    documents = [_document("a", "2021-12-01"), _document("b", "2023-02-01")]
    chart = timeline_chart(documents, COLORS, TITLES)
    assert chart is not None
    assert chart.years == (Tick(28, "2021"), Tick(43, "2022"), Tick(223, "2023"))


def test_no_chart_without_a_dated_document():
    assert timeline_chart([_document("undated", None, "osce")], COLORS, TITLES) is None
    assert timeline_chart([], COLORS, TITLES) is None


def test_documents_are_listed_under_their_months_each_with_its_place_in_the_timeline():
    a, b, c = _document("a", "2022-11-03"), _document("b", "2022-11-20"), _document("c", "2022-12-01")
    assert month_groups([a, b, c], start=1, continued=False) == [
        Month("2022-11", "November 2022", 1, (a, b), continued=False),
        Month("2022-12", "December 2022", 3, (c,), continued=False),
    ]


def test_only_the_first_month_on_a_page_continues_from_the_page_before():
    a, b = _document("a", "2022-11-30"), _document("b", "2022-12-01")
    assert month_groups([a, b], start=51, continued=True) == [
        Month("2022-11", "November 2022", 51, (a,), continued=True),
        Month("2022-12", "December 2022", 52, (b,), continued=False),
    ]


def test_an_empty_page_has_no_months():
    assert month_groups([], start=1, continued=False) == []


_DATES = st.none() | st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(datetime.date.isoformat)
_TITLES = st.sampled_from(["Talks", "talks", "TALKS", "Open Skies", "Ünion", "ünion", ""])


@given(st.lists(st.tuples(_DATES, _TITLES), max_size=30))
def test_documents_are_newest_first_then_the_undated_ties_by_title_then_id(dated_titles) -> None:
    documents = [
        Document(id=f"d{n:02}", title=title, body="", date=date) for n, (date, title) in enumerate(dated_titles)
    ]
    listed = newest_first(reversed(documents))
    dated = [document.date for document in listed if document.date]
    assert dated == sorted(dated, reverse=True)
    assert [document.date for document in listed[len(dated) :]] == [None] * (len(listed) - len(dated))
    for earlier, later in itertools.pairwise(listed):
        if earlier.date == later.date:
            assert (earlier.title.casefold(), earlier.id) < (later.title.casefold(), later.id)
