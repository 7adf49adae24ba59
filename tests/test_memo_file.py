"""A stage's memo table on disk: records appended, each checked, the file read up to any damage."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.memo_file import append_to_table, read_table, write_table

CODE = "this version of Dossier"


def _table_and_a_record(path: Path) -> int:
    """A file of a whole table and one appended record; where that record begins."""
    assert write_table(path, CODE, {"ka": "A", "kb": "B"})
    start = path.stat().st_size
    assert append_to_table(path, CODE, {"kc": ("the", "words", "of", "c")}, {"ka"})
    return start


def test_a_table_reads_back_with_what_each_record_added_and_dropped(tmp_path: Path) -> None:
    path = tmp_path / "stage.pickle"
    _table_and_a_record(path)
    assert read_table(path, CODE) == ({"kb": "B", "kc": ("the", "words", "of", "c")}, 3)


def test_a_table_of_large_outputs_reads_back_whole(tmp_path: Path) -> None:
    """Pages of 100 KB and more, and arrays (the search index's postings), which pickle hands
    to the file as buffers of their own."""
    path = tmp_path / "stage.pickle"
    table = {"page": b"<p>" * 100_000, "postings": np.arange(200_000, dtype=np.int32)}
    assert write_table(path, CODE, table)
    read, held = read_table(path, CODE)
    assert read["page"] == table["page"] and np.array_equal(read["postings"], table["postings"]) and held == 2


def test_no_file_or_another_version_is_a_table_to_write_whole(tmp_path: Path) -> None:
    path = tmp_path / "stage.pickle"
    assert read_table(path, CODE) == ({}, None)
    _table_and_a_record(path)
    assert read_table(path, "another version") == ({}, None)


def test_a_record_cut_short_anywhere_is_never_read_as_whole(tmp_path: Path) -> None:
    """A build killed while appending, and another build (or serve) appending after it: the
    table is read up to the record cut short, never past it, and is written whole next."""
    path = tmp_path / "stage.pickle"
    start = _table_and_a_record(path)
    whole = path.read_bytes()
    for cut in range(start + 1, len(whole)):
        path.write_bytes(whole[:cut])
        assert read_table(path, CODE) == ({"ka": "A", "kb": "B"}, None), cut
        assert append_to_table(path, CODE, {"kd": ("other", "words")}, set())
        assert read_table(path, CODE) == ({"ka": "A", "kb": "B"}, None), cut


@settings(max_examples=200)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=200))
def test_damaged_bytes_never_stop_a_build(tmp_path_factory, noise: bytes, at: int) -> None:
    path = tmp_path_factory.mktemp("memo") / "stage.pickle"
    _table_and_a_record(path)
    data = bytearray(path.read_bytes())
    data[at : at + len(noise)] = noise
    path.write_bytes(bytes(data))
    table, held = read_table(path, CODE)
    assert held is None or table == {"kb": "B", "kc": ("the", "words", "of", "c")}


def test_a_table_written_whole_takes_the_place_of_the_old_layouts_files(tmp_path: Path) -> None:
    """Before 2026-12 the memo kept 32 files a stage, stage-N.pickle: nothing reads them now."""
    for name in ("shout-7.pickle", "shout-pieces-3.pickle", "site-files.json"):
        (tmp_path / name).write_bytes(b"kept by another")
    assert write_table(tmp_path / "shout.pickle", CODE, {"ka": "A"})
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "shout-pieces-3.pickle",
        "shout.pickle",
        "site-files.json",
    ]


def test_a_folder_that_cannot_be_written_only_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "memo"
    folder.mkdir()
    (folder / "stage.pickle").write_bytes(b"")
    os.chmod(folder / "stage.pickle", 0o444)
    os.chmod(folder, 0o555)
    try:
        if os.access(folder, os.W_OK):  # root writes anywhere: make the folder a file instead
            os.chmod(folder, 0o755)
            os.chmod(folder / "stage.pickle", 0o644)
            (folder / "stage.pickle").unlink()
            folder.rmdir()
            folder.write_bytes(b"not a folder")
        assert not write_table(folder / "stage.pickle", CODE, {"ka": "A"})
        assert not append_to_table(folder / "stage.pickle", CODE, {"ka": "A"}, set())
    finally:
        if folder.is_dir():
            os.chmod(folder, 0o755)
