"""The command line's own decisions; what each command does is tested end to end elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

from dossier import cli
from tests.conftest import SEEDS


def test_files_are_counted_only_until_they_hold_enough_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x" * 600)
    (tmp_path / "deeper").mkdir()
    (tmp_path / "deeper" / "b.txt").write_bytes(b"x" * 600)
    assert cli._has_bytes(tmp_path, 1200)
    assert not cli._has_bytes(tmp_path, 1201)
    assert not cli._has_bytes(tmp_path / "no such folder", 1)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_bytes(b"x" * 600)
    (tmp_path / ".d.txt").write_bytes(b"x" * 600)
    assert not cli._has_bytes(tmp_path, 1201), "hidden files are no seeds"


def test_counting_stops_once_there_are_bytes_enough(tmp_path: Path, monkeypatch) -> None:
    for name in "abc":
        (tmp_path / name).write_bytes(b"x" * 600)
    looked_at = []
    monkeypatch.setattr(cli.os, "stat", lambda path: looked_at.append(path) or os.lstat(path))
    assert cli._has_bytes(tmp_path, 1000)
    assert len(looked_at) == 2


def test_workers_start_before_the_build_only_for_seeds_enough_to_clean_in_them(tmp_path: Path, monkeypatch) -> None:
    small = cli._workers_for(SEEDS)  # the five seeds are cleaned in this process
    assert not small.started
    monkeypatch.setattr(cli, "CLEAN_IN_WORKERS_FROM", 1)
    many = cli._workers_for(SEEDS)
    try:
        assert many.started
    finally:
        many.close()
