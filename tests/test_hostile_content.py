"""Hostile content is shown as text, never run: proven in chromium with a trap.

Every payload calls window.__hostile(n) if it ever runs. The pages define that trap before
any of their own code, and the test opens every page and feed of a dossier built from such
documents (seeds, content files, tags, names, themes, a seed's file name), searches for them,
and asserts the trap was never called, from disk (no Content-Security-Policy to help) and
over http.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import Page, expect

from dossier.config import DEFAULTS
from tests import reliability
from tests.conftest import run_build

pytest_plugins = ["tests.browser"]

TRAP = "window.__hostileCalls = []; window.__hostile = (n) => window.__hostileCalls.push(n);"
WORD = "Zanzibar"  # every hostile document says it, so one search finds them all

HEADLINE_SEED = f"""<script>__hostile(1)</script> {WORD} statement <img src=x onerror=__hostile(2)>

MOSCOW, June 3. {WORD} talks <svg onload=__hostile(3)> went on. "><script>__hostile(4)</script>

Read [the original](javascript:__hostile(5)) or <a href="javascript:__hostile(6)">this</a>.

<iframe srcdoc="<script>parent.__hostile(7)</script>"></iframe> and #<img/src=x/onerror=__hostile(8)>
"""
SEED_NAMED_BADLY = "<img src=x onerror=__hostile(9)>.txt"
CURATED = f"""---
title: "<img src=x onerror=__hostile(10)> {WORD} curated"
summary: "<script>__hostile(11)</script> a summary"
tags: ["<script>__hostile(12)</script>", "<img src=x onerror=__hostile(13)>"]
source: {{outlet: "<svg onload=__hostile(14)>", dateline: "\\"><script>__hostile(15)</script>"}}
---

{WORD} body with [a link](javascript:__hostile(16)) and ![a picture](javascript:__hostile(17)).

<script>__hostile(18)</script> [data](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19ob3N0aWxlKDE4KTwvc2NyaXB0Pg==)

`</code><script>__hostile(19)</script>` and a "quote' </textarea><script>__hostile(20)</script>
"""
PAYLOADS = 24  # __hostile(1) ... __hostile(24), across seeds, content and config


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    seeds, content = root / "seeds", root / "content"
    seeds.mkdir()
    content.mkdir()
    (seeds / "hostile-headline.txt").write_text(HEADLINE_SEED, encoding="utf-8")
    (seeds / SEED_NAMED_BADLY).write_text(f"{WORD} note\n\nA plain note about {WORD}.\n", encoding="utf-8")
    (content / "hostile.md").write_text(CURATED, encoding="utf-8")
    entities = yaml.safe_load((DEFAULTS / "entities.yaml").read_text(encoding="utf-8"))
    entities["people"].append({"name": f"<img src=x onerror=__hostile(21)> {WORD} Person", "aliases": [WORD]})
    (content / "entities.yaml").write_text(yaml.safe_dump(entities, allow_unicode=True), encoding="utf-8")
    themes = yaml.safe_load((DEFAULTS / "themes.yaml").read_text(encoding="utf-8"))
    themes["site"]["title"] = "<script>__hostile(22)</script> Dossier"
    themes["themes"].append(
        {
            "title": f"<script>__hostile(23)</script> {WORD}",
            "intro": "<img src=x onerror=__hostile(24)>",
            "terms": [WORD],
        }
    )
    (content / "themes.yaml").write_text(yaml.safe_dump(themes, allow_unicode=True), encoding="utf-8")
    result = run_build("build", "--seeds", seeds, "--content", content, "--out", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_hostile_documents_run_no_code_on_any_page_or_in_search(tab, hostile_site: Path, serve_site) -> None:
    page = tab.page
    page.add_init_script(TRAP)
    pages = sorted(
        path.relative_to(hostile_site).as_posix()
        for path in hostile_site.rglob("*")
        if path.suffix in (".html", ".xml")
    )
    assert len(re.findall(r"__hostile\((\d+)\)", _all_text(hostile_site))) >= PAYLOADS  # every payload made it in
    opened, calls = 0, []
    for base in (hostile_site.as_uri(), serve_site(hostile_site)):
        for path in pages:
            page.goto(f"{base}/{quote(path)}", wait_until="load")
            calls += _trap_calls(page)
            if path.endswith(".html"):
                assert _live_markup(page) == [], path
            opened += 1
        for query in (WORD, "script", "onerror", "img"):  # results quote titles, tags and text
            page.goto(f"{base}/search.html?q={quote(query)}", wait_until="load")
            expect(page.locator("#search-status")).to_have_text(re.compile(r"^(No documents|\d+ documents?) match"))
            calls += _trap_calls(page)
            assert _live_markup(page) == []
            opened += 1
    reliability.record("hostile", {"payloads": PAYLOADS, "pages_opened": opened, "trap_calls": len(calls)})
    assert calls == []
    assert tab.watch.offhost_requests == []


def _trap_calls(page: Page) -> list[int]:
    page.wait_for_timeout(50)  # an onerror fires once the broken image fails, just after load
    return page.evaluate("window.__hostileCalls")


def _live_markup(page: Page) -> list[str]:
    """What in the page could run a payload: event-handler attributes, script-bearing links,
    frames, and scripts written into the page rather than loaded from the site."""
    return page.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap((element) => [
            ...[...element.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name),
            ...[element.getAttribute('href'), element.getAttribute('src')]
                .filter((url) => /^\\s*(javascript|data|vbscript):/i.test(url || '')),
            ...(['IFRAME', 'OBJECT', 'EMBED'].includes(element.tagName) ? [element.tagName] : []),
            ...(element.tagName === 'SCRIPT' && !element.src ? ['inline SCRIPT'] : []),
        ])"""
    )


def _all_text(site: Path) -> str:
    return "".join(
        path.read_text(encoding="utf-8") for path in site.rglob("*") if path.suffix in (".html", ".xml", ".js", ".json")
    )
