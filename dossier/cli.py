"""The command line, `dossier` once installed (pyproject.toml) and `python build.py` in a checkout:

  dossier [build] [--seeds DIR] [--content DIR] [--out DIR]   clean seeds/ into content/, render site/
  dossier zip [--out FILE] [build's options]                  the same site as an offline zip
  dossier check [--out DIR] [--content DIR]                   validate a built site
  dossier serve [--port N] [--host H] [build's options]       build, serve, rebuild on change
  dossier new DIR                                             a new dossier folder to build in
  dossier names [--content DIR] [--write] [--limit N]         names the documents give that entities.yaml lacks

Exit statuses, so scripts and CI can tell them apart: 0 done; 1 done, but some input was
skipped (build, zip) or the site has problems (check); 2 usage, or `new` given a folder that
is not empty; 3 failed, and the previous site or zip is unchanged.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.model import DossierError

if TYPE_CHECKING:
    from dossier.pipeline import BuildOptions

OK, SKIPPED_INPUT, USAGE, FAILED = 0, 1, 2, 3
PROBLEMS_FOUND = 1
COMMANDS = ("build", "zip", "check", "serve", "new", "names")
DEFAULT_ZIP = Path("dossier.zip")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # A build holds millions of objects that live as long as it does (10,000 documents, their
    # pages, the memo), and makes few reference cycles: it leaves them to reference counting.
    # The collector walks each young object that survives, so the fewer collections the less
    # it walks: at 10,000 documents, with the default thresholds, a build after one edit spent
    # 1.7 s of 7.1 s in 1,280 collections; at 50,000 allocations, 0.2 to 0.3 s in 10 (and 1.3
    # s in 23 of a build from nothing); at a million, none (0.5 s in one). Garbage in cycles
    # waits longer: a build from nothing peaks a tenth higher (make bench: 967 -> 1,073 MB).
    gc.set_threshold(1_000_000, 20, 100)
    # Ended by a signal (`timeout`, a closed terminal) as by Ctrl-C: the build unwinds, its
    # workers are stopped and the old site stays; `serve` sets its own.
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _ended_by_signal)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]  # `python build.py` and `python build.py --out x` mean build
    arguments = _parser().parse_args(argv)
    if arguments.command == "check":
        return _check(arguments.out, arguments.content)
    if arguments.command == "new":
        return _new(arguments.folder)
    if arguments.command == "names":
        return _names(arguments.content, arguments.write, arguments.limit)
    if arguments.command == "serve":
        from dossier.serve import serve  # each command imports what it needs: a build starts sooner

        return serve(_build_options_of(arguments), arguments.host, arguments.port)
    return _build(arguments)


def _ended_by_signal(number: int, frame: object) -> None:
    raise SystemExit(128 + number)  # the shell's status for a process a signal ended


def _build(arguments: argparse.Namespace) -> int:
    from dossier.pipeline import build, build_zip
    from dossier.summary import print_summary, terminal_safe

    options = _build_options_of(arguments)
    try:
        if arguments.command == "zip":
            report, target = build_zip(options, arguments.out), str(arguments.out)
        else:
            report, target = build(options), f"{arguments.out}/"
    except (DossierError, OSError) as error:  # OSError: a disk full, a folder read-only
        problem = f"{error.filename}: {error.strerror}" if isinstance(error, OSError) and error.filename else error
        print(terminal_safe(f"error: {problem}"), file=sys.stderr)
        print(terminal_safe(f"Build failed; {arguments.out} is unchanged."), file=sys.stderr)
        return FAILED
    print_summary(report, options, target, arguments.verbose)
    return SKIPPED_INPUT if report.skipped_anything else OK


def _build_options_of(arguments: argparse.Namespace) -> BuildOptions:
    from dossier.pipeline import BuildOptions
    from dossier.project import default_templates

    templates = arguments.templates or default_templates()
    return BuildOptions(seeds=arguments.seeds, content=arguments.content, out=arguments.out, templates=templates)


def _check(site: Path, content: Path) -> int:
    from dossier.config import load_config

    try:
        base_path = load_config(content).base_path  # where 404.html's links start
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        return FAILED
    from dossier.check import check_site

    report = check_site(site, base_path)
    for problem in report.problems:
        print(problem)
    print(f"Checked {site}/: {report.pages} pages, {report.files} files, {len(report.problems)} problems")
    return PROBLEMS_FOUND if report.problems else OK


def _new(folder: Path) -> int:
    from dossier.project import new_dossier

    try:
        made = new_dossier(folder)
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    except OSError as error:
        print(f"error: {folder}: cannot make the dossier: {error}", file=sys.stderr)
        return FAILED
    for path in made:
        print(f"Made {path}{os.sep if path.is_dir() else ''}")
    build = "dossier build" if _program() == "dossier" else f"python {Path(sys.argv[0]).resolve()} build"
    print(f"Next: put the raw documents in {made[0]}{os.sep}, then build there: cd {folder} && {build}")
    return OK


def _names(content: Path, write: bool, limit: int) -> int:
    """List (and with --write, save for review) the names the content's documents give that
    entities.yaml lacks. Reads content/ as the last build left it; writes nothing else."""
    from dossier.config import load_config
    from dossier.content import read_content
    from dossier.entities import name_documents
    from dossier.memo import Memo
    from dossier.name_forms import with_forms
    from dossier.pipeline import BuildOptions
    from dossier.suggest_names import suggest_names, suggestions_text, write_suggestions
    from dossier.summary import terminal_safe

    try:
        with Memo(BuildOptions(content=content).memo_folder) as memo:  # the build's memo, read only
            config = with_forms(load_config(content), memo)
            documents, _ = read_content(content, memo)
            documents = name_documents(documents, config.entities, memo)
    except DossierError as error:
        print(terminal_safe(f"error: {error}"), file=sys.stderr)
        return FAILED
    suggestions = suggest_names(documents, config)
    for line in suggestions_text(suggestions, limit):
        print(terminal_safe(line))
    shown = min(limit, len(suggestions))
    print(f"{len(suggestions)} names in two documents or more are not in entities.yaml; {shown} shown.")
    if write:
        print(
            terminal_safe(
                f"Wrote {write_suggestions(suggestions, content)}: review it, move what you want into entities.yaml."
            )
        )
    return OK


def _program() -> str:
    """The command as the user typed it, for usage lines: `python build.py` in a checkout, else `dossier`."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "dossier"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_program(), description="Dossier: turn raw source documents into a cross-linked, searchable static site."
    )
    commands = parser.add_subparsers(dest="command", metavar="{build,zip,check,serve,new}")
    site = commands.add_parser("build", help="clean seeds/ into content/, then render site/ (the default)")
    _build_options(site)
    site.add_argument("--out", type=Path, default=Path("site"), help="where the site is written (default: site)")
    offline = commands.add_parser("zip", help="build the site as a zip to unzip anywhere and open from disk")
    _build_options(offline)
    offline.add_argument("--out", type=Path, default=DEFAULT_ZIP, help=f"the zip to write (default: {DEFAULT_ZIP})")
    check = commands.add_parser("check", help="validate a built site: links, anchors, HTML, nothing off-host")
    check.add_argument("--out", type=Path, default=Path("site"), help="the built site to check (default: site)")
    check.add_argument("--content", type=Path, default=Path("content"), help="its config, for site.url's path")
    live = commands.add_parser("serve", help="build, serve on http, rebuild and reload pages on every change")
    _build_options(live)
    live.add_argument("--out", type=Path, default=Path("site"), help="where the site is written (default: site)")
    live.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    live.add_argument("--port", type=_port, default=8000, help="port to serve on; 0 picks a free one (default: 8000)")
    names = commands.add_parser("names", help="list the names the documents give that entities.yaml lacks")
    names.add_argument("--content", type=Path, default=Path("content"), help="curated documents (default: content)")
    names.add_argument("--write", action="store_true", help="write them to content/names-suggested.yaml to review")
    names.add_argument("--limit", type=int, default=40, help="how many to list (default: 40)")
    new = commands.add_parser("new", help="make a new dossier folder: seeds/, content/ with the config, templates/")
    new.add_argument("folder", type=Path, metavar="DIR", help="the folder to make (it may exist if empty)")
    return parser


def _port(text: str) -> int:
    """A TCP port, 0 to 65535; anything else is a usage error, not a traceback."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: give 0 to 65535 (0 picks a free one)")
    return port


def _build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="raw source documents (read only)")
    parser.add_argument("--content", type=Path, default=Path("content"), help="curated documents")
    parser.add_argument(
        "--templates",
        type=Path,
        help="Jinja2 templates and assets (default: ./templates if there is one, else Dossier's own)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every seed in the summary")
