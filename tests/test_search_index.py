"""The prebuilt index answers in lunr.js (the reader's browser) exactly as in lunr.py (the build),
in English and in Russian."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lunr.index import Index

from dossier.classify import classify
from dossier.clean import clean_text
from dossier.config import load_config
from dossier.entities import find_entities
from dossier.markdown import markdown_to_text
from dossier.search_index import RUSSIAN_WORD_CHARACTERS, build_search_index, fold_for_search
from tests.conftest import REPO, SAMPLES, SEEDS

QUERIES = [
    "Makei",
    "open skies",
    "osc*",
    "title:belarus",
    "makey~1",
    "+minsk -nato",
    "небо",
    "небу~1",
    "неб*",
    "договор",
    "title:договор",
    "полёт",
    "полет",
    "белоруссия",
    "обсе",
    "+белоруссия -обсе",
    "skies",
    "belarus",
    "OSCE",
    "Lavrov",
]

# Loads the index as a page does: lunr, then lunr-languages' stemmer support and Russian.
NODE_SEARCH = """
const fs = require("fs");
const lunr = require("lunr");
require("lunr-languages/lunr.stemmer.support")(lunr);
require("lunr-languages/lunr.ru")(lunr);
const [indexFile, queriesFile] = process.argv.slice(1);
const index = lunr.Index.load(JSON.parse(fs.readFileSync(indexFile, "utf8")).index);
const fold = (q) => q.replace(/ё/g, "е").replace(/Ё/g, "Е");
const answers = JSON.parse(fs.readFileSync(queriesFile, "utf8")).map((query) =>
  index.search(fold(query)).map((result) => [result.ref, Number(result.score.toFixed(6))]));
console.log(JSON.stringify(answers));
"""


@pytest.fixture(scope="module")
def search_index() -> dict:
    documents = []
    for path in [*sorted(SEEDS.iterdir()), SAMPLES / "channel_ru_open_skies_stubs.txt"]:
        documents += clean_text(path.read_text(encoding="utf-8"), seed=path.name)
    for document in documents:
        document.text = markdown_to_text(document.body)
    config = load_config(REPO / "content")
    classify(documents, config.themes, [])
    find_entities(documents, config.entities)
    return build_search_index(
        documents, {t.id: t.title for t in config.themes}, {e.id: e.name for e in config.entities}
    )


def _python_answers(search_index: dict) -> list[list[list]]:
    index = Index.load(search_index["index"])
    return [
        [[result["ref"], round(result["score"], 6)] for result in index.search(fold_for_search(query))]
        for query in QUERIES
    ]


def _node_answers(search_index: dict, tmp_path: Path) -> list[list[list]]:
    index_file, queries_file = tmp_path / "index.json", tmp_path / "queries.json"
    index_file.write_text(json.dumps(search_index, ensure_ascii=False), encoding="utf-8")
    queries_file.write_text(json.dumps(QUERIES, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        ["node", "-e", NODE_SEARCH, str(index_file), str(queries_file)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"NODE_PATH": str(REPO / "node_modules"), "PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_lunr_js_answers_every_query_as_lunr_py_does(search_index: dict, tmp_path: Path) -> None:
    python, node = _python_answers(search_index), _node_answers(search_index, tmp_path)
    for query, in_python, in_node in zip(QUERIES, python, node, strict=True):
        assert [ref for ref, _ in in_node] == [ref for ref, _ in in_python], query
        assert [score for _, score in in_node] == pytest.approx([score for _, score in in_python], rel=1e-4), query


def test_the_queries_find_what_a_reader_expects(search_index: dict) -> None:
    titles = [document["title"] for document in search_index["documents"]]
    answers = dict(zip(QUERIES, _python_answers(search_index), strict=True))

    def found(query: str) -> list[str]:
        return [titles[int(ref)] for ref, _ in answers[query]]

    assert any("Makei, Minsk, June 19, 2020" in title for title in found("Makei"))
    assert found("небо"), "a Russian query must find a text that has only «небу»"
    assert found("полёт") == found("полет") != []
    assert all("Belarus" in title or "Белорус" in title for title in found("title:belarus"))
    assert found("osc*")


def test_the_python_trimmer_keeps_the_word_characters_lunr_languages_keeps() -> None:
    node = subprocess.run(
        [
            "node",
            "-e",
            'const l=require("lunr");require("lunr-languages/lunr.stemmer.support")(l);'
            'require("lunr-languages/lunr.ru")(l);process.stdout.write(l.ru.wordCharacters)',
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"NODE_PATH": str(REPO / "node_modules"), "PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    assert (
        node.stdout.encode("unicode_escape").decode().lower()
        == RUSSIAN_WORD_CHARACTERS.encode("unicode_escape").decode().lower()
    )


def test_a_dossier_with_no_documents_has_an_index_lunr_js_loads(tmp_path: Path) -> None:
    """lunr.py's builder divides by zero on no documents; a new, empty dossier must still build."""
    empty = build_search_index([], {}, {})
    assert empty["documents"] == [] and _python_answers(empty) == [[] for _ in QUERIES]
    assert _node_answers(empty, tmp_path) == [[] for _ in QUERIES]
