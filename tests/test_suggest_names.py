"""`build.py names`: the people, organisations and places the documents name that entities.yaml
lacks, suggested with their kind, forms and sentences, never added silently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.config import Config, Entity
from dossier.model import Document
from dossier.name_forms import entity_forms
from dossier.name_model import model_installed
from dossier.suggest_names import suggest_names
from tests.conftest import SEEDS, run_build_here

NAMED = Entity("sergey-lavrov", "Sergey Lavrov", "person", ("Lavrov", "Лавров"))
LAVROV = Entity(NAMED.id, NAMED.name, NAMED.kind, NAMED.aliases, entity_forms(NAMED))
CONFIG = Config("Dossier", "", None, 20, (), (LAVROV,))


def documents(*texts: str) -> list[Document]:
    return [
        Document(id=f"d{n}", title=f"Note {n}", body=text, text=text, paragraphs=(text,))
        for n, text in enumerate(texts)
    ]


def suggested(*texts: str) -> dict[str, str]:
    return {suggestion.name: suggestion.kind for suggestion in suggest_names(documents(*texts), CONFIG)}


def test_a_name_in_two_documents_is_suggested_in_its_dictionary_form_with_every_form_seen() -> None:
    (suggestion,) = suggest_names(
        documents("Встреча: с Марией Захаровой говорили долго.", "Вчера Марию Захарову спросили о визах."), CONFIG
    )
    assert (suggestion.name, suggestion.kind, suggestion.documents) == ("Мария Захарова", "person", {"d0", "d1"})
    assert set(suggestion.forms) == {"Марией Захаровой", "Марию Захарову"}
    assert suggestion.examples == [
        "Встреча: с Марией Захаровой говорили долго.",
        "Вчера Марию Захарову спросили о визах.",
    ]


def test_names_entities_yaml_has_in_any_form_and_names_in_one_document_are_not_suggested() -> None:
    assert suggested("Вчера Лаврову позвонили из Женевы.", "Сегодня с Лавровым говорил Josep Borrell.") == {}


def test_one_word_opening_a_sentence_is_no_name_but_the_same_word_inside_one_is() -> None:
    assert suggested("Treaty talks went on.", "Treaty texts were read.") == {}
    assert suggested("The envoy met Borrell.", "Talks ended, said Borrell.") == {"Borrell": "person"}


def test_a_name_a_date_follows_is_a_datelines_place() -> None:
    texts = ("Talks resumed (New York, January 3, 2019).", "Envoys met (New York, 5 March 2020).")
    assert suggested(*texts) == {"New York": "place"}


def test_a_byline_or_a_month_alone_after_a_name_is_no_dateline() -> None:
    bylines = ("Written by John Smith, March 3, 2019, for us.", "Edited by John Smith, June 4, 2020.")
    assert suggested(*bylines) == {"John Smith": "person"}
    asked = ("The envoy asked Anna Berg, may I ask more?", "The host thanked Anna Berg, March was long.")
    assert suggested(*asked) == {"Anna Berg": "person"}


@pytest.mark.skipif(not model_installed(), reason="natasha's model is installed by `make site`")
def test_the_model_decides_a_russian_names_kind_and_drops_what_it_reads_as_no_name() -> None:
    texts = (
        "Совет принял Важное Решение по бюджету. На Ближнем Востоке неспокойно.",
        "Вчера на Ближнем Востоке прошли выборы, и комиссия приняла Важное Решение о визах.",
    )
    assert suggested(*texts) == {"Ближний Восток": "place"}


@pytest.mark.slow  # a build, then names: about 3 s
def test_names_lists_the_people_entities_yaml_lacks_first_with_forms_and_sentences(tmp_path: Path) -> None:
    """`build.py names` on the seeds and documents written here that name two people absent
    from entities.yaml, one in Russian in oblique cases only."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    russian = ["встретился с Марией Захаровой", "сообщила Марии Захаровой", "пригласили Марию Захарову"]
    places = ["Brussels", "Geneva", "Vienna"]
    for number in range(12):
        (seeds / f"note-{number}.txt").write_text(
            f"Briefing number {number}\n\nOn day {number} the envoy met Josep Borrell in {places[number % 3]} to talk"
            f" about visas. Later the envoy {russian[number % 3]} and they spoke of trade, item {number}.\n",
            encoding="utf-8",
        )
    content = tmp_path / "content"
    assert run_build_here("build", "--seeds", seeds, "--content", content, "--out", tmp_path / "site").returncode == 0
    result = run_build_here("names", "--content", content, "--write", "--limit", "5")
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert listed[0].startswith("Josep Borrell (person, 12 documents")
    assert listed[1].startswith("Мария Захарова (person, 12 documents") and "Марии Захаровой" in listed[1]
    examples = [line.strip() for line in result.stdout.splitlines() if line.startswith("    ")]
    assert any("met Josep Borrell in" in example for example in examples)
    suggested = (content / "names-suggested.yaml").read_text(encoding="utf-8")
    assert "- name: Josep Borrell" in suggested and "- name: Мария Захарова" in suggested
    assert "Мария Захарова" not in (content / "entities.yaml").read_text(encoding="utf-8"), "never added silently"
