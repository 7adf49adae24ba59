"""Provenance points at the right lines: a curator checks a removal against the raw seed."""

from __future__ import annotations

from dossier.clean import clean_text
from dossier.model import Removal


def test_a_dateline_is_recorded_on_its_own_line_even_when_the_headline_names_the_same_place() -> None:
    (document,) = clean_text("All news\n\nMinsk hosts the talks\n\nMINSK, May 3 (BelTA) — Minsk hosts them. More.")
    assert document.source.removed == [Removal(1, 1, "site chrome"), Removal(5, 5, "dateline")]
    assert document.source.outlet == "BelTA"


def test_a_wire_marker_and_dateline_on_their_own_lines_are_both_recorded() -> None:
    (document,) = clean_text("date 2021-12-18\nMOSCOW, December 18. /TASS/.\nRussia has completed its exit.\n")
    assert document.source.removed == [Removal(1, 2, "date marker and dateline")]
    assert document.body == "Russia has completed its exit."


def test_a_channel_post_records_headers_repeats_stubs_and_counters() -> None:
    body = "First line of the body here.\nSecond line of the body here.\n"
    text = f"Forwarded from Channel\nForwarded from Channel\nTitle of the post\n{body}Read in full\n{body}❤1"
    (document,) = clean_text(text)
    assert document.source.removed == [
        Removal(1, 2, "forwarded-from header"),
        Removal(6, 6, "link stub"),
        Removal(7, 8, "repeat"),
        Removal(9, 9, "reaction counter"),
    ]
    assert (document.source.first_line, document.source.last_line) == (3, 8)
