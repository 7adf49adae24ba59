"""What the extractor keeps of a page that is not the article's: paragraphs that stand in the
site's parts or in a photo's caption go, found on the page in page order; photo credits and the
site's copyright notice go by their words; the article's own paragraphs stay, in order."""

from __future__ import annotations

import trafilatura
from hypothesis import given
from hypothesis import strategies as st

from dossier.readers.page_chrome import without_chrome, without_site_parts
from dossier.readers.page_layout import headline_element, page_blocks

ARTICLE = [
    "The ministers met in Vienna on Tuesday and talked for six hours about the treaty.",
    "Both sides said the talks had been useful, and agreed to meet again next month.",
    "A joint statement is expected on Friday, a spokesman said.",
]


def kept(body: str, paragraphs: list[str], keep_captions: bool = False) -> list[str]:
    tree = trafilatura.load_html(f"<html><body><article><h1>Ministers meet</h1>{body}</article></body></html>")
    headline = headline_element(tree)
    strip = without_site_parts if keep_captions else without_chrome
    return strip(page_blocks(tree), headline, paragraphs)


def article_with(inside: str) -> str:
    first, *rest = (f"<p>{paragraph}</p>" for paragraph in ARTICLE)
    return f"<div class='text'>{first}{inside}{''.join(rest)}</div>"


def test_paragraphs_in_a_related_list_a_comment_section_or_a_caption_go() -> None:
    chrome = {
        "<aside class='recirc'><h3>Read next</h3><p>Talks in Geneva end without a deal.</p></aside>": [
            "### Read next",
            "Talks in Geneva end without a deal.",
        ],
        "<div class='show-comments'><h2>Join the conversation</h2></div>": ["## Join the conversation"],
        "<div class='image'><p>The ministers before the talks.</p></div>": ["The ministers before the talks."],
        "<section class='collections'><h2>More from us</h2><p>A bridge will be rebuilt.</p></section>": [
            "## More from us",
            "A bridge will be rebuilt.",
        ],
    }
    for inside, extracted in chrome.items():
        paragraphs = [ARTICLE[0], *extracted, *ARTICLE[1:]]
        assert kept(article_with(inside), paragraphs) == ARTICLE, inside


def test_a_photo_story_keeps_its_captions_and_loses_only_the_sites_parts() -> None:
    body = "<div class='image'><p>The ministers before the talks.</p></div>"
    body += "<aside class='related'><p>Other news.</p></aside>"
    assert kept(body, ["The ministers before the talks.", "Other news."], keep_captions=True) == [
        "The ministers before the talks."
    ]


def test_a_part_named_like_the_sites_that_holds_the_running_text_is_the_articles() -> None:
    body = "<div class='more-content'>" + "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE) + "</div>"
    assert kept(body, ARTICLE) == ARTICLE


def test_inside_an_element_named_as_the_articles_body_every_line_is_the_articles() -> None:
    body = f"<div class='teaser-content'><div class='article-body'><p>{ARTICLE[0]}</p></div></div>"
    body += "".join(f"<div class='article-body'><p>{paragraph}</p></div>" for paragraph in ARTICLE[1:])
    assert kept(body, ARTICLE) == ARTICLE


def test_a_line_in_the_article_and_again_in_a_list_is_judged_where_it_stands_in_page_order() -> None:
    repeated = "Both sides said the talks had been useful, and agreed to meet again next month."
    body = article_with("") + f"<aside class='related'><p>{repeated}</p></aside>"
    assert kept(body, ARTICLE) == ARTICLE, "the article's copy, found first, is the article's"
    body = f"<aside class='related'><p>{repeated}</p></aside>" + article_with("")
    assert kept(body, ARTICLE) == ARTICLE, "after the list, the next copy in page order is the article's"


def test_two_lines_the_extractor_ran_into_one_are_found_and_judged() -> None:
    quote = "<aside class='pullquote promo'><p>The sexy sells.</p><p>Lee Baker</p></aside>"
    assert kept(article_with(quote), [ARTICLE[0], "The sexy sells.Lee Baker", *ARTICLE[1:]]) == ARTICLE


def test_a_paragraph_not_found_on_the_page_is_kept() -> None:
    assert kept(article_with(""), [*ARTICLE, "A line the page does not show."])[-1] == "A line the page does not show."


def test_the_sites_copyright_notice_goes_by_its_words() -> None:
    extracted = [*ARTICLE, "© 2026 The Valley Gazette. All rights reserved."]
    assert kept(article_with(""), extracted) == ARTICLE


def test_photo_credits_and_the_captions_above_them_go_by_their_words() -> None:
    caption, credit = "Участники консультаций перед началом заседания", "Фото: пресс-служба министерства"
    extracted = [ARTICLE[0], caption, credit, ARTICLE[1], "*(AP Photo/Evan Vucci)*", ARTICLE[2]]
    assert kept(article_with(""), extracted) == ARTICLE


def test_a_sentence_above_a_credit_is_no_caption_and_a_sentence_about_photos_is_no_credit() -> None:
    about = "Photos of the meeting were released by the ministry on Monday."
    extracted = [ARTICLE[0], ARTICLE[1], "Photo: Reuters", about, ARTICLE[2]]
    assert kept(article_with(f"<p>{about}</p>"), extracted) == [ARTICLE[0], ARTICLE[1], about, ARTICLE[2]]


@given(st.lists(st.sampled_from([*ARTICLE, "Read next", "Talks in Geneva end without a deal.", "Photo: AFP"])))
def test_what_is_kept_is_what_was_extracted_in_its_order(paragraphs: list[str]) -> None:
    body = article_with("<aside class='recirc'><p>Read next</p><p>Talks in Geneva end without a deal.</p></aside>")
    result = kept(body, paragraphs)
    rest = iter(paragraphs)
    assert all(any(paragraph == other for other in rest) for paragraph in result), "a subsequence"
    assert all(paragraph in ARTICLE for paragraph in result)
