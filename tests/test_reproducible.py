"""Two builds of the same input are byte-identical: the site and the offline zip alike.

Each build runs in its own process, from its own copy of the input at another path, with a
different PYTHONHASHSEED, so neither set order nor a path nor the clock can leak into the output.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dossier.ingest as ingest_module
import dossier.render as render_module
from bench.synthetic_seeds import write_synthetic_seeds
from dossier.pipeline import BuildOptions, SiteBuilder
from dossier.write import SITE_MARKER, StagedSite
from tests.conftest import SEEDS, run_build


def build_copy(root: Path, hash_seed: str, *command: str) -> None:
    """Copy the seeds to root/seeds and run the command on them with root/content."""
    shutil.copytree(SEEDS, root / "seeds")
    env = {"PYTHONHASHSEED": hash_seed}
    result = run_build(*command, "--seeds", root / "seeds", "--content", root / "content", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def every_file(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    build_copy(tmp_path / "first", "1", "build", "--out", str(tmp_path / "first-site"))
    build_copy(tmp_path / "elsewhere" / "second", "2", "build", "--out", str(tmp_path / "second-site"))
    first_files, second_files = every_file(tmp_path / "first-site"), every_file(tmp_path / "second-site")
    assert len(first_files) > 80
    assert sorted(first_files) == sorted(second_files)
    differing = [name for name in first_files if first_files[name] != second_files[name]]
    assert differing == []


def test_a_build_from_seeds_makes_the_site_a_build_from_the_content_files_they_gave_makes(
    tmp_path: Path, monkeypatch
) -> None:
    """The first build takes the documents ingestion parsed as it wrote their files (in the
    workers); the second, its seeds unchanged, reads the files: the same site, byte for byte."""
    write_synthetic_seeds(tmp_path / "seeds", 200)
    monkeypatch.setattr(ingest_module, "CLEAN_IN_WORKERS_FROM", 1)
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    with SiteBuilder(options) as builder:
        from_seeds, first = builder.make_site()
    with SiteBuilder(options) as builder:
        from_content, second = builder.make_site()
    assert len(first.ingest.parsed) == 200 and second.ingest.written == [] and second.ingest.parsed == {}
    assert sorted(from_seeds) == sorted(from_content)
    assert [name for name in from_seeds if from_seeds[name] != from_content[name]] == []


def test_pages_the_workers_render_and_write_are_the_pages_rendered_here(tmp_path: Path, monkeypatch) -> None:
    """A one-off build of many seeds has the worker processes render their raw views and write
    them (Pages.add_each): the same site, byte for byte, as a build that renders every page in
    this process and hands them back (make_site, as a zip is made)."""
    write_synthetic_seeds(tmp_path / "seeds", 200)
    monkeypatch.setattr(render_module, "RENDER_ELSEWHERE_FROM", 2)
    monkeypatch.setattr(render_module, "RENDER_BATCH", 2)
    handed = []
    make_elsewhere = StagedSite.make_elsewhere
    monkeypatch.setattr(
        StagedSite,
        "make_elsewhere",
        lambda site, make, batches: handed.extend(batches) or make_elsewhere(site, make, batches),
    )
    options = BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")
    with SiteBuilder(options) as builder:
        rendered_here, _ = builder.make_site()
    assert handed == []  # a site in memory: every page is rendered here
    with SiteBuilder(options) as builder:
        builder.workers.submit(os.getpid).result()  # running, as they are in a build of many documents
        builder.build()
    assert sum(map(len, handed)) == sum(name.startswith("sources/") for name in rendered_here) > 10
    written = every_file(tmp_path / "site")
    assert written.pop(SITE_MARKER)
    assert sorted(written) == sorted(rendered_here)
    assert [name for name in written if written[name] != rendered_here[name]] == []


def test_two_zips_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    build_copy(tmp_path / "first", "3", "zip", "--out", str(tmp_path / "first" / "dossier.zip"))
    build_copy(tmp_path / "second", "4", "zip", "--out", str(tmp_path / "dossier.zip"))
    first_zip, second_zip = (tmp_path / "first" / "dossier.zip").read_bytes(), (tmp_path / "dossier.zip").read_bytes()
    assert len(first_zip) > 10_000
    assert first_zip == second_zip


def test_the_zip_holds_exactly_the_site(tmp_path: Path) -> None:
    root = tmp_path
    build_copy(root, "5", "zip", "--out", str(root / "dossier.zip"))
    result = run_build("build", "--seeds", root / "seeds", "--content", root / "content", "--out", root / "site")
    assert result.returncode == 0, result.stderr
    shutil.unpack_archive(root / "dossier.zip", root / "unzipped")
    site_files = every_file(root / "site")
    del site_files[".dossier-site"]  # the marker that lets a build replace site/; a reader's copy needs none
    assert every_file(root / "unzipped" / "dossier") == site_files
