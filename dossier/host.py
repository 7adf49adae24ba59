"""The static host, as Netlify behaves for this site: the headers netlify.toml sets, path by path,
and the site's 404 page for a missing address.

Serving the site locally this way means a page that would break under the published
Content-Security-Policy breaks here first: the tests and `build.py serve` serve it so.
"""

from __future__ import annotations

import functools
import http.server
import mimetypes
import posixpath
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from dossier.model import DossierError
from dossier.project import NETLIFY_TOML

NOT_FOUND_PAGE = "404.html"
# A site's files by their path in the site ('documents/a.html'); None when there is no such file.
SiteFiles = Callable[[str], bytes | None]


@dataclass(frozen=True)
class HeaderRule:
    pattern: str  # as netlify.toml writes it: /assets/*
    values: dict[str, str]

    def matches(self, path: str) -> bool:
        return _pattern_regex(self.pattern).fullmatch(path) is not None


def load_header_rules(netlify_toml: Path = NETLIFY_TOML) -> list[HeaderRule]:
    try:
        config = tomllib.loads(netlify_toml.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DossierError(netlify_toml, f"cannot read: {error}") from None
    return [HeaderRule(rule["for"], dict(rule.get("values", {}))) for rule in config.get("headers", [])]


def headers_for(rules: list[HeaderRule], path: str) -> dict[str, str]:
    """Every rule that matches applies, in file order; where two set one header, the later wins (as Netlify)."""
    headers: dict[str, str] = {}
    for rule in rules:
        if rule.matches(path):
            headers.update(rule.values)
    return headers


@functools.cache
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Netlify's path patterns: * matches the rest of the path, :name one segment."""
    parts = re.split(r"(\*|:[A-Za-z_]\w*)", pattern)
    regex = "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts)
    return re.compile(regex)


def folder_files(site: Path) -> SiteFiles:
    """A built site on disk, read afresh at each request."""
    root = site.resolve()

    def read(path: str) -> bytes | None:
        """None for anything not a file of the site: a name too long for the file system too."""
        try:
            target = (root / path).resolve()
            if not target.is_relative_to(root) or not target.is_file():
                return None
            return target.read_bytes()
        except (OSError, RuntimeError):  # RuntimeError: a loop of links, to resolve()
            return None

    return read


class HostHandler(http.server.BaseHTTPRequestHandler):
    """Serves a site's files with the host's headers; a missing file gets 404.html with status 404."""

    rules: ClassVar[list[HeaderRule]] = []
    files: ClassVar[SiteFiles]

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        site_path = site_path_of(url_path)
        data = self.files(site_path) if site_path is not None else None
        status, headers_path = 200, url_path
        if data is None:
            status, site_path, data = 404, NOT_FOUND_PAGE, self.files(NOT_FOUND_PAGE) or b"Not found\n"
            headers_path = f"/{NOT_FOUND_PAGE}"  # never a year's caching for a 404 under /assets/
        data = self.page_body(site_path, data)
        self.send_response(status)
        self.send_header("Content-Type", content_type(site_path))
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers_for(self.rules, headers_path).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def page_body(self, site_path: str, data: bytes) -> bytes:
        """The bytes sent for a file: as built, unless a subclass adds to them."""
        return data

    def log_message(self, format: str, *args: object) -> None:
        pass


def site_path_of(url_path: str) -> str | None:
    """'/' -> 'index.html', '/themes/' -> 'themes/index.html'; None for a path out of the site."""
    path = posixpath.normpath(url_path)
    if path.startswith("//") or ".." in path.split("/") or "\x00" in path:
        return None
    path = path.lstrip("/")
    if url_path.endswith("/") or not path or path == ".":
        path = posixpath.join(path if path != "." else "", "index.html")
    return path


def content_type(site_path: str) -> str:
    guessed = mimetypes.guess_type(site_path)[0] or "application/octet-stream"
    if site_path.endswith(".js"):
        guessed = "text/javascript"
    if guessed.startswith("text/") or guessed in ("application/json", "application/xml", "image/svg+xml"):
        return f"{guessed}; charset=utf-8"
    return guessed


def host_handler(files: SiteFiles, rules: list[HeaderRule], base: type[HostHandler] = HostHandler) -> type:
    return type("SiteHandler", (base,), {"rules": rules, "files": staticmethod(files)})
