"""A saved page's lead, set apart from its body, is the article's first paragraph, once; what
stands beside it under the headline (byline, date, captions, a photo carousel's buttons) is not."""

from __future__ import annotations

import pytest
import trafilatura

from dossier.readers.page_layout import headline_element, page_blocks
from dossier.readers.page_lead import article_opening

LEAD = "Президенты России и Белоруссии обсудили в Минске ход интеграции и подписали пакет документов."
BODY = [
    "Переговоры прошли в узком и расширенном составах и продолжались более четырёх часов.",
    "Стороны обсудили вопросы энергетики, транспорта и единой промышленной политики.",
]
BODY_HTML = "<div class='article__body'>" + "".join(f"<p>{p}</p>" for p in BODY) + "</div>"


def opening(header: str, body: list[str] = BODY, description: str | None = None) -> list[str]:
    """The body the extractor gave (`body`), as the article opens on this page."""
    page = f"<nav><a href='/'>Главная</a></nav><div class='article'><h1>Интеграция</h1>{header}{BODY_HTML}</div>"
    html = f"<html><body>{page}</body></html>"
    tree = trafilatura.load_html(html)
    return article_opening(page_blocks(tree), headline_element(tree), body, description)


@pytest.mark.parametrize(
    "header",
    [
        f"<div class='article__announce'><div class='article__announce-text'>{LEAD}</div></div>",  # RIA
        f"<p class='lead'>{LEAD}</p>",
        f"<h2 class='doc_header__subheader'>{LEAD}</h2>",  # Kommersant
        f"<div class='read__lead entry-summary' itemprop='description'><div><p>{LEAD}</p></div></div>",  # Kremlin
        f"<div data-gu-name='standfirst'><p>{LEAD}</p></div>",  # the Guardian
        f"<div class='date'>5 декабря 2026</div><div class='anons'>{LEAD}</div>",  # after the date line
    ],
)
def test_a_lead_the_page_names_opens_the_body(header: str) -> None:
    assert opening(header) == [LEAD, *BODY]


def test_a_lead_is_the_pages_description_or_stands_right_under_the_headline() -> None:
    described = f"<div class='x1'>Автор: Иван Петров</div><div class='x2'>{LEAD}</div>"
    assert opening(described, description=LEAD[:60] + "…") == [LEAD, *BODY]
    assert opening(f"<div class='x2'>{LEAD}</div>") == [LEAD, *BODY], "a subtitle right under the headline"
    assert opening(described) == BODY, "unnamed, undescribed and under a byline: not a lead"


def test_a_lead_the_body_holds_is_kept_once_and_as_a_paragraph() -> None:
    header = f"<p class='lead'>{LEAD}</p>"
    assert opening(header, body=[f"МИНСК, 5 декабря. {LEAD} Об этом сообщили в Кремле.", *BODY[1:]])[0].startswith(
        "МИНСК"
    )
    assert opening(header, body=[f"## {LEAD}", *BODY]) == [LEAD, *BODY], "a subtitle kept as a heading"


@pytest.mark.parametrize(
    "header",
    [
        "<figure><img src='a.jpg'><figcaption>Президенты на встрече в Минске, 5 декабря 2026 года,"
        " фото пресс-службы</figcaption></figure>",
        "<div class='article__author'>Иван Петров, корреспондент в Минске по делам Союзного государства</div>",
        "<div class='page-lead'><div class='carousel'><button>Предыдущее фото</button>"
        "<span class='slide-info'>Президенты на встрече в Минске в пятницу вечером</span></div></div>",
        "<div class='page-lead'><div class='wheel'>Prev</div><div class='wheel'>Next</div></div>",
        "<div class='related'><a href='/1'>Лукашенко прокомментировал итоги переговоров с президентом</a></div>",
    ],
)
def test_what_stands_beside_a_lead_is_no_lead(header: str) -> None:
    assert opening(header) == BODY


def test_the_byline_the_extractor_took_into_the_body_goes() -> None:
    header = "<div data-component='byline-block'><span>By Tom Reid</span><span>Transport correspondent</span></div>"
    assert opening(header, body=["By Tom ReidTransport correspondent", *BODY]) == BODY
    assert opening("", body=["Tom Reid", *BODY]) == ["Tom Reid", *BODY], "only what the header shows goes"
