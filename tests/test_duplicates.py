"""The same text from two places is one document with every source; near-copies are versions."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.duplicates import MAX_VERSIONS, merge_copies, paragraphs_shared
from dossier.entities import with_names
from dossier.memo import Memo
from dossier.model import Document, Source
from tests.conftest import SEEDS, run_build
from tests.exports import message, write_export

LODZ_SEED = "003_938382bba7e78ea9.txt"
LODZ_ID = "2022-12-01-statement-by-the-head-of-the-delegation-of-the-russian"


def _document(id_: str, body: str, title: str = "A statement", date: str | None = None, **source: str) -> Document:
    return with_names(Document(id=id_, title=title, body=body, date=date, source=Source(**source)), ())


PARAGRAPHS = [
    f"Paragraph {n} on the Open Skies Treaty, quotas and observation flights over Belarus." for n in range(10)
]


def test_copies_that_differ_in_spacing_case_emoji_hashtags_and_stubs_are_one_document() -> None:
    pasted = _document(
        "b-pasted", "🔹 The #OSCE  met in Vienna.\n\nRussia is open for cooperation with all.\n\n❤2👍5", seed="a.txt"
    )
    exported = _document(
        "a-exported", "The OSCE met in VIENNA.\n\nRussia is open for cooperation with all 🇷🇺\n\nRead in full"
    )
    other = _document("c-other", "Something else entirely was said in Minsk.")
    kept, report = merge_copies([exported, pasted, other], Memo(None))
    assert [d.id for d in kept] == ["a-exported", "c-other"]
    assert report.merged == 1
    assert [p.id for p in kept[0].publications] == ["a-exported", "b-pasted"]


def test_the_merged_document_takes_the_earliest_date_and_keeps_every_source_and_tag() -> None:
    words = "The same words in every copy of it."
    later = _document("a-later", f"{words}\n\nSame #OSCE words.", date="2023-01-20", outlet="Channel A")
    earlier = _document("z-earlier", f"{words}\n\nSame OSCE words.", date="2023-01-19", outlet="Channel B")
    undated = _document("m-undated", "the same words in every copy of it. same osce words", outlet="Paste")
    later, earlier = dataclasses.replace(later, tags=("OSCE",)), dataclasses.replace(earlier, tags=("Vienna",))
    (merged,), _ = merge_copies([later, undated, earlier], Memo(None))
    assert (merged.id, merged.date) == ("z-earlier", "2023-01-19")
    assert [(p.id, p.date, p.source.outlet) for p in merged.publications] == [
        ("z-earlier", "2023-01-19", "Channel B"),
        ("a-later", "2023-01-20", "Channel A"),
        ("m-undated", None, "Paste"),
    ]
    assert merged.tags == ("Vienna", "OSCE")
    assert earlier.publications == () and earlier.date == "2023-01-19", "the parsed documents stay as they were"


def test_a_version_with_a_paragraph_more_is_linked_both_ways_not_merged() -> None:
    shorter = _document("a-short", "\n\n".join(PARAGRAPHS))
    longer = _document("b-long", "\n\n".join([*PARAGRAPHS, "A paragraph only one version has."]))
    unrelated = _document("c-unrelated", "\n\n".join(PARAGRAPHS[:3] + [f"Other text {n}." for n in range(8)]))
    kept, report = merge_copies([shorter, longer, unrelated], Memo(None))
    assert len(kept) == 3 and report.versions == 1
    shorter, longer, unrelated = kept
    assert [(v.id, v.shared) for v in shorter.versions] == [("b-long", 0.91)]
    assert [(v.id, v.shared) for v in longer.versions] == [("a-short", 0.91)]
    assert unrelated.versions == ()


def test_versions_are_found_among_many_documents_the_same_every_time() -> None:
    documents = [
        _document(f"d{n:04d}", "\n\n".join(f"Document {n} paragraph {p} about item {n * 7 + p}." for p in range(6)))
        for n in range(2000)
    ]
    copy = documents[1234]
    documents.append(_document("version", copy.body + "\n\nOne more paragraph."))
    for _ in range(2):
        kept, report = merge_copies(documents, Memo(None))
        assert report.versions == 1
        assert [(v.id, v.shared) for v in kept[-1].versions] == [("d1234", 0.86)]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.sets(st.sampled_from([f"p{n}" for n in range(12)]), min_size=1, max_size=8), min_size=2, max_size=12)
)
def test_every_pair_that_shares_most_paragraphs_is_linked_and_no_other(paragraph_sets) -> None:
    documents = [
        _document(
            f"d{index:02d}",
            "\n\n".join(f"Words of paragraph {p} on quotas and flights over Belarus." for p in sorted(ps)),
            title=f"T{index}",
        )
        for index, ps in enumerate(paragraph_sets)
    ]
    kept, _ = merge_copies(documents, Memo(None))
    texts = {d.id: frozenset(re.findall(r"p\d+", d.body)) for d in kept}
    for document in kept:
        linked = {v.id: v.shared for v in document.versions}
        for other in kept:
            shared = paragraphs_shared(texts[document.id], texts[other.id])
            if other is document or texts[other.id] == texts[document.id]:
                continue
            # LSH may miss a pair near the threshold, never link one under it; a document lists its
            # closest five, and is listed back by each.
            assert other.id not in linked or shared >= 0.5
            assert (other.id in linked) == (document.id in {v.id for v in other.versions})
            if shared >= 0.75 and len(linked) < MAX_VERSIONS and len(other.versions) < MAX_VERSIONS:
                assert linked.get(other.id) == shared


BRIEFING = "🎙 Briefing by Foreign Ministry Spokeswoman Maria Zakharova"


def test_posts_alike_but_linking_to_different_originals_are_never_merged() -> None:
    briefings = [
        _document(
            f"2023-01-{day}-briefing",
            "Read in full",
            title=BRIEFING,
            date=f"2023-01-{day}",
            link=f"https://mid.example/{day}",
        )
        for day in (11, 18, 25)
    ]
    body = "\n\n".join(PARAGRAPHS)
    statements = [_document(name, body, link=f"https://mid.example/{name}") for name in ("a-one", "b-two")]
    unlinked = _document("c-pasted", body)
    kept, report = merge_copies([*briefings, *statements, unlinked], Memo(None))
    assert [document.id for document in kept] == [d.id for d in [*briefings, *statements, unlinked]]
    assert report.merged == 0


def test_a_copy_without_a_link_is_one_with_copies_linking_to_one_original() -> None:
    body = "\n\n".join(PARAGRAPHS)
    linked = _document("a-exported", body, link="https://mid.example/1")
    pasted = _document("b-pasted", body)
    (merged,), report = merge_copies([linked, pasted], Memo(None))
    assert [p.id for p in merged.publications] == ["a-exported", "b-pasted"] and report.merged == 1


def test_texts_too_short_to_be_evidence_are_neither_merged_nor_versions() -> None:
    title_only = [_document(f"t{n}", "Read in full", title=BRIEFING) for n in range(2)]
    one_line = [_document(f"s{n}", "The delegation spoke.", title="Statement by the delegation") for n in range(2)]
    shared = "Russia stands for dialogue."
    short_versions = [_document(f"v{n}", f"{shared}\n\nPoint {n}.", title=f"Point {n}") for n in range(2)]
    kept, report = merge_copies([*title_only, *one_line, *short_versions], Memo(None))
    assert len(kept) == 6 and (report.merged, report.versions) == (0, 0)
    assert all(document.versions == () for document in kept)


def test_versions_of_a_hub_are_linked_both_ways_and_counted_as_shown() -> None:
    hub = _document("a5-hub", "\n\n".join(PARAGRAPHS))
    near = [_document(f"b{n}", "\n\n".join([*PARAGRAPHS, f"Paragraph only copy {n} has."])) for n in range(6)]
    kept, report = merge_copies([hub, *near], Memo(None))
    assert len(kept[0].versions) == MAX_VERSIONS
    listed = {(document.id, version.id) for document in kept for version in document.versions}
    assert listed == {(second, first) for first, second in listed}, "every link is shown both ways"
    assert report.versions == len(listed) // 2


def _lodz_post() -> list:
    """The seed channel's Lodz post as Telegram exports it: its lines, hashtags as entities."""
    lines = (SEEDS / LODZ_SEED).read_text(encoding="utf-8").split("\n")[23:36]
    parts: list = []
    for piece in re.split(r"(#\w+)", "\n".join(lines)):
        parts.append({"type": "hashtag", "text": piece} if piece.startswith("#") else piece)
    return [part for part in parts if part]


def test_a_post_pasted_and_exported_is_one_document_with_both_sources(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    repeat = message(5412, _lodz_post(), date="2022-12-01T19:40:00", forwarded_from="Russia in OSCE/Россия в ОБСЕ")
    write_export(seeds / "ChatExport_2023-02-01", [repeat], name="Belarus Watch")
    root = tmp_path / "out"
    result = run_build("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((root / "content").glob("*.md"))) == 14, "content/ keeps a file per source"
    documents = json.loads((root / "site" / "dossier.json").read_text("utf-8"))["documents"]
    assert len(documents) == 13
    (lodz,) = [d for d in documents if d["date"] == "2022-12-01"]
    assert [(s["seed"], s["id"]) for s in lodz["sources"]] == [
        (LODZ_SEED, LODZ_ID),
        ("ChatExport_2023-02-01/result.json", f"{LODZ_ID}-2"),
    ]
    assert lodz["source"] == lodz["sources"][0]
    assert lodz["sources"][1]["message"] == 5412 and lodz["sources"][1]["channel"] == "Belarus Watch"
    page = (root / "site" / "documents" / f"{LODZ_ID}.html").read_text("utf-8")
    assert "Also published in" in page and "ChatExport_2023-02-01/result.json" in page and LODZ_SEED in page
    merged_away = (root / "site" / "documents" / f"{LODZ_ID}-2.html").read_text("utf-8")
    assert f'href="{LODZ_ID}.html"' in merged_away
    assert "Merged duplicates: 1; linked versions: 0 pairs" in result.stdout
    assert run_build("check", "--out", root / "site").returncode == 0


def test_each_version_page_lists_the_other_with_the_share_of_paragraphs(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {n} on the observation flights over Belarus and the treaty's quotas." for n in range(9)]
    content = tmp_path / "content"
    content.mkdir()
    for name, body in (("short-copy", paragraphs), ("long-copy", [*paragraphs, "One paragraph more, only here."])):
        text = "\n\n".join(body)
        (content / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n{text}\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    result = run_build("build", "--seeds", tmp_path / "seeds", "--content", content, "--out", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for page, other in (("short-copy", "long-copy"), ("long-copy", "short-copy")):
        html = (tmp_path / "site" / "documents" / f"{page}.html").read_text("utf-8")
        versions = html.split('id="versions-heading"', 1)[1].split("</section>", 1)[0]
        assert f'href="{other}.html"' in versions
        assert re.search(r" · \d+% of paragraphs shared</span>", versions)
