"""Dates as sources state them: the examples, and the fast ways of finding them (month names as
one branching pattern, texts without a year passed over, a date line matched whole) finding
exactly what the plain way finds: every pattern tried over the whole text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.clean.dates import _MONTHS, FULL_DATE_PATTERNS, MONTH_NAME, _iso, find_full_date, full_dates, is_date_line

# The plain way: the module's own patterns with the month names one after the other (the
# longest first), as they were first written, each tried over the whole text.
_PLAIN_MONTH_NAME = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
PLAIN_PATTERNS = [re.compile(p.pattern.replace(MONTH_NAME, _PLAIN_MONTH_NAME), p.flags) for p in FULL_DATE_PATTERNS]


def plain_dates(text: str) -> list[tuple[re.Match[str], str]]:
    found = [(match, _iso(match)) for pattern in PLAIN_PATTERNS for match in pattern.finditer(text)]
    return [(match, iso) for match, iso in found if iso]


def plain_find_full_date(text: str) -> str | None:
    found = [(match.start(), iso) for match, iso in plain_dates(text)]
    return min(found)[1] if found else None


def plain_is_date_line(text: str) -> bool:
    return any(match.group(0) == text.strip() for match, _ in plain_dates(text))


def test_dates_as_sources_state_them() -> None:
    assert find_full_date("Lavrov's interview to RBC (Moscow, March 16, 2022)") == "2022-03-16"
    assert find_full_date("📍 Minsk, 19 января 2023 г.") == "2023-01-19"
    assert find_full_date("Sept. 5th, 2021 and 2021-06-18") == "2021-09-05"
    assert find_full_date("date 2021-06-18 MOSCOW, June 18. /TASS/.") == "2021-06-18"
    assert find_full_date("25.10.2021 - Other item") == "2021-10-25"
    assert find_full_date("Posted at 2013-12-30T14:42:01-0700") == "2013-12-30", "a timestamp's day as written"
    assert find_full_date("2013-12-30Tx") is None
    assert find_full_date("MOSCOW, August 14 (Itar-Tass)") is None, "no year: never guessed"
    assert find_full_date("February 30, 2022") is None, "not in the calendar"
    assert find_full_date("xMarch 16, 2022") is None, "a month name must start a word"
    assert find_full_date("APRİL 5, 2021") == "2021-04-05", "re matches İ as i, case aside: no KeyError"
    assert full_dates("Sat 5 Dec 2026 09.12 · Last modified on Mon 7 Dec 2026, 2026-12-05") == {
        "2026-12-05",
        "2026-12-07",
    }
    assert is_date_line("  26 October 2021 ")
    assert not is_date_line("26 October 2021, Moscow")
    assert not is_date_line("Moscow: 00:41")


PIECES = [
    *_MONTHS,
    "March",
    "SEPT",
    "Sept.",
    "Января",
    "APRİL",
    "ſept",
    "16",
    "5th",
    "31",
    "2022",
    "1999",
    "2021-06-18",
    "2021-13-45",
    "2021-06-18T09:30:00+03:00",
    "T",
    "25.10.2021",
    "x",
    "Moscow",
    "(",
    ")",
    ",",
    ".",
    "-",
    "1",
]
texts = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "  ", ", ", "\n", "\t"])), max_size=12
).map(lambda parts: "".join(piece + gap for piece, gap in parts))


@settings(max_examples=1000)
@given(st.one_of(texts, st.text(max_size=40)))
def test_dates_are_found_as_the_plain_way_finds_them(text: str) -> None:
    assert find_full_date(text) == plain_find_full_date(text)
    assert is_date_line(text) == plain_is_date_line(text)
