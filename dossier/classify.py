"""Classification: which themes each document belongs to, and how central each theme is to it.

Each mention of a theme's terms counts once, three times in the title. A document joins its
strongest theme, and any other theme it mentions at least twice: one passing mention in a
list ("the #CSTO, the #UN, the #OSCE") is not what a document is about. Themes set by hand
in a document's front matter replace all of this.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache, partial

from dossier.config import Theme
from dossier.memo import Memo, digest
from dossier.model import Document, DossierError, Membership
from dossier.terms import PhraseMatcher

TITLE_WEIGHT = 3
# A theme other than the document's strongest needs this many weighted mentions, or, in a short
# text, one for every WORDS_PER_MENTION words: a passing mention in a long statement says
# little, one in a three-line item that names three themes says what it is about.
MIN_MENTIONS = 2
WORDS_PER_MENTION = 80
# Weighted mentions at which the score reaches 1 - 1/e: past about 4, the theme is central.
SCORE_SCALE = 5
CENTRAL_SCORE = 0.5
# About what finding one document's themes costs.
CLASSIFY_SECONDS = 0.0001


def theme_mentions(title: str, text: str, matcher: PhraseMatcher) -> Counter:
    """Weighted mentions of each theme in one document (matcher: theme_matcher(themes))."""
    mentions: Counter = Counter()
    for start, _, theme in matcher.find(f"{title}\n{text}"):
        mentions[theme] += TITLE_WEIGHT if start < len(title) else 1
    return mentions


def classify(
    documents: list[Document], themes: tuple[Theme, ...], memo: Memo
) -> tuple[list[Document], list[DossierError]]:
    """Each document with its memberships, strongest first; and the themes set by hand that
    themes.yaml lacks."""
    terms = digest(themes)
    keys = [f"{document.digest}:{terms}" for document in documents]
    found = memo.map("themes", partial(memberships_of, themes=themes), documents, keys, CLASSIFY_SECONDS)
    known = {theme.id for theme in themes}
    problems = [
        DossierError(document.path or document.id, f"theme {theme!r} is not in themes.yaml; ignored")
        for document in documents
        for theme in dict.fromkeys(document.themes)
        if theme not in known
    ]
    classified = [d.replaced(memberships=m) for d, m in zip(documents, found, strict=True)]
    return classified, problems


def memberships_of(document: Document, themes: tuple[Theme, ...]) -> tuple[Membership, ...]:
    """The document's themes: those set by hand (that themes.yaml has), or those its text mentions."""
    if document.themes:
        known = {theme.id for theme in themes}
        chosen = [theme for theme in dict.fromkeys(document.themes) if theme in known]  # [osce, osce] is one
        return tuple(Membership(theme, 1.0, central=True, by_hand=True) for theme in chosen)
    words = len(document.title.split()) + len(document.text.split())
    return memberships(theme_mentions(document.title, document.text, theme_matcher(themes)), words)


def memberships(mentions: Counter, words: int) -> tuple[Membership, ...]:
    """The themes a document of so many words joins, by their weighted mentions."""
    if not mentions:
        return ()
    strongest = max(mentions.values())
    enough = min(MIN_MENTIONS, max(1, words / WORDS_PER_MENTION))
    chosen = [
        Membership(theme, round(_score(count), 3), _score(count) >= CENTRAL_SCORE)
        for theme, count in mentions.items()
        if count == strongest or count >= enough
    ]
    return tuple(sorted(chosen, key=lambda membership: (-membership.score, membership.theme)))


def _score(weighted_mentions: int) -> float:
    return 1 - math.exp(-weighted_mentions / SCORE_SCALE)


@lru_cache(maxsize=4)
def theme_matcher(themes: tuple[Theme, ...]) -> PhraseMatcher:
    """The matcher of the themes' titles and terms; made once per set of themes."""
    return PhraseMatcher({term: theme.id for theme in themes for term in (theme.title, *theme.terms)})
