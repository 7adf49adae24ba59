"""What the search index holds of a text: its terms, as lunr.py analyses them at build time and
lunr.js (with lunr-languages) analyses a query in the reader's browser.

English and Russian share one index, as lunr-languages' `lunr.multiLanguage('en', 'ru')` builds
it in the browser. lunr.py's own language support would fetch NLTK data at run time, so the
Russian steps are ours, from PyPI packages (snowballstemmer, stop-words), registered under the
labels lunr-languages registers, so lunr.js finds them when it loads the index:

  indexing: lunr-multi-trimmer-en-ru, stopWordFilter-ru, stopWordFilter, stemmer, stemmer-ru
  search:   stemmer, stemmer-ru          (the only pipeline written into the index)
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer as english_stemmer
from lunr.stop_word_filter import stop_word_filter as english_stop_word_filter
from lunr.token import Token
from stop_words import get_stop_words

# The fields searched, and how much a match in each weighs.
FIELDS = {"title": 10, "body": 1, "tags": 3, "entities": 3, "themes": 2}
# What the browser runs each query term through: the pipeline written into the index.
SEARCH_PIPELINE = ["stemmer", "stemmer-ru"]
# lunr.py's tokenizer splits on these (and lower-cases first).
_SEPARATORS = re.compile("[ \t\n\r\f\v\xa0-]+")
# lunr.ru.wordCharacters in lunr-languages 1.22.0 (tests/test_search_index.py checks it against
# the installed package); the multi trimmer adds ASCII word characters, as JavaScript's \w.
RUSSIAN_WORD_CHARACTERS = "\u0400-\u0484\u0487-\u052f\u1d2b\u1d78\u2de0-\u2dff\ua640-\ua69f\ufe2e\ufe2f"
_WORD_CHARACTERS = f"A-Za-z0-9_{RUSSIAN_WORD_CHARACTERS}"
_LEADING = re.compile(f"^[^{_WORD_CHARACTERS}]+")
_TRAILING = re.compile(f"[^{_WORD_CHARACTERS}]+$")
# lunr.js splits on Unicode spaces, lunr.py on ASCII ones only: make them all plain spaces.
_UNICODE_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_RUSSIAN_STOP_WORDS = frozenset(get_stop_words("russian"))


def multi_trimmer(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: _TRAILING.sub("", _LEADING.sub("", text)))


def russian_stop_word_filter(token, i=None, tokens=None):
    return None if str(token) in _RUSSIAN_STOP_WORDS else token


def russian_stemmer(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: _russian().stemWord(text))


@functools.cache
def _russian():
    """Snowball's Russian stemmer, made when first used: importing snowballstemmer loads every
    one of its thirty languages (15 ms), which a build whose terms are found by the workers
    never needs in the main process."""
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


Pipeline.register_function(multi_trimmer, "lunr-multi-trimmer-en-ru")
Pipeline.register_function(russian_stop_word_filter, "stopWordFilter-ru")
Pipeline.register_function(russian_stemmer, "stemmer-ru")


def fold_for_search(text: str) -> str:
    """ё is е to the Python stemmer but not to lunr-languages' JS one: fold it on both sides.
    The page's search script folds queries the same way."""
    return _UNICODE_SPACES.sub(" ", text.replace("ё", "е").replace("Ё", "Е"))


def lunr_builder() -> Builder:
    """lunr.py's Builder as the index is built: fields, boosts and both pipelines. The index
    itself is worked out by search_index.py; this one is the reference it must equal."""
    builder = Builder()
    builder.pipeline.add(
        multi_trimmer, russian_stop_word_filter, english_stop_word_filter, english_stemmer, russian_stemmer
    )
    builder.search_pipeline.add(english_stemmer, russian_stemmer)
    builder.ref("ref")
    for field, boost in FIELDS.items():
        builder.field(field, boost=boost)
    return builder


_INDEXING = lunr_builder().pipeline


def analyse(text: str) -> Counter:
    """The terms lunr.py's Builder.add indexes for a field, counted, in the order first met: its
    tokenizer (lower case, split on whitespace and hyphens), then the indexing pipeline, run
    once per distinct word rather than once per occurrence."""
    return Counter(
        term for word in _SEPARATORS.split(fold_for_search(text).lower()) if word and (term := _term(word)) is not None
    )


@functools.lru_cache(maxsize=1 << 18)
def _term(word: str) -> str | None:
    """One word through the indexing pipeline: its term, or None when a stop-word filter drops it."""
    terms = _INDEXING.run([Token(word)])
    return str(terms[0]) if terms else None
