"""Lines every shape shares: which say nothing of the document (a photo's credit, a site's
copyright notice) and which only look alike (a sentence about photos or about copyright)."""

from __future__ import annotations

import pytest

from dossier.clean.lines import is_photo_credit, is_rights_notice


@pytest.mark.parametrize(
    "line",
    [
        "Фото: Дмитрий Азаров, Коммерсантъ",
        "Фото: пресс-служба Администрации Президента",
        "Photo: Getty Images",
        "*Photograph by Anna Keller*",
        "(AP Photo/Evan Vucci)",
        "Ezra Acayan / Getty Images",
        "Image credit: NASA",
        "© AFP",
        "Иллюстрация: Мария Петрова",
        "Photo by Jane Doe on Unsplash",
        "Photos by Reuters",
        "Photo: Getty Images.",
    ],
)
def test_a_photo_credit_is_told_by_its_words(line: str) -> None:
    assert is_photo_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "Photos of the meeting were released by the ministry on Monday.",
        "Фотографии со встречи опубликовала пресс-служба.",
        "Images from the summit show the ministers shaking hands.",
        "Photo: the minister, who spoke for an hour about the treaty and its history, left without taking questions",
        "Photo: Reuters\nThe talks resumed on Monday.",
        # short sentences: "by" followed by no name, an agency that is the news
        "Photos by the thousands flooded social media.",
        "Video by the ministry shows the convoy crossing.",
        "Getty Images agreed to buy Shutterstock on Tuesday.",
    ],
)
def test_a_line_about_photos_or_a_long_caption_is_no_credit(line: str) -> None:
    assert not is_photo_credit(line)


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("™ & © 2013 Cable News Network, Inc., a Time Warner Company. All rights reserved.", True),
        ("Copyright © 2023 NPR. All rights reserved. Visit our website terms of use for information.", True),
        ("© 2026 РИА Новости", True),
        ("Все права защищены.", True),
        ("Copyright law protects the photographs, the court ruled on Tuesday.", False),
        ("The court ruled that the copyright had expired.", False),
        ("Все права защищены Конституцией, заявил Лавров.", False),
        ("All rights reserved under the treaty stay with the signatories, the ministry said.", False),
    ],
)
def test_a_sites_copyright_notice_is_told_from_a_sentence_about_copyright(text: str, notice: bool) -> None:
    assert is_rights_notice(text) is notice
