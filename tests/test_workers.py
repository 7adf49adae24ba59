"""Work split between the worker processes and this one gives what this one alone gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import dossier.pipeline as pipeline
import dossier.render as render
from dossier.model import DossierError
from dossier.workers import Workers
from tests.conftest import REPO
from tests.exports import message, png, write_export


def test_map_joins_the_chunks_results_in_order_wherever_each_was_done() -> None:
    workers = Workers(2)
    try:
        assert workers.map(sorted, [3, 1, 2, 5, 4, 0, 9], 2) == [1, 3, 2, 5, 0, 4, 9]
        assert workers.map(sorted, [2, 1], 2) == [1, 2], "one chunk, done in this process"
        assert workers.map(sorted, [], 2) == []
        assert workers.map(sorted, [], 0) == [], "nothing to do, in chunks of nothing"
    finally:
        workers.close()


def test_content_files_read_in_worker_processes_are_the_documents_read_here(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "broken.md").write_text("---\ndate: 2021-13-45\n---\nText\n", encoding="utf-8")
    for path in (REPO / "content").glob("*.md"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    here: list[DossierError] = []
    expected = pipeline.load_documents(tmp_path, here)
    monkeypatch.setattr(pipeline, "LOAD_CHUNK", 3)
    monkeypatch.setattr(pipeline, "LOAD_IN_WORKERS_FROM", 1)
    in_workers: list[DossierError] = []
    assert pipeline.load_documents(tmp_path, in_workers) == expected
    assert [str(problem) for problem in in_workers] == [str(problem) for problem in here]
    assert here and all(document.html and document.text for document in expected)


def test_documents_related_in_a_process_of_their_own_are_related_as_here(tmp_path: Path, monkeypatch) -> None:
    """The relater process gives every page what relating here gives, after an edit too, when
    it counts only the edited document's words again."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "content", tmp_path / "content")
    options = pipeline.BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    with pipeline.SiteBuilder(options) as builder:
        here, _ = builder.make_site()
    monkeypatch.setattr(pipeline, "RELATE_ELSEWHERE_FROM", 1)
    with pipeline.SiteBuilder(options, incremental=True) as builder:
        elsewhere, _ = builder.make_site()
        assert elsewhere == here
        edited = sorted((tmp_path / "content").glob("*.md"))[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\nInspection flights over Belarus.\n", "utf-8")
        after_edit, _ = builder.make_site()
    monkeypatch.setattr(pipeline, "RELATE_ELSEWHERE_FROM", 10**9)
    with pipeline.SiteBuilder(options) as builder:
        assert builder.make_site()[0] == after_edit
    pages = [data for path, data in after_edit.items() if path.startswith("documents/")]
    assert sum(b"Related documents" in page for page in pages) > len(pages) / 2


def test_pages_rendered_in_worker_processes_are_the_pages_rendered_here(tmp_path: Path, monkeypatch) -> None:
    """Documents travel to the workers without their text: every page must come out the same,
    with a photo, a merged copy, versions and related documents among them."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "content", tmp_path / "content")
    post = message(20, "The delegation in Vienna\nObservers met the delegation in Vienna.", photo="photos/p.jpg")
    write_export(tmp_path / "seeds" / "ChatExport_2023-02-01", [post], photos={"p.jpg": png()})
    (tmp_path / "seeds" / "wire-copy.txt").write_bytes((REPO / "seeds" / "000_1d78bd30cb4b2e6b.txt").read_bytes())
    paragraphs = [f"Paragraph {n} on the observation flights over Belarus and the treaty's quotas." for n in range(9)]
    for name, body in (("shorter", paragraphs), ("longer", [*paragraphs, "One paragraph more, only here."])):
        text = "\n\n".join(body)
        (tmp_path / "content" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n{text}\n", encoding="utf-8")
    options = pipeline.BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    monkeypatch.setattr(render, "PAGES_IN_WORKERS_FROM", 10**9)
    with pipeline.SiteBuilder(options) as builder:
        here, _ = builder.make_site()
    monkeypatch.setattr(render, "PAGES_IN_WORKERS_FROM", 1)
    monkeypatch.setattr(render, "PAGES_CHUNK", 2)
    with pipeline.SiteBuilder(options) as builder:
        in_workers, _ = builder.make_site()
    assert sorted(in_workers) == sorted(here)
    assert [path for path in here if in_workers[path] != here[path]] == []
    pages = [data for path, data in here.items() if path.startswith("documents/")]
    for part in (
        b'class="photo"',
        b"Also published in",
        b'class="versions"',
        b'class="related"',
        b"is now one document",
    ):
        assert any(part in page for page in pages), part
