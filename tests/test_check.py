"""`build.py check` finds each kind of problem a built site can have, naming the file and line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.check import check_site
from tests.conftest import REPO, SEEDS, run_build, run_build_here


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    """A private copy of the seeds' site, to break."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    return copy


@pytest.fixture(scope="module")
def undamaged_problems(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """What check finds in a copy made as `site` makes one, before any damage: checked once, as
    every copy is the same (a check of the whole site is 0.3 s, twice in each test otherwise)."""
    copy = tmp_path_factory.mktemp("undamaged") / "site"
    shutil.copytree(built_site, copy)
    return [str(problem) for problem in check_site(copy).problems]


def add_to_page(page: str, html: str) -> Callable[[Path], None]:
    def damage(site: Path) -> None:
        path = site / page
        path.write_text(path.read_text(encoding="utf-8").replace("</main>", f"{html}\n</main>"), encoding="utf-8")

    return damage


def replace_file(path: str, data: bytes) -> Callable[[Path], None]:
    return lambda site: (site / path).write_bytes(data)


def delete_style(site: Path) -> None:
    (stylesheet,) = site.glob("assets/style.*.css")
    stylesheet.unlink()


def tamper_with_script(site: Path) -> None:
    (script,) = site.glob("assets/site.*.js")
    script.write_text(script.read_text(encoding="utf-8") + "\n// changed after the build\n", encoding="utf-8")


DAMAGE = {
    "broken link": (add_to_page("index.html", '<a href="documents/no-such-page.html">x</a>'), "no such file"),
    "broken anchor": (add_to_page("index.html", '<a href="timeline.html#nowhere">x</a>'), "no element with id"),
    "missing file": (delete_style, "no such file"),
    "invalid HTML": (add_to_page("timeline.html", "<div><p>unclosed</span>"), "invalid HTML"),
    "duplicate id": (add_to_page("names.html", '<p id="main">again</p>'), "duplicate id 'main'"),
    "script from another host": (
        add_to_page("index.html", '<script src="https://cdn.example.com/x.js"></script>'),
        "loads from another host",
    ),
    "image from another host": (add_to_page("tags.html", '<img alt="" src="//example.com/a.png">'), "another host"),
    "inline script": (add_to_page("index.html", "<script>alert(1)</script>"), "inline <script>"),
    "inline style attribute": (add_to_page("index.html", '<p style="color:red">x</p>'), "inline style"),
    "event handler": (add_to_page("index.html", '<p onclick="alert(1)">x</p>'), "inline event handler"),
    "javascript: link": (add_to_page("index.html", '<a href="javascript:alert(1)">x</a>'), "javascript: URL"),
    "link from the host's root": (add_to_page("index.html", '<a href="/timeline.html">x</a>'), "host's root"),
    "link out of the site": (add_to_page("index.html", '<a href="../../etc/passwd">x</a>'), "outside the site"),
    "invalid feed": (replace_file("feed.xml", b"<feed><entry></feed>"), "invalid XML"),
    "invalid dossier.json": (replace_file("dossier.json", b'{"documents": ['), "invalid JSON"),
    "asset changed after the build": (tamper_with_script, "does not match its bytes"),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_check_finds(site: Path, undamaged_problems: list[str], kind: str) -> None:
    damage, message = DAMAGE[kind]
    assert undamaged_problems == []
    damage(site)
    problems = [str(problem) for problem in check_site(site).problems]
    assert any(message in problem for problem in problems), problems


def test_a_problem_names_the_file_and_line(site: Path) -> None:
    add_to_page("index.html", '<a href="documents/no-such-page.html">x</a>')(site)
    (problem,) = check_site(site).problems
    lines = (site / "index.html").read_text(encoding="utf-8").splitlines()
    assert problem.path == "index.html"
    assert "no-such-page.html" in lines[problem.line - 1]


def test_check_exits_non_zero_on_a_problem_and_lists_it(site: Path) -> None:
    add_to_page("index.html", '<script src="https://cdn.example.com/x.js"></script>')(site)
    result = run_build("check", "--out", site)
    assert result.returncode == 1
    assert "index.html:" in result.stdout and "loads from another host" in result.stdout


def test_check_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    result = run_build("check", "--out", tmp_path)
    assert result.returncode == 1
    assert "not a built site" in result.stdout


def test_the_404_page_links_from_the_root_and_check_resolves_them_there(site: Path) -> None:
    text = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/index.html"' in text
    (site / "404.html").write_text(text.replace('href="/index.html"', 'href="/gone.html"'), encoding="utf-8")
    assert any("/gone.html: no such file" in str(problem) for problem in check_site(site).problems)


def test_a_site_published_under_a_sub_path_passes_with_its_404_page(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    themes = content / "themes.yaml"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace(
            "  # url: https://dossier.example.org/", "  url: https://x.org/dossier"
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert run_build_here("build", "--seeds", SEEDS, "--content", content, "--out", site).returncode == 0
    assert 'href="/dossier/index.html"' in (site / "404.html").read_text(encoding="utf-8")
    result = run_build_here("check", "--out", site, "--content", content)
    assert result.returncode == 0, result.stdout
    assert any("not under the site's path" in str(p) for p in check_site(site, "/elsewhere/").problems)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ('<img alt="" srcset="https://cdn.example.com/x.png 2x">', "loads from another host"),
        ('<a href="javascript://%0aalert(1)">x</a>', "javascript: URL"),
        ('<meta http-equiv="refresh" content="0; url=https://example.com">', "http-equiv=refresh"),
    ],
)
def test_check_finds_more(site: Path, html: str, message: str) -> None:
    add_to_page("index.html", html)(site)
    assert any(message in str(problem) for problem in check_site(site).problems)


def test_a_data_block_is_not_an_inline_script(site: Path) -> None:
    add_to_page("index.html", '<script type="application/json" id="data">{"a": 1}</script>')(site)
    assert check_site(site).problems == []
