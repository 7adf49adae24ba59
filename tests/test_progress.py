"""The progress bar shows on a terminal, for a long stage only; elsewhere the items pass as they are."""

from __future__ import annotations

import io

from tqdm import tqdm

from dossier.progress import progress_bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_stage_on_a_terminal_shows_a_bar(monkeypatch) -> None:
    monkeypatch.setattr("sys.stderr", _Terminal())
    items = list(range(100))
    bar = progress_bar(items, "Cleaning seeds")
    assert isinstance(bar, tqdm) and list(bar) == items


def test_a_short_stage_or_no_terminal_shows_none(monkeypatch) -> None:
    monkeypatch.setattr("sys.stderr", _Terminal())
    few = list(range(10))
    assert progress_bar(few, "Cleaning seeds") is few
    monkeypatch.setattr("sys.stderr", io.StringIO())
    many = list(range(100))
    assert progress_bar(many, "Cleaning seeds") is many
