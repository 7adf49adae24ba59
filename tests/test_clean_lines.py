"""Lines every shape shares: which say nothing of the document (a site's copyright notice) and
which only look alike (a sentence about copyright)."""

from __future__ import annotations

import pytest

from dossier.clean.lines import is_rights_notice


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("™ & © 2013 Cable News Network, Inc., a Time Warner Company. All rights reserved.", True),
        ("Copyright © 2023 NPR. All rights reserved. Visit our website terms of use for information.", True),
        ("© 2026 РИА Новости", True),
        ("Все права защищены.", True),
        ("Copyright law protects the photographs, the court ruled on Tuesday.", False),
        ("The court ruled that the copyright had expired.", False),
    ],
)
def test_a_sites_copyright_notice_is_told_from_a_sentence_about_copyright(text: str, notice: bool) -> None:
    assert is_rights_notice(text) is notice
