"""What serve's builder redoes after an edit: only the edited document's analysis and pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dossier.pipeline as pipeline
from dossier.pipeline import BuildOptions, SiteBuilder
from tests.conftest import REPO, SEEDS

LAVROV = "lavrov-to-depart-for-belarus-on-visit"


def test_an_edit_reanalyses_only_the_edited_document_until_the_themes_change(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    classified: list[list[str]] = []
    classify = pipeline.classify
    monkeypatch.setattr(
        pipeline, "classify", lambda docs, *a: classified.append([d.id for d in docs]) or classify(docs, *a)
    )
    counted: list[str] = []
    word_counts = pipeline.word_counts
    monkeypatch.setattr(pipeline, "word_counts", lambda title, text: counted.append(title) or word_counts(title, text))
    options = BuildOptions(seeds=SEEDS, content=tmp_path / "content", out=tmp_path / "site")
    with SiteBuilder(options, incremental=True) as builder:
        first, _ = builder.make_site()
        page = f"documents/{LAVROV}.html"
        edited = tmp_path / "content" / f"{LAVROV}.md"
        edited.write_text(edited.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
        counted.clear()
        second, report = builder.make_site()
        assert classified[-1] == [LAVROV]
        assert counted == ["Lavrov to depart for Belarus on visit"], "only the edited document's words are counted"
        assert b"A new closing line." in second[page] and page in builder.render_cache.rendered
        assert len(builder.render_cache.rendered) < len(first) / 2, "most pages come from the cache"
        themes = tmp_path / "content" / "themes.yaml"
        themes.write_text(
            themes.read_text(encoding="utf-8").replace("title: Open Skies\n", "title: Open Skies Treaty\n"), "utf-8"
        )
        builder.make_site()
        assert len(classified[-1]) == report.documents, "new themes: every document is classified again"


def test_rebuilds_after_edits_give_what_a_fresh_build_gives(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")

    def fresh_build() -> dict[str, bytes]:
        with SiteBuilder(options) as builder:
            return builder.make_site()[0]

    with SiteBuilder(options, incremental=True) as builder:
        builder.make_site()
        edited = tmp_path / "content" / f"{LAVROV}.md"
        edited.write_text(edited.read_text(encoding="utf-8") + "\nSergey Lavrov said more.\n", encoding="utf-8")
        assert builder.make_site()[0] == fresh_build()
        seed = sorted((tmp_path / "seeds").iterdir())[0]
        seed.write_text(seed.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")  # its raw view gains lines
        rebuilt = builder.make_site()[0]
        assert rebuilt == fresh_build()
        assert any(url.startswith("sources/") and url in builder.render_cache.rendered for url in rebuilt)


def test_an_edit_shown_before_relating_keeps_the_related_lists_and_relating_catches_up(tmp_path: Path) -> None:
    """serve's first rebuild after an edit skips relating: the edited page and the search index
    are new, the related documents are the last build's; the rebuild that relates again gives
    what a fresh build gives."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    page = f"documents/{LAVROV}.html"
    with SiteBuilder(options, incremental=True) as builder:
        before, _ = builder.make_site()
        edited = tmp_path / "content" / f"{LAVROV}.md"
        added = "Sergei Ryabkov, Maria Zakharova and Donald Trump spoke of the Treaty on Open Skies and NATO."
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n{added}\n", encoding="utf-8")
        shown, _ = builder.make_site(relate_documents=False)
        assert b"spoke of the Treaty on Open Skies and" in shown[page]  # the names are links
        assert added.encode() in b"".join(data for path, data in shown.items() if "search-index" in path)
        assert _related_section(shown[page]) == _related_section(before[page])
        related, _ = builder.make_site()
    with SiteBuilder(options) as fresh:
        assert related == fresh.make_site()[0]
    assert _related_section(related[page]) != _related_section(shown[page]), "the edit changed what relates to it"


def _related_section(page: bytes) -> bytes:
    return re.search(rb'<section class="related".*?</section>', page, re.DOTALL).group(0)
