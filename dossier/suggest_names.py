"""Names the documents give that entities.yaml lacks: suggestions for the curator, never added
silently. `build.py names` lists them, most documents first; `--write` puts them in
content/names-suggested.yaml, in entities.yaml's shape, for the curator to review and move.

Candidates are found without a model: a run of capitalised words that does not open a sentence,
seen in several documents. Russian words are brought to their dictionary form by pymorphy3
(Марии Захаровой and Мария Захарова are one name). A Russian candidate's kind is then what
natasha's named-entity model (name_model.py) reads in the sentences it was seen in, and a
candidate the model finds no name in is dropped; the model reads only those sentences, since on
the whole dossier it would take minutes. English has no model that ships in a sound package
(../shared/notes/names-and-ner.md): its kinds come from the words around a name and pymorphy3's
tags.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dossier.classify import theme_matcher
from dossier.clean.dates import MONTH_NAME
from dossier.config import Config
from dossier.entities import entity_matcher
from dossier.model import Document
from dossier.name_forms import morphology
from dossier.name_model import NOT_A_NAME, model_installed, model_kinds
from dossier.terms import PhraseMatcher

SUGGESTED_FILE = "names-suggested.yaml"
# Titles, sentence openers and the words around a name that tell its kind (a data file).
_WORDS = {
    key: text.split()
    for key, text in yaml.safe_load(Path(__file__).with_name("name_words.yaml").read_text("utf-8")).items()
}
# A name seen in fewer documents than this is not suggested: one mention says little.
MIN_DOCUMENTS = 2
EXAMPLES = 2
_WORD = r"[A-ZА-ЯЁ][\w’'-]*[\w]"
_JOINER = r"(?:\s(?:of|the|de|du|von|van|der|al|bin|ibn)\s|\s)"
# A run of capitalised words (with the small words names hold: of, de, von); split later at
# titles and known names.
_RUN = re.compile(rf"(?<![\w’'-]){_WORD}(?:{_JOINER}{_WORD})*(?![\w’'-])")
_POSSESSIVE = re.compile(r"[’']s$")
# One word with these endings is an adjective of a people or a place (Russian, European,
# Western), not a name.
_ADJECTIVE_ENDINGS = ("ian", "ean", "ern", "ese", "ish", "ic")
_LONGEST_NAME = 5  # words
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-zа-яё][\w’'-]*")
# A date after a name: "(New York, January 3, 2019)", "МИНСК, 3 марта".
_DATELINE_AFTER = re.compile(rf",\s+(?:\d{{1,2}}\s+(?:{MONTH_NAME})|(?:{MONTH_NAME})\.?\s+\d{{1,2}})\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")
_NOT_NAMES = frozenset(_WORDS["not_names"])
_PLACE_WORDS = frozenset(_WORDS["place_words"])
_ORGANISATION_WORDS = frozenset(_WORDS["organisation_words"])
_PLACE_BEFORE = frozenset(_WORDS["place_before"])
_PERSON_BEFORE = frozenset(_WORDS["person_before"])


@dataclass(frozen=True)
class _KnownNames:
    """What the config names already: its entities (in every form) and its themes' terms."""

    entities: PhraseMatcher
    themes: PhraseMatcher

    def find(self, text: str) -> bool:
        return bool(self.entities.find(text) or self.themes.find(text))


@dataclass
class Suggestion:
    name: str  # the form seen most, in its dictionary form for Russian
    kind: str  # person, organisation or place: the best guess
    documents: set[str] = field(default_factory=set)
    forms: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    clues: Counter = field(default_factory=Counter)


def suggest_names(documents: list[Document], config: Config) -> list[Suggestion]:
    """Names in several documents that no entity of entities.yaml, and no theme, matches: most
    documents first."""
    known = _KnownNames(entity_matcher(config.entities), theme_matcher(config.themes))
    found: dict[str, Suggestion] = {}
    for document in documents:
        for sentence in _sentences(document):
            opening = _first_word_start(sentence)
            for run in _RUN.finditer(sentence):
                for start, name in _names_in_run(run.group(), run.start(), known):
                    if start == opening and " " not in name:
                        continue  # one word opening a sentence is a capital of grammar, not of a name
                    key = _dictionary_form(name)
                    suggestion = found.setdefault(key, Suggestion(key, ""))
                    suggestion.documents.add(document.id)
                    suggestion.forms[name] += 1
                    suggestion.clues[_clue(sentence[:start], sentence[start + len(name) :])] += 1
                    if len(suggestion.examples) < EXAMPLES and sentence.strip() not in suggestion.examples:
                        suggestion.examples.append(sentence.strip())
    common = _common_words(documents, {name for name in found if " " not in name})
    listed = [
        suggestion
        for suggestion in found.values()
        if len(suggestion.documents) >= MIN_DOCUMENTS
        and common[suggestion.name.lower()] < sum(suggestion.forms.values())
    ]
    for suggestion in listed:
        suggestion.kind = _kind(suggestion)
        suggestion.name = suggestion.forms.most_common(1)[0][0] if not _is_russian(suggestion.name) else suggestion.name
    if model_installed():
        listed = _as_the_model_reads(listed)
    return sorted(listed, key=lambda s: (-len(s.documents), s.name.casefold()))


def _as_the_model_reads(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Russian suggestions with the kind the model gives them, without those it reads as no name."""
    russian = [suggestion for suggestion in suggestions if _is_russian(suggestion.name)]
    kinds = model_kinds([(list(suggestion.forms), suggestion.examples) for suggestion in russian])
    for suggestion, kind in zip(russian, kinds, strict=True):
        suggestion.kind = kind
    return [suggestion for suggestion in suggestions if suggestion.kind != NOT_A_NAME]


def _common_words(documents: list[Document], single_words: set[str]) -> Counter:
    """How often each of these one-word names is written in lower case: a word more often
    written so (treaty, victory) is a common word that opened a title or a phrase."""
    wanted = {word.lower() for word in single_words}
    counts: Counter = Counter()
    for document in documents:
        counts.update(word for word in _LOWER_WORD.findall(document.text) if word in wanted)
    return counts


def _sentences(document: Document) -> list[str]:
    return [
        match.group() for paragraph in (document.title, *document.paragraphs) for match in _SENTENCE.finditer(paragraph)
    ]


def _first_word_start(sentence: str) -> int:
    return len(sentence) - len(sentence.lstrip(" \"'«“(—-"))


def _names_in_run(run: str, offset: int, known) -> list[tuple[int, str]]:
    """The names a run of capitalised words holds, with where each starts in the sentence: the
    run is cut at words that are no names (titles: Russian Foreign Minister Sergey Lavrov) and
    after a possessive; a piece that holds a name entities.yaml has is no suggestion."""
    pieces: list[list[tuple[int, str]]] = [[]]
    for match in re.finditer(r"\S+", run):
        word = _POSSESSIVE.sub("", match.group())
        if word in _NOT_NAMES:
            pieces.append([])
            continue
        pieces[-1].append((offset + match.start(), word))
        if word != match.group():  # Russia's: the name ends there
            pieces.append([])
    names = []
    for piece in pieces:
        while piece and piece[-1][1].islower():  # no name ends with "of"
            piece.pop()
        while piece and piece[0][1].islower():
            piece.pop(0)
        name = " ".join(word for _, word in piece)
        if piece and len(piece) <= _LONGEST_NAME and not _no_name_alone(name) and not known.find(name):
            names.append((piece[0][0], name))
    return names


def _no_name_alone(word: str) -> bool:
    """A word that is no name by itself: an adjective of a people or place (Russian, Western),
    an -ism, a word organisations' names end with (Ministry)."""
    if " " in word or _is_russian(word):
        return False
    return word.endswith((*_ADJECTIVE_ENDINGS, "ism")) or word in _ORGANISATION_WORDS or word in _PLACE_WORDS


def _is_russian(text: str) -> bool:
    return bool(re.search("[А-Яа-яЁё]", text))


def _dictionary_form(name: str) -> str:
    """Russian words in their dictionary form, capitalised (Марии Захаровой -> Мария Захарова)."""
    if not _is_russian(name):
        return name
    return " ".join(_lemma(word) for word in name.split(" "))


@functools.lru_cache(maxsize=1 << 16)
def _lemma(word: str) -> str:
    """A Russian word in its dictionary form; a name's in the nominative of its own gender
    (Захаровой -> Захарова, where the dictionary form is Захаров)."""
    if not re.fullmatch("[А-Яа-яЁё-]+", word) or word.isupper():
        return word
    parses = morphology().parse(word)
    named = [parse for parse in parses if {"Surn", "Name", "Patr", "Geox", "Orgn"} & set(parse.tag.grammemes)]
    parse = (named or parses)[0]
    nominative = parse.inflect({"nomn", "sing"}) if named else None
    return (nominative.word if nominative else parse.normal_form).capitalize()


@functools.lru_cache(maxsize=1 << 16)
def _russian_kind(word: str) -> str | None:
    grammemes = set().union(*(parse.tag.grammemes for parse in morphology().parse(word)[:2]))
    if {"Surn", "Name", "Patr"} & grammemes:
        return "person"
    if "Geox" in grammemes:
        return "place"
    if "Orgn" in grammemes:
        return "organisation"
    return None


def _clue(before: str, after: str) -> str:
    """What the words around a mention say of its kind: a name that opens its line or a
    bracket, a date after it, is a dateline's place (New York, January 3, 2019; МИНСК, 3 марта),
    where a byline's name has words before it (By John Smith, March 3, 2019)."""
    opens = before.rstrip().endswith("(") or not re.search(r"\w", before)
    if opens and _DATELINE_AFTER.match(after):
        return "place"
    previous = before.split()[-1] if before.split() else ""
    if previous in _PERSON_BEFORE:
        return "person"
    if previous.lower() in _PLACE_BEFORE:
        return "place"
    return ""


def _kind(suggestion: Suggestion) -> str:
    words = suggestion.name.split(" ")
    if words[-1] in _PLACE_WORDS:
        return "place"
    if words[-1] in _ORGANISATION_WORDS or (len(words) > 1 and words[-1].isupper()):
        return "organisation"
    if _is_russian(suggestion.name):
        kinds = Counter(kind for word in words if (kind := _russian_kind(word)))
        if kinds:
            return kinds.most_common(1)[0][0]
    clues = Counter({clue: count for clue, count in suggestion.clues.items() if clue})
    if clues:
        return clues.most_common(1)[0][0]
    if suggestion.name.isupper():
        return "organisation"
    return "person" if len(words) >= 2 else "place"


def suggestions_text(suggestions: list[Suggestion], limit: int) -> list[str]:
    """The suggestions as lines for the terminal."""
    lines = []
    for suggestion in suggestions[:limit]:
        forms = ", ".join(form for form, _ in suggestion.forms.most_common(5))
        lines.append(f"{suggestion.name} ({suggestion.kind}, {len(suggestion.documents)} documents; seen as {forms})")
        lines += [f"    “{example}”" for example in suggestion.examples]
    return lines


def write_suggestions(suggestions: list[Suggestion], content_dir: Path) -> Path:
    """content/names-suggested.yaml, in entities.yaml's shape; entities.yaml is never touched."""
    sections: dict[str, list[dict]] = defaultdict(list)
    section_of = {"person": "people", "organisation": "organisations", "place": "places"}
    for suggestion in suggestions:
        forms = [form for form, _ in suggestion.forms.most_common() if form != suggestion.name]
        entry = {"name": suggestion.name, "aliases": forms[:5], "documents": len(suggestion.documents)}
        sections[section_of[suggestion.kind]].append(entry | {"example": suggestion.examples[0]})
    header = (
        "# Names the documents give that entities.yaml lacks, found by `build.py names --write`.\n"
        "# Review them: move the ones you want into entities.yaml (name and aliases; the documents\n"
        "# count and the example are for you), and delete this file. Builds never read it.\n"
    )
    path = content_dir / SUGGESTED_FILE
    body = yaml.safe_dump(dict(sections), allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + body, encoding="utf-8")
    return path
