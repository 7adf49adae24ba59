"""The named-entity model `build.py names` asks about Russian candidates: natasha's news model,
loaded from the data inside its wheel, reading only the sentences a candidate stands in."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dossier.name_model import NOT_A_NAME, _covers_a_form, model_installed, model_kinds

pytestmark = pytest.mark.skipif(not model_installed(), reason="natasha's model is installed by `make site`")


def test_the_model_is_installed_by_make_site() -> None:
    assert model_installed()


@pytest.mark.parametrize(
    ("forms", "sentence", "kind"),
    [
        (["Марии Захаровой"], "По словам Марии Захаровой, переговоры продолжатся.", "person"),
        (["Жозепом Боррелем"], "Антони Блинкен и Жозепом Боррелем обсудили визы.", "person"),
        (["Роскосмос"], "Антони Блинкен обсудил Роскосмос.", "organisation"),
        (["ТАСС"], "Об этом сообщает ТАСС.", "organisation"),
        (["Ближнем Востоке"], "На Ближнем Востоке неспокойно.", "place"),
        (["Женеве"], "Переговоры в Женеве продолжатся.", "place"),
        (["Красивый Закат"], "Над морем был виден Красивый Закат, и все молчали.", NOT_A_NAME),
        (["Важное Решение"], "Совет принял Важное Решение по бюджету.", NOT_A_NAME),
    ],
)
def test_the_model_gives_the_kind_of_the_words_where_the_name_stands(forms, sentence, kind) -> None:
    assert model_kinds([(forms, [sentence])]) == [kind]


def test_each_candidate_gets_the_kind_most_of_its_sentences_give() -> None:
    candidates = [
        (["Захарова", "Захаровой"], ["Мария Захарова заявила.", "Слова Марии Захаровой.", "В Женеве тихо."]),
        (["Минск", "Минске"], ["Встреча прошла в Минске.", "Минск ждёт гостей."]),
    ]
    assert model_kinds(candidates) == ["person", "place"]


def test_a_name_elsewhere_in_the_sentence_is_not_the_candidates() -> None:
    """Lavrov is a person, but the candidate, a phrase beside him, is no name."""
    assert model_kinds([(["Важное Решение"], ["Сергей Лавров принял Важное Решение."])]) == [NOT_A_NAME]


def test_a_span_covers_a_form_where_they_overlap_anywhere_in_the_sentence() -> None:
    sentence = "Лавров и Лаврова: Лавров."
    assert _covers_a_form(sentence, SimpleNamespace(start=18, stop=24), ["Лавров"])  # the second "Лавров"
    assert not _covers_a_form(sentence, SimpleNamespace(start=7, stop=8), ["Лавров"])
    assert _covers_a_form(sentence, SimpleNamespace(start=9, stop=16), ["Лаврова"])
    assert not _covers_a_form("Иванов и Петров.", SimpleNamespace(start=0, stop=6), ["Иван"]), "a word of its own"
