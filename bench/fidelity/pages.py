"""A saved page read two ways: by Dossier as a build reads a seed (its reader, then its cleaner,
through seed_cleaning.clean_seed), and by trafilatura alone, as a user of the library would call it,
with htmldate for the date where trafilatura finds none. Neither is told the page's address.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.fidelity.corpus import NotArticleCase, PageCase
from bench.fidelity.scoring import BodyScore, body_score, opens_with_title, outlet_right, same_day, same_title
from dossier.clean.titles import UNTITLED
from dossier.seed_cleaning import clean_seed


@dataclass(frozen=True)
class Extraction:
    title: str | None
    date: str | None
    outlet: str | None
    body: str
    problem: str | None = None  # why no document came of the page
    names_the_file: bool = False  # the problem, as the build prints it, names the page's file


@dataclass(frozen=True)
class PageScore:
    title: bool
    date: bool
    outlet: bool
    body: BodyScore
    headline_not_repeated: bool  # the body does not open with the page's headline again


@dataclass(frozen=True)
class PageResult:
    case: PageCase
    dossier: Extraction
    trafilatura: Extraction
    dossier_score: PageScore
    trafilatura_score: PageScore


def measure_page(case: PageCase) -> PageResult:
    dossier, alone = read_with_dossier(case), read_with_trafilatura(case)
    return PageResult(case, dossier, alone, score(dossier, case), score(alone, case))


def score(extraction: Extraction, case: PageCase) -> PageScore:
    """A page with no document loses every field, its date too: a reader finds nothing of it."""
    if extraction.problem:
        return PageScore(False, False, False, BodyScore(0.0, 0.0, 0.0), False)
    return PageScore(
        title=same_title(extraction.title, case.title),
        date=same_day(extraction.date, case.date),
        outlet=outlet_right(extraction.outlet, case.outlets),
        body=body_score(extraction.body, case.body),
        headline_not_repeated=not opens_with_title(extraction.body, case.title),
    )


@dataclass(frozen=True)
class NotArticleResult:
    """A page that holds no article: whether each reader published something of it as one."""

    case: NotArticleCase
    dossier: Extraction
    trafilatura: Extraction
    reported: bool  # Dossier made no document of it and said why, naming the file


def measure_not_article(case: NotArticleCase) -> NotArticleResult:
    dossier, alone = read_with_dossier(case), read_with_trafilatura(case)
    reported = dossier.names_the_file and not dossier.problem.startswith(_CRASHED)
    return NotArticleResult(case, dossier, alone, reported)


_CRASHED = "the build crashed"


def read_with_dossier(case: PageCase | NotArticleCase) -> Extraction:
    """The page as a seed of its own in an empty seeds folder, cleaned as ingestion cleans it."""
    with tempfile.TemporaryDirectory(prefix="dossier-fidelity-") as folder:
        seeds = Path(folder)
        path = seeds / f"{case.name}.html"
        path.write_bytes(case.html)
        try:
            cleaned = clean_seed(path, seeds)
        except Exception as error:  # a reader that crashes on a real page is a finding, not the end of the run
            return Extraction(None, None, None, "", f"{_CRASHED}: {type(error).__name__}: {error}")
    if cleaned.unreadable or not cleaned.documents:
        problem = cleaned.unreadable.message if cleaned.unreadable else "no document"
        named = bool(cleaned.unreadable) and cleaned.unreadable.path == str(path)
        return Extraction(None, None, None, "", problem, named)
    document = cleaned.documents[0].document
    title = None if document.title == UNTITLED else document.title
    body = "\n\n".join(part for part in (document.summary, document.body) if part)
    return Extraction(title, document.date, document.source.outlet, body)


def read_with_trafilatura(case: PageCase | NotArticleCase) -> Extraction:
    import htmldate
    import trafilatura

    article = trafilatura.bare_extraction(case.html, with_metadata=True)
    if article is None or not (article.text or "").strip():
        return Extraction(None, None, None, "", "trafilatura found no article")
    date = article.date or htmldate.find_date(case.html)
    return Extraction(article.title, date, article.sitename, article.text or "")
