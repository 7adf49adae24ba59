"""The same text from two places is one document with every source; near-copies are versions."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dossier.clean.lines import LINK_STUB
from dossier.duplicates import (
    MAX_VERSIONS,
    MIN_SHARED_RUNS,
    SHINGLE_WORDS,
    VERSION_THRESHOLD,
    DuplicatesReport,
    merge_copies,
    runs_shared,
    shingles,
    word_hashes,
)
from dossier.entities import with_names
from dossier.memo import Memo
from dossier.model import Document, Source
from tests.conftest import SEEDS, run_build_here
from tests.exports import message, write_export

LODZ_SEED = "003_938382bba7e78ea9.txt"
LODZ_ID = "2022-12-01-statement-by-the-head-of-the-delegation-of-the-russian"
VERSIONS = Path(__file__).parent / "versions"


def _document(id_: str, body: str, title: str = "A statement", date: str | None = None, **source: str) -> Document:
    return with_names(Document(id=id_, title=title, body=body, date=date, source=Source(**source)), ())


def _case(name: str) -> Document:
    """A document of tests/versions/: its first line the title, then the body."""
    title, body = (VERSIONS / f"{name}.txt").read_text(encoding="utf-8").split("\n\n", 1)
    return _document(name, body, title=title)


def _runs(document: Document) -> set[tuple[str, ...]]:
    """The document's runs of five words, worked out here from its title and its body's
    paragraphs but a "Read in full": what the share of text is measured in."""
    paragraphs = [p for p in document.body.split("\n\n") if not LINK_STUB.match(p)]
    words = re.findall(r"[^\W_]+", " ".join([document.title, *paragraphs]).casefold())
    return {tuple(words[at : at + SHINGLE_WORDS]) for at in range(len(words) - SHINGLE_WORDS + 1)}


def _shared(first: Document, second: Document) -> float:
    runs, other = _runs(first), _runs(second)
    return round(len(runs & other) / max(len(runs), len(other)), 2)


def _are_versions(first: Document, second: Document) -> bool:
    """Half of each text in the other, and a passage in common."""
    return _shared(first, second) >= VERSION_THRESHOLD and len(_runs(first) & _runs(second)) >= MIN_SHARED_RUNS


# Twelve words each, no run of five in two: a text's share of another is easy to work out.
PARAGRAPHS = [
    "The Treaty on Open Skies was signed in Helsinki in March 1992.",
    "Observation flights gave every State Party a picture of its neighbours' forces.",
    "Quotas for the flights were agreed each year at the Consultative Commission.",
    "Russia and Belarus formed one group of States Parties for these quotas.",
    "The United States announced its withdrawal from the Treaty in May 2020.",
    "Moscow asked the other members to keep flight data among themselves only.",
    "No such guarantees were given, and Russia began to leave the Treaty.",
    "The last Russian observation flight took place over Belarus in November 2021.",
    "Minsk said it would keep its own obligations under the Treaty unchanged.",
    "Diplomats in Vienna called the end of the Treaty a European loss.",
]
MORE_PARAGRAPHS = [
    "Aircraft built for the observation flights were handed over to other services.",
    "Talks on confidence building in Europe have not resumed since that winter.",
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
    longer = _document("b-long", "\n\n".join([*PARAGRAPHS, MORE_PARAGRAPHS[0]]))
    unrelated = _document("c-unrelated", "\n\n".join(PARAGRAPHS[:3] + [f"Other text {n}." for n in range(8)]))
    kept, report = merge_copies([shorter, longer, unrelated], Memo(None))
    assert len(kept) == 3 and report.versions == 1
    shorter, longer, unrelated = kept
    # The title's 2 words and 120 more make 118 runs of five; the longer has 12 words, 12 runs more.
    assert [(v.id, v.shared) for v in shorter.versions] == [("b-long", round(118 / 130, 2))]
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
        # 44 words with the title, 40 runs of five; "one more paragraph" adds 3.
        assert [(v.id, v.shared) for v in kept[-1].versions] == [("d1234", 0.93)]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sets(st.integers(0, 11), min_size=1, max_size=8), min_size=2, max_size=12))
def test_every_pair_sharing_half_of_each_text_and_a_passage_is_linked_both_ways_and_no_other(paragraph_sets) -> None:
    pool = PARAGRAPHS + MORE_PARAGRAPHS
    documents = [
        _document(f"d{index:02d}", "\n\n".join(pool[p] for p in sorted(ps)), title=f"T{index}")
        for index, ps in enumerate(paragraph_sets)
    ]
    kept, _ = merge_copies(documents, Memo(None))
    assert [d.id for d in kept] == [d.id for d in documents], "titles apart, no two are copies"
    for document in kept:
        linked = {v.id: v.shared for v in document.versions}
        assert document.id not in linked and len(linked) == len(document.versions) <= MAX_VERSIONS
        for other in kept:
            if other is document:
                continue
            shared = _shared(document, other)
            # LSH may miss a pair near the threshold, never link one under it; a document lists its
            # closest five, and is listed back by each.
            assert other.id not in linked or (linked[other.id] == shared and _are_versions(document, other))
            assert linked.get(other.id) == {v.id: v.shared for v in other.versions}.get(document.id)
            room = len(linked) < MAX_VERSIONS and len(other.versions) < MAX_VERSIONS
            if shared >= 0.8 and _are_versions(document, other) and room:
                assert linked.get(other.id) == shared


def _statement_paragraphs() -> list[str]:
    return [p for name in ("open_skies_ministry", "lodz_ministry") for p in _case(name).body.split("\n\n")]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_one_word_edit_of_a_long_text_broken_into_other_paragraphs_is_a_version(data) -> None:
    """A statement of three to six paragraphs (EN or RU), one word changed and every paragraph
    break moved: still the same statement."""
    chosen = data.draw(st.lists(st.sampled_from(_statement_paragraphs()), min_size=3, max_size=6, unique=True))
    tokens = " ".join(chosen).split()
    at = data.draw(st.sampled_from([n for n, token in enumerate(tokens) if token.isalpha()]))
    word = data.draw(st.sampled_from(["agreement", "observers", "соглашение", "наблюдатели", "Vienna"]))
    assume(word.casefold() != tokens[at].casefold())
    edited = [*tokens[:at], word, *tokens[at + 1 :]]
    # New breaks before words only: a paragraph opening "2020." would be a numbered list.
    breaks = data.draw(st.sets(st.sampled_from([n for n, t in enumerate(edited) if n and t[0].isalpha()])))
    bounds = [0, *sorted(breaks), len(edited)]
    paragraphs = [" ".join(edited[start:end]) for start, end in itertools.pairwise(bounds)]
    original = _document("a-original", "\n\n".join(chosen))
    changed = _document("b-edited", "\n\n".join(paragraphs))
    kept, report = merge_copies([original, changed], Memo(None))
    assert report.merged == 0, "a word apart is not a copy"
    assert [[v.id for v in d.versions] for d in kept] == [["b-edited"], ["a-original"]]
    assert kept[0].versions[0].shared == kept[1].versions[0].shared >= 0.9


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=len(PARAGRAPHS), max_size=len(PARAGRAPHS)))
def test_documents_with_no_paragraph_in_common_are_never_versions(owners) -> None:
    """Texts on one subject, in the same words ("the Treaty", "observation flights"), each
    paragraph in one document only: no run of five words in two, no versions."""
    bodies = {owner: [p for p, of in zip(PARAGRAPHS, owners, strict=True) if of == owner] for owner in set(owners)}
    documents = [_document(f"d{owner}", "\n\n".join(body)) for owner, body in sorted(bodies.items())]
    kept, report = merge_copies(documents, Memo(None))
    assert report.versions == 0 and all(document.versions == () for document in kept)


@pytest.mark.parametrize(("subject", "shared"), [("open_skies", 0.6), ("lodz", 0.58)])
def test_a_statement_and_an_agency_story_of_four_of_its_six_paragraphs_are_versions(subject, shared) -> None:
    """The agency adds a dateline, a paragraph of its own and one of background, leaves two of
    the statement's paragraphs out, splits one and joins two, and changes a word: no paragraph
    of the statement is left whole in the story (English, Russian)."""
    ministry, agency = _case(f"{subject}_ministry"), _case(f"{subject}_tass")
    kept, report = merge_copies([ministry, agency], Memo(None))
    assert report == DuplicatesReport(merged=0, versions=1)
    assert [(v.id, v.shared) for v in kept[0].versions] == [(agency.id, shared)]
    assert [(v.id, v.shared) for v in kept[1].versions] == [(ministry.id, shared)]
    assert _shared(ministry, agency) == shared


@pytest.mark.parametrize(("subject", "other"), [("open_skies", "completion"), ("lodz", "permanent_council")])
def test_two_statements_on_one_subject_sharing_a_paragraph_and_a_quote_are_not_versions(subject, other) -> None:
    """The same closing paragraph (Russia open to dialogue) and a sentence quoted from the
    first: each is a quarter or less of the other."""
    ministry, agency, later = _case(f"{subject}_ministry"), _case(f"{subject}_tass"), _case(f"{subject}_{other}")
    assert 0.1 < _shared(ministry, later) < VERSION_THRESHOLD
    kept, report = merge_copies([ministry, agency, later], Memo(None))
    assert report.versions == 1 and kept[2].versions == ()
    assert [v.id for v in kept[0].versions] == [agency.id]


@pytest.mark.parametrize("subject", ["open_skies", "lodz"])
def test_a_post_quoting_one_sentence_of_a_statement_is_not_its_version(subject) -> None:
    """A third of the post or more is in the statement, a few percent of the statement in the
    post: versions must each be at least half in the other, one way is not enough."""
    ministry, post = _case(f"{subject}_ministry"), _case(f"{subject}_post")
    post_runs = _runs(post)
    assert len(post_runs & _runs(ministry)) / len(post_runs) > 0.3
    assert _shared(ministry, post) < 0.1
    kept, report = merge_copies([ministry, post], Memo(None))
    assert report.versions == 0 and all(document.versions == () for document in kept)


@pytest.mark.parametrize(
    ("first", "second"), [("talks_belarus", "talks_armenia"), ("talks_belarus_ru", "talks_kazakhstan_ru")]
)
def test_two_announcements_from_one_template_are_not_versions(first, second) -> None:
    """Talks with another minister, another day, in another city: half of each short text's runs
    are the template's, but too few to be a passage of one statement."""
    announcement, other = _case(first), _case(second)
    assert _shared(announcement, other) >= VERSION_THRESHOLD and not _are_versions(announcement, other)
    kept, report = merge_copies([announcement, other], Memo(None))
    assert report.versions == 0 and all(document.versions == () for document in kept)


def test_the_share_of_text_is_the_share_of_the_longer_text_in_the_other() -> None:
    words = re.findall(r"[^\W_]+", " ".join(PARAGRAPHS).casefold())
    whole, half = shingles(word_hashes(words)), shingles(word_hashes(words[:60]))
    assert (len(whole), len(half)) == (116, 56)
    assert runs_shared(whole, half) == runs_shared(half, whole) == (56, round(56 / 116, 2))
    assert runs_shared(whole, whole) == (116, 1.0)


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


# What each of six versions of one text adds: different sentences, not a word apart, so that each
# is closer to the text than to another version.
HUB_EXTRAS = [
    "Copy one adds a note on the Vienna Document.",
    "A second copy thanks the Swedish chairmanship for its work.",
    "This copy quotes the spokeswoman at her weekly briefing.",
    "Another copy lists the dates of every flight since 2002.",
    "The fifth copy ends with a link to the Russian text.",
    "The last copy adds a photograph of the observation aircraft.",
]


def test_versions_of_a_hub_are_linked_both_ways_and_counted_as_shown() -> None:
    hub = _document("a5-hub", "\n\n".join(PARAGRAPHS))
    near = [_document(f"b{n}", "\n\n".join([*PARAGRAPHS, extra])) for n, extra in enumerate(HUB_EXTRAS)]
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
    result = run_build_here("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site")
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
    assert run_build_here("check", "--out", root / "site").returncode == 0


def test_each_version_page_lists_the_other_with_the_share_of_text(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {n} on the observation flights over Belarus and the treaty's quotas." for n in range(9)]
    content = tmp_path / "content"
    content.mkdir()
    for name, body in (("short-copy", paragraphs), ("long-copy", [*paragraphs, "One paragraph more, only here."])):
        text = "\n\n".join(body)
        (content / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n{text}\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    result = run_build_here("build", "--seeds", tmp_path / "seeds", "--content", content, "--out", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for page, other in (("short-copy", "long-copy"), ("long-copy", "short-copy")):
        html = (tmp_path / "site" / "documents" / f"{page}.html").read_text("utf-8")
        versions = html.split('id="versions-heading"', 1)[1].split("</section>", 1)[0]
        assert f'href="{other}.html"' in versions
        assert re.search(r" · \d+% of the text shared</span>", versions)
