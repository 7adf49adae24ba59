"""Finding a curated list of phrases in text: theme terms, names of people and organisations.

Phrases in capitals (TOS, OSCE, UN) match only in capitals, so "tos" or "un" inside ordinary
words and sentences never count; other phrases match in any case. A phrase matches whole words
only, and longer phrases win over the shorter ones inside them ("Open Skies Treaty" over
"Open Skies").

Classifying and naming read every document's text, so matching must be fast: each kind of
phrase is one regular expression shaped as a trie (see trie_pattern), whose cost grows with
the text, hardly with the number of phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD_CHARACTER = re.compile(r"\w")


class PhraseMatcher:
    def __init__(self, phrases: dict[str, str], capitalised: bool = False):
        """phrases: {phrase as written: the key it stands for (a theme id, an entity id)}. An empty
        phrase (a term written as a lone "#") would match between any two spaces; it is left out.
        capitalised: a match must begin with a capital letter, as a name does in running text:
        the surname Мороз is not the frost in "сильный мороз"."""
        self.capitalised = capitalised
        self._exact = {phrase: key for phrase, key in phrases.items() if _is_acronym(phrase)}
        self._any_case = {_lower(phrase): key for phrase, key in phrases.items() if phrase and not _is_acronym(phrase)}
        self._exact_pattern = _acronyms_pattern(self._exact)
        self._any_case_pattern = _words_pattern(self._any_case)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping matches as (start, end, key), in text order."""
        exact = _acronym_matches(self._exact_pattern, text, self._exact)
        any_case = _word_matches(self._any_case_pattern, _lower(text), self._any_case)
        if self.capitalised:
            any_case = [match for match in any_case if text[match[0]].isupper()]
        if exact and any_case:
            return _without_overlaps(exact + any_case)
        return exact or any_case  # the matches of one kind never overlap

    def keys_in(self, text: str) -> list[str]:
        return [key for _, _, key in self.find(text)]


def _without_overlaps(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The matches in text order, each dropped that overlaps one before it; of two that start
    together the longer is kept, and where both kinds match the same stretch, the acronym (given
    first)."""
    matches.sort(key=lambda match: (match[0], -match[1]))
    found = [matches[0]]
    for match in matches[1:]:
        if match[0] >= found[-1][1]:
            found.append(match)
    return found


def _is_acronym(phrase: str) -> bool:
    letters = [char for char in phrase if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters) and len(phrase) <= 6


def _lower(text: str) -> str:
    """Lower case, one character for one, so positions in it are positions in the text. Only the
    Turkish capital İ lowers to two characters; it stands for i. A final ς is a σ: matching
    ignores the spelling of Greek sigma at the end of a word, as it ignores case."""
    return text.replace("\u0130", "i").lower().replace("\u03c2", "\u03c3")


def trie_pattern(phrases: Iterable[str]) -> str:
    """One regular expression for all the phrases, branching one character at a time: at each
    word the engine follows the one branch that fits, where an alternation of whole phrases is
    tried phrase by phrase (with 70 names and 40 terms, that was most of the 6 s classifying and
    naming 10,000 documents took). Where a phrase ends and a longer one goes on, the longer is tried first,
    so the longest phrase that ends at a word boundary wins."""
    tree: dict[str, dict] = {}
    for phrase in phrases:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here
    return _branches(tree)


def _branches(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")


def _words_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Phrases in lower case, matched in lower-cased text after a non-word character. Starting
    with \\W lets the engine skip, in C, over every place inside a word."""
    return re.compile(rf"\W({trie_pattern(phrases)})(?!\w)") if phrases else None


def _acronyms_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Acronyms as written. Starting with the trie's first characters (capitals, mostly) lets
    the engine skip in C to the rare places one can begin; the word boundary before is checked
    after."""
    return re.compile(rf"({trie_pattern(phrases)})(?!\w)") if phrases else None


def _word_matches(pattern: re.Pattern[str] | None, lowered: str, keys: dict[str, str]) -> list[tuple[int, int, str]]:
    if pattern is None:
        return []
    padded = " " + lowered  # a phrase at the very start has a non-word character before it too
    found = []
    match = pattern.search(padded)
    while match:
        found.append((match.start(1) - 1, match.end(1) - 1, keys[match.group(1)]))
        # The next phrase may begin right after one that ends in a non-word character ("e.g.").
        match = pattern.search(padded, match.end(1) - 1)
    return found


def _acronym_matches(pattern: re.Pattern[str] | None, text: str, keys: dict[str, str]) -> list[tuple[int, int, str]]:
    if pattern is None:
        return []
    found = []
    match = pattern.search(text)
    while match:
        start = match.start()
        if start and _WORD_CHARACTER.match(text, start - 1):
            match = pattern.search(text, start + 1)  # inside a word: no phrase starts here
            continue
        found.append((start, match.end(), keys[match.group()]))
        match = pattern.search(text, match.end())
    return found
