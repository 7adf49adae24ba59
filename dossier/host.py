"""The static host, as Netlify behaves for this site: the headers netlify.toml sets, path by path,
and the site's 404 page for a missing address.

Serving the site locally this way means a page that would break under the published
Content-Security-Policy breaks here first: the tests serve the site with it.
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, ClassVar
from urllib.parse import unquote, urlsplit

from dossier.model import DossierError

NETLIFY_TOML = Path(__file__).resolve().parent.parent / "netlify.toml"
NOT_FOUND_PAGE = "404.html"


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


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one folder with the host's headers; a missing file gets 404.html with status 404."""

    rules: ClassVar[list[HeaderRule]] = []

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        self._headers_added = False  # one handler serves every request of a kept-alive connection
        path = unquote(urlsplit(self.path).path)
        if not Path(self.translate_path(self.path)).exists():
            return self._not_found(path)
        return super().send_head()

    def _not_found(self, path: str) -> io.BytesIO | None:
        page = Path(self.directory) / NOT_FOUND_PAGE
        if not page.is_file():
            self.send_error(404)
            return None
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self._host_headers(path)
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        if not getattr(self, "_headers_added", False):
            self._host_headers(unquote(urlsplit(self.path).path))
        super().end_headers()

    def _host_headers(self, path: str) -> None:
        self._headers_added = True
        for name, value in headers_for(self.rules, path).items():
            self.send_header(name, value)

    def log_message(self, format: str, *args: object) -> None:
        pass


def host_handler(site: Path, rules: list[HeaderRule]) -> functools.partial:
    handler = type("SiteHandler", (HostHandler,), {"rules": rules})
    return functools.partial(handler, directory=str(site))
