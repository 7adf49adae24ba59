"""FIDELITY.md: the figures per kind of source, then what went wrong, file by file."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version
from statistics import mean

from bench.fidelity.pages import NotArticleResult, PageResult, PageScore
from bench.fidelity.telegram import ExportResult

# A body whose token F1 falls below this is listed as a failure: most of the article is lost,
# or it comes with much that is not the article.
BODY_F1_FAILS = 0.8
_TITLE_CHARS = 120


def fidelity_markdown(
    pages: list[PageResult], not_articles: list[NotArticleResult], exports: list[ExportResult]
) -> str:
    lines = [
        "# Fidelity on real sources",
        "",
        "How much of a real source reaches a document intact: each saved page of the corpus in",
        "`tests/data/real/` (origins and licences in its SOURCES.md) read by Dossier as a build reads",
        "a seed, and by trafilatura alone, as its users call it (`bare_extraction` with metadata,",
        "htmldate's `find_date` where it finds no date), against the page's ground truth; each",
        "Telegram export against what the export itself holds. Written by `make fidelity`",
        f"(trafilatura {version('trafilatura')}, htmldate {version('htmldate')}).",
        "",
        "Title: the headline the page shows, exactly (white space aside). Date: the day the page",
        "states; a date found on a page that states none counts as wrong. Outlet: one of the names",
        "the site goes by (a bare host name is not one). Body: the article's words as a bag of",
        "lower-cased tokens, precision and recall of the extraction against the truth, the mean",
        "over the pages. Headline not repeated: the body's first line is not the page's headline",
        "again (as a heading, in bold or plain), which a reader would see twice. A page of which no",
        "document comes loses every field.",
        "",
        "## Saved pages",
        "",
        *_pages_table(pages),
        "",
        "## Saved pages that hold no article",
        "",
        "News sites' section fronts and topic pages (headlines and teasers of other stories, menus;",
        "`tests/data/real/not-articles/`). Dossier is right when it makes no document of the page and",
        "names the page's file in what it reports; trafilatura alone when it returns no text.",
        "",
        *_not_articles_table(not_articles),
        "",
        "## Telegram exports",
        "",
        *_exports_table(exports),
        "",
        "Replies linked: a post answering another post of its export links to that post's document.",
        "First-line link kept: a post whose first line holds a link (a link on zero-width spaces alone",
        "above it too) keeps it, as its document's link or in its text. Edits shown: a post the",
        "export says was edited shows that time, as a date and time, not the export's ISO string;",
        "older exports write the epoch (1970-01-01) on every message never edited, which is no edit;",
        "“made up” counts posts never edited shown as edited. One-line posts: a post of one line of",
        "text keeps it as its text, not only as its title.",
        "",
        *_export_links_table(exports),
        "",
        "## Failures, file by file",
        "",
        "Dossier's misses; “(trafilatura alone: right)” marks those the library gets right by itself,",
        f"where the cleaner loses what it was given. A body is listed below F1 {BODY_F1_FAILS}.",
        "",
        *[line for result in pages if (line := _page_failure(result))],
        *[_not_article_failure(result) for result in not_articles if not result.reported],
        *[line for result in exports if (line := _export_failure(result))],
        "",
    ]
    return "\n".join(lines)


def _pages_table(pages: list[PageResult]) -> list[str]:
    rows = [
        "| Kind | Reader | Pages | Title exact | Date right | Outlet right | Headline not repeated"
        " | Body precision | Body recall | Body F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in sorted({result.case.kind for result in pages}):
        results = [result for result in pages if result.case.kind == kind]
        for reader, scores in (
            ("Dossier", [r.dossier_score for r in results]),
            ("trafilatura alone", [r.trafilatura_score for r in results]),
        ):
            rows.append(f"| {kind} | {reader} | {len(scores)} | " + " | ".join(_page_cells(scores)) + " |")
    return rows


def _page_cells(scores: list[PageScore]) -> list[str]:
    def share(right: Callable[[PageScore], bool]) -> str:
        count = sum(map(right, scores))
        return f"{count}/{len(scores)} ({count / len(scores):.0%})"

    return [
        share(lambda score: score.title),
        share(lambda score: score.date),
        share(lambda score: score.outlet),
        share(lambda score: score.headline_not_repeated),
        f"{mean(score.body.precision for score in scores):.3f}",
        f"{mean(score.body.recall for score in scores):.3f}",
        f"{mean(score.body.f1 for score in scores):.3f}",
    ]


def _not_articles_table(results: list[NotArticleResult]) -> list[str]:
    if not results:
        return ["None in the corpus."]
    dossier = sum(result.reported for result in results)
    alone = sum(not result.trafilatura.body for result in results)
    return [
        "| Reader | Pages | Reported, not published as an article |",
        "|---|---:|---:|",
        f"| Dossier | {len(results)} | {_of(dossier, len(results))} |",
        f"| trafilatura alone | {len(results)} | {_of(alone, len(results))} |",
    ]


def _not_article_failure(result: NotArticleResult) -> str:
    got = result.dossier
    if got.problem:
        return f"- `not-articles/{result.case.name}` ({result.case.page_type}): no document, but {got.problem}"
    return (
        f"- `not-articles/{result.case.name}` ({result.case.page_type}): published as an article,"
        f" {_quoted(got.title)}, {len(got.body.split())} words"
    )


_EXPORT_COLUMNS = (
    "Kind",
    "Exports",
    "Posts with text",
    "Documents",
    "Posts kept",
    "Hashtag-only titles",
    "Code shown as code",
    "Polls kept",
    "Senders named",
)


def _exports_table(exports: list[ExportResult]) -> list[str]:
    return _per_kind_table(_EXPORT_COLUMNS, exports, _export_cells)


def _export_cells(results: list[ExportResult]) -> list[str]:
    def total(count: Callable[[ExportResult], int]) -> int:
        return sum(map(count, results))

    posts, documents = total(lambda r: len(r.posts)), total(lambda r: len(r.documents))
    return [
        str(len(results)),
        str(posts),
        str(documents),
        _of(total(lambda r: r.kept), posts),
        f"{total(lambda r: len(r.hashtag_titles))} of {documents} titles",
        _of(total(lambda r: r.code_shown), total(lambda r: r.code_posts)),
        _of(total(lambda r: r.polls_kept), total(lambda r: r.polls)),
        _of(total(lambda r: r.senders_named), total(lambda r: r.sender_posts)),
    ]


_LINK_COLUMNS = (
    "Kind",
    "Replies linked",
    "First-line link kept",
    "Edits shown",
    "Edits made up",
    "One-line posts with text",
)


def _export_links_table(exports: list[ExportResult]) -> list[str]:
    return _per_kind_table(_LINK_COLUMNS, exports, _link_cells)


def _link_cells(results: list[ExportResult]) -> list[str]:
    def total(count: Callable[[ExportResult], int]) -> int:
        return sum(map(count, results))

    return [
        _of(total(lambda r: r.replies_linked), total(lambda r: r.replies)),
        _of(total(lambda r: r.links_kept), total(lambda r: r.link_posts)),
        _of(total(lambda r: r.edits_shown), total(lambda r: r.edits)),
        f"{total(lambda r: r.edits_made_up)} of {total(lambda r: len(r.posts) - r.edits)} never edited",
        _of(total(lambda r: r.one_liners_with_text), total(lambda r: r.one_liners)),
    ]


def _per_kind_table(
    columns: tuple[str, ...], exports: list[ExportResult], cells: Callable[[list[ExportResult]], list[str]]
) -> list[str]:
    """A Markdown table with a row for each kind of export: its name, then cells(its results)."""
    rows = ["| " + " | ".join(columns) + " |", "|---|" + "---:|" * (len(columns) - 1)]
    for kind in sorted({result.case.kind for result in exports}):
        results = [result for result in exports if result.case.kind == kind]
        rows.append(f"| {kind} | " + " | ".join(cells(results)) + " |")
    return rows


def _of(count: int, out_of: int) -> str:
    return f"{count}/{out_of} ({count / out_of:.0%})" if out_of else "none in the corpus"


def _page_failure(result: PageResult) -> str | None:
    got, score, alone = result.dossier, result.dossier_score, result.trafilatura_score
    if got.problem:
        return f"- `{result.case.name}`: no document ({got.problem})"
    misses = [] if score.headline_not_repeated else ["the body opens with the headline again"]
    if not score.title:
        misses.append(f"title {_quoted(got.title)}, not {_quoted(result.case.title)}{_right(alone.title)}")
    if not score.date:
        misses.append(f"date {got.date or 'none'}, not {_day(result.case.date)}{_right(alone.date)}")
    if not score.outlet:
        misses.append(f"outlet {_quoted(got.outlet)}, not {_quoted(result.case.outlets[0])}{_right(alone.outlet)}")
    if score.body.f1 < BODY_F1_FAILS:
        body = score.body
        better = alone.body.f1 >= BODY_F1_FAILS
        misses.append(
            f"body F1 {body.f1:.2f} (precision {body.precision:.2f}, recall {body.recall:.2f})"
            f"{' (trafilatura alone: ' + format(alone.body.f1, '.2f') + ')' if better else ''}"
        )
    return f"- `{result.case.name}`: " + "; ".join(misses) if misses else None


def _export_failure(result: ExportResult) -> str | None:
    misses = list(result.failures)
    if result.problem:
        misses.insert(0, result.problem)
    misses += [f"title of hashtags alone: {_quoted(title)}" for title in result.hashtag_titles]
    if not misses:
        return None
    shown = misses[:6] + ([f"and {len(misses) - 6} more"] if len(misses) > 6 else [])
    return f"- `telegram/{result.case.name}/{result.case.path.name}`: " + "; ".join(shown)


def _quoted(text: str | None) -> str:
    if not text:
        return "none"
    return f"“{text[:_TITLE_CHARS]}{'…' if len(text) > _TITLE_CHARS else ''}”"


def _day(truth: str | list[str] | None) -> str:
    if truth is None:
        return "none (the page states none)"
    return " or ".join([truth] if isinstance(truth, str) else truth)


def _right(alone_right: bool) -> str:
    return " (trafilatura alone: right)" if alone_right else ""
