"""Pages that hold no article (section fronts, topic and tag pages, "read the full story" stubs)
told from articles, however many links an article has beside or inside it: by what the page is
made of and what it says of itself, never by its site."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from dossier.model import DossierError
from dossier.readers import page_listing, saved_page
from dossier.readers.page_layout import page_blocks

REAL = Path(__file__).resolve().parent / "data" / "real"
LISTING = "a page of other stories' headlines and teasers"

PROSE = [
    "The finance ministers of the euro area met in Brussels on Monday to discuss the budget rules.",
    "They agreed that the deficit limit would stay, but that investment in defence would not count.",
    "Several ministers said the change came too late, and that the rules needed a deeper reform.",
    "The commission will put forward a proposal in the spring, officials said after the meeting.",
    "Markets barely moved on the news, and the euro closed the day slightly higher against the dollar.",
]
STORIES = [
    "Flooding closes roads across the north of the country",
    "Central bank holds rates steady for a third month",
    "New rail line opens after ten years of building work",
    "Museum returns looted bronzes to their home country",
    "Heatwave warning issued for the south as records fall",
    "Teachers vote to strike over pay in the new year",
    "Scientists find water ice near the moon's south pole",
    "City council approves plan for a new harbour bridge",
    "Farmers protest against cuts to subsidies in the capital",
    "Hospital waiting lists fall for the first time in years",
    "Election commission publishes the final turnout figures",
    "Airline cancels hundreds of flights after a computer fault",
]


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


MENU = (
    "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world/'>World</a></li>"
    "<li><a href='/business/'>Business</a></li><li><a href='/science/'>Science</a></li></ul></nav></header>"
)
FOOTER = "<footer><p>© 2026 The Example Herald. All rights reserved.</p><a href='/about'>About us</a></footer>"


def _teaser(number: int, story: str) -> str:
    """A story's card: its headline linking to it, a one-sentence blurb, a time."""
    return (
        f"<div class='card'><h3><a href='/news/2026/01/{number:02}/story-{number}'>{story}</a></h3>"
        f"<p>{story.split()[0]} and more: officials said on Tuesday that the work would go on for weeks.</p>"
        f"<span>{number + 1} hours ago</span></div>"
    )


def _cards(count: int) -> str:
    return "".join(_teaser(number, story) for number, story in enumerate(STORIES[:count]))


def _read(tmp_path: Path, name: str, html: str):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path, lambda: saved_page.read(path, name)


def test_a_section_front_of_teasers_is_named_and_skipped(tmp_path: Path) -> None:
    body = f"{MENU}<main><h1>Business</h1><section>{_cards(12)}</section></main>{FOOTER}"
    path, read = _read(tmp_path, "business.html", _page("<title>Business | The Example Herald</title>", body))
    with pytest.raises(DossierError, match=LISTING) as raised:
        read()
    assert str(raised.value).startswith(str(path)), "the message names the file"


def test_a_tag_page_of_linked_headlines_and_blurbs_is_named_and_skipped(tmp_path: Path) -> None:
    items = "".join(
        f"<li><a href='/story/{n}'>{story}</a> <span>12 Jan 2026</span> {PROSE[n % 5]}</li>"
        for n, story in enumerate(STORIES[:6])
    )
    head = (
        "<title>Elections | The Example Herald</title><meta property='og:type' content='website'>"
        "<link rel='canonical' href='https://herald.example/tag/elections/'>"
    )
    body = f"{MENU}<main><h1>Elections</h1><ul class='list'>{items}</ul></main>{FOOTER}"
    _, read = _read(tmp_path, "elections.html", _page(head, body))
    with pytest.raises(DossierError, match=LISTING):
        read()


def test_a_read_the_full_story_stub_is_named_and_skipped(tmp_path: Path) -> None:
    most_read = "".join(f"<li><a href='/s/{n}'>{story}</a></li>" for n, story in enumerate(STORIES))
    body = (
        f"{MENU}<main><h1>Budget rules stay, ministers agree</h1>"
        "<p>Ministers agreed on Monday to keep the budget rules as they are.</p>"
        "<p><a href='https://partner.example/budget-rules'>Read the full story</a></p>"
        f"<aside><h2>Most read</h2><ol>{most_read}</ol></aside></main>{FOOTER}"
    )
    _, read = _read(tmp_path, "stub.html", _page("<title>Budget rules stay | The Example Herald</title>", body))
    with pytest.raises(DossierError, match=LISTING):
        read()


def test_an_article_with_links_in_its_body_and_a_long_related_list_stays_an_article(tmp_path: Path) -> None:
    """No metadata to say what it is: only its running text tells it from a listing."""
    linked = [
        f"{PROSE[0][:-1]}, as <a href='/news/2026/01/02/budget'>the finance ministers of the euro area</a> said.",
        f"<a href='/news/deficit'>{PROSE[1][:40]}</a>{PROSE[1][40:]}",
        *PROSE[2:],
    ]
    body = (
        f"{MENU}<main><article><h1>Euro area keeps its budget rules</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in linked)
        + f"</article><section class='related'><h2>Related</h2>{_cards(12)}</section></main>{FOOTER}"
    )
    _, read = _read(tmp_path, "rules.html", _page("<title>Euro area keeps its budget rules</title>", body))
    (document,) = read().documents
    assert document.title == "Euro area keeps its budget rules"
    assert "Markets barely moved" in document.body
    assert "Flooding closes roads" not in document.body


def test_a_short_article_that_says_it_is_one_stays_one_beside_many_headlines(tmp_path: Path) -> None:
    most_read = "".join(f"<li><a href='/s/{n}'>{story}</a></li>" for n, story in enumerate(STORIES))
    body = f"<article><h1>Talks end</h1><p>{PROSE[0]}</p></article><aside><ol>{most_read}</ol></aside>"
    heads = [
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": "Talks end"}</script>',
        "<link rel='canonical' href='https://herald.example/2026/01/19/talks-end-without-a-deal'>",
    ]
    for number, head in enumerate(heads):
        _, read = _read(tmp_path, f"flash{number}.html", _page(f"<title>Talks end</title>{head}", body))
        (document,) = read().documents
        assert document.body == PROSE[0]


@pytest.mark.parametrize(
    ("path", "story", "section"),
    [
        ("/2024/04/26/storms-tornadoes-iowa/", True, False),
        ("/world/2024/feb/24/death-toll-in-valencia-fire-rises", True, False),
        ("/doc/7715044", True, False),
        ("/news/politics/tony-blair-interview-b1189828.html", True, False),
        ("/world-news/supreme-court-upholds-20260701-p60bhj.html", True, False),
        ("/news/", False, True),
        ("/sections/science/", False, True),
        ("/topic/software", False, True),
        ("/news/technology", False, True),
        ("/", False, False),  # the site's root: a page may give it whatever it shows
        (None, False, False),
    ],
)
def test_an_address_is_a_storys_or_a_sections_by_its_shape(path, story: bool, section: bool) -> None:
    assert page_listing.is_story_address(path) is story
    assert page_listing.is_section_address(path) is section


@pytest.mark.parametrize(
    ("head", "said"),
    [
        ('<script type=\'application/ld+json\'>{"@graph": [{"@type": "NewsArticle"}]}</script>', "article"),
        ('<script type=\'application/ld+json\'>{"@type": "CollectionPage"}</script>', "listing"),
        ('<script type=\'application/ld+json\'>{"@type": "WebPage"}</script>', ""),
        ("<meta property='og:type' content='website'>", "listing"),
        ("<meta property='og:type' content='article'>", "og article"),
        ("<meta property='og:type' content='article'><link rel='canonical' href='https://x.example/sci/'>", "listing"),
        ("<meta property='og:url' content='https://x.example/2026/01/19/talks-end'>", "article"),
        ("", ""),
    ],
)
def test_what_a_page_says_it_is(head: str, said: str) -> None:
    tree = lxml_html.fromstring(_page(head, "<p>x</p>"))
    assert page_listing.said_to_be(tree, page_listing.page_address(tree, b"")) == said


@pytest.mark.parametrize(
    "head",
    [
        "<link rel='canonical' href='https://[broken/2026/01/19/talks-end'>",
        "<meta property='og:url' content='http://[::1'>",
    ],
)
def test_an_address_that_is_no_url_says_nothing_and_the_page_is_still_read(tmp_path: Path, head: str) -> None:
    """urlsplit raises ValueError on an unclosed "[": one saved page with such an address
    stopped the whole build, as no reader's ValueError is caught."""
    tree = lxml_html.fromstring(_page(head, "<p>x</p>"))
    assert page_listing.said_to_be(tree, page_listing.page_address(tree, b"")) == ""
    body = "<article><h1>Euro area keeps its budget rules</h1>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</article>"
    _, read = _read(tmp_path, "broken-address.html", _page(f"<title>Budget rules</title>{head}", body))
    (document,) = read().documents
    assert "Markets barely moved" in document.body


@settings(max_examples=25, deadline=None)
@given(cards=st.integers(min_value=0, max_value=12), paragraphs=st.integers(min_value=3, max_value=5))
def test_a_page_whose_text_runs_is_never_a_listing_however_many_teasers_beside_it(cards: int, paragraphs: int) -> None:
    body = (
        f"{MENU}<main><article><h1>Euro area keeps its budget rules</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in PROSE[:paragraphs])
        + f"</article><div class='more'>{_cards(cards)}</div></main>{FOOTER}"
    )
    tree = lxml_html.fromstring(_page("<meta property='og:type' content='website'>", body))
    headline, address = tree.find(".//h1"), page_listing.page_address(tree, b"")
    assert not page_listing.is_listing(tree, page_blocks(tree), headline, PROSE[:paragraphs], address)


def _real(folder: str) -> list[str]:
    return sorted(path.name.removesuffix(".html.gz") for path in (REAL / folder).glob("*.html.gz"))


@pytest.mark.parametrize("name", _real("not-articles"))
def test_every_real_section_front_is_named_and_skipped(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.html"
    path.write_bytes(gzip.decompress((REAL / "not-articles" / f"{name}.html.gz").read_bytes()))
    with pytest.raises(DossierError, match="no article in the saved page") as raised:
        saved_page.read(path, path.name)
    assert str(raised.value).startswith(str(path))


@pytest.mark.parametrize("name", _real("pages"))
def test_every_real_article_stays_an_article(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.html"
    path.write_bytes(gzip.decompress((REAL / "pages" / f"{name}.html.gz").read_bytes()))
    (document,) = saved_page.read(path, path.name).documents
    assert document.body
