"""The duplicates stage alone: merging copies and linking versions among 1,000 and 10,000
synthetic documents (`make bench`), to show its cost grows with the documents, not their pairs.

Synthetic documents (bench/synthetic.py), plus one copy in a hundred (the same text, its case
and spacing changed) and one version in a hundred (a paragraph more). Each size is timed
in this process, the best of three runs, from parsed documents to merged ones with versions set.

Run by `make bench`; prints a Markdown table and returns it for BENCHMARKS.md.
"""

from __future__ import annotations

import dataclasses
import time

from bench.synthetic import synthetic_documents
from dossier.duplicates import merge_copies
from dossier.entities import with_names
from dossier.memo import Memo
from dossier.model import Document

RUNS = 3
EVERY = 100  # one copy and one version per this many documents


def dossier_with_copies(count: int) -> list[Document]:
    documents = [with_names(document, ()) for document in synthetic_documents(count)]
    for document in documents[::EVERY]:
        # digest="": each is known by what it holds, as a document read from its own file is; the
        # original's digest would hand it the original's memoised fingerprint.
        copy = dataclasses.replace(document, id=f"{document.id}-copy", body=document.body.upper(), digest="")
        version = dataclasses.replace(
            document, id=f"{document.id}-version", body=f"{document.body}\n\nOne more.", digest=""
        )
        documents += [with_names(copy, ()), with_names(version, ())]
    return documents


def measure(count: int) -> tuple[float, int, int]:
    """(best seconds, documents merged, version pairs) for `count` documents and their copies."""
    documents = dossier_with_copies(count)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        _, report = merge_copies(documents, Memo(None))
        times.append(time.perf_counter() - started)
    return min(times), report.merged, report.versions


def run(sizes: list[int]) -> str:
    rows = []
    for count in sizes:
        seconds, merged, versions = measure(count)
        total = count + 2 * len(range(0, count, EVERY))
        rows.append(
            f"| {total:,} | {seconds * 1000:.0f} ms | {seconds * 1e6 / total:.0f} µs | {merged:,} | {versions:,} |"
        )
        print(rows[-1], flush=True)
    header = "| documents | merge and link | per document | merged copies | version pairs |\n|---|---|---|---|---|"
    return "\n".join([header, *rows])


if __name__ == "__main__":
    print(run([1_000, 10_000]))
