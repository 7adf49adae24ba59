"""`python build.py check`: is a built site whole, valid and self-contained?

It reads site/ as a reader's browser and a host would: every link, script, stylesheet and
#fragment must resolve by file:// rules; every page must parse as HTML without errors; nothing
may load from another host or be an inline script, style or event handler (the site's
Content-Security-Policy would block it); feeds must be well-formed XML and dossier.json JSON;
every asset's name must carry the hash of its bytes (the host caches assets/ for a year).
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
from html5lib.constants import E as HTML5_ERRORS

from dossier.assets import ASSETS, fingerprinted_name
from dossier.host import NOT_FOUND_PAGE

# (element, attribute) pairs whose URL the browser loads into the page, rather than navigates to.
LOADED = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("source", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("form", "action"),
    ("input", "src"),
    ("button", "formaction"),
    ("input", "formaction"),
    ("image", "href"),  # SVG
    ("use", "href"),
}
URL_ATTRIBUTES = {"href", "src", "data", "action", "poster", "formaction", "xlink:href"}
# Script types a browser runs; any other type is a data block, which no CSP blocks.
JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}
# Schemes a link may use to leave the site; anything else (javascript:, file:, data:) is a problem.
OUTBOUND_SCHEMES = {"http", "https", "mailto", "tel"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""")
FINGERPRINT = re.compile(r"\.[0-9a-f]{10}(\.[^./]+)?$")


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the site
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Reference:
    url: str
    line: int
    loaded: bool  # fetched into the page (script, stylesheet, image) rather than followed by a click


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class CheckReport:
    pages: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)


def check_site(site: Path, base_path: str = "/") -> CheckReport:
    """base_path: where the site lives on its host ('/', or site.url's path): 404.html's links start there."""
    site = site.resolve()
    report = CheckReport()
    if not (site / "index.html").is_file():
        report.problems.append(Problem(site.as_posix(), None, "no index.html here: not a built site"))
        return report
    files = sorted(path for path in site.rglob("*") if path.is_file() and not path.name.startswith("."))
    report.files = len(files)
    pages = {path: _scan_page(path) for path in files if path.suffix == ".html"}
    report.pages = len(pages)
    for path in files:
        relative = path.relative_to(site).as_posix()
        if path in pages:
            report.problems += [Problem(relative, line, message) for line, message in pages[path].problems]
            references = pages[path].references
        elif path.suffix == ".css":
            references = _css_references(path)
        else:
            references = []
            report.problems += _check_data_file(path, relative)
        report.problems += _check_references(site, base_path, path, references, pages)
        if relative.startswith(f"{ASSETS}/"):
            report.problems += _check_fingerprint(path, relative)
    return report


class _PageParser(HTMLParser):
    """Ids, references and inline code of one page, each with its line."""

    def __init__(self, scan: PageScan) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = scan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            if name == "id" and value:
                if value in self.scan.ids:
                    self.scan.problems.append((line, f"duplicate id {value!r}"))
                self.scan.ids.add(value)
            elif name.startswith("on"):
                self.scan.problems.append((line, f"inline event handler {name}= (the CSP blocks it)"))
            elif name == "style":
                self.scan.problems.append((line, "inline style attribute (the CSP blocks it)"))
            elif name in URL_ATTRIBUTES and value is not None:
                loads = self._loads(tag, name.removeprefix("xlink:"), values)
                self.scan.references.append(Reference(value.strip(), line, loads))
            elif name in ("srcset", "imagesrcset") and value:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.scan.references.append(Reference(url, line, loaded=True))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.scan.problems.append((line, "<meta http-equiv=refresh> (a page moves on by itself; use a link)"))
        script_type = (values.get("type") or "").strip().lower()
        if tag == "script" and "src" not in values and script_type in JAVASCRIPT_TYPES:
            self.scan.problems.append((line, "inline <script> (the CSP blocks it); load a file from assets/"))
        elif tag == "style":
            self.scan.problems.append((line, "inline <style> (the CSP blocks it); use assets/style.css"))

    @staticmethod
    def _loads(tag: str, attribute: str, values: dict[str, str | None]) -> bool:
        if tag == "link":
            return bool(set((values.get("rel") or "").lower().split()) & LOADED_LINK_RELS)
        return (tag, attribute) in LOADED


def _scan_page(path: Path) -> PageScan:
    scan = PageScan()
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        scan.problems.append((None, f"not UTF-8 (byte {error.start})"))
        return scan
    parser = _PageParser(scan)
    parser.feed(text)
    parser.close()
    # The WHATWG parsing algorithm, as browsers run it: its parse errors are what makes HTML invalid.
    html5 = html5lib.HTMLParser(strict=False)
    html5.parse(text)
    for (line, _column), code, values in html5.errors:
        message = HTML5_ERRORS.get(code, code) % (values or {})
        scan.problems.append((line, f"invalid HTML: {message}"))
    return scan


def _css_references(path: Path) -> list[Reference]:
    text = path.read_text(encoding="utf-8", errors="replace")
    references = []
    for match in CSS_URL.finditer(text):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        if url and not url.startswith("#"):
            references.append(Reference(url, text.count("\n", 0, match.start()) + 1, loaded=True))
    return references


def _check_references(site: Path, base_path: str, page: Path, references: list[Reference], pages: dict):
    relative = page.relative_to(site).as_posix()
    for reference in references:
        message = _reference_problem(site, base_path, page, reference, pages)
        if message:
            yield Problem(relative, reference.line, f"{reference.url}: {message}")


def _reference_problem(
    site: Path, base_path: str, page: Path, reference: Reference, pages: dict[Path, PageScan]
) -> str | None:
    parts = urlsplit(reference.url)
    if parts.scheme and parts.scheme not in OUTBOUND_SCHEMES:
        return f"a {parts.scheme}: URL; only http(s), mailto and tel links may leave the site"
    if parts.scheme or parts.netloc:
        return "loads from another host" if reference.loaded else None
    path = unquote(parts.path)
    if path.startswith("/"):
        if page != site / NOT_FOUND_PAGE:
            return "starts at the host's root, which breaks when the site is opened from disk"
        if not path.startswith(base_path):
            return f"is not under the site's path on its host, {base_path}"
        target = (site / posixpath.normpath(path.removeprefix(base_path)).lstrip("/")).resolve()
    else:
        target = (page.parent / path).resolve() if path else page
    if not target.is_relative_to(site):
        return "points outside the site"
    if target.is_dir():
        return "names a folder, which file:// shows as a listing"
    if not target.is_file():
        return "no such file"
    if parts.fragment and target.suffix == ".html":
        scan = pages.get(target) or _scan_page(target)
        if unquote(parts.fragment) not in scan.ids:
            return f"no element with id {parts.fragment!r} in {target.relative_to(site).as_posix()}"
    return None


def _check_data_file(path: Path, relative: str) -> list[Problem]:
    try:
        if path.suffix == ".xml":
            ElementTree.parse(path)
        elif path.suffix == ".json":
            json.loads(path.read_bytes())
    except ElementTree.ParseError as error:
        return [Problem(relative, error.position[0], f"invalid XML: {error}")]
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return [Problem(relative, getattr(error, "lineno", None), f"invalid JSON: {error}")]
    return []


def _check_fingerprint(path: Path, relative: str) -> list[Problem]:
    match = FINGERPRINT.search(path.name)
    if not match:
        return [Problem(relative, None, "asset without a content hash in its name, yet the host caches assets/ a year")]
    original = path.name[: match.start()] + (match.group(1) or "")
    expected = posixpath.basename(fingerprinted_name(original, path.read_bytes()))
    if expected != path.name:
        return [Problem(relative, None, f"the hash in its name does not match its bytes (expected {expected})")]
    return []
