"""The writer: a site written file by file, by the worker processes when they run, appears
whole or not at all; a build after an edit writes only the files that changed, into the
generation the last swap retired, and never writes into a file another generation has."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import time
from concurrent.futures import wait
from pathlib import Path

import pytest

from dossier.model import DossierError
from dossier.site_manifest import read_manifest, retired_manifest, write_manifest
from dossier.workers import Workers
from dossier.write import WRITE_BATCH, StagedSite, retired_generation

# More files than a batch, in nested folders: several batches, some in each worker.
FILES = {f"{folder}/{n}.html": f"<p>{folder} {n}</p>".encode() for folder in ("d", "d/e", "t") for n in range(150)}


def _site(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and path.name != ".dossier-site"
    }


@pytest.fixture
def workers():
    workers = Workers(2)
    workers.submit(os.getpid).result()  # running, as they are in a build of many documents
    yield workers
    workers.close()


def test_a_site_the_workers_write_is_the_site_given(tmp_path: Path, workers: Workers) -> None:
    assert len(FILES) > 2 * WRITE_BATCH
    write_site({"index.html": b"old"}, tmp_path / "site")
    with StagedSite(tmp_path / "site", workers) as site:
        for path, data in FILES.items():
            site[path] = data
        site.publish()
    assert _site(tmp_path / "site") == FILES
    assert {stat.S_IMODE((tmp_path / "site" / path).stat().st_mode) for path in FILES} == {0o644}
    # No staging folder left: beside the site, only the generation it retired.
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.previous", "manifest.json", "site"]
    assert _site(tmp_path / ".site.previous") == {"index.html": b"old"}


def test_a_build_that_fails_while_the_workers_write_leaves_the_old_site(tmp_path: Path, workers: Workers) -> None:
    write_site({"index.html": b"old"}, tmp_path / "site")
    with pytest.raises(RuntimeError), StagedSite(tmp_path / "site", workers) as site:
        for path, data in FILES.items():
            site[path] = data
        raise RuntimeError("a template error, half-way through the pages")
    assert _site(tmp_path / "site") == {"index.html": b"old"}
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.previous", "manifest.json", "site"]


def test_a_rebuild_keeps_the_unchanged_files_and_writes_the_changed(tmp_path: Path) -> None:
    """The third build updates the generation the first one wrote: the files it keeps are those
    the first build wrote, the changed one is a new file (the old one, held here by a link,
    still has its bytes: nothing is written into it)."""
    old = {"a/same.html": b"same", "a/changed.html": b"before", "gone.html": b"gone"}
    write_site(old, tmp_path / "site")
    first = _inodes(tmp_path / "site")
    write_site(old, tmp_path / "site")
    assert _inodes(tmp_path / ".site.previous") == first
    os.link(tmp_path / ".site.previous/a/changed.html", tmp_path / "held")
    new = {"a/same.html": b"same", "a/changed.html": b"after", "new.html": b"new"}
    write_site(new, tmp_path / "site")
    assert _site(tmp_path / "site") == new
    assert (tmp_path / "site/a/same.html").stat().st_ino == first["a/same.html"]
    assert (tmp_path / "site/a/changed.html").stat().st_ino != first["a/changed.html"]
    assert (tmp_path / "held").read_bytes() == b"before"
    assert _site(tmp_path / ".site.previous") == old


def test_a_publish_after_one_change_writes_only_that_file(tmp_path: Path, workers: Workers) -> None:
    """Hundreds of files in batches the workers write: all but the changed one are the very
    files of the generation before last, and the site before is whole beside the new one."""
    for _ in range(2):
        write_site(FILES, tmp_path / "site", workers)
    before_last = _inodes(tmp_path / ".site.previous")
    os.link(tmp_path / ".site.previous/d/e/7.html", tmp_path / "held")
    write_site(FILES | {"d/e/7.html": b"<p>edited</p>"}, tmp_path / "site", workers)
    after = _inodes(tmp_path / "site")
    assert _site(tmp_path / "site") == FILES | {"d/e/7.html": b"<p>edited</p>"}
    assert [path for path in after if after[path] != before_last[path]] == ["d/e/7.html"]
    assert (tmp_path / "held").read_bytes() == FILES["d/e/7.html"]
    assert _site(tmp_path / ".site.previous") == FILES


def test_an_edit_undone_finds_its_file_in_the_retired_generation(tmp_path: Path) -> None:
    """Undone, an edit makes the bytes of two builds ago again: the retired generation still has
    them, as the file it had, and nothing is written."""
    write_site({"a.html": b"before"}, tmp_path / "site")
    before = (tmp_path / "site/a.html").stat().st_ino
    write_site({"a.html": b"edited"}, tmp_path / "site")
    write_site({"a.html": b"before"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"before"}
    assert (tmp_path / "site/a.html").stat().st_ino == before


def test_a_rebuild_without_a_retired_generation_starts_one_from_the_sites_files(tmp_path: Path) -> None:
    """The second build of a new dossier (or the first after a failed one) has no retired
    generation to update: it starts one with new names for the site's files (hard links), and
    writes only the changed file, a new file, leaving the old site whole."""
    write_site({"same.html": b"same", "changed.html": b"before"}, tmp_path / "site")
    first = _inodes(tmp_path / "site")
    write_site({"same.html": b"same", "changed.html": b"after"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"same.html": b"same", "changed.html": b"after"}
    assert (tmp_path / "site/same.html").stat().st_ino == first["same.html"]
    assert (tmp_path / "site/changed.html").stat().st_ino != first["changed.html"]
    assert _site(tmp_path / ".site.previous") == {"same.html": b"same", "changed.html": b"before"}


def test_a_page_gone_from_the_site_is_gone_and_so_is_the_folder_it_leaves_empty(tmp_path: Path) -> None:
    for _ in range(2):
        write_site({"index.html": b"i", "old/only.html": b"o", "old/deep/er.html": b"e"}, tmp_path / "site")
    write_site({"index.html": b"i"}, tmp_path / "site")
    assert sorted(path.relative_to(tmp_path / "site").as_posix() for path in (tmp_path / "site").rglob("*")) == [
        ".dossier-site",
        "index.html",
    ]


def test_a_file_changed_by_hand_since_is_written_anew(tmp_path: Path) -> None:
    """The manifest says what the writer published; a file edited since, even to the same size,
    is not what it says, and is replaced by the new site's, two builds later too, once its
    generation is the one the build updates. A file added by hand goes, a link made by hand is
    replaced and what it points to is left as it was, a file made unreadable is readable again."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "c.html").write_bytes(b"outside")
    built = {"a.html": b"built", "b.html": b"built", "d/c.html": b"built", "e.html": b"built"}
    write_site(built, tmp_path / "site")
    time.sleep(0.01)
    (tmp_path / "site/a.html").write_bytes(b"EDITS")
    (tmp_path / "site/b.html").unlink()
    (tmp_path / "site/added.html").write_bytes(b"by hand")
    shutil.rmtree(tmp_path / "site/d")
    (tmp_path / "site/d").symlink_to(outside)
    (tmp_path / "site/e.html").chmod(0o600)
    write_site(built, tmp_path / "site")
    assert _site(tmp_path / "site") == built
    write_site(built, tmp_path / "site")
    assert _site(tmp_path / "site") == built
    assert not (tmp_path / "site/d").is_symlink() and (outside / "c.html").read_bytes() == b"outside"
    assert {stat.S_IMODE((tmp_path / "site" / path).stat().st_mode) for path in built} == {0o644}


@pytest.mark.parametrize("kept", ["folder", "file"])
def test_a_file_where_the_new_site_has_a_folder_and_the_other_way_round(tmp_path: Path, kept: str) -> None:
    as_file, as_folder = {"x": b"a file", "y.html": b"y"}, {"x/a.html": b"a page", "y.html": b"y"}
    old, new = (as_file, as_folder) if kept == "folder" else (as_folder, as_file)
    for _ in range(2):
        write_site(old, tmp_path / "site")
    write_site(new, tmp_path / "site")
    assert _site(tmp_path / "site") == new


def test_a_build_that_fails_half_way_leaves_the_site_and_the_next_build_is_right(
    tmp_path: Path, workers: Workers
) -> None:
    """The failed build had updated part of the retired generation: nothing of it is trusted."""
    for _ in range(2):
        write_site(FILES, tmp_path / "site", workers)
    published = _site_and_inodes(tmp_path / "site")
    changed = {path: data + b" changed" for path, data in FILES.items()}
    with pytest.raises(RuntimeError), _staged(tmp_path / "site", workers) as site:
        for path, data in list(changed.items())[: 2 * WRITE_BATCH]:
            site[path] = data
        wait(site._queued)
        raise RuntimeError("a template error, half-way through the pages")
    assert _site_and_inodes(tmp_path / "site") == published and _manifests_true(tmp_path)
    write_site(FILES, tmp_path / "site", workers)
    assert _inodes(tmp_path / "site") == {path: inode for path, (_, inode) in published.items()}  # none written
    write_site(FILES, tmp_path / "fresh")
    assert _site(tmp_path / "site") == _site(tmp_path / "fresh") == FILES
    assert _manifests_true(tmp_path)


def test_a_build_killed_after_the_swap_leaves_no_manifest_of_the_old_site(tmp_path: Path, monkeypatch) -> None:
    """Killed between the swap and writing the manifests, a build left the old site's manifest
    beside the new site; the next build would record it as the retired generation's. On a file
    system that keeps whole seconds, a file the killed build wrote within the second has the
    size and time recorded for the old one: the build after that kept it, other bytes, as
    unchanged."""
    write_site({"a.html": b"one"}, tmp_path / "site")
    (recorded,) = read_manifest(tmp_path / "manifest.json", tmp_path / "site").values()

    def killed(*arguments) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr("dossier.write.write_manifest", killed)
        write_site({"a.html": b"two"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"two"}
    os.utime(tmp_path / "site/a.html", ns=(recorded[2], recorded[2]))  # the same second, kept as whole seconds
    assert not (tmp_path / "manifest.json").exists()
    write_site({"a.html": b"six"}, tmp_path / "site")  # the file of "two" retired
    write_site({"a.html": b"one"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"one"}


@pytest.mark.parametrize("killed_after", ["write_files", "_swap_in", "write_manifest"])
def test_a_build_killed_between_steps_leaves_a_whole_site_and_no_manifest_that_lies(
    tmp_path: Path, monkeypatch, killed_after: str
) -> None:
    """Killed (here: interrupted) after a step is done (a batch written into the retired
    generation, the swap, the first manifest written), a build leaves site/ the old or the new
    site, whole, and every manifest left true of its folder; the next build is a fresh build's."""
    old, new = {f"{n}.html": b"old %d" % n for n in range(250)}, {f"{n}.html": b"new %d" % n for n in range(240)}
    for _ in range(2):
        write_site(old, tmp_path / "site")
    real = getattr(__import__("dossier.write", fromlist=[killed_after]), killed_after)

    def done_then_killed(*arguments):
        real(*arguments)
        raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(f"dossier.write.{killed_after}", done_then_killed)
        write_site(new, tmp_path / "site")
    assert _site(tmp_path / "site") in (old, new)
    assert _manifests_true(tmp_path)
    write_site(new, tmp_path / "site")
    assert _site(tmp_path / "site") == new and _manifests_true(tmp_path)


@pytest.mark.parametrize("manifest", ["missing", "broken", "of another site"])
def test_without_a_manifest_of_the_retired_generation_none_of_its_files_is_kept(tmp_path: Path, manifest: str) -> None:
    """Here its file has other bytes than its manifest says, with the size and time it records:
    only a manifest of this folder is trusted that far, and this one is not."""
    for _ in range(2):
        write_site({"a.html": b"same"}, tmp_path / "site")
    retired = retired_manifest(tmp_path / "manifest.json")
    records = read_manifest(retired, tmp_path / ".site.previous")
    assert list(records) == ["a.html"]
    (tmp_path / ".site.previous/a.html").unlink()
    (tmp_path / ".site.previous/a.html").write_bytes(b"SAME")
    os.utime(tmp_path / ".site.previous/a.html", ns=(records["a.html"][2], records["a.html"][2]))
    if manifest == "missing":
        retired.unlink()
    elif manifest == "broken":
        retired.write_text('{"site": ')
    else:
        write_manifest(retired, tmp_path / "elsewhere", records)
    write_site({"a.html": b"same"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"same"}


def test_an_upgrade_from_a_site_linked_with_a_retired_copy_never_writes_through_a_link(tmp_path: Path) -> None:
    """Earlier versions of this writer linked unchanged files into the new site: a copy beside
    the site (a killed build's .site.new-*, a retired generation said to hold the same files)
    may share every file with it. A changed file is a new file; the linked ones keep their bytes."""
    site, retired = tmp_path / "site", tmp_path / ".site.previous"
    write_site({"a.html": b"old a", "b.html": b"old b"}, site)
    for copy in (retired, tmp_path / ".site.new-k1ll3d"):
        copy.mkdir()
        for name in ("a.html", "b.html", ".dossier-site"):
            os.link(site / name, copy / name)
    records = read_manifest(tmp_path / "manifest.json", site)
    write_manifest(retired_manifest(tmp_path / "manifest.json"), retired, records)
    os.link(site / "a.html", tmp_path / "held")
    write_site({"a.html": b"new a", "b.html": b"old b"}, site)
    assert _site(site) == {"a.html": b"new a", "b.html": b"old b"}
    assert _site(retired) == {"a.html": b"old a", "b.html": b"old b"}
    assert (tmp_path / "held").read_bytes() == b"old a"
    assert not (tmp_path / ".site.new-k1ll3d").exists()


def test_without_renameat2_the_site_is_swapped_in_renames_and_a_killed_swap_undone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("dossier.write._renameat2", None)
    for data in (b"one", b"two", b"six"):
        write_site({"a.html": data}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"six"} and _site(tmp_path / ".site.previous") == {"a.html": b"two"}
    os.rename(tmp_path / "site", tmp_path / ".site.old")  # killed between the renames
    write_site({"a.html": b"ten"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"ten"} and _site(tmp_path / ".site.previous") == {"a.html": b"six"}
    assert not (tmp_path / ".site.old").exists()


def test_the_retired_generation_is_beside_the_site_never_in_it(tmp_path: Path) -> None:
    for out_dir in (tmp_path / "site", tmp_path / "out" / "public", Path("/srv/www")):
        assert retired_generation(out_dir).parent == out_dir.parent
        assert retired_generation(out_dir).name.startswith(".")


def test_a_batch_a_worker_could_not_write_fails_the_build(tmp_path: Path, workers: Workers) -> None:
    """Even when its worker is done with it before the build hands over the next batch."""
    write_site({"index.html": b"old"}, tmp_path / "site")
    with pytest.raises(OSError), StagedSite(tmp_path / "site", workers) as site:
        site["x"] = b"a file where the next batch needs a folder"
        for n in range(2 * WRITE_BATCH - 1):
            site[f"x/{n}.html"] = b"page"
        wait(site._queued)  # both batches written, or not, before the next is handed over
        for n in range(WRITE_BATCH):
            site[f"y/{n}.html"] = b"page"
        site.publish()
    assert _site(tmp_path / "site") == {"index.html": b"old"}


def test_pages_the_busy_workers_have_not_started_are_written_here_at_publish(tmp_path: Path, workers: Workers) -> None:
    """While the workers are busy (building the search index, say), batches handed over wait:
    publish() writes those no worker has started, and the site is whole all the same."""
    go = tmp_path / "go"
    busy = [workers.submit(_wait_for, go) for _ in range(workers.count)]  # each worker, until go exists
    files = {f"d/{n}.html": f"<p>{n}</p>".encode() for n in range(25 * WRITE_BATCH)}
    with StagedSite(tmp_path / "site", workers) as site:
        for path, data in files.items():
            site[path] = data
        assert not (site.staging / "d").exists(), "handed over, none written yet"
        go.touch()
        site.publish()
    wait(busy)
    assert _site(tmp_path / "site") == files


def _wait_for(path: Path) -> None:
    while not path.exists():
        time.sleep(0.01)


def write_site(files: dict[str, bytes], out_dir: Path, workers: Workers | None = None) -> None:
    """A whole site written and swapped in, as a build publishes one, its manifests beside it."""
    with _staged(out_dir, workers) as site:
        for relative, data in sorted(files.items()):
            site[relative] = data
        site.publish()


def _staged(out_dir: Path, workers: Workers | None) -> StagedSite:
    return StagedSite(out_dir, workers, manifest=out_dir.parent / "manifest.json")


def _inodes(folder: Path) -> dict[str, int]:
    return {path: (folder / path).stat().st_ino for path in _site(folder)}


def _site_and_inodes(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {path: (data, (folder / path).stat().st_ino) for path, data in _site(folder).items()}


def _manifests_true(folder: Path) -> bool:
    """Whether each manifest in folder (the site's, the retired generation's) is true of the
    folder it names: every file it records has the bytes it says, the size and the time."""
    for manifest in (folder / "manifest.json", retired_manifest(folder / "manifest.json")):
        if not manifest.exists():
            continue
        described = Path(json.loads(manifest.read_text())["site"])
        for path, (sha1, size, mtime) in read_manifest(manifest, described).items():
            status = (described / path).stat()
            data = (described / path).read_bytes()
            if (hashlib.sha1(data).hexdigest(), status.st_size, status.st_mtime_ns) != (sha1, size, mtime):
                return False
    return True


def test_a_folder_a_person_made_under_the_retired_generations_name_is_refused(tmp_path: Path) -> None:
    """The retired generation is known by its name: a folder of that name without the marker
    builds leave is a person's, never emptied; the site stays as it was."""
    write_site({"index.html": b"old"}, tmp_path / "site")  # the first site: no generation retired yet
    (tmp_path / ".site.previous").mkdir()
    (tmp_path / ".site.previous" / "notes.txt").write_text("mine")
    with pytest.raises(DossierError, match=r"\.site\.previous.*not a folder Dossier made"):
        write_site({"index.html": b"new"}, tmp_path / "site")
    assert (tmp_path / ".site.previous" / "notes.txt").read_text() == "mine"
    assert _site(tmp_path / "site") == {"index.html": b"old"}


def test_a_generation_a_build_began_and_never_published_is_taken_up_by_the_next(tmp_path: Path) -> None:
    """A build stopped before it swapped (killed, a template error) leaves the generation it
    began, marked as a build's from its first moment: the next build updates it."""
    write_site({"index.html": b"old", "a.html": b"a"}, tmp_path / "site")  # no generation retired yet
    with _staged(tmp_path / "site", None) as site:
        site["index.html"] = b"never published"
    assert (tmp_path / ".site.previous" / ".dossier-site").is_file()
    write_site({"index.html": b"new", "b.html": b"b"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"index.html": b"new", "b.html": b"b"}
    assert _site(tmp_path / ".site.previous") == {"index.html": b"old", "a.html": b"a"}
