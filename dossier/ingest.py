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

from dossier.clean import clean_source
from dossier.content import (
    document_file,
    file_hash,
    load_manifest,
    save_manifest,
    text_hash,
    write_atomically,
)
from dossier.ids import unique_id
from dossier.model import Document, DossierError
from dossier.progress import progress_bar
from dossier.readers import read_text_seed


@dataclass
class IngestReport:
    documents_per_seed: dict[str, int] = field(default_factory=dict)
    documents_per_shape: Counter = field(default_factory=Counter)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    edited_by_hand: int = 0
    problems: list[DossierError] = field(default_factory=list)  # inputs that were skipped
    notices: list[str] = field(default_factory=list)  # worth a curator's look; nothing lost


def ingest(seeds_dir: Path, content_dir: Path) -> IngestReport:
    report = IngestReport()
    manifest = load_manifest(content_dir)
    taken = {path.stem for path in content_dir.glob("*.md")}
    seen: set[str] = set()
    for path in progress_bar(find_seeds(seeds_dir, report), "Cleaning seeds"):
        seed = path.relative_to(seeds_dir).as_posix()
        seen.add(seed)
        try:
            data = path.read_bytes()
            documents = clean_source(read_text_seed(path, seed))
        except DossierError as problem:
            report.problems.append(problem)
            continue
        except OSError as error:
            report.problems.append(DossierError(path, f"cannot be read ({error.strerror}); skipped"))
            continue
        entry = manifest["seeds"].get(seed, {"sha256": None, "documents": {}})
        digest = hashlib.sha256(data).hexdigest()
        manifest["seeds"][seed] = _write_seed_documents(content_dir, documents, entry, digest, taken, report)
        report.documents_per_seed[seed] = len(documents)
        report.documents_per_shape.update(document.source.shape for document in documents)
    for seed in sorted(set(manifest["seeds"]) - seen):
        _remove_documents(content_dir, manifest["seeds"].pop(seed)["documents"], f"its seed {seed} is gone", report)
    save_manifest(content_dir, manifest)
    return report


def find_seeds(seeds_dir: Path, report: IngestReport) -> list[Path]:
    """Every file under seeds/, sorted; hidden files and links that leave the folder are not seeds."""
    if not seeds_dir.is_dir():
        report.problems.append(DossierError(seeds_dir, "no such folder; no seeds ingested"))
        return []
    root = seeds_dir.resolve()
    seeds = []
    for path in sorted(seeds_dir.rglob("*")):
        relative = path.relative_to(seeds_dir)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(root):
            report.problems.append(DossierError(path, "a link to a file outside seeds/; skipped"))
            continue
        seeds.append(path)
    return seeds


def _write_seed_documents(
    content_dir: Path,
    documents: list[Document],
    entry: dict,
    digest: str,
    taken: set[str],
    report: IngestReport,
) -> dict:
    """Write one seed's documents to content/, sparing people's edits; return its manifest entry."""
    owned: dict[str, str] = entry["documents"]
    taken -= set(owned)
    written: dict[str, str] = {}
    for document in documents:
        document.id = unique_id(document.id, taken)
        taken.add(document.id)
        path = content_dir / f"{document.id}.md"
        text = document_file(document)
        current = file_hash(path)
        if current == text_hash(text):
            written[document.id] = current
        elif current is None and document.id in owned and entry["sha256"] == digest:
            written[document.id] = owned[document.id]  # deleted by hand; stays deleted
        elif current is not None and current != owned.get(document.id):
            written[document.id] = owned.get(document.id, current)
            report.edited_by_hand += 1
            if owned.get(document.id) != text_hash(text):
                report.notices.append(f"{path}: edited by hand, kept; its seed {document.source.seed} changed")
        else:
            write_atomically(path, text)
            written[document.id] = text_hash(text)
            report.written.append(str(path))
    stale = {id_: hash_ for id_, hash_ in owned.items() if id_ not in written}
    _remove_documents(content_dir, stale, "its seed no longer yields it", report)
    return {"sha256": digest, "documents": written}


def _remove_documents(content_dir: Path, owned: dict[str, str], why: str, report: IngestReport) -> None:
    for document_id, written_hash in sorted(owned.items()):
        path = content_dir / f"{document_id}.md"
        current = file_hash(path)
        if current is None:
            continue
        if current == written_hash:
            path.unlink()
            report.removed.append(f"{path} ({why})")
        else:
            report.notices.append(f"{path}: edited by hand, kept although {why}")
