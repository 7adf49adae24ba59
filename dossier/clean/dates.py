"""Dates as sources state them: '2021-06-18', 'March 16, 2022', '1 December 2022', '19 января 2023'.

Only full dates count. A date without a year ('MOSCOW, August 14') is never completed by
guessing: a dossier must not invent when something was said.
"""

from __future__ import annotations

import datetime
import re

from dossier.terms import trie_pattern

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
# Branching a letter at a time (the longer name first where one goes on from another: "sept"
# before "sep"), not name by name: the engine tries this at every word of a text, and "March 16,
# 2022" was found in a post's first lines in twice the time.
MONTH_NAME = trie_pattern(_MONTHS)
_MONTH = f"(?P<month>{MONTH_NAME})" + r"\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

FULL_DATE_PATTERNS = [
    # ISO, alone or opening a timestamp ("2013-12-30T14:42:01-0700"), whose day is the one written.
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?:\b|(?=T\d))"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
]


# Every full date has a year: a text without one (most lines of a page's chrome) is passed over
# without trying the patterns.
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def find_full_date(text: str) -> str | None:
    """The first full, valid date the text states, as ISO; None when it states none."""
    if not _ANY_YEAR.search(text):
        return None
    found = [(match.start(), iso) for match, iso in _full_dates(text)]
    return min(found)[1] if found else None


def full_dates(text: str) -> set[str]:
    """Every full, valid date the text states, as ISO."""
    return {iso for _, iso in _full_dates(text)} if _ANY_YEAR.search(text) else set()


def is_date_line(text: str) -> bool:
    """A line that is only a date, like a page's capture date '26 October 2021'."""
    line = text.strip()
    return bool(_ANY_YEAR.search(line)) and any(
        (match := pattern.fullmatch(line)) and _iso(match) for pattern in FULL_DATE_PATTERNS
    )


def _full_dates(text: str):
    for pattern in FULL_DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso:
                yield match, iso


def _iso(match: re.Match[str]) -> str | None:
    month = match.group("month")
    month_number = int(month) if month.isdigit() else _MONTHS.get(_month_key(month))
    if month_number is None:
        return None
    try:
        return datetime.date(int(match.group("year")), month_number, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def _month_key(name: str) -> str:
    """A month name as _MONTHS has it. The patterns match case aside as `re` does, where the
    Turkish capital İ stands for i ("APRİL"); casefold() makes it i and a combining dot."""
    return name.casefold().replace("i\u0307", "i")
