"""The timeline: its chart of documents per month, coloured by theme, laid out at build time,
and its list of documents under a heading for each month.

Geometry is computed here; templates/chart.html only draws the rectangles, so the chart is
inline SVG that needs no script and prints as it shows.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from dossier.model import Document
from dossier.pagination import Pager

BAR_WIDTH, BAR_GAP, CHART_HEIGHT, AXIS_HEIGHT, LEFT = 12, 3, 120, 22, 28


@dataclass(frozen=True)
class Bar:
    month: str  # "2022-12"
    theme: str  # theme id, or "other"
    x: int
    y: float
    height: float
    color: str
    label: str  # "December 2022: 2 documents, OSCE"


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    years: tuple[Tick, ...]
    most: int  # documents in the busiest month: the top of the vertical scale
    summary: str


def timeline_chart(documents: list[Document], colors: dict[str, str], titles: dict[str, str]) -> Chart | None:
    """Each dated document counted once, in the month it is dated, coloured by its strongest theme."""
    counts: Counter[tuple[str, str]] = Counter()
    for document in documents:
        if document.date:
            theme = document.memberships[0].theme if document.memberships else "other"
            counts[(document.date[:7], theme)] += 1
    if not counts:
        return None
    months = _months_between(min(month for month, _ in counts), max(month for month, _ in counts))
    per_month = Counter()
    for (month, _), count in counts.items():
        per_month[month] += count
    most = max(per_month.values())
    unit = CHART_HEIGHT / most
    bars = []
    for position, month in enumerate(months):
        x, stacked = LEFT + position * (BAR_WIDTH + BAR_GAP), 0.0
        for theme in colors:
            count = counts.get((month, theme), 0)
            if count:
                height = count * unit
                stacked += height
                label = f"{_month_name(month)}: {count} document{'s' * (count != 1)}, {titles[theme]}"
                bars.append(
                    Bar(month, theme, x, round(CHART_HEIGHT - stacked, 2), round(height, 2), colors[theme], label)
                )
    years = tuple(
        Tick(LEFT + position * (BAR_WIDTH + BAR_GAP), month[:4])
        for position, month in enumerate(months)
        if month.endswith("-01") or position == 0
    )
    width = LEFT + len(months) * (BAR_WIDTH + BAR_GAP)
    total = sum(per_month.values())
    summary = f"{total} dated documents from {_month_name(months[0])} to {_month_name(months[-1])}"
    return Chart(width, CHART_HEIGHT + AXIS_HEIGHT, tuple(bars), years, most, summary)


@dataclass(frozen=True)
class Month:
    """The documents of one month on one page of the timeline's list."""

    id: str  # "2022-12", the anchor of its heading
    title: str  # "December 2022"
    start: int  # its first document's place in the whole timeline, from 1
    documents: tuple[Document, ...]
    continued: bool  # the month began on an earlier page


def month_groups(documents: list[Document], start: int, continued: bool) -> list[Month]:
    """Dated documents, in order, under their months. start: the first one's place in the
    whole timeline; continued: whether its month began on the page before."""
    months: list[Month] = []
    for month, in_month in itertools.groupby(documents, key=lambda document: document.date[:7]):
        listed = tuple(in_month)
        months.append(Month(month, _month_name(month), start, listed, continued and not months))
        start += len(listed)
    return months


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_name(month: str) -> str:
    return f"{datetime.date(int(month[:4]), int(month[5:7]), 1):%B %Y}"


def months_on_page(entries: list[Document], documents: list[Document], pager: Pager) -> list[Month]:
    """The months of one page of the timeline (documents: the page's, of all entries), the first
    marked continued when the page before ended in it."""
    dated = [d for d in documents if d.date]
    before = entries[pager.first - 2] if pager.first > 1 else None
    continued = bool(dated and before and before.date and before.date[:7] == dated[0].date[:7])
    return month_groups(dated, pager.first, continued)


def year_links(months_per_page: list[list[Month]], pagers: list[Pager]) -> list[tuple[str, str]]:
    """(year, the page and anchor of its first month) for each year, oldest first."""
    years: dict[str, str] = {}
    for months, pager in zip(months_per_page, pagers, strict=True):
        for month in months:
            years.setdefault(month.id[:4], f"{pager.url}#{month.id}")
    return list(years.items())


def newest_first(documents: Iterable[Document]) -> list[Document]:
    """Dated documents newest first, then undated ones; ties by title, so disk order never shows.
    Sorted by title, then (stably) by date from the newest: dates are ISO, all of one length, so
    the newest is the greatest string, and the undated ("") come last. One key of both, the date
    reversed a character at a time, took 44 ms at 10,000 documents; this takes 17 ms."""
    by_title = sorted(documents, key=_title_order)
    return sorted(by_title, key=lambda document: document.date or "", reverse=True)


def oldest_first(document: Document) -> tuple:
    return (document.date is None, document.date or "", document.title.casefold(), document.id)


def _title_order(document: Document) -> tuple[str, str]:
    return document.title.casefold(), document.id
