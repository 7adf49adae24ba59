"""The search index: built once by lunr.py at build time, loaded by lunr.js in the reader's browser.

English and Russian share one index, as lunr-languages' `lunr.multiLanguage('en', 'ru')` builds
it in the browser. lunr.py's own language support would fetch NLTK data at run time, so the
Russian steps are ours, from PyPI packages (snowballstemmer, stop-words), registered under the
labels lunr-languages registers, so lunr.js finds them when it loads the index:

  indexing: lunr-multi-trimmer-en-ru, stopWordFilter-ru, stopWordFilter, stemmer, stemmer-ru
  search:   stemmer, stemmer-ru          (the only pipeline written into the index)

Refs are positions in a small documents table shipped beside the index, so the index stays small.

The index is split into shards of about SHARD_SIZE documents, each its own lunr index in its
own script: the browser searches them all and merges the results by score, and an edit
rebuilds one shard, not the whole index. The shards are built in worker processes when
there are many, while the main process renders the pages.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import re
from collections import Counter
from collections.abc import Callable

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.idf import idf as Idf
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer as english_stemmer
from lunr.stop_word_filter import stop_word_filter as english_stop_word_filter
from lunr.token import Token
from lunr.token_set import TokenSet
from lunr.vector import Vector
from stop_words import get_stop_words

from dossier.memo import Memo
from dossier.model import Document
from dossier.urls import document_url

# Where the index's shards are published: assets/search-index-0.js, -1.js, ... (with their
# hash in the name; see dossier/assets.py).
SEARCH_INDEX = "assets/search-index"
SHARD_SIZE = 1000
# About what indexing one document costs.
INDEX_SECONDS = 0.001
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

FIELDS = {"title": 10, "body": 1, "tags": 3, "entities": 3, "themes": 2}


def multi_trimmer(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: _TRAILING.sub("", _LEADING.sub("", text)))


def russian_stop_word_filter(token, i=None, tokens=None):
    return None if str(token) in _RUSSIAN_STOP_WORDS else token


def russian_stemmer(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: _russian().stemWord(text))


@functools.cache
def _russian():
    """Snowball's Russian stemmer, made when first used: importing snowballstemmer loads every
    one of its thirty languages (15 ms), which a build whose shards are built by the workers
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


def start_search_index(
    documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str], memo: Memo
) -> Callable[[], dict[str, bytes]]:
    """Start building the index's shards (in the worker processes, when worth it) and return
    what collects them: {name in the site: script}. A shard whose entries are unchanged is the
    memo's: an edit builds one shard again."""
    shards = shard_entries(index_entries(documents, theme_titles, entity_names))
    items = list(enumerate(shards))
    keys = [_shard_key(number, shard) for number, shard in items]
    seconds_each = INDEX_SECONDS * len(documents) / max(len(shards), 1)
    scripts = memo.map_in_background("search-shards", numbered_shard_script, items, keys, seconds_each)
    return lambda: {f"{SEARCH_INDEX}-{number}.js": script for number, script in enumerate(scripts())}


def index_entries(documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str]) -> list[dict]:
    """What the index holds of each document: the fields it searches and what a result shows."""
    entries = []
    for document in documents:
        themes = [theme_titles.get(m.theme, m.theme) for m in document.memberships]
        fields = {
            "title": document.title,
            "body": document.text,
            "tags": " ".join(document.tags),
            "entities": " ".join(entity_names.get(e, e) for e in document.entities),
            "themes": " ".join(themes),
        }
        listing = {
            "title": document.title,
            "date": document.date,
            "themes": themes,
            "url": document_url(document),
            # Paragraph n is #p{n} on the document's page: a result links to the one that matches.
            "paragraphs": list(document.paragraphs),
        }
        entries.append({"id": document.id, "fields": fields, "listing": listing})
    return entries


def shard_count(document_count: int) -> int:
    """About SHARD_SIZE documents a shard, in a power of two of shards, so a dossier keeps its
    shards (and their files) as it grows, until it doubles."""
    count = 1
    while count * SHARD_SIZE < document_count:
        count *= 2
    return count


def shard_of(document_id: str, shards: int) -> int:
    """A document's shard, from its id alone: an edit rebuilds that shard and no other."""
    return int(hashlib.sha256(document_id.encode("utf-8")).hexdigest()[:8], 16) % shards


def shard_entries(entries: list[dict]) -> list[list[dict]]:
    shards: list[list[dict]] = [[] for _ in range(shard_count(len(entries)))]
    for entry in entries:
        shards[shard_of(entry["id"], len(shards))].append(entry)
    return shards


def build_shard(entries: list[dict]) -> dict:
    """One shard: {"index": serialised lunr index, "documents": [listing, ...]}, refs being
    positions in "documents"."""
    builder = _builder()
    for ref, entry in enumerate(entries):
        _add_analysed(builder, str(ref), {field: _analyse(text) for field, text in entry["fields"].items()})
    return {"index": _build(builder).serialize(), "documents": [entry["listing"] for entry in entries]}


def numbered_shard_script(shard: tuple[int, list[dict]]) -> bytes:
    return shard_script(*shard)


def shard_script(number: int, entries: list[dict]) -> bytes:
    """A shard as a script that adds it to a global list: pages opened by file:// may not fetch()."""
    payload = json.dumps({"shard": number, **build_shard(entries)}, ensure_ascii=False, separators=(",", ":"))
    return f"(window.DOSSIER_SEARCH = window.DOSSIER_SEARCH || []).push({payload});\n".encode()


class ShardBuilder(Builder):
    """lunr.py's Builder, with its field vectors made faster: lunr.py inserts each term's score
    into a sorted list one at a time (half the time of a shard); here each vector is sorted
    once. The scores are worked out by the same arithmetic, in the same order, so the index is
    the same to the last bit (tests/test_search_index.py builds both and compares)."""

    def _create_field_vectors(self) -> None:
        k1, b = self._k1, self._b
        idf: dict[str, float] = {}
        self.field_vectors = {}
        for field_ref, term_frequencies in self.field_term_frequencies.items():
            if not term_frequencies:  # an empty field: no vector elements, and its average length may be 0
                self.field_vectors[field_ref] = Vector()
                continue
            ref = FieldRef.from_string(field_ref)
            field = ref.field_name
            boost, document_boost = self._fields[field].boost, self._documents[ref.doc_ref].get("boost", 1)
            length = k1 * (1 - b + b * (self.field_lengths[field_ref] / self.average_field_length[field]))
            scored = []
            for term, tf in term_frequencies.items():
                posting = self.inverted_index[term]
                if term not in idf:
                    idf[term] = Idf(posting, self.document_count)
                score = idf[term] * ((k1 + 1) * tf) / (length + tf)
                score *= boost
                score *= document_boost
                scored.append((posting["_index"], round(score, 3)))
            scored.sort()
            self.field_vectors[field_ref] = _RoundedVector([element for pair in scored for element in pair])


class _RoundedVector(Vector):
    """A field vector whose scores are rounded as they are worked out: lunr.py's serialize()
    rounds every element again (indexes too): 0.13 s of a 1,000-document shard's 0.8-1.2 s,
    for the same numbers (rounding to 3 places twice is rounding once)."""

    def serialize(self) -> list:
        return list(self.elements)


def _builder(kind: type[Builder] = ShardBuilder) -> Builder:
    builder = kind()
    builder.pipeline.add(
        multi_trimmer, russian_stop_word_filter, english_stop_word_filter, english_stemmer, russian_stemmer
    )
    builder.search_pipeline.add(english_stemmer, russian_stemmer)
    builder.ref("ref")
    for field, boost in FIELDS.items():
        builder.field(field, boost=boost)
    return builder


_INDEXING = _builder().pipeline


def _analyse(text: str) -> Counter:
    """The terms lunr.py's Builder.add would index for a field, counted: its tokenizer (lower
    case, split on whitespace and hyphens), then the indexing pipeline, run once per distinct
    word rather than once per occurrence."""
    return Counter(
        term for word in _SEPARATORS.split(fold_for_search(text).lower()) if word and (term := _term(word)) is not None
    )


@functools.lru_cache(maxsize=1 << 18)
def _term(word: str) -> str | None:
    """One word through the indexing pipeline: its term, or None when a stop-word filter drops it."""
    terms = _INDEXING.run([Token(word)])
    return str(terms[0]) if terms else None


def _add_analysed(builder: Builder, ref: str, fields: dict[str, Counter]) -> None:
    """What Builder.add records for a document, from terms already analysed (no positions are
    kept: the builder's metadata whitelist is empty)."""
    builder._documents[ref] = {}
    builder.document_count += 1
    for field, counts in fields.items():
        field_ref = str(FieldRef(ref, field))
        builder.field_term_frequencies[field_ref] = counts
        builder.field_lengths[field_ref] = counts.total()
        for term in counts:
            posting = builder.inverted_index.get(term)
            if posting is None:
                posting = builder.inverted_index[term] = {name: {} for name in builder._fields}
                posting["_index"] = builder.term_index
                builder.term_index += 1
            posting[field][ref] = {}


def _shard_key(number: int, shard: list[dict]) -> str:
    """A digest of a shard's number and entries. Their pickle: a fifth of the time of their repr
    (10,000 documents' text, at every rebuild of serve). Equal entries pickle the same here, as
    index_entries builds each build's alike; were they ever not, a shard would only be rebuilt."""
    return hashlib.sha256(pickle.dumps([number, shard], protocol=5)).hexdigest()


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
