"""The search index put back together in chromium, from disk (file://), as search.js loads it:
each query's refs, order and scores are those of one lunr index over every document, loaded
whole, whatever pieces the query loaded; and its best results, scored first, are the first of them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import dossier.search_pieces as search_pieces_module
from dossier.browser_libraries import SEARCH_LIBRARIES
from dossier.search_terms import fold_for_search
from tests.conftest import REPO
from tests.test_search_index import QUERIES, reference_index, seed_entries, written_index

if TYPE_CHECKING:
    from tests.browser import Tab

pytest_plugins = ["tests.browser"]  # the browser's fixtures, as in test_browser.py

# The page a test opens: lunr.js and its languages, the index's head, the index's script, and
# what answers each query twice (pieces loaded as search.js loads them: added scripts).
HARNESS = """<!doctype html>
<meta charset="utf-8">
<title>Search parity</title>
{libraries}
<script src="{head}"></script>
<script src="search-index.js"></script>
<script>
"use strict";
const received = new Map();
const loaded = [];
window.DOSSIER_SEARCH.receive = (kind, number, data) => received.set(`${{kind}}/${{number}}`, data);
function load(kind, number, file) {{
  loaded.push(file);
  return new Promise((resolve, reject) => {{
    const script = document.createElement("script");
    script.src = file;
    script.addEventListener("load", () => resolve(received.get(`${{kind}}/${{number}}`)));
    script.addEventListener("error", () => reject(new Error(file)));
    document.head.append(script);
  }});
}}
window.answer = async (queries, reference) => {{
  const index = window.dossierSearchIndex(lunr, window.DOSSIER_SEARCH.head, load);
  const whole = lunr.Index.load(reference);
  const answers = [];
  for (const query of queries) {{
    loaded.length = 0;
    const lazy = (await index.search(query)).map((result) => [result.ref, result.score]);
    const lazyLoaded = [...loaded];
    const wholeAnswer = whole.search(query).map((result) => [result.ref, result.score]);
    const best = (await index.query(query)).best(3, 2);
    const bestAnswer = best.results.map((result) => [result.ref, result.score]);
    if (best.complete) bestAnswer.push("complete");
    answers.push({{ query, lazy, whole: wholeAnswer, best: bestAnswer, loaded: lazyLoaded }});
  }}
  return answers;
}};
</script>
"""


def test_chromium_answers_from_loaded_pieces_as_from_the_whole_index(tab: Tab, tmp_path: Path) -> None:
    entries = seed_entries()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_pieces_module, "CHUNK_BYTES", 400)  # many chunks, so queries load some of them
        written_index(entries, tmp_path)
    libraries = []
    for site_path, package_path in SEARCH_LIBRARIES.items():
        shutil.copy(REPO / "node_modules" / package_path, tmp_path / Path(site_path).name)
        libraries.append(f'<script src="{Path(site_path).name}"></script>')
    shutil.copy(REPO / "templates" / "assets" / "search-index.js", tmp_path)
    head = next(path for path in (tmp_path / "assets" / "search").iterdir() if path.name.startswith("head."))
    page = HARNESS.format(libraries="\n".join(libraries), head=head.relative_to(tmp_path).as_posix())
    (tmp_path / "parity.html").write_text(page, encoding="utf-8")
    tab.page.goto((tmp_path / "parity.html").as_uri())
    queries = [fold_for_search(query) for query in QUERIES]
    answers = tab.page.evaluate(
        "([queries, reference]) => answer(queries, reference)", [queries, reference_index(entries)]
    )
    assert len(answers) == len(QUERIES) >= 30
    for answer in answers:
        assert answer["lazy"] == answer["whole"], answer["query"]
        complete = answer["best"][-1:] == ["complete"]
        assert answer["best"] == ([*answer["lazy"], "complete"] if complete else answer["lazy"][:3]), answer["query"]
        terms = [name for name in answer["loaded"] if "/terms." in name]
        assert len(terms) < len(list((tmp_path / "assets" / "search").glob("terms.*"))), answer["query"]
    assert any(answer["lazy"] for answer in answers) and not tab.watch.problems()
    assert len([answer for answer in answers if "complete" not in answer["best"]]) >= 10, "the best first, often"
