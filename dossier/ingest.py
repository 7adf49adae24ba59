"""Ingestion: seeds/ -> content/. The only stage that writes content/, and it never reads back
into seeds/.

A changed seed re-ingests its own documents only. A content file a person edited since
ingestion wrote it is kept as it is; one a person deleted stays deleted while its seed is
unchanged; one whose seed no longer yields it is removed unless a person edited it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dossier.clean.titles import UNTITLED
from dossier.config import install_defaults
from dossier.content import (
    document_file,
    file_hash,
    file_stamp,
    load_manifest,
    remove_stale_temporaries,
    save_manifest,
    text_hash,
    visible_files,
    write_atomically,
)
from dossier.ids import unique_id
from dossier.model import Document, DossierError
from dossier.progress import progress_bar
from dossier.readers import reader_for, without_companions


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


def ingest(seeds_dir: Path, content_dir: Path) -> IngestReport:
    report = IngestReport()
    remove_stale_temporaries(content_dir)
    installed = install_defaults(content_dir)
    report.written += [str(path) for path in installed]
    report.touched.update({path: file_stamp(path) for path in installed})
    manifest = load_manifest(content_dir)
    seen: set[str] = set()
    in_use = _ids_in_use(content_dir, manifest)  # kept up to date seed by seed, not listed again
    try:
        for path in progress_bar(find_seeds(seeds_dir, report), "Cleaning seeds"):
            seed = path.relative_to(seeds_dir).as_posix()
            seen.add(seed)
            entry = manifest["seeds"].get(seed, {})
            seed_hash = file_hash(path)
            if entry.get("seed") == seed_hash and entry.get("code") == _INGESTION_CODE:
                _count_unchanged_seed(content_dir, seed, entry, report)
                continue
            reader = reader_for(path)
            try:
                reading = reader.read(path, seed)
                documents = _with_words(path, reading.documents, report)
            except DossierError as problem:
                report.problems.append(problem)
                continue
            except OSError as error:
                report.problems.append(DossierError(path, f"cannot be read ({error.strerror}); skipped"))
                continue
            report.problems += reading.problems
            report.notices += reading.notices
            owned = entry.get("documents", {})
            # Files an earlier seed left (edited by hand) stay taken.
            taken = _TakenIds(in_use, owned)
            written = _write_seed_documents(content_dir, documents, owned, taken, report)
            shapes = Counter(document.source.shape for document in documents)
            manifest["seeds"][seed] = {
                "documents": written,
                # A seed with a part that could not be read is read again next time, to say so again.
                "seed": None if reading.problems else seed_hash,
                "code": _INGESTION_CODE,
                "shapes": shapes,
                "format": reader.FORMAT,
                "skipped": reading.skipped,
            }
            in_use -= {id_ for id_ in owned if id_ not in written and not _path(content_dir, id_).exists()}
            in_use |= set(written)
            report.documents_per_seed[seed] = len(documents)
            report.documents_per_shape.update(shapes)
            report.documents_per_format[reader.FORMAT] += len(documents)
            report.messages_skipped += reading.skipped
        for seed in sorted(set(manifest["seeds"]) - seen):
            gone = manifest["seeds"].pop(seed)["documents"]
            _remove_documents(content_dir, gone, f"its seed {seed} is gone", report)
    finally:
        # Even a build stopped half-way records what it wrote, so nothing is mistaken for an edit.
        save_manifest(content_dir, manifest)
    return report


def _count_unchanged_seed(content_dir: Path, seed: str, entry: dict, report: IngestReport) -> None:
    """A seed unchanged since ingestion last cleaned it, by the same code, would give the same
    documents again: it is not cleaned, only counted (serve rebuilds without cleaning every seed)."""
    report.documents_per_seed[seed] = sum(entry["shapes"].values())
    report.documents_per_shape.update(entry["shapes"])
    report.documents_per_format[entry.get("format", "text")] += sum(entry["shapes"].values())
    report.messages_skipped += entry.get("skipped", 0)
    for document_id, written_hash in entry["documents"].items():
        current = file_hash(_path(content_dir, document_id))
        report.edited_by_hand += current is not None and current != written_hash


def _with_words(path: Path, documents: list[Document], report: IngestReport) -> list[Document]:
    """Documents with something to read: a post of emoji alone, or of symbols, says nothing a
    reader can search for or cite, and its title would be made up."""
    kept = [document for document in documents if _has_words(document)]
    if documents and not kept:
        raise DossierError(path, "no words in it, only emoji or symbols; skipped")
    if len(kept) < len(documents):
        for document in documents:
            if not _has_words(document):
                problem = "a post with no words, only emoji or symbols; skipped"
                report.notices.append(str(DossierError(path, problem, line=document.source.first_line)))
    return kept


def _has_words(document: Document) -> bool:
    title = "" if document.title == UNTITLED else document.title
    return any(char.isalnum() for part in (title, document.summary or "", document.body) for char in part)


def _ingestion_code() -> str:
    """A hash of the code that cleans seeds and writes content files: a new version of
    Dossier cleans every seed again."""
    package = Path(__file__).parent
    sources = sorted([package / "content.py", package / "ids.py", package / "ingest.py", *package.glob("*/*.py")])
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()


_INGESTION_CODE = _ingestion_code()


def find_seeds(seeds_dir: Path, report: IngestReport) -> list[Path]:
    """Every file under seeds/, sorted; hidden files, links that leave the folder and files that
    belong to another seed (an export's photos/) are not seeds."""
    if not seeds_dir.is_dir():
        report.problems.append(DossierError(seeds_dir, "no such folder; no seeds ingested"))
        return []
    root = seeds_dir.resolve()
    seeds, links = [], []
    for path in visible_files(seeds_dir, links_passed_over=links):
        if not path.resolve().is_relative_to(root):
            report.problems.append(DossierError(path, "a link to a file outside seeds/; skipped"))
            continue
        seeds.append(path)
    for link in sorted(links):
        if not link.is_dir():
            report.problems.append(DossierError(link, "a broken link; skipped"))
        elif link.resolve().is_relative_to(root):  # its files are read where they are
            report.notices.append(f"{link}: a link to a folder inside seeds/, not followed")
        else:
            report.problems.append(DossierError(link, "a link to a folder outside seeds/; skipped"))
    return without_companions(seeds)


@dataclass
class _TakenIds:
    """The ids a seed's new documents may not take: every id in use but the seed's own, and
    those of its documents written already. Checked per document, never copied: a dossier of
    10,000 documents from 1,000 seeds would copy ten million ids."""

    in_use: set[str]
    owned: dict[str, str]
    written: set[str] = field(default_factory=set)
    reclaimed: set[str] = field(default_factory=set)  # in use by a file that holds this very text

    def __contains__(self, id_: str) -> bool:
        return id_ in self.written or (id_ in self.in_use and id_ not in self.owned and id_ not in self.reclaimed)


def _write_seed_documents(
    content_dir: Path, documents: list[Document], owned: dict[str, str], taken: _TakenIds, report: IngestReport
) -> dict[str, str]:
    """Write one seed's documents to content/, sparing people's edits.

    owned: {id: hash of the file as ingestion last wrote it} for this seed. Returns the same
    for this run: only hashes of text ingestion wrote, never of a person's version.
    """
    written: dict[str, str] = {}
    for document in documents:
        text = document_file(document)
        new_hash = text_hash(text)
        if document.id in taken and file_hash(_path(content_dir, document.id)) == new_hash:
            taken.reclaimed.add(document.id)  # the same text is there already: ours, manifest or not
        unique = unique_id(document.id, taken)
        if unique != document.id:
            document.id = unique
            text = document_file(document)
            new_hash = text_hash(text)
        taken.written.add(document.id)
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
    stale = {id_: hash_ for id_, hash_ in owned.items() if id_ not in written}
    _remove_documents(content_dir, stale, "its seed no longer yields it", report)
    return written


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
