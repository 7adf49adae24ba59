"""Classification: which themes each document belongs to, and how central each theme is to it.

Each mention of a theme's terms counts once, three times in the title. A document joins its
strongest theme, and any other theme it mentions at least twice: one passing mention in a
list ("the #CSTO, the #UN, the #OSCE") is not what a document is about. Themes set by hand
in a document's front matter replace all of this.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from dossier.config import Theme
from dossier.model import Document, DossierError
from dossier.terms import PhraseMatcher

TITLE_WEIGHT = 3
# A theme other than the document's strongest needs this many weighted mentions.
MIN_MENTIONS = 2
# Weighted mentions at which the score reaches 1 - 1/e: past about 4, the theme is central.
SCORE_SCALE = 5
CENTRAL_SCORE = 0.5


@dataclass(frozen=True)
class Membership:
    theme: str  # theme id
    score: float  # 0..1: how much of the document is about the theme
    central: bool
    by_hand: bool = False


def theme_mentions(title: str, text: str, matcher: PhraseMatcher) -> Counter:
    """Weighted mentions of each theme in one document (matcher: theme_matcher(themes)). A pure
    function of its arguments: a build can keep it between builds, by the document's title and
    text and the themes."""
    mentions: Counter = Counter()
    for start, _, theme in matcher.find(f"{title}\n{text}"):
        mentions[theme] += TITLE_WEIGHT if start < len(title) else 1
    return mentions


def classify(
    documents: list[Document],
    themes: tuple[Theme, ...],
    problems: list[DossierError],
    mentions: Callable[[str, str, PhraseMatcher], Counter] = theme_mentions,
) -> None:
    """Set each document's memberships, strongest first. mentions: theme_mentions, or the
    build's memoized copy of it."""
    matcher = theme_matcher(themes)
    known = {theme.id for theme in themes}
    for document in documents:
        if document.themes:
            document.memberships = _by_hand(document, known, problems)
        else:
            document.memberships = memberships(mentions(document.title, document.text, matcher))


def memberships(mentions: Counter) -> list[Membership]:
    if not mentions:
        return []
    strongest = max(mentions.values())
    chosen = [
        Membership(theme, round(_score(count), 3), _score(count) >= CENTRAL_SCORE)
        for theme, count in mentions.items()
        if count == strongest or count >= MIN_MENTIONS
    ]
    return sorted(chosen, key=lambda membership: (-membership.score, membership.theme))


def _score(weighted_mentions: int) -> float:
    return 1 - math.exp(-weighted_mentions / SCORE_SCALE)


def _by_hand(document: Document, known: set[str], problems: list[DossierError]) -> list[Membership]:
    chosen = []
    for theme in dict.fromkeys(document.themes):  # "themes: [osce, osce]" is one membership
        if theme in known:
            chosen.append(Membership(theme, 1.0, central=True, by_hand=True))
        else:
            where = document.path or document.id
            problems.append(DossierError(where, f"theme {theme!r} is not in themes.yaml; ignored"))
    return chosen


@lru_cache(maxsize=4)
def theme_matcher(themes: tuple[Theme, ...]) -> PhraseMatcher:
    """The matcher of the themes' titles and terms; made once per set of themes, not per build."""
    return PhraseMatcher({term: theme.id for theme in themes for term in (theme.title, *theme.terms)})
