"""The page given to the extractor: media players' and galleries' chrome out, the article's text
in; the text a <div> opens with, after bold, one paragraph with its space."""

from __future__ import annotations

import pytest
import trafilatura
from lxml import etree

from dossier.readers.page_layout import headline_element, visible_text
from dossier.readers.page_markup import extraction_tree, media_chrome, whole_page_tree, wrap_opening_text

PARAGRAPHS = [
    f"{sentence} The talks went on for hours, and the two sides agreed to meet again."
    for sentence in ["The ministers met in Vienna.", "They spoke of the treaty.", "A statement followed."]
]
ARTICLE = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
PLAYER = (
    "<div class='video-js vjs-paused' data-video-id='46859' role='region'>"
    "<div class='vjs-control-bar' role='group'><span class='vjs-control-text'>Play</span>"
    "<ul class='vjs-menu-content' role='menu'><li class='vjs-menu-item'>subtitles off, selected</li></ul></div>"
    "<div class='vjs-modal-dialog' role='dialog'><p>This is a modal window.</p></div></div>"
)
GALLERY = (
    "<div class='container grid-mod-gallery'><h2 class='gallery-title'>Business news in pictures</h2>"
    "<ul class='legends'><li><h2><span class='counter'>1/2</span> Airport for sale</h2>"
    "<p>The city airport was put up for sale by its owners, and is expected to fetch two billion.</p></li>"
    "<li><h2><span class='counter'>2/2</span> Brewers merge</h2>"
    "<p>Two of the largest brewers agreed to merge, creating a group that sells one in three pints.</p></li></ul></div>"
)


def tree_of(body: str):
    return trafilatura.load_html(f"<html><body><article><h1>Ministers meet</h1>{body}</article></body></html>")


def text_given(body: str) -> str:
    tree = tree_of(body)
    return " ".join(" ".join(extraction_tree(tree, headline_element(tree)).itertext()).split())


@pytest.mark.parametrize("chrome", [PLAYER, GALLERY, "<video src='a.mp4'>Your browser does not support video.</video>"])
def test_a_players_or_gallerys_chrome_is_not_given_to_the_extractor_the_article_is(chrome: str) -> None:
    first, *rest = (f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    text = text_given(first + chrome + "".join(rest))
    for gone in ("modal window", "subtitles off", "1/2", "Airport for sale", "does not support"):
        assert gone not in text
    assert all(paragraph in text for paragraph in PARAGRAPHS)


@pytest.mark.parametrize(
    "holder",
    [
        "<div class='LightboxWrapper'>{}</div>",  # its photos open in a lightbox: it holds the text
        "<div class='story-body with-gallery'>{}</div>",  # says it holds the article
        "<div class='gallery-caption'><h1>Ministers meet</h1>{}</div>",  # holds the headline
    ],
)
def test_a_part_named_like_a_gallery_that_holds_the_article_is_kept(holder: str) -> None:
    tree = trafilatura.load_html(f"<html><body>{holder.format(ARTICLE)}</body></html>")
    assert media_chrome(tree, headline_element(tree)) == []


def test_the_whole_page_keeps_its_gallery_and_the_page_itself_is_never_changed() -> None:
    tree = tree_of(ARTICLE + GALLERY)
    before = etree.tostring(tree)
    assert "Airport for sale" in " ".join(whole_page_tree(tree).itertext())
    extraction_tree(tree, headline_element(tree))
    assert etree.tostring(tree) == before


def wrapped(html: str) -> str:
    block = etree.fromstring(html)
    wrap_opening_text(block)
    return etree.tostring(block, encoding="unicode")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<div><b>МИНСК, 5 дек — РИА Новости.</b> Переговоры прошли.<div>Ещё</div></div>",
            "<div><p><b>МИНСК, 5 дек — РИА Новости.</b> Переговоры прошли.</p><div>Ещё</div></div>",
        ),
        (
            "<div><span><strong>Москва.</strong> Текст</span></div>",
            "<div><p><span><strong>Москва.</strong> Текст</span></p></div>",
        ),
        ("<div><strong>Читайте также</strong></div>", "<div><strong>Читайте также</strong></div>"),
        ("<div><a href='/x'>Link</a> and text</div>", '<div><a href="/x">Link</a> and text</div>'),
        ("<div>Text first <b>bold</b> after</div>", "<div>Text first <b>bold</b> after</div>"),
        ("<div><p><b>Bold</b> in a paragraph</p></div>", "<div><p><b>Bold</b> in a paragraph</p></div>"),
    ],
)
def test_only_a_block_that_opens_with_bold_before_its_text_gets_a_paragraph(html: str, expected: str) -> None:
    assert wrapped(html) == expected


def test_a_bold_dateline_at_a_divs_start_keeps_its_space_through_the_extractor() -> None:
    sentence = "Переговоры министров прошли в Минске в четверг и продлились несколько часов подряд."
    more = "".join(f"<div class='article__text'>{sentence} Абзац {n}.</div>" for n in range(4))
    tree = trafilatura.load_html(
        "<html><body><article><h1>Переговоры в Минске</h1>"
        f"<div class='article__text'><strong>МИНСК, 5 дек — РИА Новости.</strong> {sentence}</div>{more}"
        "</article></body></html>"
    )
    article = trafilatura.bare_extraction(
        extraction_tree(tree, headline_element(tree)), output_format="python", include_formatting=True
    )
    assert f"**МИНСК, 5 дек — РИА Новости.** {sentence}" in article.text
    assert visible_text(tree).count("РИА Новости.") == 1
