"""Names in every form: a Russian name written once in entities.yaml is found in all its cases,
never inside a longer word, and a surname that is also a common word only as a name."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.config import Entity
from dossier.entities import entity_ids, entity_matcher
from dossier.name_forms import entity_forms, phrase_forms
from tests.conftest import run_build_here

LAVROV = Entity("sergey-lavrov", "Sergey Lavrov", "person", ("Lavrov", "Сергей Лавров", "Лавров"))
MAKEI = Entity("vladimir-makei", "Vladimir Makei", "person", ("Makei", "Владимир Макей", "Макей"))
UNION_STATE = Entity("union-state", "Union State", "organisation", ("Союзное государство",))
RYABKOV = Entity("sergei-ryabkov", "Sergei Ryabkov", "person", ("Рябков",))
MOROZ = Entity("ivan-moroz", "Ivan Moroz", "person", ("Мороз",))
MINSK = Entity("minsk", "Minsk", "place", ("Минск",))
NAMES = (LAVROV, MAKEI, UNION_STATE, RYABKOV, MOROZ, MINSK)


def found(text: str) -> tuple[str, ...]:
    entities = tuple(Entity(e.id, e.name, e.kind, e.aliases, entity_forms(e)) for e in NAMES)
    return entity_ids("", text, entity_matcher(entities))


@pytest.mark.parametrize(
    "text",
    [
        "Сергей Лавров прибыл.",
        "Визит Сергея Лаврова.",
        "Позвонили Сергею Лаврову.",
        "Встретили Сергея Лаврова.",
        "Беседа с Сергеем Лавровым.",
        "Говорили о Сергее Лаврове.",
        "Лаврову вручили письмо.",
        "По словам Лаврова, всё идёт по плану.",
    ],
)
def test_every_case_of_a_persons_name_is_that_person(text: str) -> None:
    assert found(text) == ("sergey-lavrov",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Встреча с Макеем в Минске.", ("vladimir-makei", "minsk")),
        ("Слова Макея и Макею, о Макее.", ("vladimir-makei",)),
        ("Развитие Союзного государства.", ("union-state",)),
        ("Союзному государству, Союзным государством, о Союзном государстве.", ("union-state",)),
        ("Заявление Рябкова; встреча с Рябковым.", ("sergei-ryabkov",)),
    ],
)
def test_names_and_organisations_decline_together(text: str, expected: tuple[str, ...]) -> None:
    assert found(text) == expected


def test_a_surname_that_is_also_a_word_is_a_name_only_when_written_as_one() -> None:
    assert found("Ночью ударил сильный мороз, и мороза хватило до утра.") == ()
    assert found("Заявление Мороза прозвучало утром; Морозу ответили.") == ("ivan-moroz",)


def test_a_name_inside_a_longer_word_is_not_that_name() -> None:
    assert found("Лавровский переулок и Минская область, Макеевка.") == ()


def test_forms_keep_the_written_capitals_and_leave_latin_and_acronyms_alone() -> None:
    assert phrase_forms("Союзное государство", "organisation")[1] == "Союзного государства"
    assert phrase_forms("Sergey Lavrov", "person") == ["Sergey Lavrov"]
    assert phrase_forms("ОБСЕ", "organisation") == ["ОБСЕ"] * 6
    assert "Лавровым" in entity_forms(LAVROV) and "Sergey Lavrov" not in entity_forms(LAVROV)


WIRE_STORY = """Минск: Лавров и Макей обсудили Союзное государство

МИНСК, 5 марта. /ТАСС/. Министр иностранных дел России провёл переговоры с Владимиром Макеем.
По словам Сергея Лаврова, стороны обсудили развитие Союзного государства и совместные шаги.
Макею и Лаврову предстоит новая встреча в апреле, сообщили в министерстве.
"""


def test_a_russian_wire_story_naming_them_in_oblique_cases_is_on_their_pages(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "tass.txt").write_text(WIRE_STORY.replace("Лавров и Макей обсудили Союзное государство", "переговоры"))
    site = tmp_path / "site"
    result = run_build_here("build", "--seeds", seeds, "--content", tmp_path / "content", "--out", site)
    assert result.returncode == 0, result.stdout + result.stderr
    (document,) = (site / "documents").glob("*.html")
    page = document.read_text(encoding="utf-8")
    for entity, first_mention in [
        ("vladimir-makei", "Владимиром Макеем"),
        ("sergey-lavrov", "Сергея Лаврова"),
        ("union-state", "Союзного государства"),
    ]:
        assert document.name in (site / "names" / f"{entity}.html").read_text(encoding="utf-8"), entity
        assert f'href="../names/{entity}.html" class="mention">{first_mention}</a>' in page, entity
