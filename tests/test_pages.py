"""The site's pages: which there are, what each lists and in which order, before any rendering."""

from __future__ import annotations

from dossier.config import OTHER, Config, Entity, Theme
from dossier.model import Document, Membership, Source
from dossier.pages import search_page, shown_themes, site_pages
from dossier.render import page_key, template_values

OSCE = Theme("osce", "OSCE", "About the *OSCE*.", ("OSCE",))
LAVROV = Entity("sergey-lavrov", "Sergey Lavrov", "person", ())
CONFIG = Config("A dossier", "", None, 2, (OSCE,), (LAVROV,))


def _documents() -> list[Document]:
    central = (Membership("osce", 0.7, True),)
    return [
        Document(id="a", title="Alpha", body="A.", html="<p>A.</p>", date="2023-01-02", memberships=central),
        Document(id="b", title="Beta", body="B.", html="<p>B.</p>", date="2023-03-04", memberships=central),
        Document(
            id="c",
            title="Gamma",
            body="C.",
            date="2022-12-31",
            memberships=(Membership("osce", 0.2, False),),
            entities=("sergey-lavrov",),
            tags=("OSCE",),
            source=Source(seed="s.txt", first_line=1, last_line=3),
            related=(("a", 1.5, ("Same themes: OSCE",)),),
        ),
        Document(id="d", title="Delta", body="D."),
    ]


def _pages() -> dict:
    return {page.url: page for page in site_pages(_documents(), CONFIG, {"s.txt": "one\ntwo\nthree"})[0]}


def test_every_page_of_a_small_dossier_and_no_other() -> None:
    assert sorted(_pages()) == [
        "404.html",
        "documents/a.html",
        "documents/b.html",
        "documents/c.html",
        "documents/d.html",
        "feed.xml",
        "index.html",
        "names.html",
        "names/sergey-lavrov.html",
        "places.html",
        "sitemap.xml",
        "sources/s-txt.html",
        "tags.html",
        "tags/osce.html",
        "themes/osce.html",
        "themes/osce.xml",
        "themes/osce/page/2.html",
        "themes/other.html",
        "themes/other.xml",
        "timeline.html",
        "timeline/page/2.html",
    ]
    assert "search.html" in _pages()["sitemap.xml"].values["urls"], "the search page, made last, is listed"


def test_a_themes_central_documents_come_first_then_the_newest() -> None:
    first, second = _pages()["themes/osce.html"], _pages()["themes/osce/page/2.html"]
    assert [d.id for d in first.values["central"]] == ["b", "a"] and first.values["others"] == []
    assert [d.id for d in second.values["others"]] == ["c"] and second.values["chart"] is None
    assert first.values["intro"] == "<p>About the <em>OSCE</em>.</p>\n"


def test_lists_hold_documents_in_outline_and_a_documents_page_holds_it_whole() -> None:
    pages = _pages()
    listed = pages["themes/osce.html"].values["central"][0]
    assert (listed.id, listed.title, listed.body, listed.html) == ("b", "Beta", "", "")
    whole = template_values(pages["documents/c.html"])
    assert whole["document"].body == "C." and [(d.id, reasons) for d, reasons in whole["related"]] == [
        ("a", ("Same themes: OSCE",))
    ]
    assert whole["related"][0][0].html == "", "related documents in outline"
    assert whole["raw_views"] == ["s.txt"] and [n["id"] for n in whole["names"]] == ["sergey-lavrov"]
    assert [d.id for d in pages["feed.xml"].values["entries"]][:2] == ["b", "a"]
    assert pages["feed.xml"].values["entries"][0].body == "B.", "a feed entry holds the text"


def test_other_is_a_theme_only_while_a_document_has_no_theme() -> None:
    documents = _documents()
    assert shown_themes(documents, CONFIG) == [OSCE, OTHER]
    assert shown_themes(documents[:3], CONFIG) == [OSCE]
    assert [d.id for d in _pages()["themes/other.html"].values["others"]] == ["d"]


def test_the_search_page_offers_the_years_newest_first() -> None:
    page = search_page(_documents(), ["assets/lib/lunr.min.js"], "assets/search/head.abc.js")
    assert (page.url, page.values["years"]) == ("search.html", ["2023", "2022"])
    assert page.values["index_head"] == "assets/search/head.abc.js"


def test_a_names_page_holds_its_chart_the_names_beside_it_and_its_mentions() -> None:
    page = _pages()["names/sergey-lavrov.html"]
    assert page.values["chart"] is not None and page.values["first"] is not None
    assert all(count >= 1 for _, count in page.values["co_named"])
    assert set(page.values["mentions"]) <= {document.id for document in page.values["documents"]}


def test_a_names_later_pages_hold_its_list_without_the_chart_or_the_names_beside_it() -> None:
    makei = Entity("vladimir-makei", "Vladimir Makei", "person", ())
    config = Config("A dossier", "", None, 2, (OSCE,), (LAVROV, makei))
    both = ("sergey-lavrov", "vladimir-makei")
    documents = [
        Document(id=f"n{number}", title=f"N{number}", body="N.", date=f"2023-01-0{number}", entities=both)
        for number in range(1, 6)
    ]
    pages = {page.url: page for page in site_pages(documents, config, {})[0]}
    first, *later = [pages[url] for url in sorted(pages) if url.startswith("names/sergey-lavrov")]
    assert len(later) == 2 and first.url == "names/sergey-lavrov.html"
    assert first.values["chart"] is not None and first.values["co_named"] == [({"id": makei.id, "name": makei.name}, 5)]
    assert all(page.values["chart"] is None and page.values["co_named"] == [] for page in later)
    assert [d.id for page in [first, *later] for d in page.values["documents"]] == ["n5", "n4", "n3", "n2", "n1"]
    assert all(page.values["first"].id == "n1" and page.values["last"].id == "n5" for page in [first, *later])


def test_a_names_description_changes_its_own_page_not_the_pages_that_name_it() -> None:
    described = Entity("sergey-lavrov", "Sergey Lavrov", "person", (), ("Лаврова",), "Russia's foreign minister.")
    before = {page.url: page for page in site_pages(_documents(), CONFIG, {})[0]}
    config = Config("A dossier", "", None, 2, (OSCE,), (described,))
    after = {page.url: page for page in site_pages(_documents(), config, {})[0]}
    keys = {url: (page_key(before[url], "frame"), page_key(after[url], "frame")) for url in before}
    assert keys["documents/c.html"][0] == keys["documents/c.html"][1]
    assert keys["names/sergey-lavrov.html"][0] != keys["names/sergey-lavrov.html"][1]
