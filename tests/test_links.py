"""The seeds' built site passes `build.py check`: every link, #fragment and asset resolves by
file:// rules, the HTML parses without errors, nothing loads from another host, nothing inline."""

from __future__ import annotations

from pathlib import Path

from dossier.check import check_site
from tests.conftest import run_build


def test_the_built_site_has_no_problem(built_site: Path) -> None:
    report = check_site(built_site)
    assert [str(problem) for problem in report.problems] == []
    assert report.pages > 60


def test_check_from_the_command_line_passes_on_the_built_site(built_site: Path) -> None:
    result = run_build("check", "--out", built_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 problems" in result.stdout


def test_every_page_type_is_built(built_site: Path) -> None:
    for page in [
        "index.html",
        "404.html",
        "search.html",
        "timeline.html",
        "names.html",
        "tags.html",
        "themes/osce.html",
        "themes/open-skies.html",
        "themes/russia-belarus.html",
        "names/sergey-lavrov.html",
        "tags/osce.html",
        "sources/003-938382bba7e78ea9-txt.html",
        "feed.xml",
        "themes/osce.xml",
        "sitemap.xml",
        "dossier.json",
    ]:
        assert (built_site / page).is_file(), page


def test_every_paragraph_of_a_document_has_an_anchor(built_site: Path) -> None:
    text = (built_site / "documents" / "lavrov-to-depart-for-belarus-on-visit.html").read_text(encoding="utf-8")
    assert text.count('<p id="p') == 8
    assert all(f'<p id="p{number}"' in text for number in range(1, 9))
