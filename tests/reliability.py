"""RELIABILITY.md: what the bad-input, hostile-content and no-lost-work tests tried, and what
came of it, written by the test run itself, never by hand.

Each of those tests records its figures as a section; when a run has recorded every section
(a full `make test`, not a run of a few tests), the report is written from them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "RELIABILITY.md"
_RESULTS = REPO / ".pytest_cache" / "reliability"
_RUN = "DOSSIER_RELIABILITY_RUN"  # set once by the test run; xdist's workers inherit it

SECTIONS = ("bad_inputs", "random_seeds", "random_content", "hostile", "killed_builds", "serve_edits")
# The faults an outside probe found (tests/test_outside_probe.py), one record each.
PROBE_CASES = (
    "content inside the site",
    "seeds inside the site",
    "site inside the seeds",
    "zip over the config",
    "two builds at once",
    "a 2 MB token",
    "a loop of links in seeds",
    "a FIFO in seeds",
    "half an emoji in result.json",
    "a 300-character id",
    "disk full",
    "content read-only",
    "SIGTERM to a build",
    "a foreign Host",
    "idle connections",
    "a 300-character path",
    "port 70000",
    "seeds A.txt and a.txt",
    "a theme with the id other",
    "U+FFFE in a title",
    "site.url javascript:",
    "an escape sequence in a file name",
)


def start_run() -> None:
    os.environ.setdefault(_RUN, uuid.uuid4().hex)


def record(section: str, figures: dict) -> None:
    assert section in SECTIONS, section
    folder = _RESULTS / os.environ.get(_RUN, "unnamed")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{section}.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")


# A test's own temporary folder in a message: left out, so that the report is the same each run.
_TEST_FOLDER = re.compile(r"\S*/pytest-of-[^/]+/pytest-\d+/(?:popen-gw\d+/)?[^/\s]+/")


def record_probe(case: str, what_happened: str) -> None:
    """One outside-probe fault tried, and what the build did about it now."""
    assert case in PROBE_CASES, case
    what_happened = _TEST_FOLDER.sub("", what_happened)
    folder = _RESULTS / os.environ.get(_RUN, "unnamed") / "probe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{PROBE_CASES.index(case)}.json").write_text(json.dumps([case, what_happened]), encoding="utf-8")


def finish_run() -> None:
    """Write the report if this run recorded every section; forget the run's records."""
    folder = _RESULTS / os.environ.get(_RUN, "unnamed")
    found = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")}
    probes = sorted(folder.glob("probe/*.json"), key=lambda path: int(path.stem))
    found["probe"] = [json.loads(path.read_text(encoding="utf-8")) for path in probes]
    shutil.rmtree(folder, ignore_errors=True)
    if set(SECTIONS) <= set(found) and len(found["probe"]) == len(PROBE_CASES):
        REPORT.write_text(_report(found), encoding="utf-8")


def _report(found: dict[str, dict]) -> str:
    bad, hostile, killed, edits = found["bad_inputs"], found["hostile"], found["killed_builds"], found["serve_edits"]
    seeds, content = found["random_seeds"], found["random_content"]
    inputs = bad["inputs"]
    needing = [item for item in inputs if item["outcome"] != "built"]
    lines = [
        "# Reliability",
        "",
        "What the test suite tries against bad and hostile input, and what came of it. `make test`",
        "writes this file from its own run (tests/test_bad_input.py, tests/test_hostile_content.py,",
        "tests/test_no_lost_work.py); none of it is written by hand.",
        "",
        "| | |",
        "|---|---|",
        f"| bad input files tried, in one build beside the five seeds | {len(inputs)} |",
        f"| of them needing a message, with exactly one line naming the file | "
        f"{sum(item['one_message'] for item in needing)} of {len(needing)} |",
        f"| of those messages, naming the line where the test knows it | "
        f"{sum(item['line_named'] for item in inputs)} of {sum(1 for item in inputs if item['line'])} |",
        f"| odd but valid inputs built with no message, safely named | "
        f"{sum(item['passed'] for item in inputs if item['outcome'] == 'built')} of "
        f"{sum(1 for item in inputs if item['outcome'] == 'built')} |",
        f"| random byte strings ingested as seeds (hypothesis): crashed / without a message or a document | "
        f"{seeds['crashed']} / {seeds['silent']} of {seeds['tried']} |",
        f"| random content files read (hypothesis): crashed | {content['crashed']} of {content['tried']} |",
        f"| files written outside the output and content folders | {bad['written_outside']} |",
        f"| seed files changed by a build | {bad['seeds_changed'] + seeds['seeds_changed']} |",
        f"| hostile payloads, each in titles, tags, names, bodies, search and the raw-seed view | "
        f"{hostile['payloads']} |",
        f"| pages opened in chromium with the trap set (file:// and http) | {hostile['pages_opened']} |",
        f"| times injected code ran | {hostile['trap_calls']} |",
        f"| builds killed with kill -9 at {killed['kills']} moments: site/ whole afterwards | "
        f"{killed['site_whole']} of {killed['kills']} |",
        f"| ... content/ whole afterwards, and the next build complete | "
        f"{killed['content_whole']} of {killed['kills']} |",
        f"| edits saved while `serve` rebuilt ({edits['during_rebuild']} of them mid-rebuild by its log): served | "
        f"{edits['served']} of {edits['saved']} |",
        f"| documents lost | {killed['documents_lost'] + edits['lost']} |",
        "",
        "## Each bad input",
        "",
        "| file | what it tries | expected | result | the message |",
        "|---|---|---|---|---|",
    ]
    for item in inputs:
        result = "as expected" if item["passed"] else "**not as expected**"
        message = item["message"].replace("|", "\\|") or "(none)"
        lines.append(f"| `{item['name']}` | {item['tries']} | {item['outcome']} | {result} | {message} |")
    lines += [
        "",
        "## Faults found by an outside probe",
        "",
        "Inputs and faults an independent probe tried, as an attacker and a careless user would",
        "(tests/test_outside_probe.py): each is a test, and this is what Dossier does now.",
        "",
        "| fault | what happens now |",
        "|---|---|",
    ]
    for case, what_happened in found["probe"]:
        shown = what_happened.replace("|", "\\|")
        lines.append(f"| {case} | {shown} |")
    return "\n".join(lines) + "\n"
