"""The writer's manifests: what each file of a folder held, read back only for that folder,
written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dossier.site_manifest import forget_manifest, read_manifest, retired_manifest, write_manifest

RECORDS = {"index.html": ("da39a3ee5e6b4b0d3255bfef95601890afd80709", 0, 1_700_000_000_123_456_789)}


def test_a_manifest_reads_back_as_written_for_its_folder(tmp_path: Path) -> None:
    write_manifest(tmp_path / "cache" / "site-files.json", tmp_path / "site", RECORDS)
    assert read_manifest(tmp_path / "cache" / "site-files.json", tmp_path / "site") == RECORDS
    assert [path.name for path in (tmp_path / "cache").iterdir()] == ["site-files.json"]  # no temporary left


def test_a_manifest_of_a_folder_whose_name_is_not_utf8_reads_back(tmp_path: Path) -> None:
    """Linux names a folder with any bytes; Python gives the ones UTF-8 cannot decode as lone
    surrogates (os.fsdecode), which the manifest must write and read back as they are."""
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    write_manifest(tmp_path / "manifest.json", folder, {"a.html": ("sha1", 3, 7)})
    assert read_manifest(tmp_path / "manifest.json", folder) == {"a.html": ("sha1", 3, 7)}


@pytest.mark.parametrize("manifest", ["missing", "broken", "not records", "of another folder"])
def test_a_manifest_not_of_this_folder_says_nothing(tmp_path: Path, manifest: str) -> None:
    path = tmp_path / "site-files.json"
    if manifest == "broken":
        path.write_text('{"site": ')
    elif manifest == "not records":
        path.write_text(f'{{"site": "{tmp_path / "site"}", "files": {{"index.html": 3}}}}')
    elif manifest == "of another folder":
        write_manifest(path, tmp_path / "elsewhere", RECORDS)
    assert read_manifest(path, tmp_path / "site") == {}


def test_a_manifest_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the memo folder should be")
    write_manifest(tmp_path / "cache" / "site-files.json", tmp_path / "site", RECORDS)
    assert read_manifest(tmp_path / "cache" / "site-files.json", tmp_path / "site") == {}


def test_a_manifest_forgotten_is_gone_and_forgetting_none_is_no_error(tmp_path: Path) -> None:
    write_manifest(tmp_path / "site-files.json", tmp_path / "site", RECORDS)
    forget_manifest(tmp_path / "site-files.json")
    forget_manifest(tmp_path / "site-files.json")
    assert list(tmp_path.iterdir()) == []


def test_the_retired_generations_manifest_is_kept_beside_the_sites() -> None:
    assert retired_manifest(Path("/memo/site-files.json")) == Path("/memo/site-files.previous.json")
