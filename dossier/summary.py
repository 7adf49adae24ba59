"""The few lines a build prints at the end: what was found, what to look at, how long it took."""

from __future__ import annotations

import builtins

from dossier.pipeline import BuildOptions, BuildReport
from dossier.readers import FORMATS

# Past this many seeds, per-seed counts only with --verbose.
_SEEDS_LISTED = 30


def terminal_safe(text: object) -> str:
    """Text as a terminal may show it: control characters (an escape sequence, a newline, a
    right-to-left override in a file name) as Python escapes, so a name can neither rewrite the
    terminal nor fake a line of the summary."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in str(text))


def print_summary(report: BuildReport, options: BuildOptions, target: str, verbose: bool) -> None:
    """target: what the build made, 'site/' or 'dossier.zip'. Every line is terminal_safe()."""
    ingest = report.ingest

    def print(line: str) -> None:
        builtins.print(terminal_safe(line))

    found = sum(ingest.documents_per_seed.values())
    shapes = ", ".join(f"{shape} {count}" for shape, count in sorted(ingest.documents_per_shape.items()))
    print(f"Seeds: {len(ingest.documents_per_seed)} read, {found} documents ({shapes or 'none'})")
    if verbose or len(ingest.documents_per_seed) <= _SEEDS_LISTED:
        for seed, count in ingest.documents_per_seed.items():
            print(f"  {seed}: {count}")
    formats = ", ".join(f"{name} {ingest.documents_per_format[name]}" for name in FORMATS)
    print(f"Formats: {formats}; {ingest.messages_skipped} messages skipped (service messages, posts without text)")
    duplicates = report.duplicates
    print(f"Merged duplicates: {duplicates.merged}; linked versions: {duplicates.versions} pairs")
    print(
        f"Content: {len(ingest.written)} written, {len(ingest.removed)} removed, "
        f"{ingest.edited_by_hand} edited by hand and kept ({options.content})"
    )
    for line in ingest.removed:
        print(f"  removed {line}")
    for notice in ingest.notices:
        print(f"  note: {notice}")
    problems = [*ingest.problems, *report.problems]
    if problems:
        print(f"Skipped ({len(problems)}):")
        for problem in problems:
            print(f"  {problem}")
    print(f"Built {target} with {report.documents} documents in {report.seconds:.2f} s")
