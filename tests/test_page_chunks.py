"""An article a page serves in chunks of one name: told from a single container and from lists
of other stories, joined in their order only when the extractor left some out."""

from __future__ import annotations

import trafilatura

from dossier.readers.page_chunks import body_chunks, join_chunks, left_out_chunks
from dossier.readers.page_layout import visible_text

PARTS = [
    [
        f"Part {part}, paragraph {number}: the ferry left the harbour with eleven passengers aboard."
        for number in (1, 2, 3)
    ]
    for part in ("one", "two", "three")
]


def chunk(paragraphs: list[str], name: str = "body__inner-container") -> str:
    return f"<div class='{name}'>" + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs) + "</div>"


def page(*chunks: str) -> str:
    between = "<div class='ad'>Advertisement</div>"
    return f"<html><body><article><h1>The island</h1>{between.join(chunks)}</article></body></html>"


def test_containers_of_one_name_that_each_run_text_are_one_body_in_chunks() -> None:
    tree = trafilatura.load_html(page(*map(chunk, PARTS)))
    (chunks,) = body_chunks(tree)
    assert [visible_text(element)[:16] for element in chunks] == [
        "Part one, paragr",
        "Part two, paragr",
        "Part three, para",
    ]


def test_one_container_or_a_list_of_teasers_is_no_body_in_chunks() -> None:
    assert body_chunks(trafilatura.load_html(page(chunk(PARTS[0])))) == []
    teasers = [chunk([paragraph], "teaser") for paragraph in PARTS[1]]
    assert body_chunks(trafilatura.load_html(page(chunk(PARTS[0]), *teasers))) == []


def test_chunks_are_left_out_only_when_some_are_taken_and_others_not() -> None:
    tree = trafilatura.load_html(page(*map(chunk, PARTS)))
    first = "\n\n".join(PARTS[0])
    assert left_out_chunks(tree, first)
    assert not left_out_chunks(tree, "\n\n".join(p for part in PARTS for p in part)), "all taken"
    assert not left_out_chunks(tree, "Something else entirely."), "none taken: not this body"


def test_joined_chunks_stand_in_the_first_in_their_order_and_the_rest_stays() -> None:
    tree = join_chunks(trafilatura.load_html(page(*map(chunk, PARTS))))
    first = tree.xpath("//div[@class='body__inner-container']")[0]
    assert visible_text(first).split(": ")[0] == "Part one, paragraph 1"
    said = visible_text(first)
    assert said.index("Part one") < said.index("Part two") < said.index("Part three")
    assert len(tree.xpath("//div[@class='ad']")) == 2


def test_two_stories_bodies_of_one_name_are_never_one_body_in_chunks() -> None:
    """A page that loads the next story below the first has both bodies in containers of one
    name: joining them put the next story's text into the article."""
    stories = [f"<article><h1>Story {number}</h1>{chunk(PARTS[number])}</article>" for number in (0, 1)]
    assert body_chunks(trafilatura.load_html(f"<html><body>{''.join(stories)}</body></html>")) == []
    headed = [f"<h1>Story {number}</h1>{chunk(PARTS[number])}" for number in (0, 1)]
    tree = trafilatura.load_html(f"<html><body>{''.join(headed)}</body></html>")
    assert body_chunks(tree) == [] and not left_out_chunks(tree, "\n\n".join(PARTS[0]))


def test_a_first_chunk_that_opens_with_the_articles_headline_is_still_the_bodys_first() -> None:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in PARTS[0])
    opening = f"<div class='body__inner-container'><h1>The island</h1>{paragraphs}</div>"
    tree = trafilatura.load_html(
        f"<html><body><article>{opening}{chunk(PARTS[1])}{chunk(PARTS[2])}</article></body></html>"
    )
    (chunks,) = body_chunks(tree)
    assert [visible_text(element)[:8] for element in chunks] == ["The isla", "Part two", "Part thr"]
