"""Bad input gets one clear line naming the file; the build goes on with the rest."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slugify import slugify

from dossier.content import read_document
from dossier.ingest import ingest
from dossier.model import DossierError
from tests import reliability
from tests.conftest import REPO, SEEDS, run_build, run_build_here
from tests.nasty_inputs import ALIAS_BOMB, NOTED, REFUSED, BadInput, corpus


def _build(seeds: Path, root: Path, *more: str | Path):
    return run_build_here("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site", *more)


def _documents(root: Path) -> list[dict]:
    return json.loads((root / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]


# What a build writes in a dossier's folder: the curated layer, the site and the memo (memo.py).
WRITTEN_BY_A_BUILD = ("content", "site", ".dossier-cache")


@pytest.mark.slow  # builds the whole nasty corpus: about 30 s on 2 cores
def test_each_bad_input_gets_one_clear_message_and_the_rest_build(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    shutil.copytree(SEEDS, root / "seeds")
    inputs = corpus()
    paths = [item.make(root) for item in inputs]
    seeds_before, around_before = _snapshot(root / "seeds"), _snapshot(tmp_path, skip=WRITTEN_BY_A_BUILD)
    # build.py in a process of its own, as a user runs it: RELIABILITY.md reports what such a run made of
    # inputs built to exhaust memory and recursion, which must not take the test worker down with them.
    result = run_build("build", "--seeds", root / "seeds", "--content", root / "content", "--out", root / "site")
    assert result.returncode == 1, result.stdout + result.stderr  # built, but inputs were skipped
    documents = _documents(root)
    outcomes = [
        _outcome(item, path, result.stdout.splitlines(), documents) for item, path in zip(inputs, paths, strict=True)
    ]
    written_outside = _changes(around_before, _snapshot(tmp_path, skip=WRITTEN_BY_A_BUILD))
    seeds_changed = _changes(seeds_before, _snapshot(root / "seeds"))
    reliability.record(
        "bad_inputs",
        {"inputs": outcomes, "written_outside": len(written_outside), "seeds_changed": len(seeds_changed)},
    )
    assert [outcome["name"] for outcome in outcomes if not outcome["passed"]] == [], result.stdout
    assert written_outside == [] and seeds_changed == []
    assert len([d for d in documents if d["source"]["seed"] in {s.name for s in SEEDS.iterdir()}]) == 13
    _assert_safely_named(root)
    check = run_build("check", "--out", root / "site")
    assert check.returncode == 0, check.stdout + check.stderr


def _outcome(item: BadInput, path: Path, lines: list[str], documents: list[dict]) -> dict:
    """What the build said about one input and what it made of it, judged against what it should."""
    named = [line.strip() for line in lines if f"{path}:" in line]
    built = _documents_of(item, documents)
    one_message = len(named) == 1 and item.message in named[0]
    line_named = bool(item.line) and one_message and f"{path}:{item.line}:" in named[0]
    if item.outcome == REFUSED:
        passed = one_message and not built
    elif item.outcome == NOTED:
        passed = one_message and len(built) == item.documents
    else:
        passed = not named and len(built) == item.documents and all(d["id"] in item.ids for d in built if item.ids)
    passed = passed and (line_named or not item.line)
    message = named[0].split(f"{path}:", 1)[1].lstrip("0123456789:").strip() if named else ""
    return {
        **_described(item),
        "passed": passed,
        "one_message": one_message,
        "line_named": line_named,
        "message": message,
    }


def _described(item: BadInput) -> dict:
    return {"name": f"{item.folder}/{item.name}", "tries": item.tries, "outcome": item.outcome, "line": item.line}


def _documents_of(item: BadInput, documents: list[dict]) -> list[dict]:
    if item.folder == "seeds":
        return [document for document in documents if document["source"]["seed"] == item.name]
    wanted = item.ids or (slugify(Path(item.name).stem),)
    return [document for document in documents if document["id"] in wanted]


def _assert_safely_named(root: Path) -> None:
    """Whatever the titles, tags and file names, every file made has a short, plain name, and
    no title keeps a character that turns text around."""
    for folder in (root / "content", root / "site"):
        for path in folder.rglob("*"):
            assert len(path.name.encode()) <= 100 and path.name.isascii(), path
    for document in _documents(root):
        assert not any(char in document["title"] for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert b"\x00" not in b"".join(path.read_bytes() for path in (root / "content").glob("*.md"))
    site_bytes = b"".join(path.read_bytes() for path in (root / "site").rglob("*") if path.is_file())
    assert b"root:x:0" not in site_bytes and b"never be read into the dossier" not in site_bytes
    assert b"\x00" not in site_bytes and b"\x1b" not in site_bytes
    # #OSCE and its lookalike #ОSCE share one page: neither overwrites the other's.
    listing = [
        path.name for path in (root / "site" / "tags").glob("*.html") if "lookalike-tags.html" in path.read_text()
    ]
    assert listing == ["osce.html"]


def _snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple]:
    """Every entry under folder (links not followed): its mode, and a file's size, time and hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == "dossier" and len(relative.parts) > 1 and relative.parts[1] in skip:
            continue
        status = path.lstat()
        if stat.S_ISREG(status.st_mode):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[relative.as_posix()] = (status.st_mode, status.st_size, status.st_mtime_ns, digest)
        else:  # a folder's times change as files come and go inside it; what counts is in it
            found[relative.as_posix()] = (status.st_mode,)
    return found


def _changes(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def test_crlf_line_endings_clean_exactly_like_lf(tmp_path: Path) -> None:
    lf, crlf = tmp_path / "lf", tmp_path / "crlf"
    for folder, ending in ((lf, b"\n"), (crlf, b"\r\n")):
        (folder / "seeds").mkdir(parents=True)
        for seed in SEEDS.iterdir():
            (folder / "seeds" / seed.name).write_bytes(seed.read_bytes().replace(b"\n", ending))
        assert _build(folder / "seeds", folder).returncode == 0
    assert _documents(lf) == _documents(crlf)


def _built_with_own_templates(root: Path) -> tuple[Path, dict[Path, bytes]]:
    """root/templates, a copy to break, and every file of the site a build made with them."""
    templates = root / "templates"
    shutil.copytree(REPO / "templates", templates)
    assert _build(SEEDS, root).returncode == 0
    return templates, _site_files(root)


def _site_files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in (root / "site").rglob("*") if path.is_file()}


def test_a_broken_template_fails_the_build_and_leaves_the_previous_site(tmp_path: Path) -> None:
    templates, before = _built_with_own_templates(tmp_path)
    (templates / "document.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ oops(\n", encoding="utf-8")
    result = _build(SEEDS, tmp_path, "--templates", templates)
    assert result.returncode == 3
    assert f"{templates / 'document.html'}:2: template error" in result.stderr
    assert f"{tmp_path / 'site'} is unchanged" in result.stderr
    assert _site_files(tmp_path) == before


def test_a_template_that_fails_while_rendering_names_its_file_and_line(tmp_path: Path) -> None:
    templates, before = _built_with_own_templates(tmp_path)
    page = templates / "theme.html"
    lines = page.read_text(encoding="utf-8").splitlines()
    line = lines.index("{% block main %}") + 1
    lines.insert(line, "<p>{{ theme.no_such_field.title }}</p>")  # the line after {% block main %}
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _build(SEEDS, tmp_path, "--templates", templates)
    assert result.returncode == 3
    assert f"{page}:{line + 1}: template error" in result.stderr, result.stderr
    assert _site_files(tmp_path) == before


def test_out_never_replaces_a_folder_a_build_did_not_make(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert _build(SEEDS, tmp_path).returncode == 0
    result = run_build_here("build", "--seeds", SEEDS, "--content", content, "--out", content)
    assert result.returncode == 3
    assert "--content is --out" in result.stderr  # refused as overlapping, before the folder is looked at
    assert len(list(content.glob("*.md"))) == 13
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "holiday.jpg").write_bytes(b"a photo")
    result = run_build_here("build", "--seeds", SEEDS, "--content", content, "--out", photos)
    assert result.returncode == 3
    assert "is not a folder Dossier built" in result.stderr
    assert [path.name for path in photos.iterdir()] == ["holiday.jpg"]


def test_an_empty_dossier_builds_and_passes_the_check(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    result = run_build_here(
        "build", "--seeds", tmp_path / "seeds", "--content", tmp_path / "content", "--out", tmp_path / "site"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "with 0 documents" in result.stdout
    assert run_build_here("check", "--out", tmp_path / "site").returncode == 0


_ENCODED_TEXT = st.tuples(
    st.text(max_size=400), st.sampled_from(["utf-8", "utf-16", "cp1251", "koi8_r", "cp1252"])
).map(lambda pair: pair[0].encode(pair[1], errors="replace"))
_RANDOM_SEEDS = {"tried": 0, "crashed": 0, "silent": 0, "seeds_changed": 0}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(data=st.one_of(st.binary(max_size=2000), _ENCODED_TEXT))
def test_any_bytes_as_a_seed_give_documents_or_one_message_naming_it(data: bytes) -> None:
    """Whatever a seed holds, ingestion neither crashes nor stays silent, and leaves it as it was."""
    with tempfile.TemporaryDirectory() as folder:
        seeds, content = Path(folder, "seeds"), Path(folder, "content")
        seeds.mkdir()
        seed = seeds / "seed.txt"
        seed.write_bytes(data)
        _RANDOM_SEEDS["tried"] += 1
        try:
            report = ingest(seeds, content)
        except Exception:
            _RANDOM_SEEDS["crashed"] += 1
            raise
        finally:
            reliability.record("random_seeds", _RANDOM_SEEDS)
        named = [problem for problem in report.problems if problem.path == str(seed)]
        documents = report.documents_per_seed.get("seed.txt", 0)
        _RANDOM_SEEDS["silent"] += not (documents or len(named) == 1)
        _RANDOM_SEEDS["seeds_changed"] += seed.read_bytes() != data
        reliability.record("random_seeds", _RANDOM_SEEDS)
        assert (documents > 0) != (len(named) == 1), report.problems
        assert seed.read_bytes() == data


_RANDOM_CONTENT = {"tried": 0, "crashed": 0}
# YAML's punctuation, so that anchors, aliases, flows and block scalars come up often.
_FRONT_MATTER_TEXT = st.text(alphabet="abc:-[]{}&*!|>'\"#\n 0123456789ё\t\x00")


@settings(max_examples=150, deadline=None, derandomize=True)
@given(front_matter=_FRONT_MATTER_TEXT, body=st.text(max_size=300))
def test_any_content_file_is_a_document_or_one_message_naming_it(front_matter: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "page.md")
        path.write_text(f"---\n{front_matter}\n---\n{body}", encoding="utf-8", errors="surrogatepass")
        _RANDOM_CONTENT["tried"] += 1
        try:
            read_document(path, "page.md")
        except DossierError as problem:
            assert problem.path == str(path) and problem.message
        except Exception:
            _RANDOM_CONTENT["crashed"] += 1
            raise
        finally:
            reliability.record("random_content", _RANDOM_CONTENT)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "site:\n  title: T\nthemes:\n  - id: ../../escaped\n    title: Escape\n",
            "theme id '../../escaped' must be lowercase letters",
        ),
        (f"{ALIAS_BOMB}site: *i\n", ":1: an anchor (&name)"),
    ],
    ids=["theme-id-escape", "alias-bomb"],
)
def test_bad_config_stops_the_build_naming_its_line_and_leaves_the_site(
    tmp_path: Path, config: str, message: str
) -> None:
    assert _build(SEEDS, tmp_path).returncode == 0
    before = _site_files(tmp_path)
    (tmp_path / "content" / "themes.yaml").write_text(config, encoding="utf-8")
    result = _build(SEEDS, tmp_path)
    assert result.returncode == 3
    assert f"{tmp_path / 'content' / 'themes.yaml'}" in result.stderr and message in result.stderr, result.stderr
    assert _site_files(tmp_path) == before
    assert not list(tmp_path.rglob("escaped*"))
