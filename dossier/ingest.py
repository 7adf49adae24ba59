"""Ingestion: seeds/ -> content/. The only stage that writes content/, and it never reads back
into seeds/.

A changed seed re-ingests its own documents only. A content file a person edited since
ingestion wrote it is kept as it is; one a person deleted stays deleted while its seed is
unchanged; one whose seed no longer yields it is removed unless a person edited it.

Cleaning a seed (seed_cleaning.py) needs no look at content/, so the worker processes do it when
there is much of it. What must go one seed after the other, in the seeds' order, is done here:
ids, sparing edits, writing, and handing the memo what the next stages will ask of each file
written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from dossier.config import Entity, install_defaults
from dossier.content import content_key, document_file, load_manifest, save_manifest, written_document
from dossier.content_ids import TakenIds, followed_reply, given_ids
from dossier.entities import names_key
from dossier.files import (
    file_digests,
    file_hash,
    file_stamp,
    name_not_utf8,
    remove_stale_temporaries,
    text_hash,
    visible_files,
    write_atomically,
)
from dossier.link import WORD_COUNTS
from dossier.memo import Memo, digest
from dossier.model import Document, DossierError
from dossier.progress import progress_bar
from dossier.raw_source import seed_text_key
from dossier.readers import without_companions
from dossier.seed_cleaning import CleanedDocument, CleanedSeed, clean_seed

# About what cleaning a seed costs, by its size: a megabyte of seeds is about 0.7 s of cleaning
# and of making content files.
CLEAN_SECONDS_PER_BYTE = 0.7e-6


@dataclass
class IngestReport:
    documents_per_seed: dict[str, int] = field(default_factory=dict)
    documents_per_shape: Counter = field(default_factory=Counter)
    documents_per_format: Counter = field(default_factory=Counter)  # text, Telegram JSON, saved page
    messages_skipped: int = 0  # in Telegram exports: service messages, posts without text
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    edited_by_hand: int = 0
    problems: list[DossierError] = field(default_factory=list)  # inputs that were skipped
    notices: list[str] = field(default_factory=list)  # worth a curator's look; nothing lost
    # Every content file written or removed, with its stamp as ingestion left it (None: removed),
    # so `serve` can tell ingestion's own writes from a person's.
    touched: dict[Path, tuple[int, ...] | None] = field(default_factory=dict)


def ingest(
    seeds_dir: Path, content_dir: Path, memo: Memo | None = None, entities: tuple[Entity, ...] = ()
) -> IngestReport:
    """Ingest every seed. memo: the build's (its workers clean many seeds); without, one for
    this alone. The memo is handed what the next stages ask of each content file written, worked
    out in the workers with the cleaning: the document read from it, its names (entities: the
    config's) and its words as relate counts them."""
    memo = memo or Memo(None)
    report = IngestReport()
    remove_stale_temporaries(content_dir)
    installed = install_defaults(content_dir)
    report.written += [str(path) for path in installed]
    report.touched.update({path: file_stamp(path) for path in installed})
    manifest = load_manifest(content_dir)
    seeds = {path: path.relative_to(seeds_dir).as_posix() for path in _in_reading_order(find_seeds(seeds_dir, report))}
    seed_hashes = dict(zip(seeds, file_digests(list(seeds), memo), strict=True))
    hashes = {seed: seed_hashes[path] for path, seed in seeds.items()}
    unchanged = {path for path, seed in seeds.items() if _is_unchanged(manifest["seeds"].get(seed, {}), seed, hashes)}
    clean = partial(clean_seed, seeds_dir=seeds_dir, entities=entities)
    changed = [path for path in seeds if path not in unchanged]
    seconds_each = CLEAN_SECONDS_PER_BYTE * sum(map(_size, changed)) / max(len(changed), 1)
    cleaned_seeds = memo.workers.in_order(clean, changed, seconds_each)
    # Listed only when some seed is to be cleaned (38 ms at 10,000 documents), then kept up to
    # date seed by seed, not listed again.
    in_use = _ids_in_use(content_dir, manifest) if changed else set()
    try:
        for path, seed in progress_bar(seeds.items(), "Cleaning seeds"):
            entry = manifest["seeds"].get(seed, {})
            if path in unchanged:
                _count_unchanged_seed(content_dir, seed, entry, report, memo)
                continue
            cleaned = next(cleaned_seeds)
            if cleaned.unreadable:
                report.problems.append(cleaned.unreadable)
                continue
            report.problems += cleaned.problems
            report.notices += cleaned.notices
            if cleaned.raw_text is not None:  # the raw view's text, read once
                memo.keep("seed-texts", seed_text_key(seed, path, cleaned.stamp), cleaned.raw_text)
            owned = entry.get("documents", {})
            # Files an earlier seed left (edited by hand) stay taken.
            documents, renamed = _as_written(content_dir, cleaned, TakenIds(in_use, owned), manifest)
            written = _write_seed_documents(content_dir, documents, owned, report, memo)
            _hand_over(documents, digest(entities), memo)
            reads = {other: hashes.get(other) for other in sorted(cleaned.read_with)}
            manifest["seeds"][seed] = _manifest_entry(cleaned, written, seed_hashes[path], renamed, reads)
            in_use -= {id_ for id_ in owned if id_ not in written and not _path(content_dir, id_).exists()}
            in_use |= set(written)
            _count_seed(seed, manifest["seeds"][seed], report)
        for seed in sorted(set(manifest["seeds"]) - set(seeds.values())):
            gone = manifest["seeds"].pop(seed)["documents"]
            _remove_documents(content_dir, gone, f"its seed {seed} is gone", report)
    finally:
        cleaned_seeds.close()  # a build stopped half-way leaves the workers no seed to clean
        # Even a build stopped half-way records what it wrote, so nothing is mistaken for an edit.
        save_manifest(content_dir, manifest)
    return report


def _manifest_entry(
    cleaned: CleanedSeed, written: dict[str, str], seed_hash: str | None, renamed: dict[str, str], reads: dict
) -> dict:
    """What the next ingestion needs of a seed: its documents, and what tells whether it changed.
    reads: the hash of each other seed it was read with; renamed: the ids its documents took
    where not their own, for the replies of seeds read with it."""
    optional = {"renamed": renamed, "reads": reads}
    return {key: value for key, value in optional.items() if value} | {
        "documents": written,
        # A seed with a part that could not be read is read again next time, to say so again.
        "seed": None if cleaned.problems else seed_hash,
        "code": _INGESTION_CODE,
        "shapes": Counter(item.document.source.shape for item in cleaned.documents),
        "format": cleaned.format,
        "skipped": cleaned.skipped,
    }


def _is_unchanged(entry: dict, seed: str, hashes: dict[str, str | None]) -> bool:
    """A seed unchanged since ingestion last cleaned it, by the same code, with the seeds it was
    read with unchanged too, would give the same documents again: it is not cleaned, only
    counted (serve rebuilds without cleaning every seed). hashes: every seed's, by seed."""
    reads = entry.get("reads", {})
    same_others = all(hashes.get(other) == read for other, read in reads.items())
    return entry.get("seed") == hashes[seed] and entry.get("code") == _INGESTION_CODE and same_others


def _count_unchanged_seed(content_dir: Path, seed: str, entry: dict, report: IngestReport, memo: Memo) -> None:
    """Count an unchanged seed's documents as the manifest has them, and its files edited by hand."""
    _count_seed(seed, entry, report)
    written = entry["documents"]
    current = file_digests([_path(content_dir, document_id) for document_id in written], memo)
    report.edited_by_hand += sum(
        now is not None and now != then for now, then in zip(current, written.values(), strict=True)
    )


def _count_seed(seed: str, entry: dict, report: IngestReport) -> None:
    """Count a seed's documents in the report, from its entry in the manifest."""
    count = sum(entry["shapes"].values())
    report.documents_per_seed[seed] = count
    report.documents_per_shape.update(entry["shapes"])
    report.documents_per_format[entry.get("format", "text")] += count
    report.messages_skipped += entry.get("skipped", 0)


def _size(path: Path) -> int:
    stamp = file_stamp(path)
    return stamp[2] if stamp else 0


def _ingestion_code() -> str:
    """A hash of the code that cleans seeds and writes content files: a new version of
    Dossier cleans every seed again."""
    package = Path(__file__).parent
    own = [package / name for name in ("content.py", "ids.py", "ingest.py", "seed_cleaning.py")]
    sources = sorted([*own, *package.glob("*/*.py")])
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()


_INGESTION_CODE = _ingestion_code()


def find_seeds(seeds_dir: Path, report: IngestReport) -> list[Path]:
    """Every file under seeds/, sorted; hidden files, links that leave the folder and files that
    belong to another seed (an export's photos/) are not seeds."""
    if not seeds_dir.is_dir():
        report.problems.append(DossierError(seeds_dir, "no such folder; no seeds ingested"))
        return []
    root = seeds_dir.resolve()
    seeds, passed_over = [], []
    for path in visible_files(seeds_dir, passed_over=passed_over):
        if problem := name_not_utf8(path, seeds_dir):
            report.problems.append(problem)
            continue
        # Folders are walked without following links to them: only a link itself can leave.
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            report.problems.append(DossierError(path, "a link to a file outside seeds/; skipped"))
            continue
        seeds.append(path)
    for other in sorted(passed_over):
        if not other.is_symlink():
            report.problems.append(DossierError(other, "not a file nor a folder (a FIFO, socket or device); skipped"))
        elif not other.is_dir():
            report.problems.append(DossierError(other, "a broken link, or a loop of links; skipped"))
        elif other.resolve().is_relative_to(root):  # its files are read where they are
            report.notices.append(f"{other}: a link to a folder inside seeds/, not followed")
        else:
            report.problems.append(DossierError(other, "a link to a folder outside seeds/; skipped"))
    return without_companions(seeds)


def _as_written(
    content_dir: Path, cleaned: CleanedSeed, taken: TakenIds, manifest: dict
) -> tuple[list[CleanedDocument], dict[str, str]]:
    """The seed's documents with the ids they take in content/ and their replies pointed at the
    ids the posts they answer took (content_ids.py), each one's file made again where either
    changed; and {the id its reader gave: the id it took} where they differ."""
    documents = cleaned.documents
    ids = given_ids(content_dir, [(item.document.id, item.text) for item in documents], taken)
    renamed = {item.document.id: id_ for item, id_ in zip(documents, ids, strict=True) if item.document.id != id_}

    def renamed_in(seed: str) -> dict[str, str]:
        return manifest["seeds"].get(seed, {}).get("renamed", {})

    written = []
    for item, id_ in zip(documents, ids, strict=True):
        reply_to = followed_reply(item.document, renamed, cleaned.replies_into, renamed_in)
        if (id_, reply_to) == (item.document.id, item.document.source.reply_to):
            written.append(item)
            continue
        source = dataclasses.replace(item.document.source, reply_to=reply_to)
        document = dataclasses.replace(item.document, id=id_, source=source)
        text = document_file(document)
        # Its names were found in the document as its reader gave it: the build finds them again.
        written.append(
            CleanedDocument(document, text, written_document(Path(f"{id_}.md"), f"{id_}.md", document, text), None)
        )
    return written, renamed


def _write_seed_documents(
    content_dir: Path,
    documents: list[CleanedDocument],
    owned: dict[str, str],
    report: IngestReport,
    memo: Memo,
) -> dict[str, str]:
    """Write one seed's documents to content/ under the ids they took, sparing people's edits.

    owned: {id: hash of the file as ingestion last wrote it} for this seed. Returns the same
    for this run: only hashes of text ingestion wrote, never of a person's version.
    """
    written: dict[str, str] = {}
    for cleaned in documents:
        document, text, parsed = cleaned.document, cleaned.text, cleaned.parsed
        new_hash = text_hash(text)
        path = _path(content_dir, document.id)
        current = file_hash(path)
        last_written = owned.get(document.id)
        if current == new_hash:
            written[document.id] = new_hash
        elif current is None and last_written == new_hash:
            written[document.id] = last_written  # deleted by hand, and its text is unchanged: stays deleted
        elif current is not None and current != last_written:
            report.edited_by_hand += 1
            if last_written is not None:
                written[document.id] = last_written  # still ours, still edited
            if last_written != new_hash:
                report.notices.append(f"{path}: edited by hand, kept; its seed {document.source.seed} changed")
        else:
            write_atomically(path, text)
            written[document.id] = new_hash
            report.written.append(str(path))
            report.touched[path] = file_stamp(path)
            if isinstance(parsed, Document):  # a problem is reported as reading the file reports it
                memo.keep("content-files", content_key(path.name, new_hash), parsed)
    stale = {id_: hash_ for id_, hash_ in owned.items() if id_ not in written}
    _remove_documents(content_dir, stale, "its seed no longer yields it", report)
    return written


def _hand_over(documents: list[CleanedDocument], names: str, memo: Memo) -> None:
    """The names of each document cleaned, under the key of the file it makes, and its words as
    relate counts them (counted in the workers with the cleaning, rather than here when relate
    needs them, while the workers find the search index's terms). A file not written so (edited
    by hand, or given another id) has another key: what is kept for it is never asked for, and
    the memo drops it."""
    for cleaned in documents:
        if cleaned.names is not None:
            memo.keep("names", names_key(cleaned.parsed, names), cleaned.names)
        if cleaned.words is not None:
            memo.keep(WORD_COUNTS, *cleaned.words)


def _in_reading_order(seeds: list[Path]) -> list[Path]:
    """Seeds in the order ingestion gives out ids: by path, numbers in names by their value
    (messages2.html before messages10.html). A reply in a chat's later file answers a post of an
    earlier one, whose id in content/ must be given before the reply is pointed at it."""
    return sorted(
        seeds, key=lambda path: [_NUMBER.sub(lambda number: number.group().zfill(20), part) for part in path.parts]
    )


_NUMBER = re.compile(r"\d+")


def _ids_in_use(content_dir: Path, manifest: dict) -> set[str]:
    """Ids no new document may take: every content file's, and every id a seed owns."""
    on_disk = {path.stem for path in content_dir.glob("*.md")}
    return on_disk | {id_ for entry in manifest["seeds"].values() for id_ in entry.get("documents", {})}


def _path(content_dir: Path, document_id: str) -> Path:
    return content_dir / f"{document_id}.md"


def _remove_documents(content_dir: Path, owned: dict[str, str], why: str, report: IngestReport) -> None:
    for document_id, written_hash in sorted(owned.items()):
        path = content_dir / f"{document_id}.md"
        current = file_hash(path)
        if current is None:
            continue
        if current == written_hash:
            path.unlink()
            report.removed.append(f"{path} ({why})")
            report.touched[path] = None
        else:
            report.notices.append(f"{path}: edited by hand, kept although {why}")
