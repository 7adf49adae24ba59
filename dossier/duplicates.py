"""The same text from two places: copies merged into one document, near-copies linked as versions.

A post forwarded by two channels, a text pasted once and exported too: content/ keeps a file per
source (a curator may edit either), and the build shows one document that keeps every source.
Copies are texts that are the same but for spacing, case, emoji and punctuation (the # of
hashtags), reaction counters and link stubs, and that link to no two different originals. The
merged document takes the id and the date of the earliest-dated copy (then the smallest id), so
every build picks the same whatever order seeds are read in; a copy found later takes the id
over only when it is dated earlier.

A text too short to tell one post from another is neither merged nor linked: a weekly
"Briefing by the Foreign Ministry Spokeswoman" post is its title and a link, the same words
over a different briefing each week.

Near-copies stay apart, each listing the others as versions: a ministry's statement and a news
agency's story of it, which adds a dateline and a paragraph of background, splits the
statement's paragraphs its own way, leaves two out and changes a word. They are told by the
runs of five words their texts share (shingles), the whole text at once, so a paragraph break
moved or a word changed costs a few runs, not a paragraph. Two texts are versions when each has
at least half its runs in the other: an agency's story of four of a statement's six paragraphs
shares about 60% of each; two statements on one subject with a closing paragraph and a quote
alike about 25%; a post quoting one sentence of a statement is a third of itself or more but
6% of the statement. And they have a passage in common, not only half of a few runs: two short
announcements made from one template, another minister in another city, are not versions
(tests/versions/ holds these cases, in English and Russian).

Candidates come from MinHash signatures of those runs and locality-sensitive hashing: documents
whose signatures agree on a whole band share a bucket, so 10,000 documents are never compared
pair by pair, and each candidate pair is then measured exactly. Every hash comes from a seeded
generator or blake2b: every build finds the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np

from dossier.clean.lines import LINK_STUB, is_reaction_counter
from dossier.memo import Memo, digest
from dossier.model import Document, Publication, Version

# Words in a shingle. Five rarely recur by chance between two texts on one subject ("the
# Russian Federation" does, "the Treaty on Open Skies was" seldom), and a one-word edit changes
# at most five of a text's runs: 3% of a 150-word text.
SHINGLE_WORDS = 5
# The share of each text's runs the other must have: half. Agency stories of four of a statement's
# six paragraphs share 58% to 60% of each; different statements sharing boilerplate, 20% to 25%.
VERSION_THRESHOLD = 0.5
# And the runs they must have in common: a passage of two sentences or so (34 words or more). Two
# announcements from one template ("Sergey Lavrov will hold talks with the Minister of Foreign
# Affairs of Belarus ... in Minsk", "... of Armenia ... in Moscow") share half their runs, but 17
# to 20 (tests/versions/); a statement and an agency's story of it, 135 (Russian) and 189.
MIN_SHARED_RUNS = 30
# One-permutation MinHash in 64 bins, banded in pairs: 32 bands of 2 rows. Of all the runs two
# versions have, they share at least a third (Jaccard 1/3: each text half in the other, both of
# one length); such a pair is a candidate 98 times in 100, one sharing 45% (the agency stories
# above: 43% and 44%) 999 times in 1,000, texts sharing 10% 27 times in 100, then measured and
# dropped (1 - (1 - J^2)^32).
BANDS, ROWS = 32, 2
_BINS = BANDS * ROWS
_BIN_BITS = 6  # 2^6 = 64 bins: a run's bin is the top 6 bits of its 32-bit hash
_GENERATOR = np.random.default_rng(20_230_119)
# A run's hash: its words' hashes times one odd multiplier per place, summed mod 2^64, top 32 bits.
_PLACE_MULTIPLIERS = _GENERATOR.integers(1, 2**63, size=SHINGLE_WORDS, dtype=np.uint64) | np.uint64(1)
# What an empty bin adds per bin it borrows across: an odd constant, so a borrowed value is not
# the value it was borrowed from.
_ROTATION = np.uint32(_GENERATOR.integers(1, 2**31, dtype=np.uint32) | 1)
_BIN_STARTS = np.arange(_BINS, dtype=np.uint32) << np.uint32(32 - _BIN_BITS)
# A document lists its closest versions, as it lists its closest related documents: boilerplate
# that many posts share would otherwise make every page list every other.
MAX_VERSIONS = 5
# The least a text must hold to be told apart from another: a paragraph of body and, with the
# title, a dozen words, about a sentence. A title alone recurs over different texts (a weekly
# briefing, "Statement by the delegation" with a one-line body); a sentence rarely does.
MIN_EVIDENCE_WORDS = 12
# About what fingerprinting one document costs.
FINGERPRINT_SECONDS = 0.0001
# A word: letters and digits. Emoji, punctuation and the # of a hashtag are not part of one.
_WORD = re.compile(r"[^\W_]+")


@dataclass
class DuplicatesReport:
    merged: int = 0  # documents folded into another as one more of its sources
    versions: int = 0  # pairs of near-copies linked both ways


@dataclass(frozen=True)
class _Fingerprint:
    """What a document is compared by: digests, not its words, as the memo holds every
    document's fingerprint while the build lasts (32-bit hashes of its runs of words: two texts
    of 300 runs each have one hash alike by chance about once in 50,000 pairs, and then their
    share moves by a 300th). The hashes are kept as bytes, read as arrays when used: the memo
    reads 10,000 fingerprints in 0.02 s so, where 20,000 small arrays took 0.15 s."""

    text: str  # a digest of the words copies have alike
    shingle_bytes: bytes  # the hash of each distinct run of SHINGLE_WORDS words, sorted (uint32)
    signature_bytes: bytes | None  # MinHash of the runs (uint32); None when there are too few words

    @property
    def shingles(self) -> np.ndarray:
        return np.frombuffer(self.shingle_bytes, np.uint32)


# The fingerprint of a text too short to be evidence: no words to match, no runs to share.
_UNCOMPARED = _Fingerprint("", b"", None)


def merge_copies(documents: list[Document], memo: Memo) -> tuple[list[Document], DuplicatesReport]:
    """The documents with each set of copies made one, in the order given, and every
    document's versions set: new documents where anything changed (those given are not changed),
    the same where nothing did."""
    keys = [document.digest for document in documents]
    found = memo.map("fingerprints", fingerprint, documents, keys, FINGERPRINT_SECONDS)
    prints = dict(zip((document.id for document in documents), found, strict=True))
    copies: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        if prints[document.id].text:  # a text too short to be evidence is a copy of nothing
            copies[prints[document.id].text].append(document)
    # A text with one copy merges with none: nearly all texts, passed over here.
    groups = chain.from_iterable(_by_original(listed) for listed in copies.values() if len(listed) > 1)
    merged = {document.id: document for document in map(_merged, groups) if document.publications}
    folded = {p.id for document in merged.values() for p in document.publications} - set(merged)
    kept = [merged.get(document.id, document) for document in documents if document.id not in folded]
    kept, pairs = link_versions(kept, [prints[document.id] for document in kept])
    return kept, DuplicatesReport(merged=len(folded), versions=pairs)


def fingerprint(document: Document) -> _Fingerprint:
    """What copies and versions of the document are told by."""
    body = comparable_words(document)
    words = _with_title(document, body)
    if not body or len(words) < MIN_EVIDENCE_WORDS:  # a text too short to be evidence is compared with none
        return _UNCOMPARED
    hashes = word_hashes(words)
    runs = shingles(hashes)
    # Copies have the same words: the same word hashes, in order (digesting these is quicker than the words).
    text = hashlib.blake2b(hashes.tobytes()).hexdigest()
    return _Fingerprint(text, runs.tobytes(), minhash_signature(runs).tobytes())


def comparable_words(document: Document) -> list[str]:
    """The words of the document's paragraphs as a copy of it would have them (spacing, case,
    emoji and punctuation aside); reaction counters and link stubs left out."""
    kept = (p for p in document.paragraphs if not is_reaction_counter(p) and not LINK_STUB.match(p))
    return _words(" ".join(kept))


def _words(text: str) -> list[str]:
    """'🔹 The #OSCE’s  role' -> ['the', 'osce', 's', 'role']. Each distinct token is looked at
    once: the same words recur throughout a dossier."""
    return list(chain.from_iterable(map(_TOKEN_WORDS.__getitem__, text.casefold().split())))


class _TokenWords(dict):
    def __missing__(self, token: str) -> tuple[str, ...]:
        self[token] = tuple(_WORD.findall(token))
        return self[token]


_TOKEN_WORDS = _TokenWords()


def _with_title(document: Document, body: list[str]) -> list[str]:
    """The words of a copy: the title counts unless the text opens with it (a post's first line
    is its title in one source, a line of its text in another)."""
    title = _words(document.title)
    return body if body[: len(title)] == title else title + body


def word_hashes(words: list[str]) -> np.ndarray:
    """Each word's 64-bit hash, in order."""
    return np.fromiter(map(_WORD_HASHES.__getitem__, words), np.uint64, len(words))


def shingles(hashes: np.ndarray) -> np.ndarray:
    """The hash of each distinct run of SHINGLE_WORDS words in a text, from its words' hashes
    ('the osce met in vienna on monday': 'the osce met in vienna', 'osce met in vienna on', ...),
    sorted; a text shorter than a run is one run. Paragraph breaks are not part of the words: a
    story that splits a statement's paragraphs its own way has the same runs."""
    count = max(len(hashes) - SHINGLE_WORDS + 1, 1)
    runs = np.zeros(count, np.uint64)
    for place, multiplier in enumerate(_PLACE_MULTIPLIERS[: len(hashes)]):
        runs += hashes[place : place + count] * multiplier  # wraps mod 2^64
    ordered = np.sort((runs >> np.uint64(32)).astype(np.uint32))
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]  # np.unique, without its overhead


class _WordHashes(dict):
    """A word's 64-bit hash, made once: blake2b, the same in every process and every build."""

    def __missing__(self, word: str) -> int:
        self[word] = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        return self[word]


_WORD_HASHES = _WordHashes()


def link_versions(documents: list[Document], prints: list[_Fingerprint]) -> tuple[list[Document], int]:
    """Each document with its versions, and how many pairs were linked. The closest pairs are
    linked first, each while both its documents list fewer than MAX_VERSIONS: a link shown on
    one page is always shown back on the other."""
    close = []
    for first, second in candidate_pairs([fingerprint.signature_bytes for fingerprint in prints]):
        common, shared = runs_shared(prints[first].shingles, prints[second].shingles)
        if shared >= VERSION_THRESHOLD and common >= MIN_SHARED_RUNS:
            close.append((-shared, *sorted((documents[first].id, documents[second].id)), first, second))
    versions: dict[int, list[Version]] = defaultdict(list)
    pairs = 0
    for negative_shared, _, _, first, second in sorted(close):
        if len(versions[first]) < MAX_VERSIONS and len(versions[second]) < MAX_VERSIONS:
            shared = -negative_shared
            versions[first].append(Version(documents[second].id, shared))
            versions[second].append(Version(documents[first].id, shared))
            pairs += 1
    # A document with no version (nearly all) is given as it came, not made anew with none.
    linked = [
        document.replaced(versions=tuple(sorted(versions[index], key=lambda v: (-v.shared, v.id))))
        if versions.get(index) or document.versions
        else document
        for index, document in enumerate(documents)
    ]
    return linked, pairs


def runs_shared(first: np.ndarray, second: np.ndarray) -> tuple[int, float]:
    """How many runs of words two texts have in common, and what share of the longer text's runs
    that is, to two decimals: each text has at least that share of itself in the other. 1.0 for
    the same runs, 0.91 when one has a paragraph in eleven more; low for a post quoting a sentence
    of a long statement, though much of the post is in the statement: little of the statement is
    in the post."""
    common = len(np.intersect1d(first, second, assume_unique=True))
    longer = max(len(first), len(second))
    return common, round(common / longer, 2) if longer else 0.0


def candidate_pairs(signatures: list[bytes | None]) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of documents whose MinHash signatures (their bytes) agree on at least
    one band. In a bucket of many (boilerplate many documents share), each is paired with the next
    few only: no more could be listed, and all pairs of a bucket of n would cost n² / 2."""
    indices = [index for index, signature in enumerate(signatures) if signature is not None]
    if len(indices) < 2:
        return set()
    # A band's two 32-bit rows read as one 64-bit number: its key, exactly. The signatures' bytes
    # are joined and read at once: stacking 10,000 arrays of them took 0.03 s of each build.
    joined = b"".join(signatures[index] for index in indices)
    bands = np.frombuffer(joined, np.uint64).reshape(len(indices), -1)
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        for bucket in _buckets(bands[:, band]):
            members = [indices[member] for member in bucket]
            pairs.update(
                (first, second)
                for at, first in enumerate(members)
                for second in members[at + 1 : at + 1 + 2 * MAX_VERSIONS]
            )
    return pairs


def minhash_signature(runs: np.ndarray) -> np.ndarray:
    """One-permutation MinHash of a text's sorted run hashes (not empty): each run falls in the
    bin its top bits name, and each bin holds its smallest, the first in sorted order; two texts'
    bins agree as often as their runs do (Jaccard). An empty bin, which a short text has, takes the
    next filled bin's value plus _ROTATION for each bin it passes (densification by rotation,
    Shrivastava and Li, 2014), so it agrees between two texts as often as that bin does."""
    starts = np.searchsorted(runs, _BIN_STARTS)
    filled = np.flatnonzero(starts < np.append(starts[1:], len(runs)))
    bins = np.arange(_BINS)
    nearest = filled[np.searchsorted(filled, bins) % len(filled)]  # itself, or the next filled, circling
    passed = ((nearest - bins) % _BINS).astype(np.uint32)
    return runs[starts[nearest]] + passed * _ROTATION  # wraps mod 2^32


def _buckets(keys: np.ndarray) -> Iterable[np.ndarray]:
    """The positions of keys that are equal, for each key more than one row has, in order."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    ends = np.concatenate((starts[1:], [len(keys)]))
    shared = ends - starts > 1
    return (order[start:end] for start, end in zip(starts[shared], ends[shared], strict=True))


def _by_original(copies: list[Document]) -> list[list[Document]]:
    """Copies told apart by the original each links to: alike in words, posts that link to two
    different articles are two posts. A copy that links to nothing is one with the copies that
    link to the one original they all name; beside several, it is one only with those like it."""
    links = {document.source.link for document in copies if document.source.link}
    if len(links) < 2:
        return [copies]
    by_link: dict[str | None, list[Document]] = defaultdict(list)
    for document in copies:
        by_link[document.source.link].append(document)
    return list(by_link.values())


def _merged(copies: list[Document]) -> Document:
    """One document for all copies: the earliest-dated copy's title, text and date (no copy
    states an earlier one), every source, and the tags and hand-set themes of all. A text with
    no copy is its own document, untouched."""
    if len(copies) == 1:
        return copies[0]
    ordered = sorted(copies, key=lambda d: (d.date is None, d.date or "", d.id))
    return dataclasses.replace(
        ordered[0],
        tags=_union(d.tags for d in ordered),
        themes=_union(d.themes for d in ordered),
        summary=next((d.summary for d in ordered if d.summary), None),
        photos=next((d.photos for d in ordered if d.photos), ()),
        publications=tuple(Publication(d.id, d.date, d.source) for d in ordered),
        digest=digest("merged", *(d.digest for d in ordered)),
    )


def _union(lists: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """Every item once (case aside), in the order first seen."""
    seen: dict[str, str] = {}
    for item in chain.from_iterable(lists):
        seen.setdefault(item.casefold(), item)
    return tuple(seen.values())
