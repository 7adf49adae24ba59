"""The prebuilt index answers in lunr.js (the reader's browser) exactly as in lunr.py (the build),
in English and in Russian."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.builder import Builder
from lunr.index import Index

import dossier.search_index as search_index_module
from dossier.classify import classify
from dossier.clean import clean_text
from dossier.config import load_config
from dossier.entities import with_names
from dossier.memo import Memo
from dossier.search_index import (
    RUSSIAN_WORD_CHARACTERS,
    _builder,
    build_shard,
    fold_for_search,
    index_entries,
    shard_count,
    shard_entries,
    shard_of,
    start_search_index,
)
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


def seed_documents() -> list:
    """The five seeds and a Russian sample, cleaned, classified and named as a build does."""
    documents = []
    for path in [*sorted(SEEDS.iterdir()), SAMPLES / "channel_ru_open_skies_stubs.txt"]:
        documents += clean_text(path.read_text(encoding="utf-8"), seed=path.name)
    config = load_config(REPO / "content")
    documents = [with_names(document, config.entities) for document in documents]
    return classify(documents, config.themes, Memo(None))[0]


def seed_entries() -> list[dict]:
    config = load_config(REPO / "content")
    return index_entries(
        seed_documents(), {t.id: t.title for t in config.themes}, {e.id: e.name for e in config.entities}
    )


@pytest.fixture(scope="module")
def search_index() -> dict:
    return build_shard(seed_entries())


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
    empty = build_shard([])
    assert empty["documents"] == [] and _python_answers(empty) == [[] for _ in QUERIES]
    assert _node_answers(empty, tmp_path) == [[] for _ in QUERIES]


# Words that exercise the tokenizer and the pipeline: cases, hyphens, edge punctuation, stop
# words in both languages, ё, Unicode spaces.
WORDS = st.sampled_from(
    ["Treaty", "open-skies", "the", "и", "Белоруссия", "полёт", "(OSCE)", "u.s.", "«небо»", "2021", "--", "a", "Ёж"]
)
SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "\u202f", "-"])


@given(st.lists(st.lists(st.tuples(WORDS, SPACES), max_size=12), min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_a_shard_is_the_index_lunr_builder_add_makes_of_the_same_text(texts: list) -> None:
    """Terms are analysed once per distinct word and fed to lunr.py's builder: the index must be
    exactly what Builder.add, token by token, makes of the same fields."""
    entries = []
    for number, pairs in enumerate(texts):
        text = "".join(word + space for word, space in pairs)
        fields = {"title": text[:20], "body": text, "tags": "", "entities": "", "themes": text[-15:]}
        entries.append({"id": f"d{number}", "fields": fields, "listing": {}})
    builder = _builder(Builder)  # lunr.py's own, not the shards' faster one
    for ref, entry in enumerate(entries):
        builder.add({"ref": str(ref), **{field: fold_for_search(text) for field, text in entry["fields"].items()}})
    assert build_shard(entries)["index"] == builder.build().serialize()


def _merged(shards: list[dict], query: str) -> list[list]:
    """Every shard searched, results merged by score, ties in shard order: as search.js does."""
    found = []
    for shard in sorted(shards, key=lambda shard: shard["shard"]):
        found += [[shard["shard"], r["ref"], r["score"]] for r in Index.load(shard["index"]).search(query)]
    return [[number, ref, round(score, 6)] for number, ref, score in sorted(found, key=lambda r: -r[2])]


NODE_SHARDS = """
const fs = require("fs");
const lunr = require("lunr");
require("lunr-languages/lunr.stemmer.support")(lunr);
require("lunr-languages/lunr.ru")(lunr);
const [shardsFile, queriesFile] = process.argv.slice(1);
const shards = JSON.parse(fs.readFileSync(shardsFile, "utf8")).sort((a, b) => a.shard - b.shard);
const answers = JSON.parse(fs.readFileSync(queriesFile, "utf8")).map((query) =>
  shards.flatMap((shard) => lunr.Index.load(shard.index).search(query).map((r) => [shard.shard, r.ref, r.score]))
    .sort((a, b) => b[2] - a[2]).map(([shard, ref, score]) => [shard, ref, Number(score.toFixed(6))]));
console.log(JSON.stringify(answers));
"""


def test_sharded_answers_merge_alike_in_lunr_js_and_lunr_py(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(search_index_module, "SHARD_SIZE", 4)
    shards = [{"shard": n, **build_shard(entries)} for n, entries in enumerate(shard_entries(seed_entries()))]
    assert len(shards) == 4 and all(shard["documents"] for shard in shards)
    queries = [fold_for_search(query) for query in QUERIES]
    (tmp_path / "shards.json").write_text(json.dumps(shards, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    node = subprocess.run(
        ["node", "-e", NODE_SHARDS, str(tmp_path / "shards.json"), str(tmp_path / "queries.json")],
        capture_output=True,
        text=True,
        timeout=60,
        env={"NODE_PATH": str(REPO / "node_modules"), "PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    assert node.returncode == 0, node.stderr
    for query, in_node in zip(queries, json.loads(node.stdout), strict=True):
        in_python = _merged(shards, query)
        assert [r[:2] for r in in_node] == [r[:2] for r in in_python], query
        assert [r[2] for r in in_node] == pytest.approx([r[2] for r in in_python], rel=1e-4), query
    assert _merged(shards, "open skies"), "a query over shards finds what one index finds"


def test_an_edit_rebuilds_only_the_shard_of_the_edited_document(monkeypatch) -> None:
    monkeypatch.setattr(search_index_module, "SHARD_SIZE", 4)
    built = []
    monkeypatch.setattr(search_index_module, "shard_script", lambda number, entries: built.append(number) or b"")
    documents, memo = seed_documents(), Memo(None)
    files = start_search_index(documents, {}, {}, memo)()
    assert sorted(built) == [0, 1, 2, 3] and len(files) == 4
    built.clear()
    assert start_search_index(documents, {}, {}, memo)() == files and built == [], "nothing changed, nothing rebuilt"
    edited = dataclasses.replace(documents[5], text="A new sentence.")
    start_search_index([*documents[:5], edited, *documents[6:]], {}, {}, memo)()
    assert built == [shard_of(edited.id, 4)]


def test_a_document_keeps_its_shard_while_the_dossier_grows_within_a_power_of_two() -> None:
    assert [shard_count(n) for n in (0, 13, 1000, 1001, 2000, 2001, 10_000)] == [1, 1, 1, 2, 2, 4, 16]
    assert all(0 <= shard_of(f"document-{n}", 16) < 16 for n in range(100))
    assert len({shard_of(f"document-{n}", 16) for n in range(200)}) == 16, "ids spread over the shards"
