"""What serve's builder redoes after an edit: only the edited document's analysis and pages."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import dossier.pipeline as pipeline
from dossier.content import content_stamps
from dossier.pipeline import BuildOptions, SiteBuilder
from tests.conftest import REPO, SEEDS
from tests.exports import message, png, write_export

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


# What a curator may do between two saves, to the content file (or seed) picked by number.
EDITS = ["body", "names", "copy", "summary", "title", "date", "tags", "themes", "add", "delete", "seed", "per_page"]


@settings(max_examples=20)
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 20)), min_size=1, max_size=4))
def test_keying_only_the_pages_that_name_edited_documents_gives_what_keying_every_page_gives(edits) -> None:
    """After any edits, the rebuild that works out the keys of the pages naming the edited
    documents alone (RenderCache.edited_documents) makes the same site as one that works out
    every page's key, before and after the documents are related again."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(SEEDS, root / "seeds")
        options = BuildOptions(seeds=root / "seeds", content=root / "content", out=root / "site")
        with SiteBuilder(options, incremental=True) as quick, SiteBuilder(options, incremental=True) as thorough:
            thorough.render_cache.edited_documents = lambda outline: None
            assert quick.make_site()[0] == thorough.make_site()[0]
            for number, (edit, which) in enumerate(edits):
                _edit(root, edit, which, number)
                quick_site, _ = quick.make_site(relate_documents=False)
                assert quick_site == thorough.make_site(relate_documents=False)[0], (edit, which)
            assert quick.make_site()[0] == thorough.make_site()[0]


def _edit(root: Path, edit: str, which: int, number: int) -> None:
    files = sorted((root / "content").glob("*.md"))
    if edit == "seed":
        seed = sorted((root / "seeds").iterdir())[which % 5]
        seed.write_text(seed.read_text(encoding="utf-8") + f"\nSubscribe to our channel ({number})\n", "utf-8")
        return
    if edit == "per_page":
        themes = root / "content" / "themes.yaml"
        themes.write_text(
            re.sub(r"^site:\n", f"site:\n  per_page: {which % 4 + 1}\n", themes.read_text("utf-8")), "utf-8"
        )
        return
    file = files[which % len(files)]
    if edit == "delete":
        file.unlink()
        return
    text = file.read_text(encoding="utf-8")
    front, body = text[4:].split("\n---\n", 1)
    if edit == "add":
        (root / "content" / f"added-{number}.md").write_text(
            f"---\ntitle: An added note {number}\ndate: 2021-06-{which % 28 + 1:02d}\n---\n\n{body}", "utf-8"
        )
        return
    if edit == "body":
        body += f"\nThe delegations met again on the same day ({number}).\n"
    if edit == "copy":  # a near-copy of the next file: a version of it
        body = files[(which + 1) % len(files)].read_text(encoding="utf-8")[4:].split("\n---\n", 1)[1]
        body += f"\nA paragraph of its own, which its original does not have ({number}).\n"
    if edit == "names":
        body += f"\nSergey Lavrov spoke of the OSCE once more ({number}).\n"
    replaced = {
        "summary": ("summary", f"A summary written by hand ({number})"),
        "title": ("title", f"A title written by hand ({number})"),
        "date": ("date", f"20{which % 24:02d}-0{which % 9 + 1}-1{which % 9}"),
        "tags": ("tags", f"[Edited{which % 3}]"),
        "themes": ("themes", f"[{['osce', 'open-skies', 'russia-belarus'][which % 3]}]"),
    }
    if edit in replaced:
        field, value = replaced[edit]
        front = re.sub(rf"^{field}:.*\n", "", front + "\n", flags=re.MULTILINE).rstrip("\n")
        front += f"\n{field}: {value}"
    file.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")


def test_a_build_takes_the_content_files_as_listed_unless_ingestion_changed_them(tmp_path: Path) -> None:
    """serve lists the content files to see what changed, and hands the build that list."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    note = "---\ntitle: A note written after the listing\n---\n\nIts text.\n"
    with SiteBuilder(options, incremental=True) as builder:
        builder.make_site()
        listed = content_stamps(options.content)
        (options.content / "a-note.md").write_text(note, encoding="utf-8")
        files, _ = builder.make_site(relate_documents=False, content_listed=listed)
        assert "documents/a-note.html" not in files, "the content files were taken as listed"
        sorted((tmp_path / "seeds").iterdir())[0].unlink()  # ingestion removes its documents
        files, report = builder.make_site(relate_documents=False, content_listed=listed)
        assert report.ingest.removed and "documents/a-note.html" in files, "listed again after ingestion"


def test_a_photo_given_new_words_by_hand_is_shown_with_them_by_the_next_rebuild(tmp_path: Path) -> None:
    """A photo's alt text is no part of what its document says (the digest), but of its place:
    a curator's new words for it are a change its page may not miss."""
    export = tmp_path / "seeds" / "ChatExport_2023-01-20"
    post = message(31, "The delegation arrived in Minsk for talks on the Union State.", photo="photos/photo_31.jpg")
    write_export(export, [post], photos={"photo_31.jpg": png(40, 30)})
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    with SiteBuilder(options, incremental=True) as quick, SiteBuilder(options, incremental=True) as thorough:
        thorough.render_cache.edited_documents = lambda outline: None
        assert quick.make_site()[0] == thorough.make_site()[0]
        [content_file] = options.content.glob("*.md")
        text = content_file.read_text(encoding="utf-8")
        content_file.write_text(re.sub(r"alt: [^}]*", "alt: Delegates at the airport", text), encoding="utf-8")
        after, _ = quick.make_site(relate_documents=False)
        assert after == thorough.make_site(relate_documents=False)[0]
        assert b'alt="Delegates at the airport"' in after[f"documents/{content_file.stem}.html"]
