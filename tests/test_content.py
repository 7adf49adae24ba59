"""Ingestion hands the build each content file it writes as a document made from the file's front
matter data, not parsed back from the file: both must give the same document, whatever the text."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.config import Entity
from dossier.content import content_key, document_file, parse_document, read_content, written_document
from dossier.entities import with_names
from dossier.files import text_hash
from dossier.memo import Memo
from dossier.model import Document, DossierError, Photo, Removal, Source

ENTITIES = (Entity("osce", "OSCE", "organisation", ("ОБСЕ",)), Entity("lavrov", "Sergey Lavrov", "person", ()))
# Text as sources hold it: any character, with more of the ones YAML and Markdown treat specially.
SPECIAL = [*"\n\r\t \u00a0\u0085\u2028\u2029\x00\x1b\ufeff#:-'\"|>*&!%@`{}[],?", "---", "...", "ОБСЕ", "OSCE"]
text = st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=6)), max_size=12).map("".join)
optional_text = st.none() | text
iso_date = st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)).map(datetime.date.isoformat)
line = st.integers(1, 10_000)
removals = st.lists(st.builds(Removal, line, line, text), max_size=3)
links = st.none() | st.sampled_from(["https://t.me/mfa/1", "http://example.org/a b", "ftp://example.org/"])
sources = st.builds(
    Source,
    seed=optional_text,
    shape=optional_text,
    outlet=optional_text,
    first_line=st.none() | line,
    last_line=st.none() | line,
    dateline=optional_text,
    captured=st.none() | iso_date,
    removed=removals,
    channel=optional_text,
    message=st.none() | st.integers(-(2**40), 2**40),
    forwarded_from=optional_text,
    edited=st.none() | text | st.just("2023-01-19T12:00:00"),
    link=links,
)
documents = st.builds(
    Document,
    id=st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
    title=text,
    body=text,
    date=st.none() | iso_date,
    summary=optional_text,
    tags=st.lists(text, max_size=3),
    themes=st.lists(text, max_size=3),
    source=sources,
    photos=st.lists(st.builds(Photo, text, text), max_size=3).map(tuple),
)


def parsed_back(path: Path, document: Document) -> Document | DossierError:
    """The content file document_file writes, parsed as the build reads content/."""
    try:
        text = document_file(document)
        return with_names(parse_document(path, path.name, text, content_key(path.name, text_hash(text))), ENTITIES)
    except DossierError as problem:
        return problem


@pytest.mark.slow  # 400 examples: 3.5-8 s
@settings(max_examples=400)
@given(documents)
def test_a_written_document_is_the_file_it_writes_read_back(document: Document) -> None:
    path = Path("content") / f"{document.id}.md"
    expected = parsed_back(path, document)
    made = written_document(path, path.name, document, document_file(document))
    made = with_names(made, ENTITIES) if isinstance(made, Document) else made
    if isinstance(expected, DossierError):
        assert isinstance(made, DossierError) and str(made) == str(expected)
    else:
        assert made == expected


def test_a_content_file_whose_name_is_not_utf8_is_skipped_with_a_message_naming_it(tmp_path: Path) -> None:
    """Its name would go into pages and dossier.json: it stopped the build with a traceback."""
    text = "---\nid: {}\ntitle: A title\n---\n\nA body.\n"
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_text(text.format("cafe"), encoding="utf-8")
    (tmp_path / "good.md").write_text(text.format("good"), encoding="utf-8")
    documents, problems = read_content(tmp_path, Memo(None))
    assert [document.id for document in documents] == ["good"]
    shown = tmp_path / "caf\ufffd.md"
    message = "a name that is not UTF-8 (\ufffd above); rename it; skipped"
    assert [str(problem) for problem in problems] == [f"{shown}: {message}"]


def test_a_content_folder_whose_own_name_is_not_utf8_is_read_whole(tmp_path: Path) -> None:
    """The folder's name goes into no page: only the names of the files in it must be UTF-8."""
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    (folder / "good.md").write_text("---\nid: good\ntitle: A title\n---\n\nA body.\n", encoding="utf-8")
    documents, problems = read_content(folder, Memo(None))
    assert [document.id for document in documents] == ["good"] and problems == []


def test_a_document_read_back_keeps_its_front_matter() -> None:
    source = Source(seed="mfa.txt", shape="wire", first_line=3, last_line=9, removed=(Removal(1, 2, "page chrome"),))
    document = Document("osce-talks", "OSCE talks", "Talks in *Vienna*.", "2021-06-18", tags=["OSCE"], source=source)
    path = Path("content/osce-talks.md")
    made = with_names(written_document(path, "osce-talks.md", document, document_file(document)), ENTITIES)
    assert isinstance(made, Document)
    assert (made.id, made.title, made.date, made.tags, made.path) == (
        "osce-talks",
        "OSCE talks",
        "2021-06-18",
        ("OSCE",),
        "osce-talks.md",
    )
    assert made.source == source
    assert made.html == '<p id="p1">Talks in <em>Vienna</em>.</p>\n'
