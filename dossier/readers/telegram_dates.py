"""The day a Telegram post was published, from what its export writes of the time.

{"id": 42, "date": "2018-12-05T13:39:10", "date_unixtime": "1544006350", ...}   <- both, as exports write them
{"id": 43, "date_unixtime": "1544009950", ...}                                  <- the moment alone

`date` is the exporting machine's local time, written without its offset; `date_unixtime` is the
same moment in seconds since 1970, in UTC. A post's day is the one `date` says, never shifted: a
post at 01:30 in Moscow is that day's, though still the day before in UTC. A message with the
moment alone is dated in the export's own time where other messages of the export show it
(their `date` less their `date_unixtime` is its offset from UTC; the nearest in time is taken,
as summer time changes it), else in UTC. Either way its provenance says how it was dated.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

# No time zone is further from UTC than this: a greater difference is an export edited by hand.
_LARGEST_OFFSET = 14 * 3600


@dataclass(frozen=True)
class Clock:
    """An export's offsets from UTC, as its messages that write both times show them: (moment in
    unix time, offset in seconds), in time order."""

    offsets: tuple[tuple[int, int], ...] = ()

    def offset_at(self, moment: int) -> int | None:
        """The offset of the message nearest in time to the moment; None when no message shows one."""
        if not self.offsets:
            return None
        index = bisect.bisect_left(self.offsets, (moment,))
        near = self.offsets[max(index - 1, 0) : index + 1]
        return min(near, key=lambda pair: abs(pair[0] - moment))[1]


def clock_of(messages: Iterable[object]) -> Clock:
    """The offsets the export's messages show: each one's `date` less its `date_unixtime`."""
    offsets = set()
    for data in messages:
        if not isinstance(data, dict) or not isinstance(data.get("date"), str):
            continue
        try:
            moment = _moment(data.get("date_unixtime"))
            local = datetime.datetime.fromisoformat(data["date"])
            offset = round((local - _utc(moment).replace(tzinfo=None)).total_seconds())
        except (ValueError, TypeError):  # TypeError: a `date` that holds its own offset
            continue
        if abs(offset) <= _LARGEST_OFFSET:
            offsets.add((moment, offset))
    return Clock(tuple(sorted(offsets)))


def day_of(data: dict, clock: Clock) -> tuple[str | None, str | None]:
    """The day the message was posted, and how it was dated when not by its own `date` (None
    then). None when the export gives no time; a ValueError says which time is none."""
    local = data.get("date")
    if local is not None:
        try:
            return datetime.date.fromisoformat(str(local)[:10]).isoformat(), None
        except ValueError:
            raise ValueError(f"date {local!r} is not a date") from None
    if data.get("date_unixtime") is None:
        return None, None
    moment = _moment(data["date_unixtime"])
    offset = clock.offset_at(moment)
    if offset is None:
        how = f"dated by its time (date_unixtime {moment}) in UTC: the export does not give its local time"
        return _utc(moment).date().isoformat(), how
    day = (_utc(moment) + datetime.timedelta(seconds=offset)).date().isoformat()
    zone = f"UTC{_signed(offset)}"
    how = f"dated by its time (date_unixtime {moment}) in the export's own, {zone}, as its other messages show"
    return day, how


def _moment(value: object) -> int:
    """date_unixtime as a number of seconds: the export writes it as text of digits."""
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not text.lstrip("-").isdigit() or len(text) > 12:
        raise ValueError(f"date_unixtime {value!r} is not a time")
    try:
        _utc(int(text))
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"date_unixtime {value!r} is not a time") from None
    return int(text)


def _utc(moment: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(moment, datetime.UTC)


def _signed(offset: int) -> str:
    """+03:00, -05:30: an offset as ISO 8601 writes it."""
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
