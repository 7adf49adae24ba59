"""`python build.py serve`: build, serve the site, watch the inputs, rebuild, reload open pages.

The site is served from memory, as the host would serve it (netlify.toml's headers), with one
script added to each page: live reload over server-sent events. The built site on disk and
the zip never carry it. Each rebuild is the build itself (pipeline.make_site) with one memo
kept for the session, so it redoes only what the change touched.

Errors never stop it: a build that fails, or that would drop a document because its file is
broken, leaves the last good site served, prints the problem and shows it over the open
pages; the next save that fixes it recovers.
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import ClassVar

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from dossier.config import CONFIG_FILES
from dossier.content import content_files
from dossier.files import file_stamps, path_parts, visible_file_names
from dossier.host import HostHandler, folder_files, host_handler, load_header_rules
from dossier.ingest import IngestReport, find_seeds
from dossier.lock import writing
from dossier.memo import Memo
from dossier.model import DossierError
from dossier.pipeline import BuildOptions, BuildReport, make_site, publish

LIVE_PREFIX = "/__dossier/"
LIVE_SCRIPT = Path(__file__).with_name("live_reload.js")
LIVE_SCRIPT_TAG = f'<script src="{LIVE_PREFIX}live.js" defer></script>\n'.encode()
# An editor's save is a burst (write, rename, chmod): wait for this much quiet, at most MAX_SETTLE.
QUIET_SECONDS = 0.15
MAX_SETTLE_SECONDS = 1.0
KEEPALIVE_SECONDS = 15.0
# An idle connection is closed after this: longer than the event stream's keep-alive.
CONNECTION_TIMEOUT_SECONDS = 30.0
CHANGED_PAGES_SENT = 500  # past this, open pages are told "everything changed"
FIRST_BUILD = "first build"
WRITE_EVENTS = {"created", "modified", "deleted", "moved", "closed"}

Stamps = dict[str, tuple[int, ...]]  # input files -> their file_stamp()


class LiveSite:
    """The last good site, in memory, and the latest news for open pages: one "update" event,
    {"changed": site paths, or null for "reload whatever you show", "problems": [...]}."""

    def __init__(self, fallback: Path):
        self.files: dict[str, bytes] = {}
        self.read_from_disk = folder_files(fallback)  # until a build succeeds: the site from an earlier run
        self.problems: list[str] = []
        self.version = 0
        self.changed: list[str] | None = []
        self.stopping = False
        self.condition = threading.Condition()

    def file(self, path: str) -> bytes | None:
        return self.files.get(path) if self.files else self.read_from_disk(path)

    def publish(self, files: dict[str, bytes], changed: list[str], problems: list[str]) -> None:
        with self.condition:
            self.files = files
            self._announce(changed if len(changed) <= CHANGED_PAGES_SENT else None, problems)

    def fail(self, problems: list[str]) -> None:
        with self.condition:
            self._announce([], problems)

    def _announce(self, changed: list[str] | None, problems: list[str]) -> None:
        self.version += 1
        self.changed = changed
        self.problems = problems
        self.condition.notify_all()

    def next_update(self, seen: int) -> tuple[int, dict | None]:
        """The update after version `seen`, or None after a quiet while."""
        with self.condition:
            self.condition.wait_for(lambda: self.version != seen or self.stopping, timeout=KEEPALIVE_SECONDS)
            if self.version == seen:
                return seen, None
            # A page that missed an update can't know what changed in it, so it reloads.
            changed = self.changed if self.version == seen + 1 else None
            return self.version, {"changed": changed, "problems": self.problems}

    def stop(self) -> None:
        with self.condition:
            self.stopping = True
            self.condition.notify_all()


class LiveHandler(HostHandler):
    """The host, plus the live-reload script and its event stream; only for the names serve is
    reached by (see allowed_host)."""

    live: ClassVar[LiveSite]
    bound_host: ClassVar[str]
    # A connection that sends no request, or reads nothing, within this is closed: idle sockets
    # must not pile up until serve can answer no one.
    timeout = CONNECTION_TIMEOUT_SECONDS

    def do_GET(self) -> None:
        if not self.allowed():
            return
        if self.path == f"{LIVE_PREFIX}events":
            self.stream_events()
        elif self.path == f"{LIVE_PREFIX}live.js":
            script = LIVE_SCRIPT.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(script)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(script)
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if self.allowed():
            super().do_HEAD()

    def allowed(self) -> bool:
        """Answer a request only when its Host is a name serve is reached by: a page of another
        site that has its own name point at 127.0.0.1 (DNS rebinding) must not read the dossier."""
        if allowed_host(self.headers.get("Host", ""), self.bound_host):
            return True
        body = b"serve answers only requests for localhost, an IP address or the --host it was given\n"
        self.send_response(403)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return False

    def page_body(self, site_path: str, data: bytes) -> bytes:
        if not site_path.endswith(".html"):
            return data
        at = data.rfind(b"</body>")
        return data[:at] + LIVE_SCRIPT_TAG + data[at:] if at >= 0 else data + LIVE_SCRIPT_TAG

    def stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        live = self.live
        seen = live.version
        try:
            if live.problems:
                self._send_update({"changed": [], "problems": live.problems})
            while not live.stopping:
                seen, update = live.next_update(seen)
                if update is None:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                else:
                    self._send_update(update)
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    def _send_update(self, update: dict) -> None:
        self.wfile.write(f"event: update\ndata: {json.dumps(update)}\n\n".encode())
        self.wfile.flush()


def allowed_host(header: str, bound_host: str) -> bool:
    """Whether a Host header names this server: localhost, an IP address (an address is no
    name another site can point here), or the --host serve was given."""
    host = header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        host = host[1 : host.find("]")] if "]" in host else ""
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    if not host:
        return False
    if host in ("localhost", bound_host.lower()) or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class _QuietServer(http.server.ThreadingHTTPServer):
    """A reader who closes a tab mid-request, or a connection timed out, is no error to show."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: tuple) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            print(f"serve: a request from {client_address[0]} failed: {error!r}", file=sys.stderr)


class _Wake(FileSystemEventHandler):
    def __init__(self, changes: threading.Event):
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in WRITE_EVENTS:
            self.changes.set()


class Server:
    """One `serve` session: the memo its builds share, the live site, the http server and the watcher."""

    def __init__(self, options: BuildOptions, host: str, port: int):
        self.options = options
        self.memo = Memo(options.memo_folder)
        self.files: dict[str, bytes] = {}  # the site as last built and served
        self.live = LiveSite(options.out)
        self.known_problems: set[str] = set()  # problems the served site already had: not news
        handler = host_handler(self.live.file, load_header_rules(), LiveHandler)
        handler.live, handler.bound_host = self.live, host
        self.http = _QuietServer((host, port), handler)
        self.changes = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.http.server_address[:2]
        return f"http://{host}:{port}/"

    def run(self) -> None:
        baseline = self.rebuild(snapshot(self.options), FIRST_BUILD)
        threading.Thread(target=self.http.serve_forever, name="http", daemon=True).start()
        observer = Observer()
        for folder in self.watched_folders():
            observer.schedule(_Wake(self.changes), str(folder), recursive=True)
        observer.start()
        folders = ", ".join(map(str, self.watched_folders()))
        print(f"Serving {self.url} (Ctrl-C to stop); watching {folders}", flush=True)
        try:
            while True:
                self.changes.wait()
                self._settle()
                current = snapshot(self.options)
                changed = describe_changes(baseline, current)
                if changed:
                    baseline = self.rebuild(current, changed)
        finally:
            observer.stop()
            self.memo.workers.close()
            self.live.stop()
            self.http.shutdown()
            self.http.server_close()
            observer.join(timeout=5)

    def watched_folders(self) -> list[Path]:
        folders = [self.options.seeds, self.options.content, self.options.templates]
        return [folder for folder in folders if folder.is_dir()]

    def _settle(self) -> None:
        """Wait until the burst of events is over, so one save is one rebuild."""
        deadline = time.monotonic() + MAX_SETTLE_SECONDS
        self.changes.clear()
        while time.monotonic() < deadline and self.changes.wait(QUIET_SECONDS):
            self.changes.clear()

    def rebuild(self, inputs: Stamps, what_changed: str) -> Stamps:
        """Build; publish the result if it is good; return the inputs as this build saw them."""
        started = time.perf_counter()
        with writing(self.options.out, self.options.content):  # no `build` writes them meanwhile
            return self._rebuild(inputs, what_changed, started)

    def _rebuild(self, inputs: Stamps, what_changed: str, started: float) -> Stamps:
        try:
            files, report = make_site(self.options, self.memo)
            # Files ingestion itself wrote are not a person's change (their stamps were taken as
            # they were written); anything else that moved during the build, a save while it
            # ran, stays different from the baseline, so it is built next.
            touched = {str(path): stamp for path, stamp in report.ingest.touched.items()}
            seen = {path: stamp for path, stamp in (inputs | touched).items() if stamp is not None}
            problems = [str(problem) for problem in [*report.ingest.problems, *report.problems]]
            news = [problem for problem in problems if problem not in self.known_problems]
            # The first build is served as `build` would write it, problems shown; later, a newly
            # broken content file keeps the last good site, in which its document still is.
            blocking = what_changed != FIRST_BUILD and any(self._is_content_problem(p) for p in news)
            if blocking:
                self._say(what_changed, f"not published, still serving the last good site: {'; '.join(news)}", started)
                self.live.fail(news)
                return seen
        except DossierError as error:
            self._say(what_changed, f"failed, still serving the last good site: {error}", started)
            self.live.fail([str(error)])
            return inputs
        except Exception as error:  # a bug of ours, or the disk: say so, and keep serving what there is
            traceback.print_exc()
            problem = f"internal error (the traceback is in the terminal): {error!r}"
            self._say(what_changed, f"failed, still serving the last good site: {problem}", started)
            self.live.fail([problem])
            return inputs
        self.known_problems = set(problems)
        changed = sorted(path for path, data in files.items() if self.files.get(path) != data)
        deleted = sorted(self.files.keys() - files.keys())
        # Served first, written after: a reader's page need not wait for 10,000 files on disk.
        self.live.publish(files, [*changed, *deleted], news)
        self.files = files
        try:
            publish(files, self.options.out, self.memo)
        except (DossierError, OSError) as error:
            self._say(what_changed, f"served, but {self.options.out} was not updated: {error}", started)
            return seen
        first = what_changed == FIRST_BUILD
        done = (
            f"{report.documents} documents, {len(files)} files"
            if first
            else _what_was_rebuilt(report, changed, deleted, news)
        )
        self._say(what_changed, done, started)
        return seen

    def _is_content_problem(self, problem: str) -> bool:
        return problem.startswith(f"{self.options.content}{os.sep}")

    def _say(self, what_changed: str, what_happened: str, started: float) -> None:
        seconds = time.perf_counter() - started
        print(f"{time.strftime('%H:%M:%S')} {what_changed} → {what_happened} ({seconds:.2f} s)", flush=True)


def snapshot(options: BuildOptions) -> Stamps:
    """Every file a build reads, with its file_stamp(), by its path as a string (as content_files
    gives them: a Path for each of 10,000 cost more than stamping them)."""
    paths = [str(path) for path in find_seeds(options.seeds, IngestReport())] if options.seeds.is_dir() else []
    if options.content.is_dir():
        paths += [str(options.content / name) for name in CONFIG_FILES] + content_files(options.content)
    if options.templates.is_dir():
        paths += visible_file_names(options.templates)
    return file_stamps(paths)


def describe_changes(before: Stamps, after: Stamps) -> str:
    """'content/a.md changed, seeds/b.txt added' (the first few), or '' when nothing did."""
    # Only what changed is sorted (sorting every input to name one took 0.05 s a rebuild), as
    # Paths sort.
    changed = [path for path, stamp in after.items() if path in before and before[path] != stamp]
    changes = [
        *(f"{path} added" for path in sorted(after.keys() - before.keys(), key=path_parts)),
        *(f"{path} changed" for path in sorted(changed, key=path_parts)),
        *(f"{path} deleted" for path in sorted(before.keys() - after.keys(), key=path_parts)),
    ]
    shown = ", ".join(changes[:3])
    return f"{shown} and {len(changes) - 3} more" if len(changes) > 3 else shown


def _what_was_rebuilt(report: BuildReport, changed: list[str], deleted: list[str], news: list[str]) -> str:
    pages = [path for path in changed if path.endswith(".html")]
    sample = ", ".join(pages[:3]) + (", …" if len(pages) > 3 else "")
    text = f"{report.rendered} pages rendered; {len(changed)} files updated"
    text += f" ({sample})" if sample else ""
    text += f", {len(deleted)} removed" if deleted else ""
    return text + (f"; skipped: {'; '.join(news)}" if news else "")


def serve(options: BuildOptions, host: str, port: int) -> int:
    """Serve until stopped; 0 then, or 3 when the address can't be served on or the folders overlap."""
    try:
        options.refuse_overlapping()
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    try:
        server = Server(options, host, port)
    except OSError as error:  # the port is taken, or the host is not this machine's
        print(f"error: cannot serve on {host}:{port}: {error.strerror}", file=sys.stderr)
        return 3
    # Stopped by a signal (a terminal closed, a test finishing) as by Ctrl-C: watcher and server shut down.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        print("Stopped.")
    return 0


def _interrupt(signal_number: int, frame: object) -> None:
    raise KeyboardInterrupt
