"""Synthetic seeds: raw files in the shapes the cleaner recognises, so a benchmark runs the whole
build, cleaning included, on text that looks like what curators collect.

Nine documents in ten are posts in Telegram channel exports of 50 posts a file (like the seeds'
long export: "Forwarded from" headers, emoji bullets, hashtags, "Read in full" stubs, bodies the
export repeats, reaction counters). The rest are one document a file, in turn a wire story, a
headline article and a ministry page capture. Every document states its date, as the seeds do.
Words come from `Prose` (the seeds' word frequencies), so the same seed gives the same files.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from bench.synthetic import Prose

CHANNEL_SHARE = 0.9
POSTS_PER_EXPORT = 50
SINGLE_DOCUMENT_SHAPES = ("wire", "headline", "webpage")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
MONTHS += ("November", "December")
CHANNELS = ("Russian MFA 🇷🇺", "Russia in OSCE/Россия в ОБСЕ", "MFA of Belarus 🇧🇾")
PLACES = ("Moscow", "Minsk", "Vienna", "Geneva", "New York")
AGENCIES = ("TASS", "RIA Novosti", "BelTA")
BULLETS = ("💬 ", "🔹 ", "☝️ ", "👉 ", "")
# Of channel posts: how many the export repeats the body of, and how many end in a link stub.
REPEATED_SHARE = 0.3
LINK_STUB_SHARE = 0.3


def documents_per_shape(count: int) -> Counter:
    """How many documents of each shape `synthetic_seeds(count)` holds: what ingestion must find."""
    posts = round(count * CHANNEL_SHARE)
    singles = count - posts
    shapes = Counter({"channel": posts} if posts else {})
    shapes.update(SINGLE_DOCUMENT_SHAPES[number % len(SINGLE_DOCUMENT_SHAPES)] for number in range(singles))
    return shapes


def synthetic_seeds(count: int, seed: int = 7) -> dict[str, str]:
    """File name -> text of seed files that ingest to exactly `count` documents."""
    prose = Prose(random.Random(seed))
    shapes = documents_per_shape(count)
    files = {}
    for number, first_post in enumerate(range(0, shapes["channel"], POSTS_PER_EXPORT)):
        posts = min(POSTS_PER_EXPORT, shapes["channel"] - first_post)
        files[f"channel-{number:04d}.txt"] = channel_export(prose, posts)
    single_shapes = [shape for shape in SINGLE_DOCUMENT_SHAPES for _ in range(shapes[shape])]
    writers = {"wire": wire_story, "headline": headline_article, "webpage": page_capture}
    for number, shape in enumerate(single_shapes):
        files[f"{shape}-{number:05d}.txt"] = writers[shape](prose)
    return files


def write_synthetic_seeds(folder: Path, count: int, seed: int = 7) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in synthetic_seeds(count, seed).items():
        (folder / name).write_text(text, encoding="utf-8")


def channel_export(prose: Prose, posts: int) -> str:
    return "\n".join(channel_post(prose) for _ in range(posts)) + "\n"


def channel_post(prose: Prose) -> str:
    """Forwarded from header, a title with its date, bullet lines, hashtags, reactions."""
    chance = prose.random
    lines = [f"Forwarded from {chance.choice(CHANNELS)}"]
    place, when = chance.choice(PLACES), _month_day_year(prose)
    if chance.random() < 0.5:
        lines.append(f"🎙 {prose.title()} ({place}, {when})")
    else:
        lines += [f"🔵 {prose.title()}", f"📍 {place}, {when}"]
    body = [chance.choice(BULLETS) + prose.paragraph() for _ in range(chance.randint(2, 6))]
    tags = prose.tags()
    if tags:
        body.append(" ".join(f"#{tag}" for tag in tags))
    if chance.random() < LINK_STUB_SHARE:
        body.append("Read in full")
    # The export copies a post's body once more for each time it was shown; cleaning drops the copy.
    lines += body + body if chance.random() < REPEATED_SHARE else body
    lines.append(f"❤{chance.randint(1, 400)}👍{chance.randint(1, 90)}")
    return "\n".join(lines)


def wire_story(prose: Prose) -> str:
    """A date marker and an agency dateline open the story; there is no headline."""
    year, month, day = prose.date()
    place, agency = prose.random.choice(PLACES).upper(), prose.random.choice(AGENCIES)
    paragraphs = prose.paragraphs()
    dateline = f"{place}, {MONTHS[month - 1]} {day}. /{agency}/."
    paragraphs[0] = f" date {year}-{month:02d}-{day:02d} {dateline} {paragraphs[0]}"
    return "\n\n".join(paragraphs) + "\n"


def headline_article(prose: Prose) -> str:
    """Site navigation, a headline, a standfirst, then the story after a dateline."""
    year, month, day = prose.date()
    place = prose.random.choice(PLACES).upper()
    paragraphs = prose.paragraphs()
    paragraphs[0] = f"{place}, {MONTHS[month - 1]} {day}, {year} (Itar-Tass) — {paragraphs[0]}"
    return "\n\n".join(["All news", prose.title(), prose.sentence(prose.random.randint(10, 20)), *paragraphs]) + "\n"


def page_capture(prose: Prose) -> str:
    """A ministry page as copied: capture date, clocks, contacts, a counter, the article,
    teasers of other items, the footer."""
    chance = prose.random
    capture_year, capture_month, capture_day = prose.date()
    chrome = [
        f"{capture_day} {MONTHS[capture_month - 1]} {capture_year}",
        f"Moscow: {chance.randint(0, 23):02d}:{chance.randint(0, 59):02d}",
        f"London: {chance.randint(0, 23):02d}:{chance.randint(0, 59):02d}",
        "",
        "Consular queries:",
        "+44 (0) 203 668 7474",
        "",
        f"{chance.randint(100, 2000)} days have passed since the Salisbury incident",
    ]
    headline = f"{prose.title()}, {chance.choice(PLACES)}, {_month_day_year(prose)}"
    teasers = []
    for _ in range(chance.randint(2, 4)):
        year, month, day = prose.date()
        teasers += [f"{day:02d}.{month:02d}.{year} - {prose.title()}", prose.sentence(chance.randint(8, 16))]
    return "\n".join(chrome) + "\n\n" + "\n\n".join([headline, *prose.paragraphs(), *teasers, "all messages"]) + "\n"


def _month_day_year(prose: Prose) -> str:
    year, month, day = prose.date()
    return f"{MONTHS[month - 1]} {day}, {year}"
