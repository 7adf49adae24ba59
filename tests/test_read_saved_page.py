"""Web pages saved from a browser: the one article, its headline, date and outlet; nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.clean.lines import comparable
from dossier.model import DossierError
from dossier.readers import reader_for, saved_page, without_companions
from tests.conftest import run_build_here
from tests.exports import png
from tests.exports import saved_page as page

PARAGRAPHS = [
    "On 19 January, Foreign Minister Sergey Lavrov held talks in Minsk with his Belarusian counterpart. "
    "The ministers discussed the full range of bilateral relations and cooperation within the Union State.",
    "The sides expressed satisfaction with the high level of <b>strategic partnership</b> and agreed to "
    "coordinate their steps at the OSCE, where the Western countries continue their confrontational course.",
    "The ministers signed a plan of consultations for the next two years and agreed to meet again in Moscow.",
]
CHROME = [
    "cookies",
    "Accept all",
    "Home",
    "About the ministry",
    "Search",
    "Share this",
    "Copy link",
    "Latest news",
    "Briefing by the official spokeswoman",
    "Related materials",
    "Consultations on strategic stability",
    "All rights reserved",
    "Smolenskaya",
    "Written by a script",
]
TIME = '<p class="published"><time datetime="2023-01-19T10:00:00+03:00"></time></p>'
META = '<meta property="article:published_time" content="2022-12-01T09:30:00+03:00">'


def _read(tmp_path: Path, name: str, html: str):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    assert reader_for(path) is saved_page
    (document,) = saved_page.read(path, name).documents
    return document


def test_the_article_stays_and_the_sites_chrome_goes(tmp_path: Path) -> None:
    document = _read(tmp_path, "talks.html", page("Lavrov holds talks in Minsk", PARAGRAPHS, dated=TIME))
    assert document.title == "Lavrov holds talks in Minsk"
    assert document.body.split("\n\n") == [
        PARAGRAPHS[0],
        PARAGRAPHS[1].replace("<b>", "**").replace("</b>", "**"),
        PARAGRAPHS[2],
    ]
    for chrome in CHROME:
        assert chrome not in document.body, chrome
    assert (document.source.shape, document.source.outlet) == ("webpage", "Example Ministry")


def test_a_date_only_in_time_is_the_documents(tmp_path: Path) -> None:
    document = _read(tmp_path, "time.html", page("Talks in Minsk on the Union State", PARAGRAPHS, dated=TIME))
    assert document.date == "2023-01-19"


def test_a_date_only_in_meta_tags_is_the_documents(tmp_path: Path) -> None:
    document = _read(tmp_path, "meta.htm", page("Statement at the OSCE Ministerial Council", PARAGRAPHS, head=META))
    assert document.date == "2022-12-01"


def test_a_page_that_states_no_date_has_none_not_its_copyright_year(tmp_path: Path) -> None:
    undated = [paragraph.replace("On 19 January, ", "") for paragraph in PARAGRAPHS]
    document = _read(tmp_path, "undated.html", page("Lavrov to visit Belarus", undated))
    assert document.date is None


def test_the_raw_view_is_the_pages_visible_text_and_marks_what_is_not_the_article(tmp_path: Path) -> None:
    path = tmp_path / "talks.html"
    path.write_text(page("Lavrov holds talks in Minsk", PARAGRAPHS, dated=TIME), encoding="utf-8")
    raw = saved_page.raw_text(path, "talks.html").text
    assert "Accept all cookies" in raw and "Lavrov holds talks in Minsk" in raw
    for hidden in ("pageScriptRan", "analytics.js", "background", "Ministry logo", "Search the site", "saved from"):
        assert hidden not in raw, hidden
    (document,) = saved_page.read(path, "talks.html").documents
    lines = raw.split("\n")
    kept = lines[document.source.first_line - 1 : document.source.last_line]
    assert kept[0] == "Lavrov holds talks in Minsk" and kept[-1] == PARAGRAPHS[2]
    removed = {number for r in document.source.removed for number in range(r.first_line, r.last_line + 1)}
    assert lines.index("Accept all cookies") + 1 in removed
    assert lines.index("Related materials") + 1 in removed


def test_a_page_in_windows_1251_is_read_by_its_declared_charset(tmp_path: Path) -> None:
    html = page("Лавров провёл переговоры в Минске", ["Министры обсудили весь комплекс отношений. " * 6], head=META)
    path = tmp_path / "ru.html"
    path.write_bytes(html.replace('charset="utf-8"', 'charset="windows-1251"').encode("cp1251"))
    (document,) = saved_page.read(path, "ru.html").documents
    assert document.title == "Лавров провёл переговоры в Минске"
    assert document.body.startswith("Министры обсудили")


def test_a_page_without_an_article_is_named_and_skipped(tmp_path: Path) -> None:
    """A page saved before its script drew it holds no text at all."""
    path = tmp_path / "empty.html"
    path.write_text("<html><body><div id='app'></div><script>draw()</script></body></html>", encoding="utf-8")
    with pytest.raises(DossierError, match="no article found in the saved page; skipped"):
        saved_page.read(path, "empty.html")


def test_saved_pages_build_beside_text_and_their_markup_never_reaches_the_site(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "pages" / "talks_files").mkdir(parents=True)
    (seeds / "pages" / "talks.html").write_text(page("Lavrov holds talks in Minsk", PARAGRAPHS, dated=TIME), "utf-8")
    (seeds / "pages" / "talks_files" / "logo.png").write_bytes(png())
    (seeds / "pages" / "talks_files" / "analytics.js").write_text("window.pageScriptRan = 1;", "utf-8")
    (seeds / "meta.htm").write_text(page("Statement at the Ministerial Council", PARAGRAPHS[1:], head=META), "utf-8")
    (seeds / "note.txt").write_text("A note\n\nPasted text beside the pages.\n", encoding="utf-8")
    root = tmp_path / "out"
    result = run_build_here("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "talks_files" not in result.stdout, "a saved page's folder is not input"
    assert "Formats: text 1, Telegram JSON 0, Telegram HTML 0, saved page 2; 0 messages skipped" in result.stdout
    documents = json.loads((root / "site" / "dossier.json").read_text("utf-8"))["documents"]
    assert sorted(d["title"] for d in documents) == [
        "A note",
        "Lavrov holds talks in Minsk",
        "Statement at the Ministerial Council",
    ]
    # The page's address, as the browser noted it, is the document's link to the original; none
    # of the page's own markup (its scripts, styles, forms) reaches the site.
    talks = next(d for d in documents if d["title"] == "Lavrov holds talks in Minsk")
    assert talks["source"]["link"] == "https://www.ministry.example/en/news/1001/"
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text(encoding="utf-8")
            for leaked in ("pageScriptRan", "cdn.ministry.example", "ministry.example/search", "onerror"):
                assert leaked not in text, f"{leaked} in {path}"
            assert "Written by a script" not in text, f"Written by a script in {path}"
    assert run_build_here("check", "--out", root / "site").returncode == 0


def test_only_a_saved_pages_own_folder_is_not_input(tmp_path: Path) -> None:
    html = page("Lavrov holds talks in Minsk", PARAGRAPHS)
    files = [tmp_path / name for name in ("notes.txt", "notes_files/a.txt", "orphan_files/b.txt", "talks.html")]
    files.append(tmp_path / "talks_files" / "c.txt")
    for path in files:
        path.parent.mkdir(exist_ok=True)
        path.write_text(html if path.parent == tmp_path else "A file.", encoding="utf-8")
    assert reader_for(tmp_path / "notes.txt") is saved_page
    assert without_companions(files) == files[:4]


def test_page_lines_that_are_whole_paragraphs_are_not_searched_for_in_the_article(tmp_path, monkeypatch) -> None:
    paragraphs = [f"Paragraph {n} of a long transcript: the minister answered question {n}." for n in range(2000)]
    searched = []
    within = saved_page._within
    monkeypatch.setattr(saved_page, "_within", lambda words, running: searched.append(words) or within(words, running))
    document = _read(tmp_path, "transcript.html", page("A long transcript", paragraphs, dated=TIME))
    assert document.body.split("\n\n") == paragraphs
    assert (document.source.first_line, document.source.last_line) == (10, 2009)  # the first paragraph to the last
    assert len(searched) < 50, "only the lines that are no paragraph of the article: menus, banners, footer"


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


ARTICLE = "".join(
    f"<p>{sentence} The talks went on for hours, and the two sides agreed to meet again next month.</p>"
    for sentence in ["The ministers met in Vienna on Tuesday.", "They spoke of the treaty.", "A statement followed."]
)


@pytest.mark.parametrize(
    ("head", "body", "title", "outlet"),
    [
        (  # the page's own headline over the social title, the site's name off
            "<title>Ministers meet in Vienna | The Japan Times</title>"
            "<meta property='og:title' content='Ministers meet in Vienna (PHOTOS)'>"
            "<meta property='og:site_name' content='The Japan Times'>",
            "<article><h1>Ministers meet in Vienna</h1>" + ARTICLE + "</article>",
            "Ministers meet in Vienna",
            "The Japan Times",
        ),
        (  # no headline shown: the <title> without "news, photos"
            "<title>Министры встретились в Вене: новости, фото</title>"
            "<link rel='canonical' href='https://www.example.ru/news/1'>",
            "<article>" + ARTICLE + "</article>",
            "Министры встретились в Вене",
            "example.ru",
        ),
        (  # a title with no site name stays whole; a CMS word is no outlet
            "<title>Ministers meet in Vienna</title><meta property='og:site_name' content='Hosted'>"
            "<meta property='og:url' content='https://news.example.org/a/1'>",
            "<article><h1>Ministers meet in Vienna</h1>" + ARTICLE + "</article>",
            "Ministers meet in Vienna",
            "news.example.org",
        ),
    ],
)
def test_a_pages_title_is_its_headline_and_its_outlet_the_sites_name(
    tmp_path: Path, head: str, body: str, title: str, outlet: str
) -> None:
    page = tmp_path / "page.html"
    page.write_text(_page(head, body), encoding="utf-8")
    (document,) = saved_page.read(page, "page.html").documents
    assert (document.title, document.source.outlet) == (title, outlet)
    assert not document.body.lstrip("# ").startswith(title), "the headline is not the body's first heading again"


def test_a_page_with_no_article_is_reported_not_published_as_its_menus(tmp_path: Path) -> None:
    menus = "".join(f"<li><a href='/s/{n}'>Most read story number {n} today</a></li>" for n in range(12))
    body = (
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
        "<main><h1>Ministers meet in Vienna</h1><p><a href='/full'>Read the full story</a></p>"
        f"<aside><h2>Most read</h2><ul>{menus}</ul></aside></main>"
    )
    stub = tmp_path / "stub.html"
    stub.write_text(_page("<title>Ministers meet in Vienna | News</title>", body), encoding="utf-8")
    with pytest.raises(DossierError, match="no article in the saved page") as raised:
        saved_page.read(stub, "stub.html")
    assert str(raised.value).startswith(str(stub))
    short = tmp_path / "short.html"
    flash = (
        "<article><h1>Talks end</h1><p>The talks in Vienna ended on Tuesday without an agreement, officials said.</p>"
    )
    short.write_text(_page("<title>Talks end</title>", flash + "</article>"), encoding="utf-8")
    (document,) = saved_page.read(short, "short.html").documents
    assert "without an agreement" in document.body, "a short article is still an article"


PAGES = Path(__file__).resolve().parent / "pages"


@pytest.mark.parametrize("case", sorted(path.stem for path in PAGES.glob("*.html")))
def test_a_news_page_gives_its_own_headline_date_outlet_and_article(case: str) -> None:
    """Pages written in the markup of real news sites, English and Russian, each with its
    expectation beside it (<case>.expected.json, with why): the date printed by the headline, not
    a related list's, a footer's or the UTC day; the lead as the body's first paragraph, once;
    the headline the page shows and the site's name; no media player's or gallery's chrome; and
    pages without any of this read as before."""
    expected = json.loads((PAGES / f"{case}.expected.json").read_text(encoding="utf-8"))
    (document,) = saved_page.read(PAGES / f"{case}.html", f"{case}.html").documents
    assert (document.title, document.date, document.source.outlet) == (
        expected["title"],
        expected["date"],
        expected["outlet"],
    )
    paragraphs = document.body.split("\n\n")
    opening = paragraphs[: len(expected["body_starts"])]
    assert [p[: len(start)] for p, start in zip(opening, expected["body_starts"], strict=False)] == expected[
        "body_starts"
    ]
    assert len(opening) == len(expected["body_starts"])
    for text in expected.get("in_body", []):
        assert text in document.body, text
    for text in expected["not_in_body"]:
        assert text not in document.body, text
    assert len(paragraphs) == len({comparable(p) for p in paragraphs}), "no paragraph twice: the lead is kept once"


def test_underlined_superscript_and_subscript_text_reaches_the_body_as_text_not_html(tmp_path: Path) -> None:
    marked = [
        "The treaty was signed in the 19<sup>th</sup> century by <u>both governments</u> and ratified later.",
        "It limits emissions of CO<sub>2</sub> from the factories along the river, the ministry said.",
        "The ministers agreed to meet again in Moscow next year, after the review of the treaty.",
    ]
    document = _read(tmp_path, "marked.html", page("Treaty on the river", marked))
    assert "19th century by both governments and ratified" in document.body
    assert "emissions of CO2 from the factories" in document.body
    assert "<" not in document.body


@pytest.mark.parametrize(
    ("saved_from", "head", "link", "outlet"),
    [
        (  # a page saved by Chrome or Edge, which says no address of its own: the one the browser noted
            "<!-- saved from url=(0051)https://www.example.ru/news/2023/01/19/lavrov.html -->",
            "<title>Министры встретились в Вене</title>",
            "https://www.example.ru/news/2023/01/19/lavrov.html",
            "example.ru",
        ),
        (  # the page's own canonical address wins over the browser's note
            "<!-- saved from url=(0040)https://m.example.ru/amp/2023/01/19/1 -->",
            "<title>Министры встретились в Вене</title><link rel='canonical' href='https://www.example.ru/news/1'>",
            "https://www.example.ru/news/1",
            "example.ru",
        ),
        ("", "<title>Министры встретились в Вене</title>", None, None),  # no address at all: no link
    ],
)
def test_a_pages_link_is_its_own_address_or_where_the_browser_saved_it_from(
    tmp_path: Path, saved_from: str, head: str, link: str | None, outlet: str | None
) -> None:
    html = _page(head, "<article><h1>Министры встретились в Вене</h1>" + ARTICLE + "</article>")
    html = html.replace("<!DOCTYPE html>", "<!DOCTYPE html>\n" + saved_from + "\n" if saved_from else "<!DOCTYPE html>")
    document = _read(tmp_path, "page.html", html)
    assert (document.source.link, document.source.outlet) == (link, outlet)
