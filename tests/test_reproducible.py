"""Two builds of the same input are byte-identical: the site and the offline zip alike.

Each build runs in its own process, from its own copy of the input at another path, with a
different PYTHONHASHSEED, so neither set order nor a path nor the clock can leak into the output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import dossier.ingest as ingest_module
import dossier.render as render_module
from bench.synthetic_seeds import write_synthetic_seeds
from dossier.memo import Memo
from dossier.pipeline import BuildOptions, build, make_site
from dossier.write import SITE_MARKER
from tests.conftest import SEEDS, run_build


def build_copy(root: Path, hash_seed: str, *command: str) -> None:
    """Copy the seeds to root/seeds and run the command on them with root/content."""
    shutil.copytree(SEEDS, root / "seeds")
    env = {"PYTHONHASHSEED": hash_seed}
    result = run_build(*command, "--seeds", root / "seeds", "--content", root / "content", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def every_file(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.slow  # two builds: about 2 s
def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    build_copy(tmp_path / "first", "1", "build", "--out", str(tmp_path / "first-site"))
    build_copy(tmp_path / "elsewhere" / "second", "2", "build", "--out", str(tmp_path / "second-site"))
    first_files, second_files = every_file(tmp_path / "first-site"), every_file(tmp_path / "second-site")
    assert len(first_files) > 80
    assert sorted(first_files) == sorted(second_files)
    differing = [name for name in first_files if first_files[name] != second_files[name]]
    assert differing == []


@pytest.mark.slow  # two builds: about 2 s
def test_a_build_from_seeds_makes_the_site_a_build_from_the_content_files_they_gave_makes(
    tmp_path: Path, monkeypatch
) -> None:
    """The first build takes the documents ingestion made as it wrote their files (in the
    workers); the second, its seeds unchanged and its memo empty, reads the files: the same
    site, byte for byte."""
    write_synthetic_seeds(tmp_path / "seeds", 200)
    monkeypatch.setattr(ingest_module, "CLEAN_SECONDS_PER_BYTE", 1.0)
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    with Memo(None) as memo:
        from_seeds, first = make_site(options, memo)
        assert "content-files" not in memo.made, "ingestion handed every document to the memo"
    with Memo(None) as memo:
        from_content, second = make_site(options, memo)
        assert memo.made["content-files"] == 200
    assert len(first.ingest.written) == 202 and second.ingest.written == []
    assert sorted(from_seeds) == sorted(from_content)
    assert [name for name in from_seeds if from_seeds[name] != from_content[name]] == []


@pytest.mark.slow  # about 3 s
def test_pages_the_workers_render_are_the_pages_rendered_here(tmp_path: Path, monkeypatch) -> None:
    """Pages rendered in the worker processes (a cold build of many documents) are the pages
    rendered in this process, byte for byte, and the site written is the site made."""
    write_synthetic_seeds(tmp_path / "seeds", 200)
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    monkeypatch.setattr(render_module, "RENDER_SECONDS", 0.0)
    with Memo(None) as memo:
        rendered_here, _ = make_site(options, memo)
        assert not memo.workers.started or memo.made["pages"] > 0
    monkeypatch.setattr(render_module, "RENDER_SECONDS", 1.0)
    build(options)
    written = every_file(tmp_path / "site")
    assert written.pop(SITE_MARKER)
    assert sorted(written) == sorted(rendered_here)
    assert [name for name in written if written[name] != rendered_here[name]] == []
