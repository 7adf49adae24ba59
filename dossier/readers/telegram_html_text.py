"""A message's text and poll in Telegram's HTML export, turned back into the parts result.json
holds (telegram_html.py reads the export; telegram_posts.py makes the posts).

The export writes each part of a text as one element: <strong> bold, <em> italic, <code>, <pre>,
<u>, <s>, <blockquote>, a spoiler's <span>, and links that say what they are:
  <a href="https://mid.ru/...">joint statement</a>                 a link behind words
  <a href="https://mid.ru/x">https://mid.ru/x</a>                  a web address written out
  <a href="https://t.me/MFARussia">@MFARussia</a>                  a mention
  <a href="" onclick="return ShowHashtag(&quot;OSCE&quot;)">#OSCE</a>   a hashtag (cashtags, bot commands alike)
  <a href="mailto:...">, <a href="tel:...">                        an e-mail address, a phone number
A line break is <br>. The writer puts the text on lines of its own inside <div class="text">:
that line break before it and the one (and the indentation) after it are not the text's.
"""

from __future__ import annotations

import re

from dossier.urls import web_link

_TAGS = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "code": "code",
    "pre": "pre",
    "u": "underline",
    "s": "strikethrough",
    "blockquote": "blockquote",
}
# The script a link's onclick calls, by the kind of part it is.
_ONCLICK = {
    "ShowHashtag": "hashtag",
    "ShowCashtag": "cashtag",
    "ShowBotCommand": "bot_command",
    "ShowMentionName": "mention_name",
    "ShowNotLoadedEmoji": "custom_emoji",
    "ShowNotAvailableEmoji": "custom_emoji",
}
_SCRIPT = re.compile(r"return (\w+)\(")
_VOTES = re.compile(r"(\d+) votes?")


def message_text(element) -> list:
    """The text's parts as result.json lists them: plain text as strings, every other part an
    object {"type", "text"} (and "href" for a link behind words)."""
    parts: list = []
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_part(child))
        if child.tail:
            parts.append(child.tail)
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].removeprefix("\n")
    if parts and isinstance(parts[-1], str):
        parts[-1] = re.sub(r"\n[ \t]*$", "", parts[-1])
    return [part for part in parts if part]


def _part(element) -> str | dict:
    text = _inner_text(element)
    tag = element.tag.lower()
    if tag == "br":
        return "\n"
    if tag == "a":
        return _link(element, text)
    if tag == "span" and "spoiler" in (element.get("class") or ""):
        return {"type": "spoiler", "text": text}
    kind = _TAGS.get(tag)
    return {"type": kind, "text": text} if kind else text


def _link(element, text: str) -> str | dict:
    href = element.get("href") or ""
    script = _SCRIPT.search(element.get("onclick") or "")
    if script:
        return {"type": _ONCLICK.get(script.group(1), "plain"), "text": text}
    if href.startswith("mailto:"):
        return {"type": "email", "text": text}
    if href.startswith("tel:"):
        return {"type": "phone", "text": text}
    if text.startswith("@") and href.rstrip("/").endswith(f"/{text[1:]}"):
        return {"type": "mention", "text": text}
    if href == text:
        return {"type": "link", "text": text}
    if web_link(href):
        return {"type": "text_link", "text": text, "href": href}
    return {"type": "custom_emoji", "text": text}  # a link into the export's own files: an emoji's image


def _inner_text(element) -> str:
    """An element's text, a <br> inside it a line break (a preformatted block's lines)."""
    pieces = [element.text or ""]
    for child in element:
        pieces.append("\n" if isinstance(child.tag, str) and child.tag.lower() == "br" else _inner_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def poll(element) -> dict:
    """A poll as result.json holds it: its question, whether it is closed, each answer with its
    votes (an answer no one chose shows none) and the votes in all."""
    question = element.find("div[@class='question bold']")
    status = element.find("div[@class='details']")
    answers = []
    for answer in element.iterfind("div[@class='answer']"):
        votes = answer.find("span")
        counted = _VOTES.search("".join(votes.itertext())) if votes is not None else None
        text = (answer.text or "").strip().removeprefix("- ")
        answers.append({"text": text, "voters": int(counted.group(1)) if counted else 0})
    total = next((div for div in element.iterfind("div") if "total" in (div.get("class") or "").split()), None)
    counted_in_all = _VOTES.search("".join(total.itertext())) if total is not None else None
    return {
        "question": "".join(question.itertext()).strip() if question is not None else "",
        "closed": status is not None and "".join(status.itertext()).strip() == "Final results",
        "total_voters": int(counted_in_all.group(1)) if counted_in_all else 0,
        "answers": answers,
    }
