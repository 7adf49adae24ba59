"""The search index: one lunr index over the whole dossier, scored exactly as lunr.py scores
it, published in pieces the reader's browser loads as a query needs them.

lunr.js scores a document by the dot product of the query's vector with the document's field
vectors, divided by the query's magnitude alone, so only the entries of the query's own terms
matter. The index is therefore published cut by term (search.js puts the pieces a query needs
back together into an index lunr.js loads, lunr.js itself unmodified):

- the head (assets/search/head.<hash>.js, loaded with the page): the fields, the search
  pipeline, the number of documents, what BM25 needs beside the chunks (its constants, the
  fields' boosts and average lengths), and the first term of each term chunk;
- term chunks (assets/search/terms.<hash>.js): runs of the sorted vocabulary, each term with
  its number in lunr's order, its IDF over the whole dossier and, field by field, the
  documents that have it, how often, and the field's length there. search-index.js works out
  each weight from these as lunr.py does (one BM25: the same score for a document whatever else
  the query loads); an edit changes only the chunks that hold the edited document's terms;
- the vocabulary (assets/search/vocabulary-0.<hash>.js), for queries that reach terms a prefix
  does not find (`makey~1`, `*sky`);
- facet blocks (assets/search/facets-<n>.<hash>.js): each document's date, themes, outlet,
  tags and names, in blocks of documents, for filters, counts and sorting by date;
- one listing a document (search/documents/<ref>.js): what its result shows, loaded for the
  results on screen. Not under assets/: their names are their numbers, not their hash.

Every piece is a script that hands its data to search.js: a page opened from disk (file://)
may add scripts but not fetch() files. The terms of each document are found by the workers, a
group of documents at a time, kept in the memo: an edit analyses one group again.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from dossier.assets import fingerprinted_name
from dossier.memo import Memo
from dossier.model import Document
from dossier.search_terms import FIELDS, SEARCH_PIPELINE, analyse
from dossier.urls import document_url

SEARCH_FOLDER = "assets/search"
DOCUMENTS_FOLDER = "search/documents"
# A term chunk holds about this many bytes, on average: a query's word costs the reader one
# chunk, and a chunk's terms are enough that the head stays small (a first term each). A
# chunk's bounds are set by its terms' digests (_chunks), so some hold more: at most four times.
CHUNK_BYTES = 24_000
# Documents a facet block holds: the blocks a query's results fall in are loaded.
FACET_BLOCK = 2_000
# Documents whose terms are found together, by one worker, kept in the memo as one.
GROUP_SIZE = 1_000
# About what finding the terms of one document costs, and encoding its listing.
ANALYSE_SECONDS = 0.0005
LISTING_SECONDS = 0.00002
# What is indexed of a field: a word longer than this (a pasted base64 image, a minified script)
# is no word anyone searches for, and lunr's analysis of one costs memory by its length; a
# field's text is indexed up to the second figure; a result's listing keeps each paragraph's
# opening, enough for a snippet.
MAX_WORD_CHARACTERS = 64
MAX_FIELD_CHARACTERS = 1_000_000
MAX_LISTED_PARAGRAPH = 2_000
_LONG_WORD = re.compile(rf"[^\s-]{{{MAX_WORD_CHARACTERS + 1},}}")
# lunr's BM25 constants (lunr.py's Builder and lunr.js's alike).
K1, B = 1.2, 0.75


@dataclass(frozen=True)
class IndexEntry:
    """What the index holds of a document: the text of each field searched, what its result
    shows, and the values it has for each facet."""

    id: str
    fields: dict[str, str]
    listing: dict
    facets: dict[str, object]
    listing_key: str  # all the listing is made of: the document's digest and its themes' titles


@dataclass(frozen=True)
class AnalysedGroup:
    """The terms of a group of documents: for each document, field by field, its distinct terms
    (numbers in vocabulary) in the order first met, and how often each occurs."""

    ids: tuple[str, ...]
    vocabulary: tuple[str, ...]
    per_field: np.ndarray  # (documents, fields): distinct terms in each field
    terms: np.ndarray
    counts: np.ndarray


@dataclass(frozen=True)
class SearchIndex:
    files: dict[str, bytes]  # every piece, by its path in the site
    head: str  # the head's path, which the search page loads


def start_search_index(
    documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str], memo: Memo
) -> Callable[[], SearchIndex]:
    """Start finding the documents' terms (in the worker processes, when worth it) and return
    what makes the index of them."""
    entries = index_entries(documents, theme_titles, entity_names)
    groups = analysis_groups(entries)
    keys = [_group_key(group) for group in groups]
    analysed = memo.map_in_background("search-terms", analyse_group, groups, keys, ANALYSE_SECONDS * GROUP_SIZE)
    return lambda: search_index(entries, analysed(), memo)


def index_entries(
    documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str]
) -> list[IndexEntry]:
    entries = []
    for document in documents:
        themes = [theme_titles.get(m.theme, m.theme) for m in document.memberships]
        names = [entity_names.get(e, e) for e in document.entities]
        fields = {
            "title": document.title,
            "body": document.text,
            "tags": " ".join(document.tags),
            "entities": " ".join(names),
            "themes": " ".join(themes),
        }
        fields = {field: text[:MAX_FIELD_CHARACTERS] for field, text in fields.items()}
        listing = {
            "title": document.title,
            "date": document.date,
            "themes": themes,
            "outlet": document.source.outlet,
            "url": document_url(document),
            # Paragraph n is #p{n} on the document's page: a result links to the one that matches.
            "paragraphs": [paragraph[:MAX_LISTED_PARAGRAPH] for paragraph in document.paragraphs],
        }
        facets = {"date": document.date, "theme": themes, "outlet": document.source.outlet}
        facets |= {"tag": list(document.tags), "name": names}
        entries.append(IndexEntry(document.id, fields, listing, facets, repr((document.digest, themes))))
    return entries


def analysis_groups(entries: list[IndexEntry]) -> list[tuple[tuple[str, tuple[str, ...]], ...]]:
    """The documents in groups of about GROUP_SIZE by their id alone, so that an edit changes
    one group: (id, the text of each field) for each."""
    count = 1
    while count * GROUP_SIZE < len(entries):
        count *= 2  # a power of two: a document keeps its group as the dossier grows, until it doubles
    groups: list[list] = [[] for _ in range(count)]
    for entry in entries:
        number = int(hashlib.sha256(entry.id.encode("utf-8")).hexdigest()[:8], 16) % count
        groups[number].append((entry.id, tuple(entry.fields.values())))
    return [tuple(group) for group in groups]


def analyse_group(group: tuple[tuple[str, tuple[str, ...]], ...]) -> AnalysedGroup:
    number: dict[str, int] = {}
    per_field, terms, counts = [], [], []
    for _, texts in group:
        row = []
        for text in texts:
            analysed = analyse(_LONG_WORD.sub(" ", text))  # here, in the memo's work, not every build's
            row.append(len(analysed))
            terms += [number.setdefault(term, len(number)) for term in analysed]
            counts += analysed.values()
        per_field.append(row)
    return AnalysedGroup(
        ids=tuple(document_id for document_id, _ in group),
        vocabulary=tuple(number),
        per_field=np.array(per_field, np.int32).reshape(len(group), len(FIELDS)),
        terms=np.array(terms, np.int32),
        counts=np.array(counts, np.int32),
    )


def _group_key(group: tuple) -> str:
    """A digest of a group's ids and texts. Their pickle: a fifth of the time of their repr."""
    return hashlib.sha256(pickle.dumps(group, protocol=5)).hexdigest()


@dataclass(frozen=True)
class Postings:
    """Every (term, field, document) of the index, by term (in the order of the sorted
    vocabulary), then field, then document, with what lunr.py's BM25 weight is made of: the
    term's IDF, how often the term occurs there, and the field's length in that document. The
    reader's browser works each weight out as lunr.py's Builder does (search-index.js): a
    weight published whole would change with the average field length, so that one edit would
    change every chunk of the index."""

    vocabulary: list[str]
    # Each term's number, in the order lunr's index numbers them (as the documents first have
    # the terms: document by document, field by field), yet a term's own: its first document's
    # position times NUMBERS_PER_DOCUMENT, plus where in that document it first stands.
    numbers: np.ndarray
    idf: list[float]  # each term's, as lunr.py works it out
    term_bounds: np.ndarray  # term t's postings: term_bounds[t] to term_bounds[t + 1]
    fields: np.ndarray
    refs: np.ndarray  # documents by their position in the index's entries
    counts: np.ndarray  # how often the term occurs in the field
    lengths: np.ndarray  # the field's length in that document, in terms
    averages: list[float]  # each field's average length over the documents


# Terms a document may have in all its fields, counted with repeats across fields: more than
# MAX_FIELD_CHARACTERS allows in each.
NUMBERS_PER_DOCUMENT = 2**22


def postings(entries: list[IndexEntry], groups: list[AnalysedGroup]) -> Postings:
    """The index lunr.py's Builder makes of the entries (tests/test_search_index.py checks it is),
    worked out on arrays: refs are positions, fields go in FIELDS' order."""
    vocabulary = sorted(set().union(*(group.vocabulary for group in groups)), key=_utf16)
    number = {term: position for position, term in enumerate(vocabulary)}
    terms, counts, per_field = _in_entry_order(entries, groups, number)
    documents, field_count = len(entries), len(FIELDS)
    fields = np.repeat(np.tile(np.arange(field_count, dtype=np.int8), documents), per_field.ravel())
    refs = np.repeat(np.arange(documents, dtype=np.int64), per_field.sum(axis=1))
    _, first_met = np.unique(terms, return_index=True)
    document_starts = np.concatenate(([0], np.cumsum(per_field.sum(axis=1))))
    numbers = refs[first_met] * NUMBERS_PER_DOCUMENT + (first_met - document_starts[refs[first_met]])
    # lunr.py's Idf: the (document, field) pairs that have the term, over the documents.
    with_term = np.bincount(terms, minlength=len(vocabulary)).tolist()
    idf = [math.log(1 + abs((documents - n + 0.5) / (n + 0.5))) for n in with_term]
    lengths = np.bincount(refs * field_count + fields, weights=counts, minlength=documents * field_count)
    totals = np.bincount(fields, weights=counts, minlength=field_count).tolist()
    # Python's int / int, as lunr.py divides; a field no document has text in is never used.
    averages = [int(total) / documents if total else 1.0 for total in totals]
    order = np.lexsort((refs, fields, terms))
    term_bounds = np.searchsorted(terms[order], np.arange(len(vocabulary) + 1))
    posting_lengths = lengths[refs * field_count + fields].astype(np.int64)
    return Postings(
        vocabulary,
        numbers,
        idf,
        term_bounds,
        fields[order],
        refs[order],
        counts[order],
        posting_lengths[order],
        averages,
    )


def _utf16(term: str) -> bytes:
    """Terms in the order JavaScript compares strings (UTF-16 code units), which lunr.js's
    token set and search.js's binary search over chunks expect."""
    return term.encode("utf-16-be", "surrogatepass")


def _in_entry_order(entries: list[IndexEntry], groups: list[AnalysedGroup], number: dict[str, int]):
    """The groups' terms (as numbers in the whole vocabulary), counts and per-field sizes, put
    back in the entries' order."""
    found = {document_id: (n, row) for n, group in enumerate(groups) for row, document_id in enumerate(group.ids)}
    renumbered = [np.array([number[term] for term in group.vocabulary], np.int32) for group in groups]
    starts = [np.concatenate(([0], np.cumsum(group.per_field.sum(axis=1)))).tolist() for group in groups]
    terms, counts, per_field = [], [], []
    for n, row in (found[entry.id] for entry in entries):
        group, start, end = groups[n], starts[n][row], starts[n][row + 1]
        terms.append(renumbered[n][group.terms[start:end]])
        counts.append(group.counts[start:end])
        per_field.append(group.per_field[row])
    empty = [np.zeros(0, np.int32)]
    per_field_rows = np.array(per_field, np.int64).reshape(len(entries), len(FIELDS))
    return np.concatenate(empty + terms), np.concatenate(empty + counts), per_field_rows


def search_index(entries: list[IndexEntry], groups: list[AnalysedGroup], memo: Memo) -> SearchIndex:
    """Every piece of the index, by its path in the site, and the head that names them. The
    memo keeps each document's listing: encoding 10,000 of them again took a sixth of a second."""
    files: dict[str, bytes] = {}

    def published(kind: str, number: int, data: object) -> str:
        """A piece under its hash (assets/search/facets-3.<hash>.js); returns the hash, all the
        head needs to name it (search-index.js puts the name back together)."""
        return publish(f"{SEARCH_FOLDER}/{kind}-{number}.js", _script(kind, number, data))

    def publish(path: str, script: bytes) -> str:
        name = fingerprinted_name(path, script)
        files[name] = script
        return name.rsplit(".", 2)[1]

    index = postings(entries, groups)
    # A term chunk is known by its first term, not its place (assets/search/terms.<hash>.js):
    # where an edit adds a chunk, the chunks after it keep their files.
    chunks = [
        (first, publish(f"{SEARCH_FOLDER}/terms.js", _script("terms", first, data))) for first, data in _chunks(index)
    ]
    facets, values = facet_blocks(entries)
    head = {
        "fields": list(FIELDS),
        "pipeline": SEARCH_PIPELINE,
        "documents": len(entries),
        # What a weight is worked out from, beside what the chunks hold (search-index.js).
        "bm25": {"k1": K1, "b": B, "boosts": list(FIELDS.values()), "averages": index.averages},
        "folder": SEARCH_FOLDER,
        "chunks": [first for first, _ in chunks],
        "hashes": {
            "terms": [digest for _, digest in chunks],
            "vocabulary": [published("vocabulary", 0, index.vocabulary)],
            "facets": [published("facets", n, block) for n, block in enumerate(facets)],
            "values": [published("values", 0, values)],
        },
        "facetBlock": FACET_BLOCK,
        "documentsFolder": DOCUMENTS_FOLDER,
    }
    keys = [f"{ref}:{entry.listing_key}" for ref, entry in enumerate(entries)]
    listed = [(ref, entry.listing) for ref, entry in enumerate(entries)]
    listings = memo.map("search-listings", _listing_script, listed, keys, LISTING_SECONDS)
    files |= {f"{DOCUMENTS_FOLDER}/{ref}.js": script for ref, script in enumerate(listings)}
    head_script = b"(window.DOSSIER_SEARCH = window.DOSSIER_SEARCH || {}).head = " + _json(head) + b";\n"
    head_name = fingerprinted_name(f"{SEARCH_FOLDER}/head.js", head_script)
    files[head_name] = head_script
    return SearchIndex(files, head_name)


def _chunks(index: Postings):
    """(the chunk's first term, its terms) for runs of the sorted vocabulary: [term, its number,
    its IDF, [field, refs as gaps, counts, lengths], ...]. A chunk ends after a term whose
    digest says so (one in _terms_per_chunk), not after so many bytes: an edit then changes
    only the chunks that hold the edited document's terms, and no chunk's bounds. A run of
    terms the digests leave whole ends at four times CHUNK_BYTES. An empty vocabulary has one empty
    chunk, so that every term has a chunk to be looked for in."""
    postings_of = np.diff(index.term_bounds).tolist()
    sizes = [len(term) + 40 + 12 * count for term, count in zip(index.vocabulary, postings_of, strict=True)]
    ends_chunk = _terms_per_chunk(sum(sizes), len(sizes)) - 1
    chunk: list = []
    size = 0
    for term_number, term in enumerate(index.vocabulary):
        begin, end = index.term_bounds[term_number], index.term_bounds[term_number + 1]
        entry: list = [term, int(index.numbers[term_number]), index.idf[term_number]]
        fields, refs = index.fields[begin:end], index.refs[begin:end]
        counts, lengths = index.counts[begin:end], index.lengths[begin:end]
        for field, field_begin, field_end in _runs(fields):
            gaps = np.diff(refs[field_begin:field_end], prepend=0).tolist()
            entry.append(
                [int(field), gaps, counts[field_begin:field_end].tolist(), lengths[field_begin:field_end].tolist()]
            )
        chunk.append(entry)
        size += sizes[term_number]
        if zlib.crc32(term.encode("utf-8")) & ends_chunk == ends_chunk or size >= 4 * CHUNK_BYTES:
            yield chunk[0][0], chunk
            chunk, size = [], 0
    if chunk or not index.vocabulary:
        yield (chunk[0][0] if chunk else ""), chunk


def _terms_per_chunk(total_bytes: int, terms: int) -> int:
    """About how many terms a chunk of CHUNK_BYTES holds, as a power of two: the odds that a
    term ends its chunk are one in this, the same for the dossier after most edits."""
    wanted = max(terms * CHUNK_BYTES / max(total_bytes, 1), 1)
    return 2 ** round(math.log2(wanted))


def _runs(values: np.ndarray):
    """(value, begin, end) of each run of equal values."""
    if not values.size:
        return
    changes = np.flatnonzero(np.diff(values)) + 1
    bounds = [0, *changes.tolist(), len(values)]
    for begin, end in pairwise(bounds):
        yield values[begin], begin, end


def facet_blocks(entries: list[IndexEntry]) -> tuple[list[dict], dict[str, list]]:
    """Each document's facet values, as columns, in blocks of FACET_BLOCK documents, the values
    as numbers in the list of each facet's values (the second part)."""
    values: dict[str, dict[str, int]] = {facet: {} for facet in ("theme", "outlet", "tag", "name")}

    def numbered(facet: str, value: str | None):
        return None if value is None else values[facet].setdefault(value, len(values[facet]))

    blocks = []
    for start in range(0, max(len(entries), 1), FACET_BLOCK):
        block: dict[str, list] = {"date": [], "theme": [], "outlet": [], "tag": [], "name": []}
        for entry in entries[start : start + FACET_BLOCK]:
            block["date"].append(entry.facets["date"])
            block["outlet"].append(numbered("outlet", entry.facets["outlet"]))
            for facet in ("theme", "tag", "name"):
                block[facet].append([numbered(facet, value) for value in entry.facets[facet]])
        blocks.append(block)
    return blocks, {facet: list(numbers) for facet, numbers in values.items()}


def _listing_script(listed: tuple[int, dict]) -> bytes:
    ref, listing = listed
    return _script("document", ref, listing)


def _script(kind: str, key: object, data: object) -> bytes:
    """A piece as a script that hands its data to search.js (which defines receive)."""
    return b"window.DOSSIER_SEARCH.receive(" + _json(kind) + b"," + _json(key) + b"," + _json(data) + b");\n"


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
