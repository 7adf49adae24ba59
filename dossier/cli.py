"""The command line: `python build.py [build] [--seeds DIR] [--content DIR] [--out DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dossier.model import DossierError
from dossier.pipeline import DEFAULT_TEMPLATES, BuildOptions, build
from dossier.summary import print_summary

# Exit statuses: scripts and CI tell a clean build from one that skipped input.
OK, SKIPPED_INPUT, USAGE, FAILED = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    options = BuildOptions(
        seeds=arguments.seeds, content=arguments.content, out=arguments.out, templates=arguments.templates
    )
    try:
        report = build(options)
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        print(f"Build failed; {options.out}/ is unchanged.", file=sys.stderr)
        return FAILED
    print_summary(report, options, arguments.verbose)
    return SKIPPED_INPUT if report.skipped_anything else OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build a dossier: clean seeds/ into content/, then render site/."
    )
    parser.add_argument("command", nargs="?", choices=["build"], default="build", help="what to do (default: build)")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="raw source documents (read only)")
    parser.add_argument("--content", type=Path, default=Path("content"), help="curated documents")
    parser.add_argument("--out", type=Path, default=Path("site"), help="where the site is written")
    parser.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES, help="Jinja2 templates and assets")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every seed in the summary")
    return parser
