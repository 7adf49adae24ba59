"""Line-level pieces every source shape shares: numbered lines, symbols, hashtags, Markdown."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One line of a seed with its 1-based number, so provenance can point back to it."""

    number: int
    text: str

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


# Control characters other than tab and newline carry nothing a reader sees; they only
# break YAML and HTML later, as do noncharacters (U+FFFE, U+FDD0...), which XML forbids too.
# Bidirectional overrides and isolates (not the marks, which mixed Arabic or Hebrew text
# needs) can make a title read backwards and spoof what follows it.
NONCHARACTERS = [
    *range(0xFDD0, 0xFDF0),
    *(plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF)),
]
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069"
    + "".join(re.escape(chr(code)) for code in NONCHARACTERS)
    + "]"
)
# Telegram and web copies use odd spaces; one plain space keeps search tokenising alike.
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_HASHTAG = re.compile(r"(?<![\w#&])#([^\W\d_][\w-]*)")


def split_lines(text: str) -> list[Line]:
    """Number the lines of a seed as an editor shows them."""
    return [Line(number, tidy(raw)) for number, raw in enumerate(text.split("\n"), start=1)]


def tidy(text: str) -> str:
    """One line, normalised: composed Unicode, no control characters, plain spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    return _ODD_SPACE.sub(" ", text).strip()


def is_symbol(char: str) -> bool:
    """Emoji, flags, dingbats, punctuation marks used as bullets."""
    category = unicodedata.category(char)
    return category[0] in "SPZC" or category == "Mn" or char in "\u200d\ufe0f"


def is_emoji(char: str) -> bool:
    """Pictographs, hearts, flags and the joiners and selectors that build them."""
    return (
        unicodedata.category(char) in ("So", "Sk", "Sm")
        or char in "\u200d\ufe0f"
        or "\U0001f1e6" <= char <= "\U0001f1ff"
    )


# One or more reactions, each an emoji and a count: "❤1", "❤2👍5", "🔥 12 👏 1.2K".
_REACTIONS = re.compile(r"^(?:[^\w\s]+\s*\d+(?:[.,]\d+)?[KkMm]?\s*)+$")


def is_reaction_counter(text: str) -> bool:
    """Emoji with counts and nothing else; the emoji part must be pictographs, not letters' marks."""
    if not _REACTIONS.match(text):  # first, as it rules out almost every line at C speed
        return False
    return all(is_emoji(char) for char in text if not (char.isdigit() or char in " .,KkMm"))


# Buttons whose links were lost when the post was copied as text.
LINK_STUB = re.compile(
    r"^\W*(read in full|read more|learn more|full text|more details|watch|"
    r"читать полностью|читать далее|подробнее|полный текст|смотреть)\W*$",
    re.IGNORECASE,
)


# A photo's credit, set under it and copied with the text: "Photo: Reuters", "Фото: Дмитрий
# Азаров, Коммерсантъ", "Image credit: NASA", "Photograph by Anna Keller", "© AFP". "By" is
# followed by a name, a capital: "Photos by the thousands flooded social media." is a sentence.
_CREDIT_OPENING = re.compile(
    r"^(?:©|(?:photo(?:graph)?s?|image|picture|illustration|video|photo credit|image credit|credit"
    r"|фото|фотография|иллюстрация|кадр|видео|источник фото)"
    r"(?:\s+by)?\s*(?::|©)|^(?:photo(?:graph)?s?|image|picture|illustration|video)\s+by\s+(?-i:[A-ZÀ-ÞА-ЯЁ]))",
    re.IGNORECASE,
)
# Names that stand in a photo's credit: "Ezra Acayan / Getty Images", "(AP Photo/Evan Vucci)",
# "Photo by Jane Doe on Unsplash"; in a sentence ("Getty Images agreed to buy Shutterstock."),
# they are the news.
_PICTURE_AGENCY = re.compile(r"\b(?:getty images|shutterstock|ap photo|afp photo|alamy|unsplash)\b", re.IGNORECASE)
# A credit names a photographer and an agency; a longer line is a caption that ends with one.
_CREDIT_WORDS = 10
# A sentence: this many words, ending as a sentence ends.
_SENTENCE_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…]$")


def is_photo_credit(text: str) -> bool:
    """A line that credits a photo and says nothing else: "Photo: Getty Images", "Фото: пресс-
    служба Администрации Президента", "(AP Photo/Evan Vucci)"; not a sentence that mentions a
    photo ("Photos of the meeting were released on Monday.")."""
    line = text.strip().strip("*_()[] ")
    if not line or "\n" in line or len(line.split()) > _CREDIT_WORDS:
        return False
    sentence = len(line.split()) >= _SENTENCE_WORDS and bool(_SENTENCE_END.search(line))
    return bool(_CREDIT_OPENING.match(line) or (_PICTURE_AGENCY.search(line) and not sentence))


# The site's notice of its rights, which a page sets at the foot of an article as a paragraph:
# "™ & © 2013 Cable News Network, Inc. All rights reserved.", "© 2024 РИА Новости".
# "All rights reserved" ends its sentence in a notice; followed by more words it is a sentence
# of the article ("Все права защищены Конституцией, заявил Лавров").
_RIGHTS = re.compile(
    r"^\W*(?:©|™|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))"
    r"|\b(?:all rights reserved|все права защищены)\s*(?:[.!]|$)",
    re.IGNORECASE,
)
# A notice says who holds the rights and where to ask; a longer paragraph is the article's.
_RIGHTS_WORDS = 40


def is_rights_notice(text: str) -> bool:
    """A paragraph that is a site's copyright notice, not a sentence of the article about
    copyright ("Copyright law protects the photographs" goes on)."""
    return len(text.split()) <= _RIGHTS_WORDS and bool(_RIGHTS.search(text.strip("*_ ")))


def strip_leading_symbols(text: str) -> str:
    """'🎙 Foreign Minister ...' -> 'Foreign Minister ...'; quotes and brackets stay."""
    index = 0
    while index < len(text) and is_symbol(text[index]) and text[index] not in "\"“«'‘([#":
        index += 1
    return text[index:].strip()


def strip_trailing_symbols(text: str) -> str:
    """'Russian MFA 🇷🇺' -> 'Russian MFA'."""
    end = len(text)
    while end > 0 and is_symbol(text[end - 1]) and text[end - 1] not in "\"”»')]":
        end -= 1
    return text[:end].strip()


def comparable(text: str) -> str:
    """A key under which two copies of one paragraph are equal (emoji, case, spacing aside)."""
    return " ".join(text.casefold().translate(_SYMBOLS_BUT_SPACE).split())


class _SymbolDeleter(dict):
    """A str.translate table that deletes symbols but the plain space, each character's
    category looked up once: comparable() runs on every line of every seed."""

    def __missing__(self, codepoint: int) -> int | None:
        char = chr(codepoint)
        self[codepoint] = None if is_symbol(char) and char != " " else codepoint
        return self[codepoint]


_SYMBOLS_BUT_SPACE = _SymbolDeleter()


def hashtags(text: str) -> list[str]:
    """Hashtags in order of first appearance, without '#', each once (case aside)."""
    seen: dict[str, str] = {}
    for tag in _HASHTAG.findall(text):
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def is_hashtag_line(text: str) -> bool:
    """A line of hashtags only, like '#RussiaBelarus #UnionState'."""
    return bool(text) and not _HASHTAG.sub("", text).strip()


def blocks(lines: list[Line]) -> list[list[Line]]:
    """Group lines into paragraphs: runs of non-blank lines between blank ones."""
    grouped: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.is_blank:
            if current:
                grouped.append(current)
            current = []
        else:
            current.append(line)
    if current:
        grouped.append(current)
    return grouped


# A raw line that would turn into a heading, quote or rule in Markdown must stay text; bullets
# ("- item") may become a list, which is what they mean in the raw text too.
_BLOCK_MARKUP = re.compile(r"^(#{1,6}(?=\s|$)|>|[-=_*]{3,}\s*$)")


def escape_markdown_line(text: str) -> str:
    """Keep a raw line as the same text in Markdown. Idempotent: escaping twice is escaping once."""
    return _BLOCK_MARKUP.sub(lambda match: "\\" + match.group(0), text, count=1)


def paragraphs_markdown(paragraphs: list[str]) -> str:
    """Paragraphs of raw text -> Markdown body, one blank line between paragraphs."""
    escaped = ("\n".join(escape_markdown_line(line) for line in paragraph.split("\n")) for paragraph in paragraphs)
    return "\n\n".join(paragraph for paragraph in escaped if paragraph)


def block_text(block: list[Line]) -> str:
    """A paragraph's text; its line breaks stay, as soft breaks in Markdown."""
    return "\n".join(line.text for line in block)
