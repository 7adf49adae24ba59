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

Near-copies (most paragraphs shared, a paragraph more in one) stay apart, each listing the
others as versions with the share of their paragraphs they have in common (the Jaccard
similarity of their sets of paragraphs). Candidates come from MinHash signatures of those sets
and locality-sensitive hashing: documents whose signatures agree on a whole band of rows share
a bucket, so 10,000 documents are never compared pair by pair, and each candidate pair is then
measured exactly. The hash functions come from a seeded generator: every build finds the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np

from dossier.clean.lines import LINK_STUB, is_reaction_counter
from dossier.memo import Memo, digest
from dossier.model import Document, Publication, Version

# Share of paragraphs two documents must have in common to be versions of one text.
VERSION_THRESHOLD = 0.5
# 32 bands of 4 rows: a pair sharing half its paragraphs is a candidate 87 times in 100, one
# sharing 60% 99 times in 100, one sharing 10% 3 times in 1,000 (1 - (1 - J^4)^32).
BANDS, ROWS = 32, 4
_GENERATOR = np.random.default_rng(20_230_119)
# Multiply-shift hashing: (a * x + b) mod 2^64, its upper 32 bits; a odd. One (a, b) per row.
_MULTIPLIERS = _GENERATOR.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_ADDENDS = _GENERATOR.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
_BAND_MIX = _GENERATOR.integers(1, 2**63, size=ROWS, dtype=np.uint64) | np.uint64(1)
# A document lists its closest versions, as it lists its closest related documents: boilerplate
# that many posts share would otherwise make every page list every other.
MAX_VERSIONS = 5
# The least a text must hold to be told apart from another: a paragraph of body and, with the
# title, a dozen words, about a sentence. A title alone recurs over different texts (a weekly
# briefing, "Statement by the delegation" with a one-line body); a sentence rarely does.
MIN_EVIDENCE_WORDS = 12
# About what fingerprinting one document costs.
FINGERPRINT_SECONDS = 0.00008
# A word: letters and digits. Emoji, punctuation and the # of a hashtag are not part of one.
_WORD = re.compile(r"[^\W_]+")


@dataclass
class DuplicatesReport:
    merged: int = 0  # documents folded into another as one more of its sources
    versions: int = 0  # pairs of near-copies linked both ways


@dataclass(frozen=True)
class _Fingerprint:
    """What a document is compared by: digests, not its words, as the memo holds every
    document's fingerprint while the build lasts (64-bit digests: a collision among a
    dossier's paragraphs is out of reach)."""

    text: str  # a digest of the words copies have alike
    paragraphs: frozenset[int]  # a digest of each paragraph's words
    signature: np.ndarray | None  # MinHash of the paragraphs; None when there are none, or too few words


# The fingerprint of a text too short to be evidence: no words to match, no paragraphs to share.
_UNCOMPARED = _Fingerprint("", frozenset(), None)


def merge_copies(documents: list[Document], memo: Memo) -> tuple[list[Document], DuplicatesReport]:
    """The documents with each set of copies made one, in the order given, and every
    document's versions set (new documents: those given are not changed)."""
    keys = [document.digest for document in documents]
    found = memo.map("fingerprints", fingerprint, documents, keys, FINGERPRINT_SECONDS)
    prints = dict(zip((document.id for document in documents), found, strict=True))
    copies: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        if prints[document.id].text:  # a text too short to be evidence is a copy of nothing
            copies[prints[document.id].text].append(document)
    groups = chain.from_iterable(map(_by_original, copies.values()))
    merged = {document.id: document for document in map(_merged, groups) if document.publications}
    folded = {p.id for document in merged.values() for p in document.publications} - set(merged)
    kept = [merged.get(document.id, document) for document in documents if document.id not in folded]
    kept, pairs = link_versions(kept, [prints[document.id] for document in kept])
    return kept, DuplicatesReport(merged=len(folded), versions=pairs)


def fingerprint(document: Document) -> _Fingerprint:
    """What copies and versions of the document are told by."""
    paragraphs = comparable_paragraphs(document)
    text = _copy_text(document, paragraphs)
    if not _is_evidence(paragraphs, text):  # a text too short to be evidence is compared with none
        return _UNCOMPARED
    digests = frozenset(map(_digest, paragraphs))
    return _Fingerprint(hashlib.blake2b(text.encode("utf-8")).hexdigest(), digests, minhash_signature(set(paragraphs)))


def _digest(paragraph: str) -> int:
    return int.from_bytes(hashlib.blake2b(paragraph.encode("utf-8"), digest_size=8).digest(), "little")


def comparable_paragraphs(document: Document) -> list[str]:
    """The document's paragraphs as a copy of it would have them: their words only (spacing,
    case, emoji and punctuation aside); reaction counters, link stubs and paragraphs of symbols
    left out."""
    kept = (p for p in document.paragraphs if not is_reaction_counter(p) and not LINK_STUB.match(p))
    return [text for text in map(_words, kept) if text]


def _words(text: str) -> str:
    """'🔹 The #OSCE’s  role' -> 'the osce s role'. Each distinct token is looked at once:
    the same words recur throughout a dossier."""
    return " ".join(filter(None, map(_TOKEN_WORDS.__getitem__, text.casefold().split())))


class _TokenWords(dict):
    def __missing__(self, token: str) -> str:
        self[token] = " ".join(_WORD.findall(token))
        return self[token]


_TOKEN_WORDS = _TokenWords()


def link_versions(documents: list[Document], prints: list[_Fingerprint]) -> tuple[list[Document], int]:
    """Each document with its versions, and how many pairs were linked. The closest pairs are
    linked first, each while both its documents list fewer than MAX_VERSIONS: a link shown on
    one page is always shown back on the other."""
    close = []
    for first, second in candidate_pairs([fingerprint.signature for fingerprint in prints]):
        shared = paragraphs_shared(prints[first].paragraphs, prints[second].paragraphs)
        if shared >= VERSION_THRESHOLD:
            close.append((-shared, *sorted((documents[first].id, documents[second].id)), first, second))
    versions: dict[int, list[Version]] = defaultdict(list)
    pairs = 0
    for negative_shared, _, _, first, second in sorted(close):
        if len(versions[first]) < MAX_VERSIONS and len(versions[second]) < MAX_VERSIONS:
            shared = -negative_shared
            versions[first].append(Version(documents[second].id, shared))
            versions[second].append(Version(documents[first].id, shared))
            pairs += 1
    linked = [
        dataclasses.replace(document, versions=tuple(sorted(versions[index], key=lambda v: (-v.shared, v.id))))
        for index, document in enumerate(documents)
    ]
    return linked, pairs


def paragraphs_shared(first: frozenset, second: frozenset) -> float:
    """The share of paragraphs two documents have in common, of all either has, to two decimals:
    1.0 for the same paragraphs, 0.91 when one has a paragraph in eleven more."""
    either = first | second
    return round(len(first & second) / len(either), 2) if either else 0.0


def candidate_pairs(signatures: list[np.ndarray | None]) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of documents whose MinHash signatures agree on at least one band. In
    a bucket of many (boilerplate many documents share), each is paired with the next few only:
    no more could be listed, and all pairs of a bucket of n would cost n² / 2."""
    indices = [index for index, signature in enumerate(signatures) if signature is not None]
    if len(indices) < 2:
        return set()
    matrix = np.stack([signatures[index] for index in indices])
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        keys = matrix[:, band * ROWS : (band + 1) * ROWS] @ _BAND_MIX  # wraps mod 2^64: one key per band
        for bucket in _buckets(keys):
            members = [indices[member] for member in bucket]
            pairs.update(
                (first, second)
                for at, first in enumerate(members)
                for second in members[at + 1 : at + 1 + 2 * MAX_VERSIONS]
            )
    return pairs


def minhash_signature(members: set[str]) -> np.ndarray:
    """For each hash function, the smallest hash of the members (a set not empty)."""
    values = np.fromiter((zlib.crc32(member.encode("utf-8")) for member in members), np.uint64, len(members))
    return ((np.outer(values, _MULTIPLIERS) + _ADDENDS) >> np.uint64(32)).min(axis=0)


def _buckets(keys: np.ndarray) -> Iterable[np.ndarray]:
    """The positions of keys that are equal, for each key more than one row has, in order."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    ends = np.concatenate((starts[1:], [len(keys)]))
    shared = ends - starts > 1
    return (order[start:end] for start, end in zip(starts[shared], ends[shared], strict=True))


def _is_evidence(paragraphs: list[str], copy_text: str) -> bool:
    return bool(paragraphs) and len(copy_text.split()) >= MIN_EVIDENCE_WORDS


def _copy_text(document: Document, paragraphs: list[str]) -> str:
    """The words of a copy: the title counts unless the text opens with it (a post's first line
    is its title in one source, a line of its text in another)."""
    words = " ".join(paragraphs)
    title = _words(document.title)
    return words if words.startswith(title) else f"{title} {words}".strip()


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
