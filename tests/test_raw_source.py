"""A seed's raw view: its text as its reader shows it, read once in a build that cleans it."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from dossier import raw_source
from dossier.memo import Memo
from dossier.pipeline import BuildOptions, make_site
from dossier.readers import reader_for
from tests.conftest import REPO, SEEDS

REAL = REPO / "tests" / "data" / "real"


def _real_seeds(folder: Path) -> list[Path]:
    """The seeds and the real corpus's exports and pages, each format among them, as seed files."""
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / seed.name)
    for number, page in enumerate(sorted((REAL / "pages").glob("*.html.gz"))[:6]):
        (folder / f"page-{number}.html").write_bytes(gzip.decompress(page.read_bytes()))
    for export in sorted((REAL / "telegram").iterdir()):
        shutil.copytree(export, folder / export.name)
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.suffix in (".txt", ".json", ".html"))


def test_what_reading_a_seed_hands_on_is_its_raw_view_in_every_format(tmp_path: Path) -> None:
    paths = _real_seeds(tmp_path)
    formats = set()
    for path in paths:
        reader = reader_for(path)
        seed = path.relative_to(tmp_path).as_posix()
        reading = reader.read(path, seed)
        if reading.raw_text is not None:
            formats.add(reader.FORMAT)
            assert reading.raw_text == reader.raw_text(path, seed).text, seed
    assert len(formats) == 4, formats  # text, Telegram JSON, Telegram HTML, saved page


def test_a_build_that_cleans_a_seed_reads_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The raw views of the seeds a build cleans come from their reading; a seed left unchanged
    is not read again by the next build, one that changed is."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    options = BuildOptions(seeds=seeds, content=tmp_path / "content", out=tmp_path / "site")
    read_again: list[str] = []
    seed_text = raw_source.seed_text
    monkeypatch.setattr(
        raw_source, "seed_text", lambda folder, seed: read_again.append(seed) or seed_text(folder, seed)
    )
    with Memo(None) as memo:
        files, _ = make_site(options, memo)
        assert read_again == [] and any(name.startswith("sources/") for name in files)
        memo.save()
        first = sorted(seeds.iterdir())[0]
        first.write_text(first.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
        files, _ = make_site(options, memo)
        assert read_again == []  # cleaned again, and handed on again
        with Memo(None) as cold:  # reads every seed's raw view itself: the same site
            assert make_site(options, cold)[0] == files
        assert len(read_again) == len(list(seeds.iterdir()))
