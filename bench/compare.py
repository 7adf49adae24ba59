"""Full builds side by side: Dossier from synthetic seeds and from content, and each peer on the
same documents, in rounds (each tool once a round), in one scratch folder per dossier size, one
fresh process per command.

Prints each result as it comes and returns two Markdown tables: what each build took and made,
and Dossier's time as a ratio to each peer's (absolute times drift between runs, ratios less).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from bench.baseline import checkout, label
from bench.builds import SEEDS, baseline_build, content_folder, dossier_builds
from bench.measure import SiteBuild, median_build, megabytes
from bench.peers import Peer, peer_build
from bench.synthetic_seeds import write_synthetic_seeds
from dossier.content import read_content
from dossier.memo import Memo

DOSSIER_BUILDS = 4  # from seeds, from content, one edit, another edit (bench/builds.py)
BUILDS_HEADER = (
    "| dossier | build | documents | wall time | CPU time | peak memory | all processes | site | search index "
    "| gzipped |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def run(
    sizes: list[int], peers: list[Peer], baselines: list[str], limits: dict[str, int], repeats: int, scratch: Path
) -> tuple[str, str]:
    """baselines: earlier commits of Dossier built beside it (bench/baseline.py); limits: {peer
    key: the largest dossier it builds} (MkDocs takes minutes at 10,000); repeats: how many times
    each build runs (the median run is shown); scratch: a folder to work in, which the caller
    removes when the whole benchmark is done."""
    rows, ratio_rows = [], []
    codes = {label(commit): checkout(commit, scratch) for commit in dict.fromkeys(baselines)}
    for count in sizes:
        building = [peer for peer in peers if count <= limits.get(peer.key, count)]
        builds = compare(count, building, codes, scratch / str(count), repeats)
        rows += [build_row(count, build) for build in builds]
        theirs = builds[DOSSIER_BUILDS:]
        by_peer = dict(zip([peer.key for peer in building], theirs[len(codes) :], strict=True))
        peer_builds = [by_peer.get(peer.key) for peer in peers]
        # An earlier commit builds from seeds only: its column compares like with like alone.
        ratio_rows.append(ratio_row(count, builds[0], [*theirs[: len(codes)], *peer_builds]))
        ratio_rows.append(ratio_row(count, builds[1], [None] * len(codes) + peer_builds))
        ratio_rows += [edit_row(count, builds[1], edit, len(codes) + len(peers)) for edit in builds[2:DOSSIER_BUILDS]]
    names = [*codes, *(peer.name for peer in peers)]
    ratios_header = "| dossier | Dossier's build | " + " | ".join(f"÷ {name}" for name in names) + " |"
    ratios_rule = "|---|---|" + "---|" * len(names)
    return "\n".join([BUILDS_HEADER, *rows]), "\n".join([ratios_header, ratios_rule, *ratio_rows])


def compare(count: int, peers: list[Peer], codes: dict[str, Path], work: Path, repeats: int) -> list[SiteBuild]:
    """Dossier's four builds, each earlier commit's (codes: {its label: its checkout}) and each peer's of
    one synthetic dossier, in the folder work: the median run of each (measure.median_build). The
    runs go in rounds, each tool once a round, so that a machine slower for a while
    (bench/builds.py) slows every tool's runs alike; and each round begins with the next tool:
    the first slot of a round was slower for whatever took it (a cause not found), and Dossier
    always took it."""
    write_synthetic_seeds(work / SEEDS, count)
    runs: list[list[SiteBuild]] = [[] for _ in range(DOSSIER_BUILDS + len(codes) + len(peers))]
    for run in range(repeats):

        def ours(run: int = run) -> list[SiteBuild]:
            builds = [*dossier_builds(work, run)]
            if run == 0:  # the cleaned documents, for the peers (the first round begins with Dossier)
                documents, _ = read_content(content_folder(work), Memo(None))
                for peer in peers:
                    peer.write_project(documents, work / peer.key)
            return builds

        tools = [ours, *(partial(baseline_build, code, tool, work, run) for tool, code in codes.items())]
        tools += [partial(peer_build, peer, work / peer.key, run) for peer in peers]
        first = run % len(tools)
        made = {n: tools[n]() for n in [*range(first, len(tools)), *range(first)]}
        builds_of_round = [build for n in range(len(tools)) for build in (made[n] if n == 0 else [made[n]])]
        for builds, build in zip(runs, builds_of_round, strict=True):
            builds.append(build)
            print(f"run {run + 1} of {repeats}: {build_row(count, build)}", flush=True)
    builds = [median_build(tool_runs) for tool_runs in runs]
    for ours in builds[:2]:
        print(ratio_line(ours, builds[DOSSIER_BUILDS:]), flush=True)
    return builds


def build_row(count: int, build: SiteBuild) -> str:
    documents = f"{build.documents:,}" if build.documents is not None else "—"
    index = "no search" if build.index_bytes is None else megabytes(build.index_bytes)
    gzipped = "—" if build.index_gzipped is None else megabytes(build.index_gzipped)
    return (
        f"| {count:,} synthetic | {build.tool} | {documents} | {build.measured.seconds:.1f} s | "
        f"{build.measured.cpu_seconds:.1f} s | {build.measured.peak_bytes / 1e6:,.0f} MB | "
        f"{build.measured.tree_peak_bytes / 1e6:,.0f} MB | "
        f"{megabytes(build.site_bytes)} | {index} | {gzipped} |"
    )


def ratio(ours: SiteBuild, peer: SiteBuild) -> str:
    """Of wall times, and of CPU times, which a busy machine sways less (but which count both
    cores' work where a build uses both)."""
    wall = ours.measured.seconds / peer.measured.seconds
    return f"{wall:.2f}× (CPU {ours.measured.cpu_seconds / peer.measured.cpu_seconds:.2f}×)"


def ratio_row(count: int, ours: SiteBuild, peer_builds: list[SiteBuild | None]) -> str:
    """None: the peer did not build this size (BENCH_PEER_LIMITS), or not this way."""
    ratios = " | ".join(ratio(ours, peer) if peer else "—" for peer in peer_builds)
    return f"| {count:,} synthetic | {ours.tool.removeprefix('Dossier, ')} | {ratios} |"


def edit_row(count: int, cold: SiteBuild, edit: SiteBuild, peers: int) -> str:
    """The build after one edit, as a share of the cold build from content (no peer builds so)."""
    share = f"{edit.measured.seconds:.1f} s, {edit.measured.seconds / cold.measured.seconds:.2f}× the cold build"
    return f"| {count:,} synthetic | {edit.tool.removeprefix('Dossier, ')} | {share} |" + " |" * max(peers - 1, 0)


def ratio_line(ours: SiteBuild, peer_builds: list[SiteBuild]) -> str:
    """'Dossier, from seeds: 0.18× MkDocs 1.6.1, 0.52× Pelican 4.12.0'."""
    return f"{ours.tool}: " + ", ".join(f"{ratio(ours, peer)} {peer.tool}" for peer in peer_builds)
