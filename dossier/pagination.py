"""Long lists split into pages of a fixed size, so that no page grows with the dossier.

A theme's documents, a tag's, a name's, the timeline and the index of tags are such lists.
Each page gets a Pager: where the page is in its list, and the links a reader expects
(previous, next, the first and last page and a few around this one).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from dossier.urls import list_page_url

NUMBERS_AROUND = 2  # page numbers shown either side of the current one; the others are elided
Entry = TypeVar("Entry")


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str  # relative to site/


@dataclass(frozen=True)
class Pager:
    number: int  # this page, from 1
    count: int  # the list's pages
    first: int  # this page's first entry's place in the whole list, from 1; 0 when the list is empty
    last: int  # its last entry's place
    total: int  # entries in the whole list
    url: str  # this page, relative to site/
    first_url: str  # the list's first page, the address other pages link to
    previous: str | None
    next: str | None
    links: tuple[PageLink | None, ...]  # the page numbers to show, None where a run of them is elided


def paginate(entries: Sequence[Entry], per_page: int, first_url: str) -> list[tuple[list[Entry], Pager]]:
    """The entries in pages of per_page, each with its Pager. An empty list still has its one
    page, so a theme without documents keeps its address."""
    count = max(1, -(-len(entries) // per_page))
    urls = [list_page_url(first_url, number) for number in range(1, count + 1)]
    pages = []
    for index, url in enumerate(urls):
        chunk = list(entries[index * per_page : (index + 1) * per_page])
        pager = Pager(
            number=index + 1,
            count=count,
            first=index * per_page + 1 if chunk else 0,
            last=index * per_page + len(chunk),
            total=len(entries),
            url=url,
            first_url=first_url,
            previous=urls[index - 1] if index > 0 else None,
            next=urls[index + 1] if index + 1 < count else None,
            links=tuple(PageLink(n, urls[n - 1]) if n else None for n in shown_numbers(index + 1, count)),
        )
        pages.append((chunk, pager))
    return pages


def shown_numbers(current: int, count: int) -> list[int | None]:
    """The first and the last page and those within NUMBERS_AROUND of the current one, with
    None for each run left out. A run of one page is shown: an ellipsis would save nothing."""
    near = range(max(1, current - NUMBERS_AROUND), min(count, current + NUMBERS_AROUND) + 1)
    kept = sorted({1, count, *near})
    shown: list[int | None] = []
    for before, number in itertools.pairwise([0, *kept]):
        if number - before == 2:
            shown.append(before + 1)
        elif number - before > 2:
            shown.append(None)
        shown.append(number)
    return shown
