"""Rendering: a Page into bytes, with links from its own place, keyed by all it is made of."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dossier.config import Config, Entity, Theme
from dossier.memo import Keyed, Memo
from dossier.model import Document, DossierError, Membership, Publication, Source
from dossier.pages import Page
from dossier.render import page_key, render_page, render_site, site_frame

CONFIG = Config("A dossier", "", "https://example.org/dossier/", 50, (Theme("osce", "OSCE", "", ()),), ())
THEMES = list(CONFIG.themes)


def _frame(templates: Path):
    return site_frame(CONFIG, THEMES, {"osce": "#2f6db5"}, {"assets/style.css": "assets/style.1234.css"}, (templates,))


def _templates(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def test_links_are_relative_to_the_page_and_from_the_root_where_asked(tmp_path: Path) -> None:
    templates = _templates(tmp_path, page_html="{{ link('index.html') }} {{ asset('assets/style.css') }}")
    frame = _frame(templates)
    assert render_page(Page("documents/a.html", "page.html", {}), frame) == b"../index.html ../assets/style.1234.css"
    assert render_page(Page("index.html", "page.html", {}), frame) == b"index.html assets/style.1234.css"
    from_root = Page("404.html", "page.html", {}, links_from_root=True)
    assert render_page(from_root, frame) == b"/dossier/index.html /dossier/assets/style.1234.css"


def test_a_view_makes_the_templates_values_when_the_page_is_rendered(tmp_path: Path) -> None:
    templates = _templates(tmp_path, page_html="{{ shouted }}")
    page = Page("a.html", "page.html", {"word": "osce"}, view=_shout)
    assert render_page(page, _frame(templates)) == b"OSCE"


def _shout(word: str) -> dict:
    return {"shouted": word.upper()}


def test_a_value_the_memo_keeps_is_laid_out_as_itself_and_keyed_by_its_key(tmp_path: Path) -> None:
    """A raw view shows a seed's whole text: its page is keyed by the text's memo key (the seed's
    name and file stamp), not by its bytes, and the template and the view see the text."""
    templates = _templates(tmp_path, page_html="{{ text }} {{ shouted }}")
    frame = _frame(templates)

    def page(key: str, text: str) -> Page:
        return Page("a.html", "page.html", {"text": Keyed(key, text), "word": Keyed(key, text)}, view=_text_and_shout)

    assert render_page(page("k1", "osce"), frame) == b"osce OSCE"
    assert page_key(page("k1", "osce"), "frame") == page_key(page("k1", "a text the key stands for"), "frame")
    assert page_key(page("k1", "osce"), "frame") != page_key(page("k2", "osce"), "frame")


def test_a_page_holding_an_integer_past_64_bits_is_keyed_by_it() -> None:
    """A content file may say `message: 18446744073709551616`; the page of a copy merged into
    another shows its source whole, and its key must tell that number from the next."""

    def page(message: int) -> Page:
        merged = Publication("b", None, Source(seed="s.txt", message=message))
        return Page("b.html", "merged.html", {"merged": merged})

    assert page_key(page(2**64), "frame") == page_key(page(2**64), "frame")
    assert page_key(page(2**64), "frame") != page_key(page(2**64 + 1), "frame")
    assert page_key(page(1), "frame") != page_key(page(2), "frame")


def _text_and_shout(text: str, word: str) -> dict:
    return {"text": text, "shouted": word.upper()}


def test_a_template_error_names_the_template_and_its_line(tmp_path: Path) -> None:
    templates = _templates(tmp_path, page_html="line one\n{{ missing.value }}")
    with pytest.raises(DossierError) as error:
        render_page(Page("a.html", "page.html", {}), _frame(templates))
    assert error.value.path.endswith("page.html") and error.value.line == 2


def test_a_pages_key_follows_what_it_shows_not_what_shifts_elsewhere(tmp_path: Path) -> None:
    frame_digest = "frame"
    document = Document(id="a", title="A", body="Text.", memberships=(Membership("osce", 0.5, True),))
    page = Page("documents/a.html", "document.html", {"document": document})

    def key(of: Page) -> str:
        return page_key(of, frame_digest)

    related_elsewhere = dataclasses.replace(document, related=(("b", 0.25, ()),))
    assert key(dataclasses.replace(page, values={"document": related_elsewhere})) == key(page)
    retitled = Document(id="a", title="B", body="Text.", memberships=document.memberships)
    assert key(dataclasses.replace(page, values={"document": retitled})) != key(page)
    reclassified = dataclasses.replace(document, memberships=())
    assert key(dataclasses.replace(page, values={"document": reclassified})) != key(page)
    assert page_key(page, "another frame") != key(page)
    assert key(dataclasses.replace(page, template="other.html")) != key(page)


def test_a_page_whose_key_is_known_is_not_rendered_again(tmp_path: Path) -> None:
    templates = _templates(tmp_path, page_html="{{ word }}")
    pages = [Page("a.html", "page.html", {"word": "one"}), Page("b.html", "page.html", {"word": "two"})]
    memo = Memo(None)
    assert render_site(pages, _frame(templates), memo) == {"a.html": b"one", "b.html": b"two"}
    assert memo.made == {"pages": 2}
    changed = [pages[0], Page("b.html", "page.html", {"word": "three"})]
    assert render_site(changed, _frame(templates), memo) == {"a.html": b"one", "b.html": b"three"}
    assert memo.made == {"pages": 3}
    (templates / "page.html").write_text("<{{ word }}>", encoding="utf-8")
    assert render_site(changed, _frame(templates), memo)["a.html"] == b"<one>", "a template edited: every page"


def test_the_frame_every_page_shares_holds_no_names_and_a_whole_documents_key_holds_its_linked_names(
    tmp_path: Path,
) -> None:
    """A name's page and the pages listing names hold them in their values; every page's frame
    leaving them out is what lets an edit of entities.yaml render again only those pages. A
    document's page is keyed by its HTML, where its names are linked, and a list of documents
    in outline is not."""
    templates = _templates(tmp_path, page_html="{{ site.title }}")
    lavrov = Entity("sergey-lavrov", "Sergey Lavrov", "person", ("Lavrov",), (), "Russia's foreign minister.")
    named = dataclasses.replace(CONFIG, entities=(lavrov,))
    renamed = dataclasses.replace(CONFIG, entities=(dataclasses.replace(lavrov, description="A minister."),))
    frames = [site_frame(config, THEMES, {}, {}, (templates,)) for config in (named, renamed)]
    assert repr(frames[0]) == repr(frames[1]) and frames[0].config.entities == ()
    document = Document(id="a", title="A", body="Lavrov spoke.", html="<p>Lavrov spoke.</p>")
    linked = dataclasses.replace(document, html='<p><a href="../names/sergey-lavrov.html">Lavrov</a> spoke.</p>')
    outline = dataclasses.replace(document, html="")

    def key(shown: Document) -> str:
        return page_key(Page("documents/a.html", "page.html", {"document": shown}), "frame")

    assert key(document) != key(linked) and key(outline) == key(dataclasses.replace(linked, html=""))
