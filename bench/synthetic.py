"""Synthetic dossiers for benchmarks: seeded and deterministic, with the seeds' word statistics.

Words are drawn from the five seeds with their own frequencies (a Zipf-like spread, as real
text has), a fixed share of them Russian, so stemming and the index see realistic input.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
import shutil
from collections import Counter
from pathlib import Path

from dossier.content import document_file
from dossier.model import Document, Source
from dossier.name_forms import phrase_forms

REPO = Path(__file__).resolve().parent.parent
_RUSSIAN = [
    "договор",
    "по",
    "открытому",
    "небу",
    "россия",
    "белоруссия",
    "союзное",
    "государство",
    "переговоры",
    "безопасность",
    "министр",
    "иностранных",
    "дел",
    "заявление",
    "сотрудничество",
    "наблюдательные",
    "полёты",
    "обсе",
    "совет",
]
# People the documents name, invented, as a real dossier's name theirs: English ones, and Russian
# ones in every grammatical case (with the words a case follows), so that naming and
# `build.py names` have names to find, as they do in real text.
_ENGLISH_PEOPLE = [
    f"{first} {last}"
    for first in ("Anna", "Tomas", "Helen", "Jakub", "Maria", "Olaf")
    for last in ("Lindqvist", "Marchetti", "Kowalczyk", "Whitfield", "Duarte")
]
_RUSSIAN_PEOPLE = [
    *(f"{first} {last}" for first in ("Пётр", "Игорь", "Олег") for last in ("Ковалёв", "Сорокин", "Беляев")),
    *(f"{first} {last}" for first in ("Ирина", "Елена", "Ольга") for last in ("Соколова", "Морозова", "Зайцева")),
]
_RUSSIAN_CASE_FRAMES = ("заявил {}", "по словам {}", "позвонили {}", "пригласили {}", "встреча с {}", "речь о {}")
TAGS = ["OSCE", "UnionState", "RussiaBelarus", "OpenSkies", "NATO", "CSTO", "UN", "EAEU"]


@functools.cache
def _russian_forms(name: str) -> list[str]:
    """The name in the six cases, nominative first (pymorphy3, as Dossier declines names)."""
    return phrase_forms(name, "person")


@functools.cache
def seed_vocabulary() -> tuple[list[str], list[int]]:
    words = Counter()
    for seed in sorted((REPO / "seeds").iterdir()):
        words.update(re.findall(r"[A-Za-z][A-Za-z'-]+", seed.read_text(encoding="utf-8")))
    vocabulary = sorted(words)
    return vocabulary, [words[word] for word in vocabulary]


class Prose:
    """Sentences, paragraphs, titles and dates from one seeded generator: the same seed, the same text."""

    def __init__(self, generator: random.Random):
        self.random = generator
        self.vocabulary, weights = seed_vocabulary()
        # Summed once: random.choices would sum the weights again on every call.
        self.cumulative_weights = list(itertools.accumulate(weights))

    def sentence(self, length: int) -> str:
        words = self.random.choices(self.vocabulary, cum_weights=self.cumulative_weights, k=length)
        if self.random.random() < 0.1:
            words += self.random.choices(_RUSSIAN, k=3)
        return " ".join(words).capitalize() + self.named() + "."

    def named(self) -> str:
        """A person named after the sentence's words, in one sentence of eight."""
        if self.random.random() >= 0.125:
            return ""
        if self.random.random() < 0.5:
            return f", said {self.random.choice(_ENGLISH_PEOPLE)}"
        case = self.random.randrange(len(_RUSSIAN_CASE_FRAMES))
        return ", " + _RUSSIAN_CASE_FRAMES[case].format(_russian_forms(self.random.choice(_RUSSIAN_PEOPLE))[case])

    def paragraph(self) -> str:
        return " ".join(self.sentence(self.random.randint(8, 24)) for _ in range(3))

    def paragraphs(self) -> list[str]:
        return [self.paragraph() for _ in range(self.random.randint(3, 9))]

    def title(self) -> str:
        return self.sentence(self.random.randint(5, 11)).rstrip(".")

    def date(self) -> tuple[int, int, int]:
        return self.random.randint(2019, 2024), self.random.randint(1, 12), self.random.randint(1, 28)

    def tags(self) -> list[str]:
        return self.random.sample(TAGS, self.random.randint(0, 3))


def synthetic_documents(count: int, seed: int = 7) -> list[Document]:
    """`count` documents as if already cleaned: the form a content folder holds."""
    prose = Prose(random.Random(seed))
    documents = []
    for number in range(count):
        paragraphs = prose.paragraphs()
        year, month, day = prose.date()
        title = prose.title()
        documents.append(
            Document(
                id=f"synthetic-{number:05d}",
                title=title,
                body="\n\n".join(paragraphs),
                date=f"{year}-{month:02d}-{day:02d}",
                tags=prose.tags(),
                source=Source(seed=f"synthetic/{number // 100:03d}.txt", shape="channel", outlet="Synthetic MFA"),
            )
        )
    return documents


def dossier_folder(root: Path, count: int | None) -> Path:
    """root/seeds and root/content for a benchmark to build: the repository's seeds and content,
    or an empty seeds/ and `count` synthetic documents as content files. Returns content/."""
    content = root / "content"
    if count is None:
        shutil.copytree(REPO / "seeds", root / "seeds")
        shutil.copytree(REPO / "content", content)
        return content
    (root / "seeds").mkdir()
    content.mkdir()
    for document in synthetic_documents(count):
        (content / f"{document.id}.md").write_text(document_file(document), encoding="utf-8")
    return content
