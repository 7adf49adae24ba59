"""Files as the build sees them: which are input, their versions told apart, written whole."""

from __future__ import annotations

import os
from pathlib import Path

from dossier.files import (
    file_digests,
    file_hash,
    file_stamp,
    relative_name,
    visible_file_names,
    visible_files,
    write_atomically,
)
from dossier.memo import Memo

HASH_OF_A = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"


def test_hidden_files_and_folders_are_never_input(tmp_path: Path) -> None:
    for name in ("b.md", "a.md", "sub/c.md", ".x.md.swp", ".hidden/d.md", "e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    listed = [path.relative_to(tmp_path).as_posix() for path in visible_files(tmp_path, "*.md")]
    assert listed == ["a.md", "b.md", "sub/c.md"]


def test_a_link_to_a_folder_is_not_followed_but_noted(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    passed_over: list[Path] = []
    assert visible_files(tmp_path, passed_over=passed_over) == [tmp_path / "real" / "a.txt"]
    assert passed_over == [tmp_path / "link"]


def test_a_files_stamp_changes_with_a_write_and_is_none_when_it_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    assert file_stamp(path) is None and file_hash(path) is None
    path.write_text("a", encoding="utf-8")
    before = file_stamp(path)
    os.utime(path, ns=(0, 0))
    assert file_stamp(path) != before and file_hash(path) == HASH_OF_A


def test_a_files_digest_is_read_again_only_when_its_stamp_changed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("a", encoding="utf-8")
    memo = Memo(None)
    assert file_digests([path, tmp_path / "gone.txt"], memo) == [HASH_OF_A, None]
    assert file_digests([path], memo) == [HASH_OF_A] and memo.made == {"file-hashes": 2}
    path.write_text("b", encoding="utf-8")
    assert file_digests([path], memo) != [HASH_OF_A] and memo.made == {"file-hashes": 3}


def test_a_file_is_written_whole_with_no_temporary_left(tmp_path: Path) -> None:
    write_atomically(tmp_path / "new" / "a.txt", "é\n")
    assert (tmp_path / "new" / "a.txt").read_bytes() == "é\n".encode()
    assert [path.name for path in (tmp_path / "new").iterdir()] == ["a.txt"]


def test_files_are_named_as_their_paths_print_and_sort_in_any_folder_dot_too(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.md", "sub/a.md", "a-b.md", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for folder in (Path("."), tmp_path, Path("..") / tmp_path.name):
        names = visible_file_names(folder, "*.md")
        assert names == [str(folder / name) for name in ("a-b.md", "b.md", "sub/a.md")]
        assert names == [str(path) for path in visible_files(folder, "*.md")]
        assert [relative_name(name, folder) for name in names] == ["a-b.md", "b.md", "sub/a.md"]
