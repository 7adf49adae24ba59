"""Long lists paginate: no page grows with the dossier, and next links walk each list whole."""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dossier.check import check_site
from dossier.config import PER_PAGE, load_config
from dossier.model import DossierError
from dossier.pagination import PageLink, Pager, paginate, shown_numbers
from dossier.urls import list_page_url
from tests.conftest import run_build_here


def test_the_first_page_keeps_the_lists_address_and_later_ones_sit_beside_it():
    assert list_page_url("themes/osce.html", 1) == "themes/osce.html"
    assert list_page_url("themes/osce.html", 2) == "themes/osce/page/2.html"
    assert list_page_url("tags.html", 3) == "tags/page/3.html"
    assert list_page_url("tags/page.html", 2) == "tags/page/page/2.html"


@pytest.mark.parametrize(
    ("current", "count", "shown"),
    [
        (1, 1, [1]),
        (1, 4, [1, 2, 3, 4]),
        (1, 10, [1, 2, 3, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (5, 10, [1, 2, 3, 4, 5, 6, 7, None, 10]),
        (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
        (10, 10, [1, None, 8, 9, 10]),
    ],
)
def test_page_numbers_show_the_ends_and_the_neighbourhood_and_elide_the_rest(current, count, shown):
    assert shown_numbers(current, count) == shown


def test_a_list_is_cut_into_pages_of_the_given_size():
    pages = paginate(list("abcdefg"), 3, "themes/x.html")
    assert [entries for entries, _ in pages] == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    assert pages[1][1] == Pager(
        number=2,
        count=3,
        first=4,
        last=6,
        total=7,
        url="themes/x/page/2.html",
        first_url="themes/x.html",
        previous="themes/x.html",
        next="themes/x/page/3.html",
        links=(PageLink(1, "themes/x.html"), PageLink(2, "themes/x/page/2.html"), PageLink(3, "themes/x/page/3.html")),
    )


def test_an_empty_list_still_has_its_one_page():
    [(entries, pager)] = paginate([], 50, "themes/x.html")
    assert entries == []
    assert (pager.number, pager.count, pager.first, pager.last, pager.total) == (1, 1, 0, 0, 0)
    assert pager.previous is None and pager.next is None


def test_the_page_size_is_the_curators_to_set(tmp_path: Path):
    assert load_config(tmp_path).per_page == PER_PAGE
    (tmp_path / "themes.yaml").write_text("site:\n  per_page: 7\nthemes: []\n", encoding="utf-8")
    assert load_config(tmp_path).per_page == 7


@pytest.mark.parametrize("value", ["0", "ten", "2.5", "true"])
def test_a_page_size_that_is_no_whole_number_above_zero_is_refused(tmp_path: Path, value: str):
    (tmp_path / "themes.yaml").write_text(f"site:\n  per_page: {value}\nthemes: []\n", encoding="utf-8")
    with pytest.raises(DossierError, match=r"site\.per_page"):
        load_config(tmp_path)


# A dossier of small documents, all dated within one year (so the chart, which grows with the
# months it spans, stays the same), a few undated, in two themes and "Other", two tags and one name.
PER_PAGE_HERE = 5
THEMES_YAML = """site:
  title: Growth
  per_page: 5
themes:
  - {id: alpha, title: Alpha, intro: The alpha theme., terms: [alpha]}
  - {id: beta, title: Beta, intro: The beta theme., terms: [beta]}
"""
ENTITIES_YAML = "people:\n  - name: Ada Lovelace\norganisations: []\n"


def write_dossier(content: Path, count: int) -> None:
    content.mkdir(parents=True)
    (content / "themes.yaml").write_text(THEMES_YAML, encoding="utf-8")
    (content / "entities.yaml").write_text(ENTITIES_YAML, encoding="utf-8")
    for number in range(count):
        date = "" if number % 7 == 0 else f"2021-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
        theme_words = ["alpha alpha alpha", "beta beta beta", "gamma"][number % 3]
        name = "Ada Lovelace wrote about it." if number % 2 else ""
        tags = "[common, rare]" if number % 5 == 0 else "[common]"
        text = f"---\ntitle: Document {number}\ndate: {date}\ntags: {tags}\n---\n\nOn {theme_words}. {name}\n"
        (content / f"document-{number}.md").write_text(text, encoding="utf-8")


def build_dossier(root: Path, count: int) -> Path:
    write_dossier(root / "content", count)
    (root / "seeds").mkdir()  # none: every document is written by hand
    result = run_build_here("build", "--seeds", root / "seeds", "--content", root / "content", "--out", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def html_sizes(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}


@pytest.mark.slow  # two builds: about 2.5 s
def test_no_page_grows_when_the_dossier_triples(tmp_path: Path):
    small = html_sizes(build_dossier(tmp_path / "small", 30))
    large = html_sizes(build_dossier(tmp_path / "large", 90))
    largest_small, largest_large = max(small.values()), max(large.values())
    biggest = max(large, key=large.get)
    assert largest_large <= 1.1 * largest_small + 1000, f"{biggest}: {largest_large} bytes, was {largest_small}"
    assert sum(large.values()) <= 3.3 * sum(small.values())


class ListPage(HTMLParser):
    """The documents a page lists in its main landmark (each list entry's first link to a
    document: a name's page links one again from its mention, and its first and last outside
    the list), and its rel=next link."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.documents: list[str] = []
        self.next: str | None = None
        self._in_main = False
        self._in_entry = False
        self._entry_linked = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "main":
            self._in_main = True
        elif tag == "li":
            self._in_entry, self._entry_linked = True, False
        elif tag == "link" and values.get("rel") == "next":
            self.next = values["href"]
        elif (
            tag == "a"
            and self._in_main
            and self._in_entry
            and not self._entry_linked
            and "/documents/" in f"/{values.get('href')}"
        ):
            self._entry_linked = True
            self.documents.append(posixpath.basename(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main = False
        elif tag == "li":
            self._in_entry = False


def walk_list(site: Path, first_page: str) -> tuple[list[str], list[str]]:
    """Follow rel=next from a list's first page: (the pages visited, the documents they list)."""
    pages, documents, url = [], [], first_page
    while url:
        assert url not in pages, f"{url} visited twice"
        page = ListPage((site / url).read_text(encoding="utf-8"))
        assert len(page.documents) <= PER_PAGE_HERE, f"{url} lists {len(page.documents)} documents"
        pages.append(url)
        documents += page.documents
        url = posixpath.normpath(posixpath.join(posixpath.dirname(url), page.next)) if page.next else None
    return pages, documents


def expected_lists(site: Path) -> dict[str, set[str]]:
    """First page of each list -> the document pages it should list, from dossier.json."""
    documents = json.loads((site / "dossier.json").read_text(encoding="utf-8"))["documents"]
    lists: dict[str, set[str]] = {"timeline.html": set()}
    for document in documents:
        page = posixpath.basename(document["url"])
        lists["timeline.html"].add(page)
        for theme in [t["id"] for t in document["themes"]] or ["other"]:
            lists.setdefault(f"themes/{theme}.html", set()).add(page)
        for tag in document["tags"]:
            lists.setdefault(f"tags/{tag}.html", set()).add(page)
        for entity in document["entities"]:
            lists.setdefault(f"names/{entity}.html", set()).add(page)
    return lists


def test_following_next_links_visits_every_document_of_each_list_once(tmp_path: Path):
    site = build_dossier(tmp_path, 90)
    lists = expected_lists(site)
    assert {"themes/alpha.html", "themes/beta.html", "themes/other.html", "names/ada-lovelace.html"} <= set(lists)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for first_page, wanted in lists.items():
        pages, listed = walk_list(site, first_page)
        assert len(pages) == -(-len(wanted) // PER_PAGE_HERE), first_page
        assert all(f"<loc>{page}</loc>" in sitemap for page in pages), first_page
        assert [page for page, times in Counter(listed).items() if times > 1] == [], first_page
        assert set(listed) == wanted, first_page
    report = check_site(site)
    assert [str(problem) for problem in report.problems] == []
