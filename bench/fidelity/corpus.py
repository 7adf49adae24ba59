"""The real-world corpus under tests/data/real/ (its origins in SOURCES.md there):

  pages/<id>.html.gz       a web page as a site served it, gzipped (the bytes unchanged)
  pages/<id>.truth.json    {"lang", "title", "date", "outlet": [names], "body", "by_hand": [fields]}
  not-articles/<id>.html.gz     a page that holds no article (a section front), gzipped
  not-articles/<id>.truth.json  {"article": false, "page_type", "url", "what"}
  telegram/<id>/result.json or messages.html    a Telegram Desktop export

A page's truth is the headline it shows, the day it states (None when it states none; a list
when it states two alike, published and updated), the names the site goes by, and its
article's text.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "tests" / "data" / "real"
PAGE_KINDS = {"en": "Saved pages, English", "ru": "Saved pages, Russian"}
EXPORT_KINDS = {"result.json": "Telegram JSON export", "messages.html": "Telegram HTML export"}


@dataclass(frozen=True)
class PageCase:
    name: str  # the file's id, "fundus-Reuters_2024_03_07"
    kind: str
    html: bytes
    title: str
    date: str | list[str] | None
    outlets: list[str]
    body: str


@dataclass(frozen=True)
class NotArticleCase:
    name: str  # the file's id, "wcxb-dev-2961"
    html: bytes
    page_type: str  # as its dataset labels it: "listing", "collection"


@dataclass(frozen=True)
class ExportCase:
    name: str  # its folder, "langchain-chat-html"
    kind: str
    path: Path


def page_cases(root: Path = REAL) -> list[PageCase]:
    return [
        PageCase(name, PAGE_KINDS[truth["lang"]], html, truth["title"], truth["date"], truth["outlet"], truth["body"])
        for name, truth, html in _pages_with_truth(root / "pages")
    ]


def not_article_cases(root: Path = REAL) -> list[NotArticleCase]:
    pages = _pages_with_truth(root / "not-articles")
    return [NotArticleCase(name, html, truth["page_type"]) for name, truth, html in pages]


def _pages_with_truth(folder: Path) -> list[tuple[str, dict, bytes]]:
    """Each page of the folder: its name, its ground truth (<name>.truth.json) and its bytes
    as the site served them (<name>.html.gz, gunzipped)."""
    found = []
    for truth_file in sorted(folder.glob("*.truth.json")):
        name = truth_file.name.removesuffix(".truth.json")
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        found.append((name, truth, gzip.decompress((folder / f"{name}.html.gz").read_bytes())))
    return found


def export_cases(root: Path = REAL) -> list[ExportCase]:
    return [
        ExportCase(path.parent.name, EXPORT_KINDS[path.name], path)
        for path in sorted((root / "telegram").glob("*/*"))
        if path.name in EXPORT_KINDS
    ]
