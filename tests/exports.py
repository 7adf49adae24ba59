"""Inputs in the shapes people hold, written by the tests: Telegram Desktop exports (a folder
ChatExport_<date>/ with result.json and photos/) and web pages saved from a browser."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

CHANNEL = "Russia in OSCE/Россия в ОБСЕ"
NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"


def png(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A small valid PNG of one colour."""
    row = b"\x00" + bytes(rgb) * width
    pixels = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def message(number: int, text: object, date: str = "2023-01-19T09:15:00", **more: object) -> dict:
    """A post as Telegram Desktop writes it: text, and text_entities with the same parts."""
    entities = [{"type": "plain", "text": part} if isinstance(part, str) else part for part in _listed(text)]
    return {
        "id": number,
        "type": "message",
        "date": date,
        "from": CHANNEL,
        "text": text,
        "text_entities": entities,
    } | more


def service(number: int, action: str = "pin_message") -> dict:
    return {"id": number, "type": "service", "date": "2023-01-19T09:00:00", "action": action, "text": ""}


def write_export(folder: Path, messages: list, name: str = CHANNEL, photos: dict[str, bytes] | None = None) -> Path:
    """folder/result.json (indented, as the export writes it) and folder/photos/*; returns result.json."""
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    for file_name, data in (photos or {}).items():
        (folder / "photos" / file_name).write_bytes(data)
    export = {"name": name, "type": "public_channel", "id": 1357924680, "messages": messages}
    result = folder / "result.json"
    result.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def saved_page(
    title: str, paragraphs: list[str], head: str = "", dated: str = "", site: str = "Example Ministry"
) -> str:
    """A page as a browser saves it: menus, a cookie banner, a search form, breadcrumbs, share
    buttons, "latest news" and "related" lists, a footer, scripts inline and external, on*
    attributes; one article. head: more of <head> (meta tags); dated: what stands under the headline."""
    article = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<!-- saved from url=(0041)https://www.ministry.example/en/news/1001/ -->
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
{head}
<link rel="stylesheet" href="https://cdn.ministry.example/site.css">
<script>window.pageScriptRan = "inline script in head";</script>
<script src="https://cdn.ministry.example/analytics.js"></script>
<style>body {{ background: url(https://cdn.ministry.example/bg.png) }}</style>
</head>
<body onload="window.pageScriptRan = 'onload attribute'">
<div class="cookie-banner">This site uses cookies to improve your experience.
 <button onclick="window.pageScriptRan = 'onclick'">Accept all cookies</button></div>
<header><a href="/"><img src="logo.png" alt="Ministry logo" onerror="window.pageScriptRan = 'onerror'"></a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/about">About the ministry</a></li>
<li><a href="/contacts">Contacts</a></li></ul></nav>
<form action="https://www.ministry.example/search"><input name="q" placeholder="Search the site">
<button type="submit">Search</button></form></header>
<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/news">News</a> › {title}</nav>
<main><article>
<h1>{title}</h1>
{dated}
{article}
<div class="share">Share this: <a href="https://t.me/share/url?url=x">Telegram</a>
 <a href="javascript:window.pageScriptRan='javascript link'">Copy link</a></div>
</article>
<aside><h2>Latest news</h2><ul>
<li><a href="/news/990">Briefing by the official spokeswoman on current foreign policy issues</a></li>
<li><a href="/news/991">Statement on the anniversary of the signing of the treaty</a></li></ul></aside>
<section class="related"><h2>Related materials</h2><ul>
<li><a href="/news/992">Consultations on strategic stability were held in Geneva last week</a></li></ul></section>
</main>
<footer><p>© 2023 {site}. All rights reserved.</p><p>32/34 Smolenskaya-Sennaya Square, Moscow</p></footer>
<script>document.write("<p>Written by a script</p>"); window.pageScriptRan = "inline script in body";</script>
</body></html>
"""


def _listed(text: object) -> list:
    return text if isinstance(text, list) else [text]
