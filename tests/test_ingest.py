"""content/ is the curated layer: ingestion fills it from seeds/ and never loses a person's work."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

import dossier.ingest as ingest_module
import dossier.readers.text as text_reader
from bench.synthetic_seeds import write_synthetic_seeds
from dossier.config import load_config
from dossier.content import read_content
from dossier.entities import name_documents
from dossier.ingest import ingest
from dossier.link import COUNT_SECONDS, counted_words, words_key
from dossier.memo import Memo
from dossier.workers import Workers
from tests.conftest import REPO, SEEDS, run_build_here


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's hash and modification time: what 'nothing was written' means."""
    return {
        path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _build(seeds: Path, root: Path):
    return run_build_here("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site")


@pytest.fixture(scope="module")
def seeds_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The five seeds built into a fresh folder (content/, site/) and what the build printed,
    once for the tests below that only read them."""
    root = tmp_path_factory.mktemp("seeds-built")
    return root, _build(SEEDS, root)


def test_five_seeds_give_thirteen_documents_in_content_and_dossier_json(seeds_built) -> None:
    root, result = seeds_built
    assert result.returncode == 0, result.stderr
    assert len(list((root / "content").glob("*.md"))) == 13
    documents = json.loads((root / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]
    assert len(documents) == 13
    assert "Seeds: 5 read, 13 documents (channel 9, headline 2, webpage 1, wire 1)" in result.stdout
    assert "003_938382bba7e78ea9.txt: 9" in result.stdout


def test_dossier_json_holds_every_documented_field(seeds_built) -> None:
    root, _ = seeds_built
    documents = json.loads((root / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]
    by_title = {document["title"]: document for document in documents}
    lodz = next(d for d in documents if d["date"] == "2022-12-01")
    assert set(lodz) >= {"id", "title", "date", "themes", "tags", "source", "sources", "versions", "url", "text"}
    assert lodz["source"] == {
        "id": lodz["id"],
        "date": "2022-12-01",
        "seed": "003_938382bba7e78ea9.txt",
        "shape": "channel",
        "outlet": "Russia in OSCE/Россия в ОБСЕ",
        "lines": [24, 48],
        "channel": None,
        "message": None,
        "forwarded_from": None,
        "edited": None,
        "link": None,
    }
    assert lodz["sources"] == [lodz["source"]] and lodz["versions"] == []
    assert lodz["tags"] == ["OSCEMC2022", "OSCE"]
    assert (root / "site" / lodz["url"]).is_file()
    assert "Hopefully we won’t lose this unique pan-European platform" in lodz["text"]
    assert by_title["Lavrov to depart for Belarus on visit"]["date"] is None


def test_the_repository_content_folder_is_what_the_seeds_give(seeds_built) -> None:
    """content/ is committed: a fresh clone's `make site` must find it current and write nothing."""
    root, _ = seeds_built
    for path in (root / "content").glob("*.md"):
        assert path.read_text(encoding="utf-8") == (REPO / "content" / path.name).read_text(encoding="utf-8")


def test_content_files_are_as_readable_as_the_umask_makes_new_files(tmp_path: Path) -> None:
    """Curated files that people share and commit: not readable by their owner alone."""
    previous = os.umask(0o022)
    try:
        ingest(SEEDS, tmp_path / "content")
    finally:
        os.umask(previous)
    written = [*sorted((tmp_path / "content").glob("*.md")), tmp_path / "content" / ".ingested.json"]
    assert len(written) == 14
    assert {oct(path.stat().st_mode & 0o777) for path in written} == {"0o644"}


def test_a_rebuild_with_no_change_writes_nothing_to_content(tmp_path: Path) -> None:
    _build(SEEDS, tmp_path)
    before = _snapshot(tmp_path / "content")
    result = _build(SEEDS, tmp_path)
    assert "Content: 0 written, 0 removed" in result.stdout
    assert _snapshot(tmp_path / "content") == before


def test_a_seed_whose_name_is_not_utf8_is_skipped_with_a_message_naming_it(tmp_path: Path) -> None:
    """Linux names a file with any bytes; such a name cannot go into content files and pages.
    It stopped the build with a traceback; now it is one problem, and the other seeds are ingested."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    first, second = sorted(SEEDS.glob("*.txt"))[:2]
    (seeds / os.fsdecode(b"caf\xe9.txt")).write_bytes(first.read_bytes())
    (seeds / "good.txt").write_bytes(second.read_bytes())
    report = ingest(seeds, tmp_path / "content")
    shown = seeds / "caf\ufffd.txt"
    assert [str(problem) for problem in report.problems] == [
        f"{shown}: a name that is not UTF-8 (\ufffd above); rename it; skipped"
    ]
    assert list(report.documents_per_seed) == ["good.txt"]


def test_an_unchanged_seed_is_not_cleaned_again_yet_counted_alike(tmp_path: Path, monkeypatch) -> None:
    first = ingest(SEEDS, tmp_path / "content")
    (tmp_path / "content" / "lavrov-to-depart-for-belarus-on-visit.md").write_text("# Edited\n", encoding="utf-8")
    cleaned = []
    monkeypatch.setattr(text_reader, "clean_source", lambda source: cleaned.append(source) or [])
    again = ingest(SEEDS, tmp_path / "content")
    assert cleaned == [] and again.written == [] and again.removed == []
    assert again.documents_per_seed == first.documents_per_seed
    assert again.documents_per_shape == first.documents_per_shape and again.edited_by_hand == 1
    monkeypatch.setattr(ingest_module, "_INGESTION_CODE", "another version of the cleaner")
    ingest(SEEDS, tmp_path / "content")
    assert len(cleaned) == len(first.documents_per_seed), "new cleaning code cleans every seed again"


def test_a_build_never_changes_seeds(seeds_copy: Path, tmp_path: Path) -> None:
    before = _snapshot(seeds_copy)
    _build(seeds_copy, tmp_path)
    _build(seeds_copy, tmp_path)
    assert _snapshot(seeds_copy) == before


def test_a_hand_edited_document_survives_rebuilds_and_a_changed_seed(seeds_copy: Path, tmp_path: Path) -> None:
    _build(seeds_copy, tmp_path)
    (edited,) = (tmp_path / "content").glob("lavrov-to-depart-for-belarus-on-visit.md")
    text = edited.read_text(encoding="utf-8").replace(
        "title: Lavrov to depart for Belarus on visit", "title: Lavrov visits Minsk (curated)"
    )
    text = text.replace("date: null", "date: 2012-08-14\nsummary: A note by the curator.")
    edited.write_text(text, encoding="utf-8")

    _build(seeds_copy, tmp_path)
    assert edited.read_text(encoding="utf-8") == text

    seed = seeds_copy / "002_30c1019e682d687a.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nA sentence the seed gained later.\n", encoding="utf-8")
    result = _build(seeds_copy, tmp_path)
    assert edited.read_text(encoding="utf-8") == text
    assert "edited by hand, kept" in result.stdout
    documents = json.loads((tmp_path / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]
    curated = next(d for d in documents if d["id"] == "lavrov-to-depart-for-belarus-on-visit")
    assert (curated["title"], curated["date"], curated["summary"]) == (
        "Lavrov visits Minsk (curated)",
        "2012-08-14",
        "A note by the curator.",
    )


def test_a_changed_seed_reingests_only_its_own_documents(seeds_copy: Path, tmp_path: Path) -> None:
    _build(seeds_copy, tmp_path)
    before = _snapshot(tmp_path / "content")
    seed = seeds_copy / "000_1d78bd30cb4b2e6b.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nThe ministry added a late paragraph.\n", encoding="utf-8")
    result = _build(seeds_copy, tmp_path)
    after = _snapshot(tmp_path / "content")
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {".ingested.json", "2021-06-18-russia-is-prepared-to-provide-firm-support-for-belarus-in-it.md"}
    assert "Content: 1 written, 0 removed" in result.stdout


def test_a_document_deleted_by_hand_stays_deleted(tmp_path: Path) -> None:
    _build(SEEDS, tmp_path)
    deleted = tmp_path / "content" / "lavrov-to-depart-for-belarus-on-visit.md"
    deleted.unlink()
    _build(SEEDS, tmp_path)
    assert not deleted.exists()
    documents = json.loads((tmp_path / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]
    assert len(documents) == 12


def test_a_removed_seed_takes_its_unedited_documents_along(seeds_copy: Path, tmp_path: Path) -> None:
    _build(seeds_copy, tmp_path)
    (seeds_copy / "003_938382bba7e78ea9.txt").unlink()
    result = _build(seeds_copy, tmp_path)
    assert len(list((tmp_path / "content").glob("*.md"))) == 4
    assert result.stdout.count("its seed 003_938382bba7e78ea9.txt is gone") == 9


def test_a_content_file_written_from_scratch_is_a_document(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "my-notes.md").write_text(
        "---\ntitle: Notes on the Vienna Document\ndate: 2023-02-10\ntags: [OSCE]\n---\n\nWritten by hand.\n",
        encoding="utf-8",
    )
    _build(SEEDS, tmp_path)
    assert (content / "my-notes.md").read_text(encoding="utf-8").endswith("Written by hand.\n")
    documents = json.loads((tmp_path / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]
    notes = next(d for d in documents if d["id"] == "my-notes")
    assert (notes["title"], notes["date"], notes["tags"], notes["text"]) == (
        "Notes on the Vienna Document",
        "2023-02-10",
        ["OSCE"],
        "Written by hand.",
    )
    assert (tmp_path / "site" / "documents" / "my-notes.html").is_file()


@pytest.mark.parametrize("in_workers", [False, True], ids=["the-seeds-here", "synthetic-in-workers"])
def test_each_content_file_written_comes_as_the_build_reads_the_file(
    tmp_path: Path, monkeypatch, in_workers: bool
) -> None:
    """The build takes the documents ingestion made (handed to the memo) rather than read back
    the files it wrote: they must be what reading the files gives, every field of every one."""
    seeds, content = SEEDS, tmp_path / "content"
    if in_workers:
        seeds = tmp_path / "seeds"
        write_synthetic_seeds(seeds, 300)
        monkeypatch.setattr(ingest_module, "CLEAN_SECONDS_PER_BYTE", 1.0)
    entities = load_config(REPO / "content").entities
    with Memo(None, Workers(2)) as memo:
        report = ingest(seeds, content, memo, entities)
        handed, _ = read_content(content, memo)
        handed = name_documents(handed, entities, memo)
        words = memo.map("word-counts", counted_words, handed, [words_key(d) for d in handed], COUNT_SECONDS)
        assert "content-files" not in memo.made and "names" not in memo.made, "no file was read back nor parsed"
        assert "word-counts" not in memo.made, "relate finds each document's words counted"
    read_back, _ = read_content(content, Memo(None))
    read_back = name_documents(read_back, entities, Memo(None))
    assert any("<a " in document.html for document in read_back), "the config's names are linked"
    assert len(read_back) == (300 if in_workers else 13) and len(report.written) == len(read_back) + 2
    assert handed == read_back
    assert words == [counted_words(document) for document in read_back]


def test_a_pasted_one_sentence_post_has_its_sentence_as_its_text_in_dossier_json(tmp_path: Path) -> None:
    """The sentence is the title and the text too; a post with a headline and a paragraph keeps
    the paragraph alone as its text (without the fault: no headline repeated)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_text("Lavrov arrives in Minsk for talks.\n", encoding="utf-8")
    (seeds / "two.txt").write_text("Talks in Vienna end\n\nThe delegations left without an agreement.\n", "utf-8")
    result = _build(seeds, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    documents = json.loads((tmp_path / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]
    texts = {document["title"]: document["text"] for document in documents}
    assert texts == {
        "Lavrov arrives in Minsk for talks": "Lavrov arrives in Minsk for talks.",
        "Talks in Vienna end": "The delegations left without an agreement.",
    }


def test_a_stopped_ingestion_leaves_no_temporary_file_in_content(tmp_path: Path, monkeypatch) -> None:
    """Stopped half-way (Ctrl-C) while the workers clean seeds, ingestion leaves no half-written
    file behind: content/ is what people commit."""
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write_synthetic_seeds(seeds, 600)
    monkeypatch.setattr(ingest_module, "CLEAN_SECONDS_PER_BYTE", 1.0)  # cleaned in the workers
    write_seed_documents = ingest_module._write_seed_documents
    calls = []

    def stopped_at_the_fifth(*arguments):
        calls.append(1)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return write_seed_documents(*arguments)

    monkeypatch.setattr(ingest_module, "_write_seed_documents", stopped_at_the_fifth)
    with Memo(None, Workers(1)) as memo, pytest.raises(KeyboardInterrupt):
        ingest(seeds, content, memo)
    assert len(list(content.glob("*.md"))) >= 4, "the first seeds' files were written"
    assert [path.name for path in content.glob(".*")] == [".ingested.json"]
