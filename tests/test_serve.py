"""`build.py serve` in a subprocess on a free port, as a curator runs it: edits, new seeds,
deletions, a broken template and its fix, each seen over http within a bounded wait."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dossier.check import check_site
from dossier.memo import Memo
from dossier.pipeline import BuildOptions, make_site
from dossier.serve import LiveSite, describe_changes, snapshot
from tests.conftest import REPO, SAMPLES, SEEDS

if TYPE_CHECKING:
    from tests.browser import Tab

pytest_plugins = ["tests.browser"]

WAIT_SECONDS = 30  # the most any change may take to show; every wait below is bounded by it
LAVROV = "lavrov-to-depart-for-belarus-on-visit"
LAVROV_PAGE = f"documents/{LAVROV}.html"
NEW_SEED = SAMPLES / "wire_belta_no_quotes.txt"
NEW_SEED_TITLE = "Belarus and Russia will hold"


@dataclass
class Served:
    url: str
    root: Path
    process: subprocess.Popen
    output: queue.Queue = field(default_factory=queue.Queue)
    lines: list[str] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def next_line(self, pattern: str) -> str:
        """The next line the server prints that matches pattern; fails after WAIT_SECONDS."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.output.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.lines.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} within {WAIT_SECONDS} s; output: {self.lines}")

    def search_index(self) -> str:
        """The search index's head and every document's listing, as served."""
        _, search_page = self.get("search.html")
        head = re.search(r'src="(assets/search/head\.[0-9a-f]+\.js)"', search_page)
        assert head, search_page
        _, head_script = self.get(head.group(1))
        documents = int(re.search(r'"documents":(\d+)', head_script).group(1))
        return head_script + "".join(self.get(f"search/documents/{ref}.js")[1] for ref in range(documents))


def eventually(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {WAIT_SECONDS} s")


def first_event(served: Served) -> tuple[str, object]:
    """The first event the live-reload stream sends a newly opened page."""
    connection = http.client.HTTPConnection(served.url.split("//")[1].rstrip("/"), timeout=WAIT_SECONDS)
    connection.request("GET", "/__dossier/events")
    response = connection.getresponse()
    name = None
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while time.monotonic() < deadline:  # a line comes at least every KEEPALIVE_SECONDS
            line = response.fp.readline().decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: ") and name:
                return name, json.loads(line.removeprefix("data: "))
    finally:
        connection.close()
    raise AssertionError(f"no event within {WAIT_SECONDS} s")


@contextlib.contextmanager
def start_serve(root: Path) -> Iterator[Served]:
    """`build.py serve --port 0` on root/seeds (the five seeds unless there), root/content and
    root/templates (the repository's unless there), stopped on leaving."""
    served = _started_serve(root)
    try:
        yield served
    finally:
        served.process.terminate()
        _wait_ended(served.process)


def _started_serve(root: Path) -> Served:
    """start_serve's server, once it says where it serves; stopped here if it never does."""
    if not (root / "seeds").exists():
        shutil.copytree(SEEDS, root / "seeds")
    if not (root / "templates").exists():
        shutil.copytree(REPO / "templates", root / "templates")
    command = [sys.executable, str(REPO / "build.py"), "serve", "--port", "0"]
    for option in ("seeds", "content", "templates"):
        command += [f"--{option}", str(root / option)]
    command += ["--out", str(root / "site")]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment, cwd=root
    )
    served = Served(url="", root=root, process=process)
    threading.Thread(target=_read_lines, args=(process, served.output), daemon=True).start()
    try:
        served.url = re.search(r"http://\S+/", served.next_line(r"^Serving http://")).group(0)
    except BaseException:
        process.terminate()
        _wait_ended(process)
        raise
    return served


def _wait_ended(process: subprocess.Popen) -> None:
    """Until a server told to stop has ended; killed if it has not within 10 s."""
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def servers_told_to_stop() -> Iterator[list[subprocess.Popen]]:
    """The served fixture's servers, each told to stop (SIGTERM) after its test: a server takes
    most of a second to end (its http loop looks for the stop every half second), which the next
    tests spend running rather than waiting. Every one has ended when the session does."""
    stopping: list[subprocess.Popen] = []
    yield stopping
    for process in stopping:
        _wait_ended(process)


@pytest.fixture
def served(tmp_path: Path, servers_told_to_stop: list[subprocess.Popen]) -> Iterator[Served]:
    served = _started_serve(tmp_path)
    yield served
    served.process.terminate()
    servers_told_to_stop.append(served.process)


def _read_lines(process: subprocess.Popen, lines: queue.Queue) -> None:
    for line in process.stdout:
        lines.put(line.rstrip("\n"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_document_is_served_changed(served: Served) -> None:
    status, page = served.get(LAVROV_PAGE)
    assert status == 200 and "Lavrov to depart for Belarus on visit" in page
    edit(served.content / f"{LAVROV}.md", "title: Lavrov to depart for Belarus on visit", "title: Lavrov goes to Minsk")
    line = served.next_line(r"changed → ")
    assert f"{LAVROV}.md changed" in line and "pages rendered" in line and re.search(r"\(\d+\.\d+ s\)$", line)
    eventually(lambda: "<h1>Lavrov goes to Minsk</h1>" in served.get(LAVROV_PAGE)[1], "the new title")
    assert "Lavrov goes to Minsk" in served.get("themes/russia-belarus.html")[1]
    assert "Lavrov goes to Minsk" in served.search_index()
    assert "Lavrov goes to Minsk" in (served.root / "site" / LAVROV_PAGE).read_text(encoding="utf-8")
    # One rebuild works out everything, related documents included: the page written is `build`'s.
    inputs = {folder: served.root / folder for folder in ("seeds", "content", "templates")}
    options = BuildOptions(out=served.root / "fresh-site", **inputs)
    fresh, _ = make_site(options, Memo(None))
    assert (served.root / "site" / LAVROV_PAGE).read_bytes() == fresh[LAVROV_PAGE]


def test_a_new_seed_appears_in_theme_pages_and_in_search(served: Served) -> None:
    assert NEW_SEED_TITLE not in served.search_index()
    shutil.copyfile(NEW_SEED, served.root / "seeds" / "new_wire.txt")
    assert "new_wire.txt added" in served.next_line(r"→")
    eventually(lambda: NEW_SEED_TITLE in served.get("themes/russia-belarus.html")[1], "the new document listed")
    assert NEW_SEED_TITLE in served.search_index()
    assert any(path.name.startswith("2022-09-30-belarus-and-russia") for path in served.content.glob("*.md"))


def test_a_deleted_document_leaves_its_page_links_and_index_entry(served: Served) -> None:
    assert f'href="../{LAVROV_PAGE}"' in served.get("themes/russia-belarus.html")[1]
    (served.content / f"{LAVROV}.md").unlink()
    assert "deleted" in served.next_line(r"→")
    eventually(lambda: served.get(LAVROV_PAGE)[0] == 404, "the page gone")
    assert "Page not found" in served.get(LAVROV_PAGE)[1]
    assert LAVROV_PAGE not in served.get("themes/russia-belarus.html")[1]
    assert LAVROV not in served.get("index.html")[1]
    assert "Lavrov to depart for Belarus on visit" not in served.search_index()
    assert not (served.root / "site" / LAVROV_PAGE).exists()


def test_a_broken_template_keeps_the_last_good_site_and_a_fix_recovers(served: Served) -> None:
    before = served.get(LAVROV_PAGE)[1]
    template = served.root / "templates" / "document.html"
    good = template.read_text(encoding="utf-8")
    edit(template, "{% block main %}", "{% block main %}\n{{ broken( }}")
    line = served.next_line(r"document\.html changed")
    assert f"{template}:6: template error" in line and "still serving the last good site" in line
    assert served.get(LAVROV_PAGE) == (200, before)
    name, update = first_event(served)
    assert name == "update" and f"{template}:6: template error" in update["problems"][0]
    template.write_text(good.replace("<h1>", '<h1 class="fixed">'), encoding="utf-8")
    served.next_line(r"document\.html changed → \d+ pages rendered")
    eventually(lambda: 'class="fixed"' in served.get(LAVROV_PAGE)[1], "the fixed template's page")
    assert served.process.poll() is None


def test_broken_front_matter_is_named_and_the_document_stays_served(served: Served) -> None:
    edit(served.content / f"{LAVROV}.md", "title: Lavrov", "title: [Lavrov")
    line = served.next_line(rf"{LAVROV}\.md changed")
    assert f"{LAVROV}.md" in line and "not published" in line
    assert served.get(LAVROV_PAGE)[0] == 200
    name, update = first_event(served)
    assert name == "update" and f"{LAVROV}.md:" in update["problems"][0]
    edit(served.content / f"{LAVROV}.md", "title: [Lavrov", "title: Lavrov, mended,")
    served.next_line(rf"{LAVROV}\.md changed → \d+ pages rendered")
    eventually(lambda: "Lavrov, mended," in served.get(LAVROV_PAGE)[1], "the mended document")


@pytest.mark.slow  # waits out an editor's burst of saves: 2-4 s
def test_an_editors_save_burst_makes_one_rebuild(served: Served) -> None:
    """Write a new file beside the document, rename it over, chmod: as vim and others save."""
    path = served.content / f"{LAVROV}.md"
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(path.read_text(encoding="utf-8").replace("Lukashenko", "Lukashenka"), encoding="utf-8")
    os.replace(temporary, path)
    os.chmod(path, 0o644)
    path.touch()
    served.next_line(rf"{LAVROV}\.md changed")
    time.sleep(2)  # any second rebuild for the same burst would have started by now
    rebuilds = [line for line in drain(served) if "changed →" in line]  # not relating again after it
    assert rebuilds == []


def drain(served: Served) -> list[str]:
    lines = []
    while not served.output.empty():
        lines.append(served.output.get_nowait())
    return lines


def test_the_reload_script_is_added_only_while_serving(served: Served) -> None:
    assert '<script src="/__dossier/live.js" defer></script>' in served.get("index.html")[1]
    status, script = served.get("__dossier/live.js")
    assert status == 200 and "EventSource" in script
    site = served.root / "site"
    assert not [path for path in site.rglob("*.html") if "__dossier" in path.read_text(encoding="utf-8")]
    assert check_site(site).problems == []


def page_problems(tab: Tab) -> list[str]:
    """What went wrong in the page, but for the event stream a reload cuts off, as it should."""
    return [problem for problem in tab.watch.problems() if "/__dossier/events: net::ERR_ABORTED" not in problem]


def test_an_open_page_reloads_itself_after_an_edit(served: Served, new_tab: Callable[..., Tab]) -> None:
    tab = new_tab()
    tab.page.goto(f"{served.url}{LAVROV_PAGE}", wait_until="load")
    expect(tab.page.locator("h1")).to_have_text("Lavrov to depart for Belarus on visit")
    tab.page.wait_for_selector("html[data-live-reload=on]", state="attached")
    edit(served.content / f"{LAVROV}.md", "title: Lavrov to depart for Belarus on visit", "title: Reloaded by itself")
    expect(tab.page.locator("h1")).to_have_text("Reloaded by itself", timeout=WAIT_SECONDS * 1000)
    assert page_problems(tab) == []


def test_an_open_page_shows_a_broken_template_as_an_overlay(served: Served, new_tab: Callable[..., Tab]) -> None:
    tab = new_tab()
    tab.page.goto(f"{served.url}{LAVROV_PAGE}", wait_until="load")
    tab.page.wait_for_selector("html[data-live-reload=on]", state="attached")
    template = served.root / "templates" / "document.html"
    good = template.read_text(encoding="utf-8")
    edit(template, "{% block main %}", "{% block main %}\n{{ broken( }}")
    overlay = tab.page.get_by_role("alert")
    expect(overlay).to_contain_text("document.html:6: template error", timeout=WAIT_SECONDS * 1000)
    expect(tab.page.locator("h1")).to_have_text("Lavrov to depart for Belarus on visit")
    template.write_text(good, encoding="utf-8")
    expect(overlay).to_have_count(0, timeout=WAIT_SECONDS * 1000)
    assert page_problems(tab) == []


def test_a_config_change_reclassifies_and_renames_the_theme_everywhere(served: Served) -> None:
    edit(served.content / "themes.yaml", "    title: OSCE\n", "    title: The OSCE at work\n")
    assert "themes.yaml changed" in served.next_line(r"→")
    eventually(lambda: "The OSCE at work</a>" in served.get(LAVROV_PAGE)[1], "the new theme title in the navigation")
    assert "<h1>The OSCE at work</h1>" in served.get("themes/osce.html")[1]


def test_a_hand_edit_made_while_serving_survives_a_change_to_its_seed(served: Served) -> None:
    document = served.content / f"{LAVROV}.md"
    edit(document, "title: Lavrov to depart for Belarus on visit", "title: My own title for this visit")
    served.next_line(rf"{LAVROV}\.md changed")
    seed = next(path for path in (served.root / "seeds").iterdir() if path.name.startswith("002_"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more paragraph from the wire.\n", encoding="utf-8")
    assert f"{seed.name} changed" in served.next_line(r"→")
    assert "title: My own title for this visit" in document.read_text(encoding="utf-8")
    eventually(lambda: "<h1>My own title for this visit</h1>" in served.get(LAVROV_PAGE)[1], "the curator's title")


def test_the_changes_are_named_added_changed_deleted_each_in_order_the_first_three() -> None:
    before = {"c/b.md": (1,), "c/a-b.md": (1,), "c/a/x.md": (1,), "c/gone.md": (1,), "c/same.md": (1,)}
    after = {"c/b.md": (2,), "c/a-b.md": (2,), "c/a/x.md": (2,), "c/new.md": (1,), "c/same.md": (1,)}
    expected = "c/new.md added, c/a/x.md changed, c/a-b.md changed and 2 more"  # as Paths sort: a/ first
    assert describe_changes(before, after) == expected
    assert describe_changes(before, dict(before)) == ""
    assert describe_changes({}, {"c/one.md": (1,)}) == "c/one.md added"


def test_serve_names_each_input_as_ingestion_names_the_files_it_writes(tmp_path: Path, monkeypatch) -> None:
    """Files ingestion wrote are no change of a person's: their names must be the snapshot's, with
    the content folder given as "." too (content/x.md, or x.md, never ./x.md)."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "x.md").write_text("---\ntitle: X\n---\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "content")
    for content in (Path("."), tmp_path / "content"):
        options = BuildOptions(seeds=tmp_path / "seeds", content=content, out=tmp_path / "site")
        assert str(options.content / "x.md") in snapshot(options)


def test_an_update_carries_both_what_changed_and_the_problems(tmp_path: Path) -> None:
    """A build published with new problems must still reload the pages it changed."""
    live = LiveSite(tmp_path)
    got: list = []
    waiting = threading.Thread(target=lambda: got.append(live.next_update(0)))
    waiting.start()
    live.publish({"index.html": b"new"}, ["index.html"], ["seeds/x.bin: binary; skipped"])
    waiting.join(timeout=WAIT_SECONDS)
    assert got == [(1, {"changed": ["index.html"], "problems": ["seeds/x.bin: binary; skipped"]})]
    live.fail(["templates/a.html:3: template error"])
    assert live.next_update(0) == (2, {"changed": None, "problems": ["templates/a.html:3: template error"]})


def test_a_file_broken_before_serve_starts_does_not_keep_the_site_from_being_served(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "content" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
    with start_serve(tmp_path) as served:
        assert served.get(LAVROV_PAGE)[0] == 200
        name, update = first_event(served)
        assert name == "update"
        assert "broken.md" in update["problems"][0]
        edit(served.content / f"{LAVROV}.md", "title: Lavrov to depart", "title: Still published, Lavrov to depart")
        served.next_line(rf"{LAVROV}\.md changed → \d+ pages rendered")
        assert "Still published" in served.get(LAVROV_PAGE)[1]
