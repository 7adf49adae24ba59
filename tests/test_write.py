"""The writer: a site written file by file, by the worker processes when they run, appears
whole or not at all."""

from __future__ import annotations

import os
import stat
import time
from concurrent.futures import wait
from pathlib import Path

import pytest

from dossier.workers import Workers
from dossier.write import WRITE_BATCH, StagedSite, read_manifest, write_manifest

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
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json", "site"]  # no staging folder left


def test_a_build_that_fails_while_the_workers_write_leaves_the_old_site(tmp_path: Path, workers: Workers) -> None:
    write_site({"index.html": b"old"}, tmp_path / "site")
    with pytest.raises(RuntimeError), StagedSite(tmp_path / "site", workers) as site:
        for path, data in FILES.items():
            site[path] = data
        raise RuntimeError("a template error, half-way through the pages")
    assert _site(tmp_path / "site") == {"index.html": b"old"}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json", "site"]


def test_a_rebuild_links_the_unchanged_files_and_writes_the_changed(tmp_path: Path) -> None:
    old = {"a/same.html": b"same", "a/changed.html": b"before", "gone.html": b"gone"}
    write_site(old, tmp_path / "site")
    same_inode = (tmp_path / "site/a/same.html").stat().st_ino
    changed_inode = (tmp_path / "site/a/changed.html").stat().st_ino
    new = {"a/same.html": b"same", "a/changed.html": b"after", "new.html": b"new"}
    write_site(new, tmp_path / "site")
    assert _site(tmp_path / "site") == new
    assert (tmp_path / "site/a/same.html").stat().st_ino == same_inode
    assert (tmp_path / "site/a/changed.html").stat().st_ino != changed_inode


def test_a_file_changed_by_hand_since_is_written_anew(tmp_path: Path) -> None:
    """The manifest says what the writer published; a file edited since, even to the same size,
    is not what it says, and is replaced by the new site's."""
    write_site({"a.html": b"built", "b.html": b"built"}, tmp_path / "site")
    time.sleep(0.01)
    (tmp_path / "site/a.html").write_bytes(b"EDITS")
    (tmp_path / "site/b.html").unlink()
    write_site({"a.html": b"built", "b.html": b"built"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"built", "b.html": b"built"}


def test_a_build_killed_after_the_swap_leaves_no_manifest_of_the_old_site(tmp_path: Path, monkeypatch) -> None:
    """Killed between the swap and writing the manifest, a build left the old site's manifest
    beside the new site. On a file system that keeps whole seconds, a file the killed build wrote
    within the second has the size and time recorded for the old one: the next build linked it,
    other bytes, as unchanged."""
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
    write_site({"a.html": b"one"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"one"}


@pytest.mark.parametrize("manifest", ["missing", "broken", "of another site"])
def test_without_a_manifest_of_this_site_every_file_is_written_anew(tmp_path: Path, manifest: str) -> None:
    write_site({"a.html": b"same"}, tmp_path / "site")
    inode = (tmp_path / "site/a.html").stat().st_ino
    records = read_manifest(tmp_path / "manifest.json", tmp_path / "site")
    assert list(records) == ["a.html"]
    if manifest == "missing":
        (tmp_path / "manifest.json").unlink()
    elif manifest == "broken":
        (tmp_path / "manifest.json").write_text('{"site": ')
    else:
        write_manifest(tmp_path / "manifest.json", tmp_path / "elsewhere", records)
    write_site({"a.html": b"same"}, tmp_path / "site")
    assert _site(tmp_path / "site") == {"a.html": b"same"}
    assert (tmp_path / "site/a.html").stat().st_ino != inode


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


def write_site(files: dict[str, bytes], out_dir: Path) -> None:
    """A whole site written and swapped in, as a build publishes one, its manifest beside it."""
    with StagedSite(out_dir, manifest=out_dir.parent / "manifest.json") as site:
        for relative, data in sorted(files.items()):
            site[relative] = data
        site.publish()
