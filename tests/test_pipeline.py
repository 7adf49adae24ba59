"""The recipe: every stage in turn, the site it makes, and a second build that redoes nothing."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from dossier.memo import Memo
from dossier.pipeline import BuildOptions, build, make_site
from dossier.write import SITE_MARKER
from tests.conftest import REPO, SEEDS


def _options(tmp_path: Path) -> BuildOptions:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return BuildOptions(seeds=tmp_path / "seeds", content=tmp_path / "content", out=tmp_path / "site")


def test_the_seeds_make_a_site_of_every_stages_work(tmp_path: Path) -> None:
    with Memo(None) as memo:
        files, report = make_site(_options(tmp_path), memo)
    assert (report.documents, len(report.ingest.written), report.problems) == (13, 15, [])
    assert {"index.html", "search.html", "sitemap.xml", "feed.xml", "dossier.json", "404.html"} <= set(files)
    assert sum(path.startswith("documents/") for path in files) == 13
    assert any(path.startswith("assets/search/head.") for path in files)
    assert sum(path.startswith("search/documents/") for path in files) == 13
    assert report.rendered == sum(path.endswith((".html", ".xml")) for path in files)


def test_a_second_build_with_the_same_memo_makes_nothing_and_the_same_site(tmp_path: Path) -> None:
    options = _options(tmp_path)
    with Memo(None) as memo:
        first, _ = make_site(options, memo)
        memo.save()
        second, report = make_site(options, memo)
        assert memo.made == {} and report.rendered == 0
    assert second == first


def test_build_writes_the_site_and_keeps_the_memo_beside_the_content(tmp_path: Path) -> None:
    options = _options(tmp_path)
    report = build(options)
    assert (tmp_path / "site" / SITE_MARKER).is_file() and (tmp_path / "site" / "index.html").is_file()
    assert options.memo_folder == tmp_path / ".dossier-cache"
    stages = {path.stem for path in options.memo_folder.glob("*.pickle")}
    assert stages >= {"content-files", "names", "themes", "fingerprints", "pages", "search-terms"}
    assert build(options).rendered == 0 and report.rendered > 0


def test_a_dossiers_templates_need_hold_only_what_they_change(tmp_path: Path) -> None:
    options = _options(tmp_path)
    own = tmp_path / "templates"
    (own / "assets").mkdir(parents=True)
    base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    (own / "base.html").write_text(base.replace("</body>", "<!-- our footer --></body>"), encoding="utf-8")
    (own / "assets" / "style.css").write_text("body { color: teal; }\n", encoding="utf-8")
    with Memo(None) as memo:
        files, _ = make_site(dataclasses.replace(options, templates=own), memo)
    assert b"<!-- our footer -->" in files["index.html"] and b"<!-- our footer -->" in files["timeline.html"]
    styles = [path for path in files if path.startswith("assets/style.")]
    assert [files[path] for path in styles] == [b"body { color: teal; }\n"]
    assert any(path.startswith("assets/search.") for path in files), "Dossier's own scripts, not overridden"
