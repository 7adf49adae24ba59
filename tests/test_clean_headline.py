"""Headline articles and pasted text: the headline is the title, the rest the body; a text of
one line is both."""

from __future__ import annotations

import pytest

from dossier.clean import clean_text


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Lavrov arrives in Minsk for talks.\n", "Lavrov arrives in Minsk for talks"),
        ("МИД России: переговоры в Вене завершились.", "МИД России: переговоры в Вене завершились"),
        ("All news\n\nTalks in Vienna end without agreement\n", "Talks in Vienna end without agreement"),
    ],
)
def test_a_text_of_one_line_keeps_it_as_its_body_and_its_title(text: str, title: str) -> None:
    (document,) = clean_text(text)
    assert document.title == title
    assert document.body.rstrip(".") == title, "the sentence is the document's text, not only its title"


def test_a_headline_over_a_body_is_not_repeated_in_it() -> None:
    """Without the fault: a headline with a paragraph under it is the title alone."""
    (document,) = clean_text("Talks in Vienna end\n\nThe delegations left on Tuesday without an agreement.\n")
    assert (document.title, document.body) == (
        "Talks in Vienna end",
        "The delegations left on Tuesday without an agreement.",
    )
