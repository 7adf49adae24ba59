"""The search index: built once by lunr.py at build time, loaded by lunr.js in the reader's browser.

English and Russian share one index, as lunr-languages' `lunr.multiLanguage('en', 'ru')` builds
it in the browser. lunr.py's own language support would fetch NLTK data at run time, so the
Russian steps are ours, from PyPI packages (snowballstemmer, stop-words), registered under the
labels lunr-languages registers, so lunr.js finds them when it loads the index:

  indexing: lunr-multi-trimmer-en-ru, stopWordFilter-ru, stopWordFilter, stemmer, stemmer-ru
  search:   stemmer, stemmer-ru          (the only pipeline written into the index)

Refs are positions in a small documents table shipped beside the index, so the index stays small.
"""

from __future__ import annotations

import functools
import json
import re

import snowballstemmer
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer as english_stemmer
from lunr.stop_word_filter import stop_word_filter as english_stop_word_filter
from lunr.token_set import TokenSet
from stop_words import get_stop_words

from dossier.markdown import markdown_paragraphs
from dossier.model import Document
from dossier.urls import document_url

# Where the index is published (with its hash in the name; see dossier/assets.py).
SEARCH_INDEX = "assets/search-index.js"
# lunr.ru.wordCharacters in lunr-languages 1.22.0 (tests/test_search_index.py checks it against
# the installed package); the multi trimmer adds ASCII word characters, as JavaScript's \w.
RUSSIAN_WORD_CHARACTERS = "\u0400-\u0484\u0487-\u052f\u1d2b\u1d78\u2de0-\u2dff\ua640-\ua69f\ufe2e\ufe2f"
_WORD_CHARACTERS = f"A-Za-z0-9_{RUSSIAN_WORD_CHARACTERS}"
_LEADING = re.compile(f"^[^{_WORD_CHARACTERS}]+")
_TRAILING = re.compile(f"[^{_WORD_CHARACTERS}]+$")
# lunr.js splits on Unicode spaces, lunr.py on ASCII ones only: make them all plain spaces.
_UNICODE_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_RUSSIAN_STOP_WORDS = frozenset(get_stop_words("russian"))
_russian = snowballstemmer.stemmer("russian")

FIELDS = {"title": 10, "body": 1, "tags": 3, "entities": 3, "themes": 2}


def multi_trimmer(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: _TRAILING.sub("", _LEADING.sub("", text)))


def russian_stop_word_filter(token, i=None, tokens=None):
    return None if str(token) in _RUSSIAN_STOP_WORDS else token


def russian_stemmer(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: _stem_russian(text))


@functools.lru_cache(maxsize=200_000)
def _stem_russian(word: str) -> str:
    """Most tokens of a dossier repeat: stem each distinct word once."""
    return _russian.stemWord(word)


Pipeline.register_function(multi_trimmer, "lunr-multi-trimmer-en-ru")
Pipeline.register_function(russian_stop_word_filter, "stopWordFilter-ru")
Pipeline.register_function(russian_stemmer, "stemmer-ru")


def fold_for_search(text: str) -> str:
    """ё is е to the Python stemmer but not to lunr-languages' JS one: fold it on both sides.
    The page's search script folds queries the same way."""
    return _UNICODE_SPACES.sub(" ", text.replace("ё", "е").replace("Ё", "Е"))


def build_search_index(documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str]) -> dict:
    """{"index": serialised lunr index, "documents": [{title, date, themes, url, paragraphs}, ...]} by ref."""
    builder = Builder()
    builder.pipeline.add(
        multi_trimmer, russian_stop_word_filter, english_stop_word_filter, english_stemmer, russian_stemmer
    )
    builder.search_pipeline.add(english_stemmer, russian_stemmer)
    builder.ref("ref")
    for field, boost in FIELDS.items():
        builder.field(field, boost=boost)
    table = []
    for ref, document in enumerate(documents):
        themes = [theme_titles.get(m.theme, m.theme) for m in document.memberships]
        builder.add(
            {
                "ref": str(ref),
                "title": fold_for_search(document.title),
                "body": fold_for_search(document.text),
                "tags": fold_for_search(" ".join(document.tags)),
                "entities": fold_for_search(" ".join(entity_names.get(e, e) for e in document.entities)),
                "themes": fold_for_search(" ".join(themes)),
            }
        )
        table.append(
            {
                "title": document.title,
                "date": document.date,
                "themes": themes,
                "url": document_url(document),
                # Paragraph n is #p{n} on the document's page: a result links to the one that matches.
                "paragraphs": markdown_paragraphs(document.body),
            }
        )
    return {"index": _build(builder).serialize(), "documents": table}


def _build(builder: Builder) -> Index:
    """The index; for a dossier with no documents yet, an empty one (lunr.py's builder would
    divide by zero), made of lunr's own parts so lunr.js loads it all the same."""
    if builder.document_count:
        return builder.build()
    return Index(
        inverted_index={},
        field_vectors={},
        token_set=TokenSet.from_list([]),
        fields=list(builder._fields),
        pipeline=builder.search_pipeline,
    )


def search_index_script(search_index: dict) -> str:
    """The index as a script that sets a global: pages opened by file:// may not fetch() a file."""
    payload = json.dumps(search_index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.DOSSIER_SEARCH = {payload};\n"
