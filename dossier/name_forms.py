"""Every form of a curated name: Russian names change their ending with their case (Лавров,
Лаврова, Лаврову, Лавровым, Лаврове; Союзное государство, Союзного государства), so a name
written once in entities.yaml is matched in all six cases.

The forms are made by morphology (pymorphy3, whose Russian dictionary ships in its PyPI package:
nothing is downloaded), word by word in the same case, so that an adjective keeps agreeing with
its noun. A surname the dictionary does not know (Рябков) is declined as the common -ов/-ев/-ин
surnames are. English needs no forms: a possessive (Lavrov's) is the name followed by a
non-letter, which whole-word matching finds already.

Loading the dictionary takes a third of a second: the forms are kept in the memo, so a build
loads it only when the names in entities.yaml change.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from dossier.config import Config, Entity
from dossier.memo import Memo, digest

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# The tags a name's word most likely has, by the kind of name.
_NAME_TAGS = {"person": ("Surn", "Name", "Patr"), "place": ("Geox",), "organisation": ("Orgn",)}
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")
# Surnames in -ов, -ев, -ёв, -ин, -ын, declined as the dictionary declines Лавров.
_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)$")
_SURNAME_ENDINGS = {"nomn": "", "gent": "а", "datv": "у", "accs": "а", "ablt": "ым", "loct": "е"}
# About what making one name's forms costs (the dictionary once loaded).
FORMS_SECONDS = 0.0005


def with_forms(config: Config, memo: Memo) -> Config:
    """The config with each name's case forms (Entity.forms), from the memo where it has them."""
    keys = [digest("forms", entity.kind, entity.name, entity.aliases) for entity in config.entities]
    forms = memo.map("name-forms", entity_forms, list(config.entities), keys, FORMS_SECONDS)
    entities = tuple(dataclasses.replace(e, forms=f) for e, f in zip(config.entities, forms, strict=True))
    return dataclasses.replace(config, entities=entities)


def entity_forms(entity: Entity) -> tuple[str, ...]:
    """The forms of the name and of each alias that are not written already, in a stable order."""
    written = {entity.name, *entity.aliases}
    forms = {form for phrase in written for form in phrase_forms(phrase, entity.kind)}
    return tuple(sorted(forms - written))


def phrase_forms(phrase: str, kind: str) -> list[str]:
    """The phrase in each case, its words declined together; a phrase with no Russian word, or
    with a word that cannot be declined (an acronym, a word in Latin letters), as it is."""
    words = phrase.split(" ")
    if not any(_CYRILLIC_WORD.fullmatch(word) for word in words):
        return [phrase]
    declined = [_word_forms(word, kind) for word in words]
    return [" ".join(forms[case] for forms in declined) for case in CASES]


def _word_forms(word: str, kind: str) -> dict[str, str]:
    """The word in each case, written as it is written (capitalised, or not); unchanged where
    it does not decline."""
    unchanged = dict.fromkeys(CASES, word)
    if not _CYRILLIC_WORD.fullmatch(word) or word.isupper():
        return unchanged
    parse = _nominative(word, kind)
    if parse is None:
        if kind == "person" and word[:1].isupper() and _SURNAME.search(word):
            return {case: word + ending for case, ending in _SURNAME_ENDINGS.items()}
        return unchanged
    forms = {}
    for case in CASES:
        inflected = parse.inflect({case})
        forms[case] = _written_as(word, inflected.word) if inflected else word
    return forms


def _nominative(word: str, kind: str):
    """The word's likeliest reading as the nominative a name is written in: one with the tag
    this kind of name has (a surname, a place), else any; None when it cannot be one."""
    readings = [parse for parse in morphology().parse(word) if parse.tag.case == "nomn"]
    if not readings:
        return None
    tagged = [parse for parse in readings if any(tag in parse.tag for tag in _NAME_TAGS.get(kind, ()))]
    return (tagged or readings)[0]


def _written_as(original: str, form: str) -> str:
    return form.capitalize() if original[:1].isupper() else form


@functools.cache
def morphology():
    """pymorphy3's Russian analyser, loaded when a name's forms are first made (a third of a
    second), never when the memo has them all."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")
