"""People and organisations a document names: most named first."""

from __future__ import annotations

from dossier.config import Entity
from dossier.entities import entity_ids, entity_matcher, name_documents, with_names
from dossier.memo import Memo
from dossier.model import Document

ENTITIES = (
    Entity("sergey-lavrov", "Sergey Lavrov", "person", ("Lavrov",)),
    Entity("vladimir-makei", "Vladimir Makei", "person", ("Makei",)),
    Entity("osce", "OSCE", "organisation", ()),
)


def test_names_come_most_named_first_then_in_the_order_first_named() -> None:
    matcher = entity_matcher(ENTITIES)
    names = entity_ids("Makei in Moscow", "Sergey Lavrov met Makei. Lavrov spoke to the OSCE.", matcher)
    assert names == ("vladimir-makei", "sergey-lavrov", "osce")


def test_names_are_found_in_the_title_and_the_body_and_the_first_mention_linked() -> None:
    document = Document(id="a", title="Lavrov", body="Makei met Makei.")
    (named,) = name_documents([document], ENTITIES, Memo(None))
    assert named.entities == ("vladimir-makei", "sergey-lavrov"), "most named first"
    assert named.html == '<p id="p1"><a href="../names/vladimir-makei.html" class="mention">Makei</a> met Makei.</p>\n'
    assert (named.paragraphs, named.text) == (("Makei met Makei.",), "Makei met Makei.")
    assert document.entities == (), "the document given is not changed"


def test_each_names_first_mention_in_the_text_comes_with_its_sentence() -> None:
    from dossier.entities import names_named, sentence_around

    matcher = entity_matcher((Entity("sergey-lavrov", "Sergey Lavrov", "person", ("Lavrov",)),))
    paragraphs = ["Nothing here.", "Talks went on. Then Lavrov spoke at length! And left. Lavrov again."]
    ids, (mention,) = names_named("", paragraphs, matcher)
    assert ids == ("sergey-lavrov",)
    assert (mention.entity, mention.paragraph, mention.sentence) == ("sergey-lavrov", 2, "Then Lavrov spoke at length!")
    long = "Word " * 200 + "Lavrov said so " + "word " * 200 + "."
    cut = sentence_around(long, long.index("Lavrov"), long.index("Lavrov") + 6)
    assert "Lavrov" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 302


def test_a_documents_text_is_the_same_whatever_names_are_tracked() -> None:
    """Relate keeps a document's counted words under its digest alone (link.words_key): the words
    of its text must not depend on which names entities.yaml tracks, only its HTML may."""
    document = Document(id="d", title="Talks", body="Sergey Lavrov met the *OSCE* chair.\n\n- Lavrov left.")
    tracked, untracked = with_names(document, ENTITIES), with_names(document, ())
    assert tracked.html != untracked.html and "mention" in tracked.html
    assert (tracked.paragraphs, tracked.text) == (untracked.paragraphs, untracked.text)
