"""Synthetic dossiers for benchmarks: seeded and deterministic, with the seeds' word statistics.

Words are drawn from the five seeds with their own frequencies (a Zipf-like spread, as real
text has), a fixed share of them Russian, so stemming and the index see realistic input.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from dossier.model import Document, Source

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


def seed_vocabulary() -> tuple[list[str], list[int]]:
    words = Counter()
    for seed in sorted((REPO / "seeds").iterdir()):
        words.update(re.findall(r"[A-Za-z][A-Za-z'-]+", seed.read_text(encoding="utf-8")))
    vocabulary = sorted(words)
    return vocabulary, [words[word] for word in vocabulary]


def synthetic_documents(count: int, seed: int = 7) -> list[Document]:
    generator = random.Random(seed)
    vocabulary, weights = seed_vocabulary()
    tags = ["OSCE", "UnionState", "RussiaBelarus", "OpenSkies", "NATO", "CSTO", "UN", "EAEU"]

    def sentence(length: int) -> str:
        words = generator.choices(vocabulary, weights, k=length)
        if generator.random() < 0.1:
            words += generator.choices(_RUSSIAN, k=3)
        return " ".join(words).capitalize() + "."

    documents = []
    for number in range(count):
        paragraphs = [
            " ".join(sentence(generator.randint(8, 24)) for _ in range(3)) for _ in range(generator.randint(3, 9))
        ]
        year, month, day = generator.randint(2019, 2024), generator.randint(1, 12), generator.randint(1, 28)
        title = sentence(generator.randint(5, 11)).rstrip(".")
        documents.append(
            Document(
                id=f"synthetic-{number:05d}",
                title=title,
                body="\n\n".join(paragraphs),
                date=f"{year}-{month:02d}-{day:02d}",
                tags=generator.sample(tags, generator.randint(0, 3)),
                source=Source(seed=f"synthetic/{number // 100:03d}.txt", shape="channel", outlet="Synthetic MFA"),
            )
        )
    return documents
