"""The peers Dossier is measured against, on the same documents written as Markdown.

Each peer gets a project folder with its config and one Markdown file per document (title,
date, tags, the cleaned body), and its commands run there in fresh processes. MkDocs and Pelican
come from the bench environment (`.bench-venv`, from bench/requirements.txt), never Dossier's own;
Hugo is Debian's package and Pagefind the PyPI package's binary. A peer not installed is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.measure import SiteBuild, combined, files_under, run_measured, site_build
from bench.synthetic import REPO
from dossier.model import Document

BENCH_VENV = REPO / ".bench-venv"

MKDOCS_CONFIG = """\
site_name: Synthetic dossier
plugins:
  - search:
      prebuild_index: python
"""

PELICAN_CONFIG = """\
SITENAME = "Synthetic dossier"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE = (2000, 1, 1)
"""

HUGO_CONFIG = """\
baseURL = "https://example.invalid/"
title = "Synthetic dossier"
languageCode = "en"
"""

# Hugo has no theme of its own: a document page (marked for Pagefind to index) and a
# paginated list for the home page and the tags.
HUGO_SINGLE = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<main data-pagefind-body>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time>{{ .Date.Format "2006-01-02" }}</time></p>{{ end }}
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a> {{ end }}</p>
</main>
</body>
</html>
"""

HUGO_LIST = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ with .Paginator }}{{ if .HasPrev }}<a href="{{ .Prev.URL }}">Newer</a>{{ end }}
{{ if .HasNext }}<a href="{{ .Next.URL }}">Older</a>{{ end }}{{ end }}
</body>
</html>
"""


@dataclass(frozen=True)
class Peer:
    key: str  # as BENCH_PEERS names it
    name: str
    write_project: Callable[[list[Document], Path], None]
    commands: Callable[[], list[list[str]]]  # run one after the other in the project folder
    site: str  # the folder the commands write, in the project folder
    index: str | None  # the search index, a file or a folder, in the site; None: no search
    config_file: str
    config: str
    programs: Callable[[], dict[str, str | None]]  # each program's name and path; None: not installed

    def available(self) -> bool:
        return all(self.programs().values())

    def versions(self) -> str:
        return " + ".join(f"{name} {program_version(path)}" for name, path in self.programs().items())


def peer_build(peer: Peer, project: Path, run: int) -> SiteBuild:
    """One build of the peer's project (written by peer.write_project), its site then moved aside
    (not deleted) for the next run."""
    measured = combined([run_measured(command, cwd=project) for command in peer.commands()])
    site = project / peer.site
    index = None
    if peer.index:
        index_path = site / peer.index
        index = files_under(index_path) if index_path.is_dir() else [index_path]
    build = site_build(peer.versions(), measured, site, index)
    site.rename(project / f"{peer.site}-{run}")
    return build


def program_version(path: str) -> str:
    asked = "version" if Path(path).name == "hugo" else "--version"  # Hugo has a command, not a flag
    output = subprocess.run([path, asked], capture_output=True, text=True, check=True).stdout
    return re.search(r"\d+\.\d+\.\d+", output).group(0)


def bench_program(name: str) -> str | None:
    path = BENCH_VENV / "bin" / name
    return str(path) if path.exists() else None


def pagefind_program() -> str | None:
    """The binary the `pagefind[bin]` package ships, run directly so its own peak memory is measured."""
    python = bench_program("python")
    if not python:
        return None
    found = subprocess.run(
        [python, "-c", "from pagefind_bin import get_executable; print(get_executable())"],
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() if found.returncode == 0 else None


def write_mkdocs_project(documents: list[Document], project: Path) -> None:
    docs = project / "docs"
    docs.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MKDOCS_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Synthetic dossier\n", encoding="utf-8")
    for document in documents:
        dated = f"*{document.date}*\n\n" if document.date else ""
        (docs / f"{document.id}.md").write_text(f"# {document.title}\n\n{dated}{document.body}\n", encoding="utf-8")


def write_pelican_project(documents: list[Document], project: Path) -> None:
    content = project / "content"
    content.mkdir(parents=True)
    (project / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for document in documents:
        metadata = {"Title": document.title, "Date": document.date, "Tags": ", ".join(document.tags)}
        header = "".join(f"{key}: {value}\n" for key, value in metadata.items() if value)
        (content / f"{document.id}.md").write_text(f"{header}Slug: {document.id}\n\n{document.body}\n", "utf-8")


def write_hugo_project(documents: list[Document], project: Path) -> None:
    content, layouts = project / "content", project / "layouts" / "_default"
    content.mkdir(parents=True)
    layouts.mkdir(parents=True)
    (project / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    for document in documents:
        metadata = {"title": document.title, "tags": list(document.tags)}
        if document.date:
            metadata["date"] = document.date
        front = yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False)
        (content / f"{document.id}.md").write_text(f"---\n{front}---\n\n{document.body}\n", encoding="utf-8")


PEERS = (
    Peer(
        key="mkdocs",
        name="MkDocs",
        write_project=write_mkdocs_project,
        commands=lambda: [[bench_program("mkdocs"), "build"]],
        site="site",
        index="search/search_index.json",
        config_file="mkdocs.yml",
        config=MKDOCS_CONFIG,
        programs=lambda: {"MkDocs": bench_program("mkdocs")},
    ),
    Peer(
        key="pelican",
        name="Pelican",
        write_project=write_pelican_project,
        commands=lambda: [[bench_program("pelican"), "content", "--settings", "pelicanconf.py", "--output", "output"]],
        site="output",
        index=None,
        config_file="pelicanconf.py",
        config=PELICAN_CONFIG,
        programs=lambda: {"Pelican": bench_program("pelican")},
    ),
    Peer(
        key="hugo",
        name="Hugo + Pagefind",
        write_project=write_hugo_project,
        commands=lambda: [[shutil.which("hugo"), "--quiet"], [pagefind_program(), "--site", "public"]],
        site="public",
        index="pagefind",
        config_file="hugo.toml",
        config=HUGO_CONFIG,
        programs=lambda: {"Hugo": shutil.which("hugo"), "Pagefind": pagefind_program()},
    ),
)
