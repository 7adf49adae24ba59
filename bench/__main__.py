"""`make bench`: run the benchmarks and write BENCHMARKS.md with the results and the commands.

Environment variables make a run smaller or shorter (MkDocs alone takes minutes on
10,000 documents), e.g. `BENCH_SIZES=300 BENCH_PEERS=pelican,hugo BENCH_PARTS=builds make bench`:
  BENCH_SIZES  synthetic dossier sizes, default 1000,10000
  BENCH_SEARCH_SIZES  synthetic dossier sizes the search part builds, default 1000,10000,100000
  BENCH_PEERS  peers to build beside Dossier, default mkdocs,pelican,hugo ('' for none)
  BENCH_BASELINES  earlier commits of Dossier to build beside it, default 00fb2d2 (before names
               in every form, issue 27); '' for none
  BENCH_PARTS  which benchmarks, default builds,live,search,index,duplicates,names
  BENCH_INDEX_BASELINE  the commit whose search index stage the index part measures beside
               today's, default 49b50ef (before the index was cut by term, issue 25)
  BENCH_PEER_LIMITS  the largest dossier a peer builds, default mkdocs=1000: MkDocs's site grows
               with the square of the documents, and one build of 10,000 took it 804 s here
               (three runs, 40 minutes); '' for no limit
  BENCH_REPEATS  how many times each full build runs, the median run shown, default 3
"""

from __future__ import annotations

import compileall
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import compare, duplicates, index_stage, live, names, search
from bench.builds import SEEDS, build_command
from bench.peers import PEERS, Peer
from bench.synthetic import REPO
from bench.synthetic_seeds import CHANNEL_SHARE, POSTS_PER_EXPORT

SETTINGS = {
    "BENCH_SIZES": "1000,10000",
    "BENCH_SEARCH_SIZES": "1000,10000,100000",
    "BENCH_PEERS": "mkdocs,pelican,hugo",
    "BENCH_BASELINES": "00fb2d2",
    "BENCH_PARTS": "builds,live,search,index,duplicates,names",
    "BENCH_INDEX_BASELINE": index_stage.DEFAULT_BASELINE,
    "BENCH_PEER_LIMITS": "mkdocs=1000",
    "BENCH_REPEATS": "3",
}


def main() -> None:
    # Dossier's modules compiled to bytecode, as pip compiled the peers': where a run may not
    # write it (PYTHONDONTWRITEBYTECODE), every timed build would compile them from source.
    compileall.compile_dir(REPO / "dossier", quiet=1)
    settings = {name: os.environ.get(name, default) for name, default in SETTINGS.items()}
    sizes = [int(size) for size in _listed(settings["BENCH_SIZES"])]
    parts = _listed(settings["BENCH_PARTS"])
    wanted = [peer for peer in PEERS if peer.key in _listed(settings["BENCH_PEERS"])]
    peers = [peer for peer in wanted if peer.available()]
    missing = [peer.name for peer in wanted if peer not in peers]
    for name in missing:
        print(f"{name} is not installed (`make bench` installs it): skipped", file=sys.stderr)
    pairs = [item.partition("=") for item in _listed(settings["BENCH_PEER_LIMITS"])]
    limits = {key: int(size) for key, _, size in pairs}
    repeats = int(settings["BENCH_REPEATS"])
    # One scratch folder for every part, removed when all are done: here, deleting many files
    # slows creating files for minutes after (bench/builds.py), and the next part would pay.
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as folder:
        scratch = Path(folder)
        baselines = _listed(settings["BENCH_BASELINES"])
        builds = None
        if "builds" in parts:
            builds = compare.run(sizes, peers, baselines, limits, repeats, scratch / "builds")
        live_table = live.run(sizes, scratch / "live") if "live" in parts else None
        search_sizes = [int(size) for size in _listed(settings["BENCH_SEARCH_SIZES"])]
        search_table = search.run(search_sizes, scratch / "search") if "search" in parts else None
        index_table = None
        if "index" in parts:
            index_table = index_stage.run(sizes, settings["BENCH_INDEX_BASELINE"], repeats, scratch / "index")
        names_table = names.run(sizes, scratch / "names") if "names" in parts else None
    duplicates_table = duplicates.run(sizes) if "duplicates" in parts else None
    sections = [
        builds_section(builds, peers, missing, repeats),
        live_section(live_table),
        search_section(search_table),
        index_section(index_table, settings["BENCH_INDEX_BASELINE"], repeats),
        duplicates_section(duplicates_table),
        names_section(names_table),
    ]
    (REPO / "BENCHMARKS.md").write_text(header(settings) + "\n".join(sections), encoding="utf-8")


def header(settings: dict[str, str]) -> str:
    # BENCH_PARTS=builds needs no browser: a machine without one still gets its table.
    chromium = ""
    if Path("/usr/bin/chromium").exists():
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {chromium or 'no chromium'}"
    run = " ".join(f"{name}={value}" for name, value in settings.items())
    return f"""# Benchmarks

Regenerated by `make bench` (`.venv/bin/python -m bench`), last with `{run}`
on {machine}. Absolute times drift between machines and runs: compare the rows of one run, and the ratios.
"""


def builds_section(tables: tuple[str, str] | None, peers: list[Peer], missing: list[str], repeats: int) -> str:
    if tables is None:
        return _not_run("Full builds, beside MkDocs, Pelican and Hugo + Pagefind (bench/compare.py)")
    builds_table, ratios_table = tables
    ratios = (
        f"Dossier's wall time (CPU time) as a ratio to each peer's; below 1, Dossier is faster:\n\n{ratios_table}\n"
    )
    skipped = f"Not installed, so not run: {', '.join(missing)}.\n" if missing else ""
    return f"""
## Full builds, beside MkDocs, Pelican and Hugo + Pagefind (bench/compare.py)

Synthetic seeds (`bench/synthetic_seeds.py`: seeded, the seeds' word frequencies) in the shapes
the cleaner recognises: {CHANNEL_SHARE:.0%} of documents are posts in Telegram channel exports of
{POSTS_PER_EXPORT} posts a file, the rest one a file, in turn a wire story, a headline article and
a ministry page capture. Each command runs {repeats} times, each time in a fresh process and a
folder of its own, in rounds: Dossier's four builds, then each earlier commit's build from seeds
(`BENCH_BASELINES`, bench/baseline.py: the commit's files with today's packages), then each peer's,
then again, each round beginning with the next of them (Dossier, first in every round, was slower
there than run by hand, for a reason not found). The table shows
the run with the median wall time, for every tool alike: on this kind of machine one run can be a
third slower than the next. This ext4 has no journal, and a new file skips every inode deleted in
the last minute or more, so creating files just after many were deleted costs system time. The
rounds spread such spells over every tool; nothing of Dossier's is deleted until all builds are done. Wall time is
measured around it; CPU time (user and system, children included) is less swayed by other work
on the machine; peak memory is the process's peak resident set size (`os.wait4`, in a small
launcher that starts it, so that the benchmark's own size does not count; for Hugo +
Pagefind, the larger of the two, whose times add), and "all processes" the peak of the resident
sizes of the process and its worker processes added up, sampled every 50 ms. Site: every byte
written; search index: every file of it, raw and gzipped (Pagefind: its whole `pagefind/` folder,
of which a reader loads a part).

"From seeds" builds with `content/` empty; "from content" builds again with `content/` as the first
build left it and no `site/` nor memo (`.dossier-cache/`); "one edit" builds once more after one
content file gained a sentence, with the site and the memo the build from content left; "another
edit" once more after another file did, as every later build of a curator's finds the site, the
memo and the generation of the site the last build retired (`.site.previous`). The peers
build the same documents (the cleaned `content/*.md`: title, date, tags, body) written as
Markdown, with the fewest settings that build them: MkDocs's own theme (which lists every page in
every page's navigation, so its site grows with the square of the documents), Pelican's default
theme, and for Hugo, which has no theme of its own, two templates: a document page
(`data-pagefind-body`, so Pagefind indexes documents only) and a paginated list.

{builds_table}

{ratios if peers else ""}{skipped}
{commands(peers)}"""


def commands(peers: list[Peer]) -> str:
    """The exact command lines and configs, each run in its own folder of the scratch folder."""
    ours = (
        f"`{_shown(build_command())}` (the repository's Python and build.py; the benchmark compiles Dossier's"
        f" modules to bytecode first, as pip compiled the peers'), with the seeds in `{SEEDS}/`."
    )
    entries = ["The commands, each run in its own folder:", f"- Dossier: {ours}"]
    for peer in peers:
        steps = " then ".join(f"`{_shown(command)}`" for command in peer.commands())
        entries.append(f"- {peer.versions()}: {steps}, with `{peer.config_file}`:\n\n```\n{peer.config}```")
    return "\n\n".join(entries) + "\n"


def live_section(table: str | None) -> str:
    if table is None:
        return _not_run("Save to served (bench/live.py)")
    return f"""
## Save to served (bench/live.py)

`build.py serve` runs in a subprocess on a free port: the seeds with their curated content, or
synthetic documents as content files (`bench/synthetic.py`, no seeds). One document's file gets a
new sentence appended, {live.EDITS} times; the time is from the write until its page, polled over http every
{live.POLL_SECONDS * 1000:.0f} ms, shows the sentence. "First build" is serve's own first build of that dossier.
Each rebuild is the whole build with the memo serve keeps in memory (related lists, the search index and
every page the edit touched made again), served before site/ is written; the next edit waits until
site/ is written too.

{table}
"""


def search_section(table: str | None) -> str:
    if table is None:
        return _not_run("Search (bench/search.py)")
    queries = ", ".join(f"`{query}`" for query in search.QUERIES)
    return f"""
## Search (bench/search.py)

The seeds' dossier, and synthetic documents as content files (`bench/synthetic.py`: seeded, with
the seeds' word frequencies and some Russian), built by `build.py build`. The index is every file
under `site/assets/search/` and `site/search/`. In chromium (headless, file://, as from the zip),
`search.html?q=...` is opened in a fresh page for each query; the time is from navigation until
the page says how many documents match (scripts, index pieces, query and the first ten results'
listings: what a reader waits for). The bytes are those of the index files the page had loaded
then, and once it showed the facets' counts, which load next. Pagefind (bench/pagefind.py): the
same documents as a Hugo site, over http (it cannot search from disk), its own JavaScript API
fetching the same queries' first ten results; its bytes are its index files as sent (compressed
on disk by Pagefind), its script and WebAssembly apart. Pagefind has no field syntax
(`title:belarus` is two words to it). The queries: {queries}.

{table}
"""


def index_section(table: str | None, baseline: str, repeats: int) -> str:
    if table is None:
        return _not_run("The search index's share of a build (bench/index_stage.py)")
    return f"""
## The search index's share of a build (bench/index_stage.py)

Each version on the same synthetic content folder, in fresh processes, {repeats} times in rounds
(today's, then the earlier commit's): a cold build from content (no site, no memo), then its
search index stage alone (`start_search_index`, from documents ready
to every index file made, no memo), run in that version's own checkout. Dossier at {baseline}
built 16 lunr.py shards, each with its own BM25; today's index is one BM25 over the dossier, cut
by term. The share (stage ÷ build) is what compares: both builds changed in other ways too.

{table}
"""


def names_section(table: str | None) -> str:
    if table is None:
        return _not_run("Names to suggest (bench/names.py)")
    return f"""
## Names to suggest (bench/names.py)

`build.py names` in a fresh process on each synthetic dossier after its build (the memo the
build left, as a curator runs it): the people, organisations and places the documents name
that `entities.yaml` lacks. Its time and the peak memory of all its processes.

{table}
"""


def duplicates_section(table: str | None) -> str:
    if table is None:
        return _not_run("Copies and versions (bench/duplicates.py)")
    return f"""
## Copies and versions (bench/duplicates.py)

The build's duplicates stage alone (`dossier/duplicates.py`), in one process: synthetic documents
(`bench/synthetic.py`) with one copy in {duplicates.EVERY} (the same text in capitals) and one version in
{duplicates.EVERY} (a paragraph more), from parsed documents to copies merged and versions linked, the
best of {duplicates.RUNS} runs. Near-copies are found by MinHash and locality-sensitive hashing, so the
time per document stays flat as the dossier grows, where comparing every pair would grow with it.

{table}
"""


def _not_run(title: str) -> str:
    return f"\n## {title}\n\nNot run this time (BENCH_PARTS).\n"


def _shown(command: list[str]) -> str:
    """A command line as a reader would type it in the repository: its own paths relative."""
    return " ".join(part.removeprefix(f"{REPO}/") for part in command)


def _listed(setting: str) -> list[str]:
    return [item.strip() for item in setting.split(",") if item.strip()]


if __name__ == "__main__":
    main()
