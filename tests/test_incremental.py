"""What a build redoes with the last build's memo: only what an edit touched, and a site byte
for byte the same as a cold build's (an empty memo) of the same seeds, content and templates."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.memo import Memo
from dossier.pipeline import BuildOptions, make_site
from tests.conftest import REPO, SEEDS, run_build
from tests.exports import message, png, write_export

LAVROV = "lavrov-to-depart-for-belarus-on-visit"
EXPORT = "ChatExport_2023-01-20"
ADDED_EXPORT = "ChatExport_2023-02-02"


def _options(root: Path) -> BuildOptions:
    """The inputs of a dossier in root: seeds/, content/ and templates/; its memo in root/.dossier-cache."""
    return BuildOptions(seeds=root / "seeds", content=root / "content", out=root / "site", templates=root / "templates")


def _new_project(root: Path) -> BuildOptions:
    """The repository's five seeds, a Telegram export with a photo, and a copy of the templates."""
    shutil.copytree(SEEDS, root / "seeds")
    post = message(31, "The delegation arrived in Minsk for talks on the Union State.", photo="photos/photo_31.jpg")
    write_export(root / "seeds" / EXPORT, [post], photos={"photo_31.jpg": png(40, 30)})
    shutil.copytree(REPO / "templates", root / "templates")
    return _options(root)


def _copy_inputs(root: Path, to: Path) -> BuildOptions:
    """The same seeds, content and templates in another folder, with no memo beside them."""
    for folder in ("seeds", "content", "templates"):
        if (root / folder).exists():
            shutil.copytree(root / folder, to / folder)
    assert not (to / ".dossier-cache").exists()
    return _options(to)


def _inputs(root: Path) -> dict[str, bytes]:
    return {
        f"{folder}/{path}": data
        for folder in ("seeds", "content", "templates")
        for path, data in _files_in(root / folder).items()
    }


def _files_in(folder: Path) -> dict[str, bytes]:
    """{path under folder: bytes} of every file in it."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _edit_text(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit of {path.name} changed nothing"
    path.write_text(changed, encoding="utf-8")


def _photo_document(root: Path) -> Path:
    [path] = [path for path in (root / "content").glob("*.md") if "photo_31.jpg" in path.read_text(encoding="utf-8")]
    return path


# What happens to a dossier between two builds, in order: each a (name, change to the project in root).
CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    (
        "edit a content file",
        lambda root: _edit_text(
            root / "content" / f"{LAVROV}.md",
            lambda text: text + "\nSergey Ryabkov and Maria Zakharova spoke of the Treaty on Open Skies and NATO.\n",
        ),
    ),
    (
        "add a content file",
        lambda root: (root / "content" / "a-note.md").write_text(
            "---\ntitle: A note written by hand\ndate: 2022-05-04\ntags: [Notes]\n---\n\n"
            "Vladimir Makei met Sergey Lavrov in Minsk to speak of the Union State and the OSCE.\n",
            encoding="utf-8",
        ),
    ),
    (
        "delete a content file",
        lambda root: (root / "content" / "today-belarus-a-state-linked-to-russia-by-centuries-of.md").unlink(),
    ),
    (
        "edit a seed",
        lambda root: _edit_text(
            root / "seeds" / "001_a9d303c9509515ec.txt",
            lambda text: text + "\nThe ministry added that Maria Zakharova would brief the press on the OSCE.\n",
        ),
    ),
    (
        "add a seed",
        lambda root: write_export(
            root / "seeds" / ADDED_EXPORT,
            [
                message(
                    7,
                    "Sergey Lavrov spoke with Vladimir Makei about the Treaty on Open Skies.",
                    date="2023-02-02T11:00:00",
                    photo="photos/photo_7.jpg",
                )
            ],
            photos={"photo_7.jpg": png(20, 10, (20, 90, 200))},
        ),
    ),
    ("delete a seed", lambda root: (root / "seeds" / "000_1d78bd30cb4b2e6b.txt").unlink()),
    (
        "retitle a theme",
        lambda root: _edit_text(
            root / "content" / "themes.yaml",
            lambda text: text.replace("title: Open Skies\n", "title: Open Skies Treaty\n"),
        ),
    ),
    (
        "give a theme new terms",
        lambda root: _edit_text(
            root / "content" / "themes.yaml",
            lambda text: text.replace("terms: [OSCE,", "terms: [OSCE, Lavrov, Minsk,"),
        ),
    ),
    (
        "add an alias",
        lambda root: _edit_text(
            root / "content" / "entities.yaml",
            lambda text: text.replace("aliases: [Bushuev]", "aliases: [Bushuev, head of the division]"),
        ),
    ),
    (
        "describe a name and rename another",
        lambda root: _edit_text(
            root / "content" / "entities.yaml",
            lambda text: text.replace("aliases: [Bushuev]", "aliases: [Bushuev]\n    description: A diplomat.").replace(
                "name: Vladimir Putin", "name: Vladimir V. Putin"
            ),
        ),
    ),
    (
        "edit a template",
        lambda root: _edit_text(
            root / "templates" / "base.html",
            lambda text: text.replace("</footer>", "<!-- edited by hand -->\n</footer>"),
        ),
    ),
    (
        "replace a photo",
        lambda root: (root / "seeds" / EXPORT / "photos" / "photo_31.jpg").write_bytes(png(40, 30, (10, 160, 60))),
    ),
    (
        "give a photo new words",
        lambda root: _edit_text(
            _photo_document(root), lambda text: re.sub(r"alt: [^}]*", "alt: Delegates at the airport", text, count=1)
        ),
    ),
]


def test_an_edit_reanalyses_only_the_edited_document_until_the_themes_change(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    options = BuildOptions(seeds=SEEDS, content=tmp_path / "content", out=tmp_path / "site")
    with Memo(options.memo_folder) as memo:
        first, report = make_site(options, memo)
        assert report.rendered == len([path for path in first if path.endswith((".html", ".xml"))])
        # Every document's names too, by ingestion as it cleans the seeds or by the names stage.
        assert memo.made["themes"] == memo.made["fingerprints"] == report.documents
        memo.save()
        assert memo.made == {}

        unchanged, report = make_site(options, memo)
        assert unchanged == first
        assert report.rendered == 0 and "themes" not in memo.made and "names" not in memo.made, memo.made
        memo.save()

        page = f"documents/{LAVROV}.html"
        _edit_text(options.content / f"{LAVROV}.md", lambda text: text + "\nA new closing line.\n")
        second, report = make_site(options, memo)
        made = dict(memo.made)
        memo.save()
        assert made["content-files"] == 1, made
        assert made["names"] == made["themes"] == made["fingerprints"] == 1, "only the edited document is analysed"
        assert b"A new closing line." in second[page] and b"A new closing line." not in first[page]
        assert 0 < report.rendered < len(first) / 2, "most pages come from the memo"

        _edit_text(
            options.content / "themes.yaml",
            lambda text: text.replace("title: Open Skies\n", "title: Open Skies Treaty\n"),
        )
        third, report = make_site(options, memo)
        assert memo.made["themes"] == report.documents, "new themes: every document's themes are worked out again"
        assert "names" not in memo.made and "fingerprints" not in memo.made, "the documents' words are what they were"
        assert b"Open Skies Treaty" in third["index.html"]
        memo.save()


def test_rebuilds_after_edits_give_what_a_fresh_build_gives(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")

    def fresh_build() -> dict[str, bytes]:
        with Memo(None) as fresh:
            return make_site(options, fresh)[0]

    with Memo(options.memo_folder) as memo:
        make_site(options, memo)
        memo.save()
        _edit_text(options.content / f"{LAVROV}.md", lambda text: text + "\nSergey Lavrov said more.\n")
        edited, report = make_site(options, memo)
        memo.save()
        assert edited == fresh_build()
        assert report.rendered < len(edited) / 2
        seed = sorted((tmp_path / "seeds").iterdir())[0]
        seed.write_text(seed.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")  # its raw view gains lines
        rebuilt, report = make_site(options, memo)
        memo.save()
        assert rebuilt == fresh_build()
        assert report.rendered > 0
        assert [url for url in rebuilt if url.startswith("sources/") and rebuilt[url] != edited[url]], (
            "a seed's raw view shows its new lines"
        )


def test_an_edit_that_changes_what_relates_to_a_document_changes_its_related_list(tmp_path: Path) -> None:
    """Relating is part of every build: the edited page's related documents are a fresh build's."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    page = f"documents/{LAVROV}.html"
    with Memo(options.memo_folder) as memo:
        before, _ = make_site(options, memo)
        memo.save()
        added = "Sergei Ryabkov, Maria Zakharova and Donald Trump spoke of the Treaty on Open Skies and NATO."
        _edit_text(options.content / f"{LAVROV}.md", lambda text: text + f"\n{added}\n")
        related, _ = make_site(options, memo)
        memo.save()
    with Memo(None) as fresh:
        assert related == make_site(options, fresh)[0]
    assert b"spoke of the Treaty on Open Skies and" in related[page]  # the names are links
    assert added.encode() in b"".join(data for path, data in related.items() if path.startswith("search/"))
    assert _related_section(related[page]) != _related_section(before[page]), "the edit changed what relates to it"


def _related_section(page: bytes) -> bytes:
    return re.search(rb'<section class="related".*?</section>', page, re.DOTALL).group(0)


def test_a_photo_given_new_words_by_hand_is_shown_with_them_by_the_next_build(tmp_path: Path) -> None:
    """A photo's alt text is a curator's words like any other: a change its page may not miss."""
    export = tmp_path / "seeds" / EXPORT
    post = message(31, "The delegation arrived in Minsk for talks on the Union State.", photo="photos/photo_31.jpg")
    write_export(export, [post], photos={"photo_31.jpg": png(40, 30)})
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    with Memo(options.memo_folder) as memo:
        make_site(options, memo)
        memo.save()
        [content_file] = options.content.glob("*.md")
        _edit_text(content_file, lambda text: re.sub(r"alt: [^}]*", "alt: Delegates at the airport", text))
        after, _ = make_site(options, memo)
        memo.save()
    with Memo(None) as fresh:
        assert after == make_site(options, fresh)[0]
    assert b'alt="Delegates at the airport"' in after[f"documents/{content_file.stem}.html"]


def test_a_note_written_after_a_build_and_a_seed_removed_are_both_seen_by_the_next(tmp_path: Path) -> None:
    """serve reruns the build with its memo: nothing is taken from the last build's listing."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    note = "---\ntitle: A note written after the build\n---\n\nIts text.\n"
    with Memo(options.memo_folder) as memo:
        make_site(options, memo)
        memo.save()
        (options.content / "a-note.md").write_text(note, encoding="utf-8")
        files, _ = make_site(options, memo)
        memo.save()
        assert "documents/a-note.html" in files
        sorted((tmp_path / "seeds").iterdir())[0].unlink()  # ingestion removes its documents
        files, report = make_site(options, memo)
        memo.save()
        assert report.ingest.removed and "documents/a-note.html" in files
        gone = {Path(path).stem for path in report.ingest.removed}
        assert not [path for path in files if path.startswith("documents/") and Path(path).stem in gone]


def test_a_reply_in_a_chats_later_file_follows_an_edit_of_the_file_it_answers_into(tmp_path: Path) -> None:
    """messages2.html links a reply by reading messages.html: when an edit of messages.html gives
    the post answered a new id, the reply follows it, as in a build from the seeds alone."""
    root, cold = tmp_path / "project", tmp_path / "cold"
    export = REPO / "tests" / "data" / "telegram_exports" / "channel"
    shutil.copytree(export, root / "seeds" / "channel", ignore=shutil.ignore_patterns("result.json"))
    shutil.copytree(REPO / "templates", root / "templates")
    options = _options(root)
    with Memo(options.memo_folder) as memo:
        make_site(options, memo)
        memo.save()
        _edit_text(
            root / "seeds" / "channel" / "messages.html",
            lambda text: text.replace("Statement at the Forum for Security Co-operation", "Statement at the Forum"),
        )
        files, report = make_site(options, memo)
        memo.save()
    assert report.ingest.documents_per_seed == {"channel/messages.html": 6, "channel/messages2.html": 2}
    for folder in ("seeds", "templates"):
        shutil.copytree(root / folder, cold / folder)
    with Memo(None) as cold_memo:
        cold_files, _ = make_site(_options(cold), cold_memo)
    _assert_same_files(files, cold_files, "after retitling the post a reply in messages2.html answers")
    _assert_same_files(_files_in(root / "content"), _files_in(cold / "content"), "content after the retitling")
    follow_up = files["documents/2023-01-20-follow-up-on-the-forum-statement.html"].decode("utf-8")
    assert '<dt>In reply to</dt><dd><a href="2023-01-19-statement-at-the-forum.html">' in follow_up


@pytest.mark.slow
def test_a_cold_and_an_incremental_build_end_in_the_same_site_in_one_process(tmp_path: Path) -> None:
    """The issue's acceptance test, as serve builds: one memo kept across builds. After each
    change the incremental build's files, and the content it leaves, are byte for byte a cold
    build's of a copy of the same inputs."""
    root = tmp_path / "project"
    options = _new_project(root)
    with Memo(options.memo_folder) as memo:
        cold_options = _copy_inputs(root, tmp_path / "cold-0")
        files, _ = make_site(options, memo)
        memo.save()
        with Memo(None) as cold_memo:
            assert files == make_site(cold_options, cold_memo)[0]
        for number, (name, change) in enumerate(CHANGES, start=1):
            inputs = _inputs(root)
            change(root)
            assert _inputs(root) != inputs, f"{name!r} changed no input"
            cold_options = _copy_inputs(root, tmp_path / f"cold-{number}")
            last, (files, _) = files, make_site(options, memo)
            memo.save()
            with Memo(None) as cold_memo:
                cold, _ = make_site(cold_options, cold_memo)
            _assert_same_files(files, cold, f"after {name!r}")
            assert files != last, f"{name!r} changed nothing in the site"
            _assert_same_files(_files_in(options.content), _files_in(cold_options.content), f"content after {name!r}")


@pytest.mark.slow
def test_a_cold_and_an_incremental_build_end_in_the_same_site_across_processes(tmp_path: Path) -> None:
    """The issue's acceptance test, as `build` runs: each build a new process that reads the
    memo the last one saved in .dossier-cache/. After each change the site on disk, and the
    content, are byte for byte a cold build's of a copy of the same inputs."""
    root = tmp_path / "project"
    _new_project(root)
    _build_in_a_process(root)
    assert (root / ".dossier-cache").is_dir(), "the build saves its memo"
    for number, (name, change) in enumerate(CHANGES, start=1):
        change(root)
        cold = tmp_path / f"cold-{number}"
        _copy_inputs(root, cold)
        _build_in_a_process(root)
        _build_in_a_process(cold)
        _assert_same_files(_files_in(root / "site"), _files_in(cold / "site"), f"after {name!r}")
        _assert_same_files(_files_in(root / "content"), _files_in(cold / "content"), f"content after {name!r}")


@pytest.mark.slow
def test_a_memo_cut_short_or_damaged_only_costs_time(tmp_path: Path) -> None:
    """Each stage's memo file, its last record cut short (a build killed while saving) or a
    byte of it changed (a disk): the next build makes what a build without a memo makes, and
    writes each such file whole again."""
    root = tmp_path / "project"
    _new_project(root)
    _build_in_a_process(root)
    name, change = CHANGES[0]
    change(root)
    _build_in_a_process(root)  # each stage's file: the table, then what this build appended
    tables = sorted((root / ".dossier-cache").glob("*.pickle"))
    assert len(tables) >= 10
    for number, table in enumerate(tables):
        data = bytearray(table.read_bytes())
        if number % 2:
            table.write_bytes(data[: len(data) - 1 - number])
        else:
            data[len(data) // 2] ^= 0xFF
            table.write_bytes(bytes(data))
    damaged = {table: table.read_bytes() for table in tables}
    cold = tmp_path / "cold"
    _copy_inputs(root, cold)
    _build_in_a_process(root)
    _build_in_a_process(cold)
    _assert_same_files(_files_in(root / "site"), _files_in(cold / "site"), f"after {name!r}, the memo damaged")
    assert all(table.read_bytes() != before for table, before in damaged.items()), "each written anew"


def _build_in_a_process(root: Path) -> None:
    arguments = ["--seeds", root / "seeds", "--content", root / "content", "--templates", root / "templates"]
    result = run_build("build", *arguments, "--out", root / "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr


def _assert_same_files(incremental: dict[str, bytes], cold: dict[str, bytes], when: str) -> None:
    assert sorted(incremental) == sorted(cold), f"{when}: the incremental and cold builds made other files"
    differing = sorted(path for path in incremental if incremental[path] != cold[path])
    assert not differing, f"{when}: the incremental build's files differ from the cold build's: {differing}"


# What a curator may do between two saves, to the content file (or seed) picked by number.
EDITS = [
    "body",
    "names",
    "copy",
    "summary",
    "title",
    "date",
    "tags",
    "themes",
    "add",
    "delete",
    "seed",
    "per_page",
    "theme_title",
    "theme_terms",
    "alias",
    "description",
    "template",
]


@pytest.mark.slow
@settings(max_examples=20)
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 20)), min_size=1, max_size=4))
def test_after_any_edits_a_build_with_the_memo_gives_what_a_build_without_it_gives(edits) -> None:
    """After each of any edits, the build that takes what it can from the last builds' memo
    makes the same site as a build with an empty memo."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(SEEDS, root / "seeds")
        shutil.copytree(REPO / "templates", root / "templates")
        options = _options(root)
        with Memo(None) as memo:
            make_site(options, memo)
            memo.save()
            for number, (edit, which) in enumerate(edits):
                _edit(root, edit, which, number)
                incremental, _ = make_site(options, memo)
                memo.save()
                with Memo(None) as cold_memo:
                    cold, _ = make_site(options, cold_memo)
                _assert_same_files(incremental, cold, f"after {edits[: number + 1]}")


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
    if edit == "theme_title":
        themes = root / "content" / "themes.yaml"
        title = ["title: Open Skies", "title: OSCE", "title: Russia–Belarus"][which % 3]
        themes.write_text(themes.read_text("utf-8").replace(f"{title}\n", f"{title} ({number})\n", 1), "utf-8")
        return
    if edit == "theme_terms":
        themes = root / "content" / "themes.yaml"
        term = ["Lavrov", "Minsk", "NATO"][which % 3]
        themes.write_text(themes.read_text("utf-8").replace("terms: [OSCE,", f"terms: [OSCE, {term},", 1), "utf-8")
        return
    if edit == "alias":
        entities = root / "content" / "entities.yaml"
        alias = ["the Minister", "the delegation", "Minsk"][which % 3]
        entities.write_text(
            entities.read_text("utf-8").replace("aliases: [Sergei Lavrov,", f"aliases: [{alias} {number},", 1),
            "utf-8",
        )
        return
    if edit == "description":
        entities = root / "content" / "entities.yaml"
        description = f"description: Russia's foreign minister ({number})."
        entities.write_text(
            re.sub(r"description: Russia's foreign minister[^\n]*", description, entities.read_text("utf-8"))
        )
        return
    if edit == "template":
        base = root / "templates" / "base.html"
        base.write_text(base.read_text("utf-8").replace("</footer>", f"<!-- edit {number} -->\n</footer>"), "utf-8")
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
