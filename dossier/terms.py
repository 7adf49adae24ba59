"""Finding a curated list of phrases in text: theme terms, names of people and organisations.

Phrases in capitals (TOS, OSCE, UN) match only in capitals, so "tos" or "un" inside ordinary
words and sentences never count; other phrases match in any case. Longer phrases win over
the shorter ones inside them ("Open Skies Treaty" over "Open Skies").
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class PhraseMatcher:
    def __init__(self, phrases: dict[str, str]):
        """phrases: {phrase as written: the key it stands for (a theme id, an entity id)}."""
        self._keys = {phrase.casefold(): key for phrase, key in phrases.items()}
        self._keys.update({phrase: key for phrase, key in phrases.items() if _is_acronym(phrase)})
        acronyms = [phrase for phrase in phrases if _is_acronym(phrase)]
        words = [phrase for phrase in phrases if not _is_acronym(phrase)]
        self._patterns = [_pattern(acronyms, 0), _pattern(words, re.IGNORECASE)]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping matches as (start, end, key), in text order."""
        matches = sorted(
            (match.start(), -match.end(), match.group(0))
            for pattern in self._patterns
            if pattern
            for match in pattern.finditer(text)
        )
        found: list[tuple[int, int, str]] = []
        for start, negative_end, phrase in matches:
            if found and start < found[-1][1]:
                continue
            key = self._keys.get(phrase) or self._keys[phrase.casefold()]
            found.append((start, -negative_end, key))
        return found

    def keys_in(self, text: str) -> list[str]:
        return [key for _, _, key in self.find(text)]


def _is_acronym(phrase: str) -> bool:
    letters = [char for char in phrase if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters) and len(phrase) <= 6


def _pattern(phrases: Iterable[str], flags: int) -> re.Pattern[str] | None:
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(phrase) for phrase in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)
