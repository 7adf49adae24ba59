"""How close an extraction comes to the ground truth, field by field: pure functions, no I/O.

The body is scored as article-extraction benchmarks score it: both texts as bags of lower-cased
word tokens, precision the share of the extracted tokens found in the truth, recall the share of
the truth's tokens found in the extraction (each token counted as often as it occurs), F1 their
harmonic mean. Markup in Dossier's Markdown (`**`, `_`, `#`, `>`) is not a word and counts for nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# Letters and digits; not "_", which is Markdown's italics (_Makei_) and no part of a word.
_WORD = re.compile(r"[^\W_]+")
# What separates the words of a site's name without being part of it: "Globalnews.ca" is
# "globalnews ca", "the Guardian" is "the guardian".
_NOT_NAME = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class BodyScore:
    precision: float
    recall: float
    f1: float


def word_tokens(text: str) -> Counter:
    """The text's words, lower-cased and counted: "Lavrov met Lavrov" -> {lavrov: 2, met: 1}."""
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def body_score(extracted: str, truth: str) -> BodyScore:
    """Token precision, recall and F1 of the extracted body against the true one. Nothing
    extracted from a page that has a body scores 0 on all three."""
    got, want = word_tokens(extracted), word_tokens(truth)
    overlap = sum((got & want).values())
    if not overlap:
        return BodyScore(0.0, 0.0, 0.0)
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return BodyScore(precision, recall, 2 * precision * recall / (precision + recall))


def normal_title(title: str | None) -> str:
    """A title as compared: Unicode NFC, runs of white space (non-breaking ones too) one space.
    Quotes, case and punctuation count: "exact match" means the reader sees the same headline."""
    return " ".join(unicodedata.normalize("NFC", title or "").split())


def same_title(extracted: str | None, truth: str) -> bool:
    return bool(extracted) and normal_title(extracted) == normal_title(truth)


def opens_with_title(body: str, title: str) -> bool:
    """Whether the body's first line is the headline again (as a Markdown heading, in bold, or
    plain), which the reader sees twice: once as the title, once atop the text."""
    first = next((line for line in body.splitlines() if line.strip()), "")
    return bool(first) and normal_title(first.strip().lstrip("#").strip().strip("*_")) == normal_title(title)


def same_day(extracted: str | None, truth: str | list[str] | None) -> bool:
    """Whether the extracted date names the day the page states. The truth is a day
    (YYYY-MM-DD), several days a page states alike (published, and updated on its face), or
    None for a page that states none, where any date found is invented and wrong."""
    day = extracted[:10] if extracted else None
    if truth is None:
        return day is None
    return day in ([truth] if isinstance(truth, str) else truth)


def normal_outlet(name: str | None) -> str:
    """A site's name as compared: case and punctuation aside ("HeraldSun" is not "Herald Sun",
    so the truth lists both where the site writes both)."""
    return " ".join(_NOT_NAME.sub(" ", unicodedata.normalize("NFC", name or "").casefold()).split())


def outlet_right(extracted: str | None, names: list[str]) -> bool:
    """Whether the extracted outlet names the site: one of the names it goes by, whole, or
    one of them standing whole in it ("Газета «Коммерсантъ»", "Voice of America (VOA News)").
    A host name ("apnews.com") is not the site's name unless the site calls itself that."""
    got = f" {normal_outlet(extracted)} "
    return bool(extracted) and any(f" {normal_outlet(name)} " in got for name in names if normal_outlet(name))
