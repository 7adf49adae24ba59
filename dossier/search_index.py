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
group of documents at a time, kept in the memo: an edit analyses one group again. Then a worker
puts the pieces together (search_pieces.py) while this process lays out and renders the pages.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dossier.memo import Memo
from dossier.model import Document
from dossier.search_pieces import DOCUMENTS_FOLDER, AnalysedGroup, IndexParts, index_pieces, script
from dossier.search_terms import FIELDS, analyse
from dossier.urls import document_url

# Documents whose terms are found together, by one worker, kept in the memo as one.
GROUP_SIZE = 1_000
# About what finding the terms of one document costs, putting its part of the pieces together,
# and encoding its listing. The first two measure 0.15-0.2 ms and 0.045 ms (the pieces: 0.45 s
# at 10,000, the parts sent and the pieces handed back included), but are counted at about three
# times that: work whose results are collected later, while this process lays out the pages,
# is worth the workers from less than the rule for work split among them asks (Workers.
# worth_sharing). Counted as measured, the pieces of 1,000 documents were put together here,
# serve's rebuild 40 ms slower; and after one edit at 10,000, both here (0.5 s).
ANALYSE_SECONDS = 0.0005
PIECES_SECONDS = 0.00015
LISTING_SECONDS = 0.00002
# What is indexed of a field: a word longer than this (a pasted base64 image, a minified script)
# is no word anyone searches for, and lunr's analysis of one costs memory by its length; a
# field's text is indexed up to the second figure; a result's listing keeps each paragraph's
# opening, enough for a snippet.
MAX_WORD_CHARACTERS = 64
MAX_FIELD_CHARACTERS = 1_000_000
MAX_LISTED_PARAGRAPH = 2_000
_LONG_WORD = re.compile(rf"[^\s-]{{{MAX_WORD_CHARACTERS + 1},}}")


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
class SearchIndex:
    files: dict[str, bytes]  # every piece, by its path in the site
    head: str  # the head's path, which the search page loads


def start_search_index(
    documents: list[Document], theme_titles: dict[str, str], entity_names: dict[str, str], memo: Memo
) -> Callable[[], Callable[[], SearchIndex]]:
    """Start finding the documents' terms (in the worker processes, when worth it). Returns what,
    once they are found, starts putting the index's pieces together (in a worker, when one is
    free, while this process lays out and renders the pages) and returns what collects them."""
    entries = index_entries(documents, theme_titles, entity_names)
    groups = analysis_groups(entries)
    keys = [_group_key(group) for group in groups]
    analysed = memo.map_in_background("search-terms", analyse_group, groups, keys, ANALYSE_SECONDS * GROUP_SIZE)

    def start_pieces() -> Callable[[], SearchIndex]:
        parts = IndexParts(tuple(e.id for e in entries), tuple(e.facets for e in entries), tuple(analysed()))
        key = hashlib.sha256(pickle.dumps((keys, parts.ids, parts.facets), protocol=5)).hexdigest()
        pieces = memo.map_in_background("search-pieces", index_pieces, [parts], [key], PIECES_SECONDS * len(entries))
        return lambda: with_listings(*pieces()[0], entries, memo)

    return start_pieces


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
        listing = {
            "title": document.title,
            "date": document.date,
            "themes": themes,
            "outlet": document.source.outlet,
            "url": document_url(document),
            # Paragraph n is #p{n} on the document's page: a result links to the one that matches.
            # Each is cut to its opening as its listing is made (_listing_script), not every build.
            "paragraphs": document.paragraphs,
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
            # Cut, and rid of what is no word, here, in the memo's work, not every build's.
            analysed = analyse(_LONG_WORD.sub(" ", text[:MAX_FIELD_CHARACTERS]))
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


def with_listings(files: dict[str, bytes], head: str, entries: list[IndexEntry], memo: Memo) -> SearchIndex:
    """The pieces with each document's listing. The memo keeps each listing: encoding 10,000 of
    them again took a sixth of a second."""
    keys = [f"{ref}:{entry.listing_key}" for ref, entry in enumerate(entries)]
    listed = [(ref, entry.listing) for ref, entry in enumerate(entries)]
    listings = memo.map("search-listings", _listing_script, listed, keys, LISTING_SECONDS)
    return SearchIndex(files | {f"{DOCUMENTS_FOLDER}/{ref}.js": data for ref, data in enumerate(listings)}, head)


def _listing_script(listed: tuple[int, dict]) -> bytes:
    ref, listing = listed
    openings = [paragraph[:MAX_LISTED_PARAGRAPH] for paragraph in listing["paragraphs"]]
    return script("document", ref, listing | {"paragraphs": openings})
