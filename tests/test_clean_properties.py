"""What must hold for every text, not just the samples: cleaning never raises, is deterministic,
is idempotent, and loses no sentence of a document's main text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dossier.clean import clean_text, headline, wire
from dossier.clean.lines import strip_leading_symbols
from dossier.clean.titles import UNTITLED
from dossier.content import document_file
from tests.conftest import SEEDS

# Lines that push the shape detectors around, mixed with arbitrary text.
MARKERS = [
    "Forwarded from Russian MFA 🇷🇺",
    "Forwarded from Канал",
    "❤1",
    "❤2👍5",
    "Read in full",
    "👉Подробнее",
    "Key points:",
    "date 2021-06-18 MOSCOW, June 18. /TASS/.",
    "MOSCOW, August 14 (Itar-Tass) — ",
    "All news",
    "Moscow: 00:41",
    "Consular queries:",
    "+44 (0) 203 668 7474",
    "12 days have passed since the incident",
    "25.10.2021 - Other item",
    "all messages",
    "26 October 2021",
    "#OSCE #UnionState",
    "# heading",
    "> quote",
    "---",
    "",
]
lines = st.one_of(st.text(max_size=80), st.sampled_from(MARKERS))
texts = st.one_of(st.text(), st.lists(lines, max_size=30).map("\n".join))

WORDS = [
    "treaty",
    "observation",
    "flights",
    "union",
    "state",
    "minister",
    "talks",
    "security",
    "Europe",
    "Minsk",
    "Moscow",
    "Vienna",
    "delegation",
    "statement",
    "cooperation",
    "council",
    "parliament",
    "summit",
    "agreement",
    "consultations",
    "region",
    "небо",
    "договор",
    "союзное",
    "государство",
    "переговоры",
    "безопасность",
]
sentences = st.lists(st.sampled_from(WORDS), min_size=5, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_cleaning_never_raises_and_always_yields_a_titled_document(text: str) -> None:
    for document in clean_text(text):
        assert document.title.strip()
        assert document.id and re.fullmatch(r"[a-z0-9-]+", document.id)


@settings(max_examples=200)
@given(texts)
def test_cleaning_is_deterministic(text: str) -> None:
    first = [document_file(document) for document in clean_text(text)]
    assert first == [document_file(document) for document in clean_text(text)]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(st.text(max_size=80), max_size=30).map("\n".join)))
def test_cleaning_a_cleaned_document_changes_nothing(text: str) -> None:
    _assert_cleaning_again_changes_nothing(text)


def _assert_cleaning_again_changes_nothing(text: str) -> None:
    """Scope: arbitrary text and documents in each shape (below). Texts that splice one shape's
    markers into another's at random are covered by the never-raises and deterministic
    properties only: there, one shape keeps what another removes, by design."""
    for document in clean_text(text):
        assume(not _opens_like_a_dated_story(document))
        # A text with nothing in it gives a document with no body and the placeholder title,
        # which, cleaned again as text, is a line of text and so its body too.
        assume(document.body or document.title != UNTITLED)
        again = clean_text(document.as_text())
        assert [(d.title, d.body, d.tags) for d in again] == [(document.title, document.body, document.tags)]


def _opens_like_a_dated_story(document) -> bool:
    """The known exception: a channel post whose title or first line is itself a wire opening
    ("date 2021-06-18 MOSCOW, June 18. /TASS/.") or a dateline reads, cleaned again, as the
    wire story or article it looks like, and loses that opening to the dateline rule."""
    opening = [document.title, *document.body.split("\n\n")[:2]]
    patterns = (wire.MARKER, wire.DATELINE, headline.DATELINE)
    return any(pattern.match(text) for pattern in patterns for text in opening)


@st.composite
def channel_exports(draw) -> tuple[str, list[list[str]]]:
    """A channel export in the pasted shape, and the body lines of each post."""
    posts = draw(st.lists(st.lists(sentences, min_size=1, max_size=6, unique=True), min_size=1, max_size=5))
    seen: set[str] = set()
    posts = [[line for line in post if not (line in seen or seen.add(line))] or ["Lone sentence."] for post in posts]
    lines: list[str] = []
    for index, body in enumerate(posts):
        lines += ["Forwarded from Channel"] * draw(st.integers(1, 3))
        lines += [f"🎙 Title number {index} of the export", *body]
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["Read in full", "👉Read in full", "Learn more"])))
        repeat_from = draw(st.integers(0, len(body)))
        if len(body) - repeat_from >= 2 or (len(body) > repeat_from and len(body[repeat_from].split()) >= 5):
            lines += body[repeat_from:]
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["❤1", "👍3", "❤2👍5", "🔥12 👏3"])))
    return "\n".join(lines), posts


@settings(max_examples=200)
@given(channel_exports())
def test_channel_export_keeps_every_sentence_once_per_post(export: tuple[str, list[list[str]]]) -> None:
    text, posts = export
    _assert_cleaning_again_changes_nothing(text)
    documents = clean_text(text)
    assert len(documents) == len(posts)
    for document, body in zip(documents, posts, strict=True):
        for sentence in body:
            assert document.body.count(sentence) == 1
        assert "Read in full" not in document.body and "❤" not in document.body


@settings(max_examples=200)
@given(
    st.lists(sentences, min_size=1, max_size=8, unique=True),
    st.sampled_from(["wire", "headline", "webpage", "plain"]),
)
def test_single_document_shapes_lose_no_sentence(body: list[str], shape: str) -> None:
    paragraphs = "\n\n".join(body)
    text = {
        "wire": f"date 2022-05-01 MINSK, May 1. /BelTA/. {paragraphs}",
        "headline": f"All news\n\nA headline for the story\n\nMOSCOW, May 1 (TASS) — {paragraphs}",
        "webpage": f"26 October 2021\nMoscow: 00:41\n\nConsular queries:\n\nThe article, Minsk, June 1, 2020\n\n"
        f"{paragraphs}\n\n01.10.2021 - Another item\n\nIts teaser.\n\nall messages",
        "plain": f"{'A very long opening line that no one would take for a headline ' * 5}\n{paragraphs}",
    }[shape]
    _assert_cleaning_again_changes_nothing(text)
    (document,) = clean_text(text)
    assert document.source.shape == shape
    for sentence in body:
        assert sentence in document.body


def _main_text_of_seeds() -> dict[str, str]:
    """Each seed's main text as a reader would mark it by hand: chrome, counters, stubs and teasers out."""
    text = {path.name[:3]: path.read_text(encoding="utf-8") for path in SEEDS.iterdir()}
    channel_noise = re.compile(r"^(Forwarded from .*|[❤👍\d]+|👉?Read in full|Learn more)$")
    return {
        "000": text["000"].split("/TASS/.", 1)[1],
        "001": text["001"],
        "002": text["002"].replace("All news", "").replace("MOSCOW, August 14 (Itar-Tass) —", ""),
        "003": "\n".join(line for line in text["003"].splitlines() if not channel_noise.match(line)),
        "004": "\n".join(text["004"].splitlines()[11:42]),
    }


def test_no_sentence_of_a_seeds_main_text_is_lost() -> None:
    for prefix, main_text in _main_text_of_seeds().items():
        (seed,) = SEEDS.glob(f"{prefix}_*.txt")
        documents = clean_text(seed.read_text(encoding="utf-8"), seed=seed.name)
        cleaned = " ".join(" ".join(f"{d.title} {d.body}".split()) for d in documents)
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", main_text):
            sentence = strip_leading_symbols(" ".join(sentence.split()))
            assert sentence.rstrip(".") in cleaned, f"{seed.name}: {sentence!r}"
