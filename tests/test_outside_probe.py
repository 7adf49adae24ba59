"""The faults an independent probe found, tried as an attacker and a careless user would: each
is tried here again, and what Dossier does about it is recorded for RELIABILITY.md."""

from __future__ import annotations

import errno
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from dossier.cli import main
from dossier.lock import writing
from dossier.serve import allowed_host
from tests.conftest import REPO, SEEDS, run_build, run_build_here
from tests.reliability import record_probe
from tests.test_serve import eventually

FAILED = 3


def _built_pages(site: Path) -> int:
    return sum(1 for _ in (site / "documents").glob("*.html"))


# --- Data loss ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "seeds", "content", "out"),
    [
        ("content inside the site", "seeds", "site/content", "site"),
        ("seeds inside the site", "site/seeds", "content", "site"),
        ("site inside the seeds", "seeds", "content", "seeds/site"),
    ],
)
def test_overlapping_input_and_output_folders_are_refused_before_anything_is_written(
    tmp_path: Path, case: str, seeds: str, content: str, out: str
) -> None:
    (tmp_path / seeds).parent.mkdir(parents=True, exist_ok=True)
    if not (tmp_path / seeds).exists():
        (tmp_path / seeds).mkdir(parents=True)
    (tmp_path / seeds / "note.txt").write_text("A note\n\nA seed that must stay where it is.\n", encoding="utf-8")
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    result = run_build_here("build", "--seeds", seeds, "--content", content, "--out", out, cwd=tmp_path)
    assert result.returncode == FAILED
    assert "do not overlap" in result.stderr and len(result.stderr.strip().splitlines()) == 2
    assert sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*")) == before, "nothing written"
    record_probe(case, f"refused before anything is written: {result.stderr.splitlines()[0]}")


@pytest.mark.slow  # builds and zips twice: about 3 s
def test_zip_never_replaces_a_file_it_did_not_make(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert run_build("build", "--seeds", SEEDS, "--content", content, "--out", tmp_path / "site").returncode == 0
    config = (content / "themes.yaml").read_bytes()
    over_config = run_build("zip", "--seeds", SEEDS, "--content", content, "--out", content / "themes.yaml")
    assert over_config.returncode == FAILED and (content / "themes.yaml").read_bytes() == config
    other = tmp_path / "notes.txt"
    other.write_text("mine", encoding="utf-8")
    over_notes = run_build("zip", "--seeds", SEEDS, "--content", content, "--out", other)
    assert over_notes.returncode == FAILED and "not a zip Dossier made" in over_notes.stderr
    assert other.read_text(encoding="utf-8") == "mine"
    made = tmp_path / "dossier.zip"
    for _ in range(2):  # a zip it made, it writes again
        assert run_build("zip", "--seeds", SEEDS, "--content", content, "--out", made).returncode == 0
    assert zipfile.is_zipfile(made)
    refusals = f"{over_config.stderr.splitlines()[0]} / {over_notes.stderr.splitlines()[0]}"
    record_probe("zip over the config", f"refused, the config and any other file kept: {refusals}")


# --- Half a site ------------------------------------------------------------------------------


@pytest.mark.slow  # two builds at once: about 2 s
def test_a_second_build_of_one_site_waits_for_the_first(tmp_path: Path) -> None:
    site, content = tmp_path / "site", tmp_path / "content"
    arguments = ["build", "--seeds", str(SEEDS), "--content", str(content), "--out", str(site)]
    released = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        with writing(site):  # as a build (or serve's rebuild) in progress holds it
            holding.set()
            released.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    second = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    waiting = second.stderr.readline()
    assert "Another build is writing" in waiting and str(site.resolve()) in waiting
    assert second.poll() is None and not site.exists(), "it waits, writing nothing"
    released.set()
    holder.join()
    assert second.wait(120) == 0 and _built_pages(site) == 13
    # Two builds started together: both finish, and the site is whole.
    command = [sys.executable, str(REPO / "build.py"), *arguments]
    both = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in "ab"]
    assert [build.wait(120) for build in both] == [0, 0] and _built_pages(site) == 13
    record_probe("two builds at once", f"the second waits ({waiting.strip()}); both finish, the site whole")


def test_serve_holds_the_lock_while_it_rebuilds(tmp_path: Path, monkeypatch) -> None:
    """A `build` started while `serve` rebuilds the same site waits for it."""
    import fcntl

    import dossier.serve as serve_module
    from dossier.lock import lock_file
    from dossier.pipeline import BuildOptions

    options = BuildOptions(seeds=SEEDS, content=tmp_path / "content", out=tmp_path / "site")
    held = []

    def make_site(*arguments):
        handle = os.open(lock_file(options.out), os.O_RDONLY)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held.append(False)
        except BlockingIOError:
            held.append(True)
        finally:
            os.close(handle)
        return real_make_site(*arguments)

    real_make_site = serve_module.make_site
    monkeypatch.setattr(serve_module, "make_site", make_site)
    server = serve_module.Server(options, "127.0.0.1", 0)
    try:
        server.rebuild(serve_module.snapshot(options), serve_module.FIRST_BUILD)
    finally:
        server.http.server_close()
        server.memo.workers.close()
    assert held == [True]


# --- Hangs, memory, crashes -------------------------------------------------------------------

PEAK_MEMORY = """
import resource, runpy, sys
sys.argv = ["build.py", *sys.argv[1:]]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit:
    pass
usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print("peak", usage, file=sys.stderr)
"""


def _peak_kilobytes(tmp_path: Path, seeds: Path, name: str) -> int:
    command = [sys.executable, "-c", PEAK_MEMORY, "build", "--seeds", str(seeds)]
    command += ["--content", str(tmp_path / f"content-{name}"), "--out", str(tmp_path / f"site-{name}")]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert "Built" in result.stdout, result.stderr
    return int(result.stderr.rsplit("peak", 1)[1])


@pytest.mark.slow  # a 2 MB token through a build: about 3 s
def test_a_long_unbroken_token_costs_no_memory_by_its_length(tmp_path: Path) -> None:
    plain, with_token = tmp_path / "plain", tmp_path / "token"
    for folder in (plain, with_token):
        folder.mkdir()
        (folder / "post.txt").write_text("A post\n\nA post with an image pasted in it as text.\n", encoding="utf-8")
    token = "iVBORw0KGgo" * (2_000_000 // 11)  # 2 MB of base64, one word
    (with_token / "post.txt").write_text(f"A post\n\nA post with an image pasted in it: {token}\n", encoding="utf-8")
    growth = (_peak_kilobytes(tmp_path, with_token, "token") - _peak_kilobytes(tmp_path, plain, "plain")) / 1024
    assert growth < 150, f"a 2 MB word took {growth:.0f} MB more"
    record_probe("a 2 MB token", "built; under 150 MB more at the peak than without it (was 1.2 GB)")


def test_a_loop_of_links_and_a_fifo_in_seeds_are_skipped_with_a_message(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "loop-a").symlink_to("loop-b")
    (seeds_copy / "loop-b").symlink_to("loop-a")
    (seeds_copy / "self").symlink_to("self")
    os.mkfifo(seeds_copy / "pipe")
    result = run_build_here(
        "build", "--seeds", seeds_copy, "--content", tmp_path / "content", "--out", tmp_path / "site"
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    loop = next(line for line in lines if "loop-a" in line)
    fifo = next(line for line in lines if "pipe" in line)
    assert "loop of links" in loop and "FIFO" in fifo and _built_pages(tmp_path / "site") == 13
    record_probe("a loop of links in seeds", f"skipped with a message, the rest built: {loop.strip()}")
    record_probe("a FIFO in seeds", f"skipped with a message: {fifo.strip()}")


def test_half_an_emoji_in_a_telegram_export_is_shown_as_a_replacement_character(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    post = "Channel news\\n\\nA post Telegram cut inside an emoji \\ud83d, with enough words to be a post."
    export = '{"name": "Channel", "messages": [{"id": 1, "type": "message", "date": "2022-01-01T10:00:00", '
    (seeds / "result.json").write_text(export + f'"text": "{post}"}}]}}', encoding="utf-8")
    result = run_build_here("build", "--seeds", seeds, "--content", tmp_path / "content", "--out", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    documents = json.loads((tmp_path / "site" / "dossier.json").read_text(encoding="utf-8"))["documents"]
    assert any("emoji \ufffd" in document["text"] for document in documents), documents
    record_probe("half an emoji in result.json", "built; the half character shown as U+FFFD")


def test_an_id_too_long_for_a_file_name_skips_its_file_with_a_message(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "long.md").write_text(f"---\nid: {'a' * 300}\ntitle: Long\n---\n\nSome text.\n", encoding="utf-8")
    result = run_build_here("build", "--seeds", SEEDS, "--content", content, "--out", tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(line for line in result.stdout.splitlines() if "long.md" in line)
    assert "at most 150" in line and _built_pages(tmp_path / "site") == 13
    record_probe("a 300-character id", f"the file skipped with a message, the rest built: {line.strip()}")


def _no_space(*arguments, **keywords):
    raise OSError(errno.ENOSPC, "No space left on device", "site/documents/x.html")


def _read_only(*arguments, **keywords):
    raise OSError(errno.EROFS, "Read-only file system", "content/x.md")


@pytest.mark.parametrize(
    ("case", "patched", "fault"),
    [
        ("disk full", "dossier.write.write_files", _no_space),
        ("content read-only", "dossier.files.write_atomically", _read_only),
    ],
)
def test_a_disk_full_or_read_only_gives_one_line_and_the_failure_status(
    tmp_path: Path, monkeypatch, capsys, case: str, patched: str, fault
) -> None:
    site, content = tmp_path / "site", tmp_path / "content"
    assert main(["build", "--seeds", str(SEEDS), "--content", str(content), "--out", str(site)]) == 0
    pages = {path: path.read_bytes() for path in site.rglob("*.html")}
    (SEEDS_COPY := tmp_path / "seeds").mkdir()
    (SEEDS_COPY / "new.txt").write_text("New\n\nA new seed, to be written into content/.\n", encoding="utf-8")
    module, name = patched.rsplit(".", 1)
    monkeypatch.setattr(sys.modules[module], name, fault)
    if module == "dossier.files":
        monkeypatch.setattr(sys.modules["dossier.content"], name, fault, raising=False)
        monkeypatch.setattr(sys.modules["dossier.ingest"], name, fault, raising=False)
    capsys.readouterr()
    status = main(["build", "--seeds", str(SEEDS_COPY), "--content", str(content), "--out", str(site)])
    errors = capsys.readouterr().err.strip().splitlines()
    assert status == FAILED and errors[0].startswith("error: ") and "Traceback" not in "".join(errors)
    assert {path: path.read_bytes() for path in site.rglob("*.html")} == pages, "the old site whole"
    record_probe(case, f"one line and status 3, the old site whole: {errors[0]}")


@pytest.mark.slow  # a build and its workers, ended: about 6 s
def test_sigterm_ends_the_build_and_its_workers(tmp_path: Path) -> None:
    """`timeout 3 build.py build | cat` must return: no worker may outlive the build, holding its output."""
    from bench.synthetic import dossier_folder

    content = dossier_folder(tmp_path, 1500)  # enough work for the worker processes to start
    command = [sys.executable, str(REPO / "build.py"), "build", "--seeds", str(tmp_path / "seeds")]
    command += ["--content", str(content), "--out", str(tmp_path / "site")]
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # Ended once its workers run: a fixed wait raced the build, which may be done by then.
    eventually(lambda: _children(build.pid), "the build's worker processes to start")
    build.send_signal(signal.SIGTERM)
    ended, output = threading.Event(), []
    threading.Thread(target=lambda: (output.append(build.stdout.read()), ended.set()), daemon=True).start()
    assert ended.wait(60), "the output stayed open: a worker outlived the build"
    # What the build printed, should it end otherwise (once in four full runs, on 2026-12-07, it
    # ended with status 1 under the suite's load; not seen alone, nor in 8 runs under load).
    assert build.wait(10) == 128 + signal.SIGTERM, output[0].decode(errors="replace")[-3000:]
    record_probe("SIGTERM to a build", "the build and its workers end (status 143); its output closes")


def _children(pid: int) -> list[str]:
    """The process's children, as Linux lists them."""
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


# --- serve --------------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path):
    """`serve` on a free port, with its address; stopped at the end."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), "--seeds", str(SEEDS)]
    command += ["--content", str(tmp_path / "content"), "--out", str(tmp_path / "site")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield port, process
    process.send_signal(signal.SIGTERM)
    process.wait(20)


def _get(port: int, path: str, host: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.slow  # waits out an idle connection: about 9 s
def test_serve_answers_its_own_names_only_and_survives_idle_and_odd_requests(served) -> None:
    port, process = served
    assert _get(port, "/dossier.json") == 200 and _get(port, "/", host=f"localhost:{port}") == 200
    assert _get(port, "/dossier.json", host="evil.example") == 403
    assert _get(port, "/__dossier/events", host="evil.example:8000") == 403
    record_probe("a foreign Host", "403 for dossier.json and the event stream; localhost and addresses answered")
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]  # connect, send nothing
    assert _get(port, "/index.html") == 200, "answers while idle connections wait"
    dropped = socket.create_connection(("127.0.0.1", port))
    dropped.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and goes before the request ends
    dropped.close()
    for connection in idle:
        connection.close()
    record_probe("idle connections", "answered beside 50 idle ones, which time out; a dropped client prints nothing")
    assert _get(port, "/" + "a" * 300) == 404 and _get(port, f"/{'b' * 300}/x.html") == 404
    record_probe("a 300-character path", "404 Not Found, the connection kept")
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=20)
    assert "Traceback" not in errors


def test_sighup_ends_serve_and_its_output(served) -> None:
    """A closed terminal sends SIGHUP: serve stops as on Ctrl-C, and nothing it started lives on."""
    _, process = served
    process.send_signal(signal.SIGHUP)
    _, errors = process.communicate(timeout=30)  # returns once every holder of its output is gone
    assert process.returncode == 0 and "Traceback" not in errors


def test_serve_refuses_a_port_out_of_range_in_one_line() -> None:
    result = run_build("serve", "--port", "70000")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "0 to 65535" in result.stderr
    record_probe("port 70000", f"a usage error: {result.stderr.strip().splitlines()[-1]}")


def test_allowed_hosts_are_localhost_addresses_and_the_bound_name() -> None:
    allowed = ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "app.localhost", "192.168.1.5"]
    assert all(allowed_host(host, "127.0.0.1") for host in allowed)
    assert allowed_host("dossier.lan:8000", "dossier.lan")
    assert not any(allowed_host(host, "127.0.0.1") for host in ["evil.example", "", "localhost.evil.example:80"])


# --- Wrong output, silently ----------------------------------------------------------------------


def test_seeds_whose_pages_come_out_at_one_address_are_named(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("A.txt", "a.txt"):
        (seeds / name).write_text(f"Seed {name}\n\nThe text of {name}, a seed of its own.\n", encoding="utf-8")
    result = run_build_here("build", "--seeds", seeds, "--content", tmp_path / "content", "--out", tmp_path / "site")
    line = next(line for line in result.stdout.splitlines() if "one address" in line)
    assert result.returncode == 1 and "'A.txt'" in line and "'a.txt'" in line
    record_probe("seeds A.txt and a.txt", f"built, the collision named: {line.strip()}")


def _config(tmp_path: Path, themes_yaml: str) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "themes.yaml").write_text(themes_yaml, encoding="utf-8")
    return content


def test_a_theme_with_the_id_of_other_is_refused(tmp_path: Path) -> None:
    content = _config(tmp_path, "site:\n  title: T\nthemes:\n  - id: other\n    title: Miscellany\n    terms: [x]\n")
    result = run_build_here("build", "--seeds", SEEDS, "--content", content, "--out", tmp_path / "site")
    assert result.returncode == FAILED and "one page (other)" in result.stderr
    record_probe("a theme with the id other", f"refused: {result.stderr.splitlines()[0]}")


def test_a_site_url_that_is_not_http_is_refused(tmp_path: Path) -> None:
    content = _config(tmp_path, "site:\n  title: T\n  url: 'javascript:alert(1)'\nthemes: []\n")
    result = run_build_here("build", "--seeds", SEEDS, "--content", content, "--out", tmp_path / "site")
    assert result.returncode == FAILED and "must be an http:// or https:// address" in result.stderr
    record_probe("site.url javascript:", f"refused: {result.stderr.splitlines()[0]}")


def test_characters_xml_forbids_never_reach_a_feed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "odd.txt").write_text("A title \ufffe with\x01 odd characters\n\nThe text of it.\n", encoding="utf-8")
    result = run_build_here("build", "--seeds", seeds, "--content", tmp_path / "content", "--out", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    for feed in [site / "feed.xml", site / "sitemap.xml", *(site / "themes").glob("*.xml")]:
        ElementTree.parse(feed)  # raises on a character XML forbids
    assert run_build_here("check", "--out", tmp_path / "site", "--content", tmp_path / "content").returncode == 0
    record_probe("U+FFFE in a title", "removed from feeds and the sitemap, which parse as XML; check passes")


def test_file_names_are_printed_escaped(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    name = "bad\x1b[31mred\nBuilt fake with 9 documents.txt"
    (seeds / name).write_text("A seed\n\nWith a name that tries to rewrite the terminal.\n", encoding="utf-8")
    result = run_build_here(
        "build", "--seeds", seeds, "--content", tmp_path / "content", "--out", tmp_path / "site", "-v"
    )
    assert "\x1b" not in result.stdout and "\\x1b[31m" in result.stdout
    assert [line for line in result.stdout.splitlines() if line.startswith("Built")] == [
        line for line in result.stdout.splitlines() if line.startswith(f"Built {tmp_path / 'site'}")
    ]
    record_probe("an escape sequence in a file name", "printed escaped (\\x1b, \\n): no colour, no fake line")
