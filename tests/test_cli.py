"""The command line's own decisions; what each command does is tested end to end elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier import cli


def _commands_run(monkeypatch, argv: list[str]) -> list[tuple[str, Path]]:
    run = []
    monkeypatch.setattr(cli, "_build", lambda arguments: run.append((arguments.command, arguments.out)) or 0)
    assert cli.main(argv) == 0
    return run


def test_no_command_means_build_with_the_options_given(monkeypatch) -> None:
    assert _commands_run(monkeypatch, []) == [("build", Path("site"))]
    assert _commands_run(monkeypatch, ["--out", "x"]) == [("build", Path("x"))]


def test_zip_writes_dossier_zip_unless_told_otherwise(monkeypatch) -> None:
    assert _commands_run(monkeypatch, ["zip"]) == [("zip", Path("dossier.zip"))]


def test_an_unknown_option_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["build", "--no-such-option"])
    assert stopped.value.code == cli.USAGE
    assert "--no-such-option" in capsys.readouterr().err
