"""`make fidelity` (`python -m bench.fidelity`): read every page and export of the real-world
corpus, score each against its ground truth, and write FIDELITY.md at the checkout's root."""

from __future__ import annotations

import sys

from bench.fidelity.corpus import REAL, export_cases, not_article_cases, page_cases
from bench.fidelity.pages import measure_not_article, measure_page
from bench.fidelity.report import fidelity_markdown
from bench.fidelity.telegram import measure_export

FIDELITY = REAL.parents[2] / "FIDELITY.md"


def main() -> None:
    pages = [measure_page(case) for case in page_cases()]
    not_articles = [measure_not_article(case) for case in not_article_cases()]
    exports = [measure_export(case) for case in export_cases()]
    FIDELITY.write_text(fidelity_markdown(pages, not_articles, exports), encoding="utf-8")
    counts = f"{len(pages)} pages, {len(not_articles)} without an article, {len(exports)} Telegram exports"
    print(f"{counts}: {FIDELITY.name} written", file=sys.stderr)


if __name__ == "__main__":
    main()
