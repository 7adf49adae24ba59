"""Rendering: documents -> HTML pages through the Jinja2 templates in templates/.

Templates get ready-made values (formatted dates, relative URLs, rendered HTML); the
decisions are made here, so templates only lay them out.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import jinja2

from dossier.markdown import markdown_to_html
from dossier.model import Document, DossierError
from dossier.urls import document_url, relative_url

# Everything under templates/assets/ is copied to site/assets/ as it is.
ASSETS = "assets"


def render_site(documents: list[Document], templates_dir: Path) -> dict[str, bytes]:
    """Every page of the site, as {path in site/: bytes}."""
    environment = _environment(templates_dir)
    ordered = sorted(documents, key=_newest_first)
    pages = {"index.html": _render(environment, "index.html", "index.html", documents=ordered)}
    for document in ordered:
        url = document_url(document)
        html = markdown_to_html(document.body)
        pages[url] = _render(environment, "document.html", url, document=document, html=html)
    files = {path: html.encode("utf-8") for path, html in pages.items()}
    files.update(_assets(templates_dir))
    return files


def _environment(templates_dir: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["long_date"] = long_date
    return environment


def _render(environment: jinja2.Environment, template: str, url: str, **values) -> str:
    """One page; a template error names the template file and line, as a curator would look for it."""

    def link(target: str) -> str:
        return relative_url(url, target)

    try:
        return environment.get_template(template).render(link=link, document_url=document_url, **values)
    except jinja2.TemplateSyntaxError as error:
        raise DossierError(error.filename or template, f"template error: {error.message}", line=error.lineno) from None
    except jinja2.TemplateError as error:
        raise DossierError(_template_path(environment, template), f"template error: {error}") from None


def long_date(iso: str | None) -> str:
    """'2021-06-18' -> '18 June 2021': unambiguous for readers anywhere."""
    if not iso:
        return "Undated"
    date = datetime.date.fromisoformat(iso)
    return f"{date.day} {date:%B %Y}"


def _newest_first(document: Document) -> tuple:
    # Undated documents after dated ones; then by title so the order never depends on the disk.
    return (document.date is None, _reverse(document.date or ""), document.title.casefold(), document.id)


def _reverse(iso: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in iso)


def _assets(templates_dir: Path) -> dict[str, bytes]:
    root = templates_dir / ASSETS
    return {
        f"{ASSETS}/{path.relative_to(root).as_posix()}": path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _template_path(environment: jinja2.Environment, template: str) -> str:
    loader = environment.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        return str(Path(loader.searchpath[0]) / template)
    return template
