"""A Telegram post's text, from the export's parts (plain text and entities: bold, links,
hashtags, code) to the title and the Markdown body of its document (telegram.py reads the
export; this writes each post). Bold and italic stay, links stay links, code stays code and a
preformatted block a code block, indentation and all; the rest is text, escaped so that it
stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.clean.channel import post_title
from dossier.clean.lines import LINK_STUB, Line, paragraphs_markdown, tidy
from dossier.urls import web_link

# Markdown's inline markup, escaped in a post's own text so that it stays text. An underscore
# inside a word marks nothing in CommonMark and stays as it is (#Open_Skies).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]<]|(?<!\w)_|_(?!\w)|&(?=#?\w+;)")
_WRAPPERS = {"bold": ("**", "**"), "italic": ("*", "*")}
# Stands for a preformatted block on its line until the body is written (a private-use character,
# which no export's text holds and tidying keeps).
_CODE_PLACEHOLDER = "\ue000"


@dataclass(frozen=True)
class Part:
    """A stretch of a post's text: plain, or one entity (bold, a hashtag, a link with its href)."""

    kind: str
    text: str
    href: str | None = None
    language: str | None = None  # a preformatted block's, as the export names it


def poll_parts(poll: object) -> list[Part]:
    """A poll as a post: its question as the first line, then each answer with its votes where
    the export counted them."""
    if not isinstance(poll, dict) or not isinstance(poll.get("question"), str):
        return []
    lines = [poll["question"].strip(), ""]
    for answer in poll.get("answers") if isinstance(poll.get("answers"), list) else []:
        if isinstance(answer, dict) and isinstance(answer.get("text"), str):
            votes = answer.get("voters")
            counted = f": {votes} vote{'s' if votes != 1 else ''}" if isinstance(votes, int) else ""
            lines.append(f"• {answer['text'].strip()}{counted}")
    total = poll.get("total_voters")
    if isinstance(total, int):
        lines += ["", f"Poll: {total} vote{'s' if total != 1 else ''} in all."]
    return [Part("plain", "\n".join(lines))]


def title_body_and_link(parts: list[Part]) -> tuple[str, str, str | None]:
    """The title (from the plain text, as a pasted post's), the body in Markdown, and the link
    to the original that a "Read in full" stub carried. Preformatted blocks stay code blocks,
    their lines as they are, and are never the title."""
    plain_lines, markdown_lines, hrefs, blocks = _lines(parts)
    lines = [Line(number, text) for number, text in enumerate(plain_lines) if text]
    stubs = [line for line in lines if LINK_STUB.match(line.text)]
    link = next((hrefs[line.number] for line in stubs if line.number in hrefs), None)
    kept = [line for line in lines if line not in stubs]
    code = [line for line in kept if line.text in blocks]
    title, body = post_title([line for line in kept if line not in code])
    # A link that made up the line now the title is kept as the post's link to its original;
    # so is a link whose text shows nothing, set on a line of its own above the title ("\u200b":
    # how a channel gives a post the preview of the page it tells of), which no line holds.
    titled = [line for line in kept if line not in body and line not in code and line.number in hrefs]
    link = link or (hrefs[titled[0].number] if titled else None) or _invisible_link(parts)
    shown = [line for line in kept if line in body or line in code]
    markdown = paragraphs_markdown([markdown_lines[line.number] for line in shown])
    for placeholder, block in blocks.items():
        markdown = markdown.replace(placeholder, block)
    return title, markdown, link


def _lines(parts: list[Part]) -> tuple[list[str], list[str], dict[int, str], dict[str, str]]:
    """The text line by line, plain and as Markdown (the same lines: markup never spans a line
    break), the first web link on each line, and the preformatted blocks: each stands on a line
    of its own as a placeholder (tidying would take its indentation), {placeholder: block}."""
    plain, markdown, hrefs, blocks = [], [], {}, {}
    row = 0
    for part in _plain_runs_joined(parts):
        href = _web_link(part.href if part.kind == "text_link" else part.text if part.kind == "link" else None)
        if part.kind == "pre":
            # Its number between two marks: no block's placeholder is a part of another's, as
            # "\ue000" was of "\ue000\ue000", which wrote the first block in the second's place.
            placeholder = f"{_CODE_PLACEHOLDER}{len(blocks)}{_CODE_PLACEHOLDER}"
            blocks[placeholder] = _code_block(part.text, part.language)
            part = Part("plain", f"\n{placeholder}\n")
        breaks = part.text.count("\n")
        for offset in range(breaks + 1 if href else 0):
            hrefs.setdefault(row + offset, href)
        row += breaks
        plain.append(part.text)
        written = _markdown(part, href)
        if written.startswith("["):  # "Read it![a link](…)" would be an image
            _escape_final_bang(markdown)
        markdown.append(written)
    return (
        [tidy(line) for line in "".join(plain).split("\n")],
        [tidy(line) for line in "".join(markdown).split("\n")],
        hrefs,
        blocks,
    )


def _plain_runs_joined(parts: list[Part]) -> list[Part]:
    """The parts with each run of plain ones as one. An export may split a text anywhere, and a
    character's escape depends on its neighbours: "Z" then "_Z" is the word Z_Z, as the HTML
    export, which holds it as one text, has it."""
    joined: list[Part] = []
    for part in parts:
        if part.kind == "plain" and joined and joined[-1].kind == "plain":
            joined[-1] = Part("plain", joined[-1].text + part.text)
        else:
            joined.append(part)
    return joined


def _escape_final_bang(markdown: list[str]) -> None:
    """Escape the "!" the Markdown so far ends with, in the last part that holds any text: an
    empty part between it and a link (an export has them) still leaves the two side by side."""
    last = next((number for number in reversed(range(len(markdown))) if markdown[number]), None)
    if last is not None and markdown[last].endswith("!"):
        markdown[last] = markdown[last][:-1] + "\\!"


def _code_block(text: str, language: str | None) -> str:
    """A fenced code block, its lines and indentation as written, fenced longer than any run of
    backticks inside it."""
    fence = "`" * max(3, max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    info = re.sub(r"[^\w+.#-]", "", language or "")
    return f"{fence}{info}\n{text.strip(chr(10)).rstrip()}\n{fence}"


def _spaced(text: str, markup) -> str:
    """markup(the words), the spaces around them kept outside."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}{markup(core)}{text[start + len(core) :]}"


def _code_span(text: str) -> str:
    """Inline code, fenced longer than any run of backticks inside it; no escapes (they would show)."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _markdown(part: Part, href: str | None) -> str:
    """Bold and italic stay, a link stays a link, code stays code; a hashtag, a mention and the
    rest are their text."""
    if part.kind == "code":
        return "\n".join(_spaced(piece, _code_span) for piece in part.text.split("\n"))
    opening, closing = ("[", f"]({href})") if href else _WRAPPERS.get(part.kind, ("", ""))
    return "\n".join(_wrap(_escape(piece), opening, closing) for piece in part.text.split("\n"))


def _wrap(text: str, opening: str, closing: str) -> str:
    """Markup around the words, spaces outside: CommonMark reads "** bold **" as asterisks."""
    return _spaced(text, lambda core: f"{opening}{core}{closing}") if opening else text


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(0), text)


def _invisible_link(parts: list[Part]) -> str | None:
    """The first link whose text is nothing a reader sees (zero-width spaces), which the body,
    made of what is seen, cannot hold."""
    hidden = (part.href for part in parts if part.kind == "text_link" and not tidy(part.text))
    return next((link for href in hidden if (link := _web_link(href))), None)


def _web_link(href: str | None) -> str | None:
    return web_link(href) if href else None
