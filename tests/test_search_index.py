"""The search index: one lunr index over the whole dossier, published in pieces and put back
together in the reader's browser for each query. Whatever a query loads, its results (refs,
order, scores) are those of one lunr.py index over every document, loaded whole by lunr.js;
and that index answers in lunr.js (the reader's browser) as in lunr.py (the build)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.index import Index

import dossier.search_index as search_index_module
import dossier.search_pieces as search_pieces_module
from dossier.classify import classify
from dossier.clean import clean_text
from dossier.config import load_config
from dossier.entities import with_names
from dossier.memo import Memo
from dossier.model import Document
from dossier.search_index import (
    IndexEntry,
    SearchIndex,
    analyse_group,
    analysis_groups,
    index_entries,
    start_search_index,
    with_listings,
)
from dossier.search_pieces import K1, B, IndexParts, index_pieces, postings
from dossier.search_terms import FIELDS, RUSSIAN_WORD_CHARACTERS, analyse, fold_for_search, lunr_builder
from dossier.workers import Workers
from tests.conftest import REPO, SAMPLES, SEEDS

# English and Russian; prefixes, fields, fuzzy, required and excluded terms; boosts; queries of
# excluded terms alone; and queries that find nothing.
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
    "treaty",
    "min*",
    "lavrof~1",
    "+belarus +minsk",
    "-nato",
    "-minsk -belarus",
    "-договор",
    "body:skies",
    "entities:lavrov",
    "themes:osce",
    "*sky",
    "s*s",
    "open^10 skies",
    "zanzibar",
    "qqqq*",
    "title:zzzz",
    "министр лавров",
]

NODE = {"NODE_PATH": str(REPO / "node_modules"), "PATH": "/usr/local/bin:/usr/bin:/bin"}
# Loads lunr as a page does (lunr, then lunr-languages' stemmer support and Russian), then
# answers each query twice: with the reference index loaded whole, and with the site's search
# index (templates/assets/search-index.js) loading its pieces from the folder given.
NODE_SEARCH = """
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const lunr = require("lunr");
require("lunr-languages/lunr.stemmer.support")(lunr);
require("lunr-languages/lunr.ru")(lunr);
const [script, site, referenceFile, queriesFile] = process.argv.slice(1);
const run = (file) => {
  const window = { DOSSIER_SEARCH: { receive: (kind, number, data) => (window.data = data) } };
  vm.runInNewContext(fs.readFileSync(path.join(site, file), "utf8"), { window });
  return window;
};
const loaded = [];
const load = async (kind, number, file) => (loaded.push(file), run(file).data);
const headFile = fs.readdirSync(path.join(site, "assets/search")).find((name) => name.startsWith("head."));
const head = run(`assets/search/${headFile}`).DOSSIER_SEARCH.head;
const index = require(script)(lunr, head, load);
const reference = referenceFile ? lunr.Index.load(JSON.parse(fs.readFileSync(referenceFile, "utf8"))) : null;
const fold = (q) => q.replace(/ё/g, "е").replace(/Ё/g, "Е");
const answer = (results) => results.map((result) => [result.ref, result.score]);
(async () => {
  const answers = [];
  for (const query of JSON.parse(fs.readFileSync(queriesFile, "utf8"))) {
    loaded.length = 0;
    const lazy = answer(await index.search(fold(query)));
    const loadedByQuery = [...loaded];
    const whole = reference ? answer(reference.search(fold(query))) : null;
    // The best few, scored two documents at first: as many batches as it takes.
    const best = {};
    const prepared = await index.query(fold(query));
    for (const count of [1, 3, 10]) {
      const found = prepared.best(count, 2);
      best[count] = { results: answer(found.results), complete: found.complete };
    }
    answers.push({ query, lazy, whole, best, loaded: loadedByQuery });
  }
  console.log(JSON.stringify(answers));
})();
"""


def seed_documents() -> list:
    """The five seeds and a Russian sample, cleaned, classified and named as a build does."""
    documents = []
    for path in [*sorted(SEEDS.iterdir()), SAMPLES / "channel_ru_open_skies_stubs.txt"]:
        documents += clean_text(path.read_text(encoding="utf-8"), seed=path.name)
    config = load_config(REPO / "content")
    documents = [with_names(document, config.entities) for document in documents]
    return classify(documents, config.themes, Memo(None))[0]


def seed_entries() -> list[IndexEntry]:
    config = load_config(REPO / "content")
    return index_entries(
        seed_documents(), {t.id: t.title for t in config.themes}, {e.id: e.name for e in config.entities}
    )


def reference_index(entries: list[IndexEntry]) -> dict:
    """One index over every entry, as lunr.py's own Builder makes it, word by word."""
    builder = lunr_builder()
    for ref, entry in enumerate(entries):
        builder.add({"ref": str(ref), **{field: fold_for_search(text) for field, text in entry.fields.items()}})
    return builder.build().serialize()


def index_made_here(entries: list[IndexEntry]) -> SearchIndex:
    """The index of the entries, every step in this process, as start_search_index makes it."""
    groups = tuple(analyse_group(group) for group in analysis_groups(entries))
    parts = IndexParts(tuple(entry.id for entry in entries), tuple(entry.facets for entry in entries), groups)
    return with_listings(*index_pieces(parts), entries, Memo(None))


def written_index(entries: list[IndexEntry], folder: Path) -> Path:
    index = index_made_here(entries)
    for name, data in index.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def node_answers(site: Path, reference: dict | None, tmp_path: Path, queries: list[str] = QUERIES) -> list[dict]:
    reference_file, queries_file = tmp_path / "reference.json", tmp_path / "queries.json"
    reference_file.write_text(json.dumps(reference, ensure_ascii=False) if reference else "", encoding="utf-8")
    queries_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    script = REPO / "templates" / "assets" / "search-index.js"
    arguments = [str(script), str(site), str(reference_file) if reference else "", str(queries_file)]
    result = subprocess.run(
        ["node", "-e", NODE_SEARCH, *arguments], capture_output=True, text=True, timeout=120, env=NODE
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def entries() -> list[IndexEntry]:
    return seed_entries()


@pytest.fixture(scope="module")
def answers(entries: list[IndexEntry], tmp_path_factory) -> list[dict]:
    """Every query, answered lazily from an index cut in many small chunks (a few hundred bytes
    each) and by the reference index loaded whole."""
    folder = tmp_path_factory.mktemp("index")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_pieces_module, "CHUNK_BYTES", 400)
        written_index(entries, folder / "site")
    return node_answers(folder / "site", reference_index(entries), folder)


def test_the_index_is_the_one_lunr_py_builds_over_every_document(entries: list[IndexEntry]) -> None:
    """Same terms, same numbers for them, same weights for each document and field."""
    assert_the_index_lunr_py_builds(entries)


def assert_the_index_lunr_py_builds(entries: list[IndexEntry]) -> None:
    reference = reference_index(entries)
    index = postings(tuple(e.id for e in entries), tuple(analyse_group(group) for group in analysis_groups(entries)))
    assert index.vocabulary == [term for term, _ in reference["invertedIndex"]], "sorted as lunr sorts them"
    ranks = np.argsort(np.argsort(index.numbers, kind="stable"), kind="stable")
    assert ranks.tolist() == [posting["_index"] for _, posting in reference["invertedIndex"]], "in lunr's order"
    term_of = {posting["_index"]: term for term, posting in reference["invertedIndex"]}
    expected = {}
    for field_ref, elements in reference["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        for number, weight in zip(elements[::2], elements[1::2], strict=True):
            expected[(term_of[number], field, int(ref))] = weight
    fields = list(FIELDS)
    found = {}
    boosts = list(FIELDS.values())
    for term_number, term in enumerate(index.vocabulary):
        idf = index.idf[term_number]
        for at in range(index.term_bounds[term_number], index.term_bounds[term_number + 1]):
            field, tf, length = int(index.fields[at]), int(index.counts[at]), int(index.lengths[at])
            # lunr.py's Builder's BM25, as search-index.js works it out from what the chunks hold
            score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / index.averages[field])) + tf)
            found[(term, fields[field], int(index.refs[at]))] = round(score * boosts[field], 3)
    assert found == expected


def test_each_query_loads_what_it_needs_and_answers_as_the_whole_index(answers: list[dict]) -> None:
    assert len(answers) >= 30
    for answer in answers:
        assert answer["lazy"] == answer["whole"], answer["query"]
    chunks = lambda answer: [name for name in answer["loaded"] if "/terms." in name]  # noqa: E731
    by_query = {answer["query"]: answer for answer in answers}
    assert len(chunks(by_query["Makei"])) == 1, "one word, one chunk"
    assert len(chunks(by_query["open skies"])) <= 2
    assert not any("vocabulary" in name for name in by_query["osc*"]["loaded"]), "a prefix needs no vocabulary"
    assert any("vocabulary" in name for name in by_query["makey~1"]["loaded"]), "a fuzzy term does"
    assert by_query["-nato"]["lazy"], "excluding a word finds every other document"
    assert by_query["zanzibar"]["lazy"] == [] and by_query["qqqq*"]["lazy"] == []


def test_the_best_results_scored_first_are_the_first_the_whole_search_gives(answers: list[dict]) -> None:
    """best() scores the most promising documents first, in batches, and stops when no other
    could rank among them: its answer is the search's first results, scores and order alike, or
    all of them when it took every document or the query has no words to rank by."""
    early = []
    for answer in answers:
        for count, best in answer["best"].items():
            if best["complete"]:
                assert best["results"] == answer["lazy"], (answer["query"], count)
            else:
                assert best["results"] == answer["lazy"][: int(count)], (answer["query"], count)
                early.append((answer["query"], count))
    by_query = {answer["query"]: answer["best"] for answer in answers}
    assert by_query["-nato"]["1"]["complete"] and by_query["-договор"]["10"]["complete"], "no weight to rank by"
    assert len([query for query, count in early if count == "1"]) >= 15, "scoring a few is often enough"


def test_the_whole_index_answers_in_lunr_js_as_in_lunr_py(entries: list[IndexEntry], answers: list[dict]) -> None:
    index = Index.load(reference_index(entries))
    for answer in answers:
        in_python = [[r["ref"], r["score"]] for r in index.search(fold_for_search(answer["query"]))]
        assert [ref for ref, _ in answer["whole"]] == [ref for ref, _ in in_python], answer["query"]
        assert [s for _, s in answer["whole"]] == pytest.approx([s for _, s in in_python], rel=1e-4), answer["query"]


def test_the_queries_find_what_a_reader_expects(entries: list[IndexEntry], answers: list[dict]) -> None:
    by_query = {answer["query"]: answer for answer in answers}

    def found(query: str) -> list[str]:
        return [entries[int(ref)].listing["title"] for ref, _ in by_query[query]["lazy"]]

    assert any("Makei, Minsk, June 19, 2020" in title for title in found("Makei"))
    assert found("небо"), "a Russian query must find a text that has only «небу»"
    assert found("полёт") == found("полет") != []
    assert all("Belarus" in title or "Белорус" in title for title in found("title:belarus"))
    assert found("osc*")
    assert found("makey~1"), "one letter off finds Makei"


def test_a_result_s_listing_and_facets_are_loaded_for_it_alone(entries: list[IndexEntry], tmp_path: Path) -> None:
    index = index_made_here(entries)
    listing = index.files["search/documents/0.js"].decode("utf-8")
    assert entries[0].listing["title"] in listing and listing.startswith("window.DOSSIER_SEARCH.receive(")
    head = next(data for name, data in index.files.items() if name == index.head).decode("utf-8")
    assert '"documents":6' in head.replace(" ", "") or f'"documents":{len(entries)}' in head
    assert all(name.startswith(("assets/search/", "search/documents/")) for name in index.files)


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
    written_index([], tmp_path / "site")
    assert [answer["lazy"] for answer in node_answers(tmp_path / "site", None, tmp_path)] == [[] for _ in QUERIES]


# Words that exercise the tokenizer and the pipeline: cases, hyphens, edge punctuation, stop
# words in both languages, ё, Unicode spaces.
WORDS = st.sampled_from(
    ["Treaty", "open-skies", "the", "и", "Белоруссия", "полёт", "(OSCE)", "u.s.", "«небо»", "2021", "--", "a", "Ёж"]
)
SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "\u202f", "-"])


@given(st.lists(st.lists(st.tuples(WORDS, SPACES), max_size=12), min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_the_index_is_what_lunr_builder_add_makes_of_the_same_text(texts: list) -> None:
    """Terms are analysed once per distinct word and weighed on arrays: the index must be exactly
    what lunr.py's Builder.add, token by token, makes of the same fields."""
    entries = []
    for number, pairs in enumerate(texts):
        text = "".join(word + space for word, space in pairs)
        fields = {"title": text[:20], "body": text, "tags": "", "entities": "", "themes": text[-15:]}
        entries.append(IndexEntry(f"d{number}", fields, {}, {}, f"d{number}"))
    assert_the_index_lunr_py_builds(entries)


def test_an_edit_finds_the_terms_of_one_group_again(monkeypatch) -> None:
    monkeypatch.setattr(search_index_module, "GROUP_SIZE", 2)
    analysed = []
    analyse = search_index_module.analyse_group
    monkeypatch.setattr(search_index_module, "analyse_group", lambda group: analysed.append(group) or analyse(group))
    documents, memo = seed_documents(), Memo(None)
    files = start_search_index(documents, {}, {}, memo)()().files
    assert len(analysed) == len(analysis_groups(index_entries(documents, {}, {}))) > 4
    analysed.clear()
    assert start_search_index(documents, {}, {}, memo)()().files == files and analysed == [], "nothing changed"
    edited = dataclasses.replace(documents[5], text="A new sentence.")
    start_search_index([*documents[:5], edited, *documents[6:]], {}, {}, memo)()()
    assert len(analysed) == 1 and edited.id in [document_id for document_id, _ in analysed[0]]


def test_a_listing_keeps_each_paragraphs_opening_and_a_field_is_indexed_to_its_limit() -> None:
    opening = "An opening sentence. " * (search_index_module.MAX_LISTED_PARAGRAPH // 21 + 1)
    paragraphs = (opening + "Then more.", "Short.")
    text = "word " * (search_index_module.MAX_FIELD_CHARACTERS // 5) + "zebra"
    document = Document(id="long", title="Long", body="", text=text, paragraphs=paragraphs)
    files = start_search_index([document], {}, {}, Memo(None))()().files
    script = files["search/documents/0.js"].decode("utf-8")
    listing = json.loads(script.removeprefix('window.DOSSIER_SEARCH.receive("document",0,').removesuffix(");\n"))
    assert listing["paragraphs"] == [opening[: search_index_module.MAX_LISTED_PARAGRAPH], "Short."]
    vocabulary = next(data for path, data in files.items() if "/vocabulary-" in path).decode("utf-8")
    assert '"word"' in vocabulary and "zebra" not in vocabulary


def test_a_document_keeps_its_group_while_the_dossier_grows_within_a_power_of_two() -> None:
    def groups(count: int) -> list:
        return analysis_groups([IndexEntry(f"document-{n}", {"title": ""}, {}, {}, "") for n in range(count)])

    assert [len(groups(n)) for n in (0, 13, 1000, 1001, 2000, 2001, 10_000)] == [1, 1, 1, 2, 2, 4, 16]
    assert all(len(group) > 0 for group in groups(10_000)), "ids spread over the groups"


def chunk_terms(script: bytes) -> list[str]:
    """The terms a chunk's script hands over."""
    inner = script.decode("utf-8").removeprefix("window.DOSSIER_SEARCH.receive(").removesuffix(");\n")
    _, _, chunk = json.loads(f"[{inner}]")
    return [entry[0] for entry in chunk]


def test_an_edit_changes_only_the_chunks_that_hold_the_edited_documents_terms(entries: list[IndexEntry]) -> None:
    """A weight is worked out in the browser from what does not change with other documents
    (the term's count, the field's length, the term's IDF) and the head's averages, and chunks
    end where their terms' digests say: one document's edit leaves every other chunk's file."""

    def chunks(entries: list[IndexEntry]) -> dict[str, bytes]:
        files = index_made_here(entries).files
        return {name: script for name, script in files.items() if "/terms." in name}

    edited = entries[3]
    body = edited.fields["body"] + " A zebra crossed the zeugma road, and the road was long."
    after = [*entries[:3], dataclasses.replace(edited, fields={**edited.fields, "body": body}), *entries[4:]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_pieces_module, "CHUNK_BYTES", 400)
        old, new = chunks(entries), chunks(after)
    touched = {term for entry in (edited, after[3]) for text in entry.fields.values() for term in analyse(text)}
    changed = set(new) - set(old)
    assert changed and all(touched & set(chunk_terms(new[name])) for name in changed)
    assert len(set(new) & set(old)) > len(new) / 3, "most chunks hold none of one document's terms"


def test_the_pieces_a_worker_puts_together_are_those_made_here(monkeypatch) -> None:
    """A worker puts the pieces together while the pages are made: the same index, byte for byte,
    kept in the memo, and not put together again while no document changed."""
    documents = seed_documents()
    entries = index_entries(documents, {}, {})
    here = index_made_here(entries)
    monkeypatch.setattr(search_index_module, "PIECES_SECONDS", 1.0)  # worth a worker, even for 13 documents
    with Memo(None, Workers(1)) as memo:
        put_together = start_search_index(documents, {}, {}, memo)()
        assert memo.workers.busy, "a worker is at it while this process goes on"
        assert put_together() == here and memo.made["search-pieces"] == 1
        memo.save()
        assert start_search_index(documents, {}, {}, memo)()() == here and "search-pieces" not in memo.made


def test_the_pieces_are_put_together_again_when_only_a_facet_changed() -> None:
    """A new date changes no field's text, so no group's terms: the facets and the documents'
    order (newest first) still change the pieces."""
    documents = seed_documents()
    memo = Memo(None)
    start_search_index(documents, {}, {}, memo)()()
    memo.save()
    redated = [dataclasses.replace(documents[0], date="1999-01-01", digest=""), *documents[1:]]  # as read anew
    index = start_search_index(redated, {}, {}, memo)()()
    assert memo.made.get("search-pieces") == 1 and "search-terms" not in memo.made
    assert index == index_made_here(index_entries(redated, {}, {}))
