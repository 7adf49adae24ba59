"""The day a saved page says its article was published: the date by the headline over other
stories' dates, the page's own calendar day over UTC's, no day the page does not state."""

from __future__ import annotations

import datetime

import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.readers.page_dates import metadata_date, page_date
from dossier.readers.page_layout import headline_element, page_blocks

BODY = (
    "<p>The ministers met in Vienna on Tuesday and spoke for three hours about the treaty.</p>"
    "<p>A joint statement is expected later in the week, officials said after the meeting.</p>"
)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September"]
MONTHS += ["October", "November", "December"]


def date_of(html: str) -> str | None:
    tree = trafilatura.load_html(html)
    return page_date(tree, page_blocks(tree), headline_element(tree))


def page(head: str = "", header: str = "", aside: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><main>"
        f"<article><h1>Ministers meet in Vienna</h1>{header}<div class='article-body'>{BODY}</div></article>"
        f"{aside}</main><footer>© 2026 The Example Times</footer></body></html>"
    )


def shown(moment: datetime.datetime) -> str:
    """How a page prints a time: '7 December 2026, 01:30'."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def related(moments: list[datetime.datetime]) -> str:
    items = "".join(
        f"<li><a href='/n/{n}'>Another story number {n}</a>"
        f" <time datetime='{moment.isoformat()}'>{shown(moment)}</time></li>"
        for n, moment in enumerate(moments)
    )
    return f"<aside class='related-stories'><h2>Related stories</h2><ul>{items}</ul></aside>"


# A moment as a page states it: its own wall-clock time and its offset from UTC (-12:00 to +14:00).
offsets = st.integers(min_value=-48, max_value=56).map(lambda quarters: datetime.timedelta(minutes=15 * quarters))
local_times = st.datetimes(min_value=datetime.datetime(2001, 1, 1), max_value=datetime.datetime(2025, 12, 31))
stated = st.builds(lambda moment, offset: moment.replace(tzinfo=datetime.timezone(offset)), local_times, offsets)


@settings(max_examples=60)
@given(stated)
def test_the_day_a_page_prints_is_kept_though_its_metadata_is_in_utc(moment: datetime.datetime) -> None:
    in_utc = moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    html = page(
        head=f"<meta property='article:published_time' content='{in_utc}'>",
        header=f"<div class='meta'><time datetime='{in_utc}'>{shown(moment)} local time</time></div>",
    )
    assert date_of(html) == moment.date().isoformat()


@settings(max_examples=60)
@given(stated)
def test_a_time_that_shows_only_the_hour_keeps_the_day_of_its_own_offset(moment: datetime.datetime) -> None:
    in_utc = moment.astimezone(datetime.UTC).isoformat()
    html = page(
        head=f"<meta property='article:published_time' content='{in_utc}'>",
        header=f"<p class='byline'>By Staff · <time datetime='{moment.isoformat()}'>{moment:%H:%M}</time></p>",
    )
    assert date_of(html) == moment.date().isoformat()


@settings(max_examples=40)
@given(stated)
def test_metadata_alone_gives_its_day_as_written_never_shifted(moment: datetime.datetime) -> None:
    html = page(head=f"<meta property='article:published_time' content='{moment.isoformat()}'>")
    assert date_of(html) == moment.date().isoformat()


@settings(max_examples=40)
@given(local_times, st.lists(local_times, min_size=1, max_size=4))
def test_a_related_storys_date_never_wins(article: datetime.datetime, others: list[datetime.datetime]) -> None:
    dated = page(header=f"<p>By Staff<br>{shown(article)}</p>", aside=related(others))
    assert date_of(dated) == article.date().isoformat()
    assert date_of(page(header="<p>By Staff</p>", aside=related(others))) is None, "an undated article stays undated"


def test_a_date_above_the_headline_is_the_articles() -> None:
    html = page().replace(
        "<h1>", "<div class='top'><a href='/world'>World</a> <span>Friday 4 December 2026 14:05</span></div><h1>"
    )
    assert date_of(html) == "2026-12-04"


def test_an_update_beside_the_date_is_not_when_the_article_was_published() -> None:
    header = "<div class='meta'><div>Last modified on Mon 7 Dec 2026 11.40</div><div>Sat 5 Dec 2026 09.12</div></div>"
    assert date_of(page(header=header)) == "2026-12-05"
    caption = "<figure><img src='a.jpg'><figcaption>The talks in Vienna, 1 December 2026.</figcaption></figure>"
    assert date_of(page(header=f"<p>3 December 2026</p>{caption}")) == "2026-12-03", (
        "a caption's day is not the article's"
    )


def test_only_the_articles_json_ld_dates_it() -> None:
    listed = (
        '[{"@type": "ItemList", "itemListElement": [{"@type": "NewsArticle", "headline": "Another story",'
        ' "datePublished": "2026-12-08T10:00:00+03:00"}]},'
        ' {"@type": "NewsArticle", "headline": "Ministers meet in Vienna",'
        ' "datePublished": "2026-12-07T01:30:00+03:00"}]'
    )
    html = page(head=f"<script type='application/ld+json'>{listed}</script>")
    tree = trafilatura.load_html(html)
    assert metadata_date(tree, headline_element(tree)) == "2026-12-07"


def test_a_month_is_not_completed_with_the_first() -> None:
    """htmldate reads "December 2026" in a date element and gives 1 December; the page never said so."""
    html = page(header="<div class='date'>Published in December 2026</div>")
    assert date_of(html) is None
