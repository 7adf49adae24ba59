"""Finding curated phrases in text: whole words, acronyms only in capitals, the longest phrase."""

from __future__ import annotations

from dossier.terms import PhraseMatcher


def _keys(phrases: dict[str, str], text: str) -> list[str]:
    return PhraseMatcher(phrases).keys_in(text)


def test_acronyms_match_only_in_capitals_and_only_as_whole_words() -> None:
    phrases = {"UN": "un", "OSCE": "osce"}
    assert _keys(phrases, "The UN and the OSCE; un, Osce, UNESCO, FUN, OSCEMC") == ["un", "osce"]


def test_other_phrases_match_in_any_case_as_whole_words() -> None:
    phrases = {"Lavrov": "lavrov", "Open Skies": "open-skies"}
    assert _keys(phrases, "LAVROV met lavrov; OPEN skies; Lavrova; open skiesx") == ["lavrov", "lavrov", "open-skies"]


def test_the_longest_phrase_that_ends_a_word_wins() -> None:
    phrases = {"Open Skies": "short", "Open Skies Treaty": "long"}
    assert _keys(phrases, "Open Skies Treaty, Open Skies Treatyx, Open Skies.") == ["long", "short", "short"]


def test_matches_give_their_place_in_the_text() -> None:
    text = "İstanbul: Lavrov and the OSCE"
    found = PhraseMatcher({"Lavrov": "lavrov", "OSCE": "osce", "İstanbul": "istanbul"}).find(text)
    assert [(text[start:end], key) for start, end, key in found] == [
        ("İstanbul", "istanbul"),
        ("Lavrov", "lavrov"),
        ("OSCE", "osce"),
    ]


def test_a_phrase_may_follow_one_that_ends_in_punctuation() -> None:
    assert _keys({"e.g.": "example", "(see": "see"}, "e.g.(see") == ["example", "see"]


def test_phrases_at_the_very_start_and_end_of_the_text() -> None:
    assert _keys({"Minsk": "minsk", "NATO": "nato"}, "NATO") == ["nato"]
    assert _keys({"Minsk": "minsk", "NATO": "nato"}, "Minsk") == ["minsk"]


def test_an_empty_phrase_matches_nothing() -> None:
    assert _keys({"": "nothing", "Minsk": "minsk"}, "in , Minsk .") == ["minsk"]


def test_a_final_sigma_is_a_sigma_as_case_is_ignored() -> None:
    assert _keys({"Κόσμος": "world"}, "ΚΌΣΜΟΣ, κόσμος, κόσμοσ") == ["world", "world", "world"]
