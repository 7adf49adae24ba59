"""The search index's pieces (search_index.py says what each holds): the term chunks, the
vocabulary, the facet blocks and the head that names them, worked out on arrays from the terms
the workers found in each group of documents. All but the documents' listings, at once, from
plain values: a worker process puts them together while this one lays out and renders the pages.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import orjson

from dossier.assets import fingerprinted_name
from dossier.search_terms import FIELDS, SEARCH_PIPELINE

SEARCH_FOLDER = "assets/search"
DOCUMENTS_FOLDER = "search/documents"
# A term chunk holds about this many bytes, on average: a query's word costs the reader one
# chunk, and a chunk's terms are enough that the head stays small (a first term each). A
# chunk's bounds are set by its terms' digests (_chunks), so some hold more: at most four times.
CHUNK_BYTES = 24_000
# Documents a facet block holds: the blocks a query's results fall in are loaded.
FACET_BLOCK = 2_000
# lunr's BM25 constants (lunr.py's Builder and lunr.js's alike).
K1, B = 1.2, 0.75


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
class IndexParts:
    """What the pieces are made of: the documents' ids in the index's order (a listing's number is
    its place), each one's facet values, and the groups' analysed terms."""

    ids: tuple[str, ...]
    facets: tuple[dict, ...]
    groups: tuple[AnalysedGroup, ...]


def index_pieces(parts: IndexParts) -> tuple[dict[str, bytes], str]:
    """Every piece but the listings, by its path in the site, and the head's path. A module
    function of plain values, so that a worker process can run it."""
    files: dict[str, bytes] = {}

    def published(kind: str, number: int, data: object) -> str:
        """A piece under its hash (assets/search/facets-3.<hash>.js); returns the hash, all the
        head needs to name it (search-index.js puts the name back together)."""
        return publish(f"{SEARCH_FOLDER}/{kind}-{number}.js", script(kind, number, data))

    def publish(path: str, data: bytes) -> str:
        name = fingerprinted_name(path, data)
        files[name] = data
        return name.rsplit(".", 2)[1]

    index = postings(parts.ids, parts.groups)
    # A term chunk is known by its first term, not its place (assets/search/terms.<hash>.js):
    # where an edit adds a chunk, the chunks after it keep their files.
    chunks = [
        (first, publish(f"{SEARCH_FOLDER}/terms.js", script("terms", first, data))) for first, data in _chunks(index)
    ]
    facets, values = facet_blocks(parts.facets)
    head = {
        "fields": list(FIELDS),
        "pipeline": SEARCH_PIPELINE,
        "documents": len(parts.ids),
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
    head_script = b"(window.DOSSIER_SEARCH = window.DOSSIER_SEARCH || {}).head = " + _json(head) + b";\n"
    head_name = fingerprinted_name(f"{SEARCH_FOLDER}/head.js", head_script)
    files[head_name] = head_script
    return files, head_name


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


def postings(ids: tuple[str, ...], groups: tuple[AnalysedGroup, ...]) -> Postings:
    """The index lunr.py's Builder makes of the documents (ids: in the index's order; tests/
    test_search_index.py checks it is), worked out on arrays: refs are positions, fields go in
    FIELDS' order."""
    vocabulary = sorted(set().union(*(group.vocabulary for group in groups)), key=_utf16)
    number = {term: position for position, term in enumerate(vocabulary)}
    terms, counts, per_field = _in_entry_order(ids, groups, number)
    documents, field_count = len(ids), len(FIELDS)
    fields = np.repeat(np.tile(np.arange(field_count, dtype=np.int8), documents), per_field.ravel())
    refs = np.repeat(np.arange(documents, dtype=np.int64), per_field.sum(axis=1))
    order = np.lexsort((refs, fields, terms))
    term_bounds = np.searchsorted(terms[order], np.arange(len(vocabulary) + 1))
    # Where each term is first met: the least of its postings' positions, which order holds term by
    # term (finding them with np.unique sorted the postings a second time).
    first_met = np.minimum.reduceat(order, term_bounds[:-1]) if terms.size else np.zeros(0, np.int64)
    document_starts = np.concatenate(([0], np.cumsum(per_field.sum(axis=1))))
    numbers = refs[first_met] * NUMBERS_PER_DOCUMENT + (first_met - document_starts[refs[first_met]])
    # lunr.py's Idf: the (document, field) pairs that have the term, over the documents.
    with_term = np.bincount(terms, minlength=len(vocabulary)).tolist()
    idf = [math.log(1 + abs((documents - n + 0.5) / (n + 0.5))) for n in with_term]
    lengths = np.bincount(refs * field_count + fields, weights=counts, minlength=documents * field_count)
    totals = np.bincount(fields, weights=counts, minlength=field_count).tolist()
    # Python's int / int, as lunr.py divides; a field no document has text in is never used.
    averages = [int(total) / documents if total else 1.0 for total in totals]
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


def _in_entry_order(ids: tuple[str, ...], groups: tuple[AnalysedGroup, ...], number: dict[str, int]):
    """The groups' terms (as numbers in the whole vocabulary), counts and per-field sizes, put
    back in the index's order (ids)."""
    found = {document_id: (n, row) for n, group in enumerate(groups) for row, document_id in enumerate(group.ids)}
    renumbered = [np.array([number[term] for term in group.vocabulary], np.int32) for group in groups]
    starts = [np.concatenate(([0], np.cumsum(group.per_field.sum(axis=1)))).tolist() for group in groups]
    terms, counts, per_field = [], [], []
    for n, row in (found[document_id] for document_id in ids):
        group, start, end = groups[n], starts[n][row], starts[n][row + 1]
        terms.append(renumbered[n][group.terms[start:end]])
        counts.append(group.counts[start:end])
        per_field.append(group.per_field[row])
    empty = [np.zeros(0, np.int32)]
    per_field_rows = np.array(per_field, np.int64).reshape(len(ids), len(FIELDS))
    return np.concatenate(empty + terms), np.concatenate(empty + counts), per_field_rows


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


def facet_blocks(facets: tuple[dict, ...]) -> tuple[list[dict], dict[str, list]]:
    """Each document's facet values, as columns, in blocks of FACET_BLOCK documents, the values
    as numbers in the list of each facet's values (the second part)."""
    values: dict[str, dict[str, int]] = {facet: {} for facet in ("theme", "outlet", "tag", "name")}

    def numbered(facet: str, value: str | None):
        return None if value is None else values[facet].setdefault(value, len(values[facet]))

    blocks = []
    for start in range(0, max(len(facets), 1), FACET_BLOCK):
        block: dict[str, list] = {"date": [], "theme": [], "outlet": [], "tag": [], "name": []}
        for document in facets[start : start + FACET_BLOCK]:
            block["date"].append(document["date"])
            block["outlet"].append(numbered("outlet", document["outlet"]))
            for facet in ("theme", "tag", "name"):
                block[facet].append([numbered(facet, value) for value in document[facet]])
        blocks.append(block)
    return blocks, {facet: list(numbers) for facet, numbers in values.items()}


def script(kind: str, key: object, data: object) -> bytes:
    """A piece as a script that hands its data to search.js (which defines receive)."""
    return b"window.DOSSIER_SEARCH.receive(" + _json(kind) + b"," + _json(key) + b"," + _json(data) + b");\n"


def _json(data: object) -> bytes:
    """Compact JSON in UTF-8, by orjson: the term chunks, 13 MB at 10,000 documents and encoded
    again after every edit, took json's encoder 323 ms and take orjson 52 ms. The same bytes as
    json.dumps(ensure_ascii=False, separators=(",", ":")) but for a float below 1e-4 (an IDF of
    a term nearly every document has), which orjson writes 0.00005 where json writes 5e-05:
    the same number to the browser's parser."""
    return orjson.dumps(data)
