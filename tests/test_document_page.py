"""A document's page: keyed by what it is made of, joined as it is laid out, so that whatever
changes the page as rendered changes its key, and what the page does not show leaves it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from dossier.assets import template_assets
from dossier.config import Config, Entity, Theme
from dossier.model import Document, Membership, Mention, Photo, Source, Version, named_digest
from dossier.pages import site_pages
from dossier.project import DEFAULT_TEMPLATES
from dossier.render import page_key, render_page, site_frame, template_values

OSCE = Theme("osce", "OSCE", "", ("OSCE",))
UNION = Theme("union", "Union State", "", ("Union State",))
LAVROV = Entity("sergey-lavrov", "Sergey Lavrov", "person", ())
MAKEI = Entity("vladimir-makei", "Vladimir Makei", "person", ())
CONFIG = Config("A dossier", "", None, 50, (OSCE, UNION), (LAVROV, MAKEI))
CENTRAL = (Membership("osce", 0.7, True),)


def _documents() -> list[Document]:
    mention = Mention("sergey-lavrov", 1, "Lavrov spoke.")
    return [
        Document(
            id="a",
            title="Alpha",
            body="Lavrov spoke.",
            html='<p id="p1"><a href="../names/sergey-lavrov.html">Lavrov</a> spoke.</p>',
            date="2023-01-02",
            memberships=CENTRAL,
            entities=("sergey-lavrov",),
            mentions=(mention,),
            source=Source(seed="s.txt", first_line=1, last_line=2, reply_to="c"),
            related=(("b", 1.5, ("Same themes: OSCE",)),),
            versions=(Version("c", 0.9),),
        ),
        Document(id="b", title="Beta", body="B.", html="<p>B.</p>", date="2023-03-04", memberships=CENTRAL),
        Document(id="c", title="Gamma", body="C.", html="<p>C.</p>", date="2022-12-31", memberships=CENTRAL),
    ]


def _change(position: int, **changes: object) -> Callable[[list[Document]], None]:
    """The document made again with these changes, its digest too (as if its file were edited)."""

    def change(documents: list[Document]) -> None:
        documents[position] = dataclasses.replace(documents[position], digest="", **changes)

    return change


SHOWN_CHANGES = {
    "its title": _change(0, title="Alpha, again"),
    "its text as named": _change(0, html="<p>Lavrov spoke, twice.</p>"),
    "its names": _change(0, entities=("sergey-lavrov", "vladimir-makei")),
    "its themes": _change(0, memberships=(*CENTRAL, Membership("union", 0.2, False))),
    "a related document's reasons": _change(0, related=(("b", 1.5, ("Similar wording (40%)",)),)),
    "another related document": _change(0, related=(("c", 1.5, ("Same themes: OSCE",)),)),
    "a version's share": _change(0, versions=(Version("c", 0.8),)),
    "a related document's title": _change(1, title="Beta, retitled"),
    "a neighbour's date": _change(2, date="2023-01-01"),
    "the post it answers": _change(0, source=Source(seed="s.txt", first_line=1, last_line=2)),
    "its photos": _change(0, photos=(Photo("photos/1.jpg", "A photo"),), photo_urls=("assets/photo.1234.jpg",)),
}


def _document_page(documents: list[Document], config: Config = CONFIG):
    pages = {page.url: page for page in site_pages(documents, config, {"s.txt": "one\ntwo"})[0]}
    return pages["documents/a.html"]


@pytest.mark.parametrize("change", SHOWN_CHANGES)
def test_whatever_changes_the_page_changes_its_key(change: str) -> None:
    assets = {name: name for name in template_assets((DEFAULT_TEMPLATES,))}
    frame = site_frame(CONFIG, [OSCE, UNION], {"osce": "#2f6db5", "union": "#c4561d"}, assets, (DEFAULT_TEMPLATES,))
    before = _document_page(_documents())
    documents = _documents()
    SHOWN_CHANGES[change](documents)
    after = _document_page(documents)
    assert render_page(before, frame) != render_page(after, frame), "the change is one the page shows"
    assert page_key(before, "frame") != page_key(after, "frame")


def test_what_the_page_does_not_show_leaves_its_key() -> None:
    """Scores shift with every edit anywhere (TF-IDF); a name's description is its own page's."""
    documents = _documents()
    documents[0] = dataclasses.replace(documents[0], related=(("b", 2.25, ("Same themes: OSCE",)),))
    described = dataclasses.replace(CONFIG, entities=(dataclasses.replace(LAVROV, description="A minister."), MAKEI))
    key = page_key(_document_page(_documents()), "frame")
    assert page_key(_document_page(documents), "frame") == key
    assert page_key(_document_page(_documents(), described), "frame") == key


def test_the_template_gets_each_document_shown_in_outline() -> None:
    values = template_values(_document_page(_documents()))
    assert values["document"].body == "Lavrov spoke."
    assert [(other.id, other.body, reasons) for other, reasons in values["related"]] == [
        ("b", "", ("Same themes: OSCE",))
    ]
    assert values["replied"].id == "c" and [v.id for v in values["versions"]] == ["c"]
    assert values["version_shares"] == {"c": "90% of the text shared"}
    assert values["names"] == [{"id": "sergey-lavrov", "name": "Sergey Lavrov"}]
    assert [(n["theme"], n["previous"].id, n["next"].id) for n in values["neighbours"]] == [("osce", "c", "b")]


def test_a_documents_named_digest_follows_its_text_names_and_mentions() -> None:
    """Made with them by naming, and again whenever a document is made with other ones."""
    document = _documents()[0]
    assert document.named == named_digest(document.html, document.entities, document.mentions) != ""
    assert document.replaced(html="<p>Other.</p>").named == named_digest(
        "<p>Other.</p>", document.entities, document.mentions
    )
    assert dataclasses.replace(document, html="", entities=(), mentions=()).named == ""
    assert document.replaced(title="Other").named == document.named
