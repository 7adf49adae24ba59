"""The named-entity model `build.py names` asks about its Russian candidates: is this run of
capitalised words a person, an organisation, a place, or no name at all?

The model is natasha's news NER model (slovnet) with its navec word vectors, both shipped inside
the natasha wheel: nothing is downloaded. natasha's own code is not imported, only its data:
natasha needs pymorphy2, whose DAWG-Python installs the same `dawg_python` folder as pymorphy3's
DAWG2-Python, so the Makefile installs natasha without its dependencies
(requirements-models.txt) and slovnet reads the model. Measured here (../shared/notes/
names-and-ner.md): about 6,000 words a second and 0.6 s to load, so the model reads the
sentences a candidate was seen in, never the whole dossier, and never during a build.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from pathlib import Path

# natasha's span types, in our kinds' names.
KINDS = {"PER": "person", "ORG": "organisation", "LOC": "place"}
_MODEL = "model/slovnet_ner_news_v1.tar"
_WORD_VECTORS = "emb/navec_news_v1_1B_250K_300d_100q.tar"
NOT_A_NAME = ""  # the model read the sentences and found no name where the candidate stands


def model_installed() -> bool:
    return _data_folder() is not None


def model_kinds(candidates: list[tuple[list[str], list[str]]]) -> list[str]:
    """For each candidate, given as (its forms, the sentences it was seen in): the kind the model
    gives the words where a form stands, the most frequent over the sentences; NOT_A_NAME when
    the model tags none of them. Call model_installed() first."""
    if not candidates:
        return []  # the model takes 0.6 s to load
    tagger = _tagger()
    sentences = [sentence for _, seen_in in candidates for sentence in seen_in]
    markups = iter(tagger.map(sentences))
    kinds = []
    for forms, seen_in in candidates:
        found: Counter = Counter()
        for sentence in seen_in:
            spans = next(markups).spans
            found.update(KINDS[span.type] for span in spans if _covers_a_form(sentence, span, forms))
        kinds.append(found.most_common(1)[0][0] if found else NOT_A_NAME)
    return kinds


def _covers_a_form(sentence: str, span, forms: list[str]) -> bool:
    """Whether the span overlaps a place in the sentence where one of the forms is written as
    words of its own (Иван, not the start of Иванов)."""
    for form in forms:
        for written in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", sentence):
            if span.start < written.end() and written.start() < span.stop:
                return True
    return False


@functools.cache
def _tagger():
    from navec import Navec
    from slovnet import NER

    data = _data_folder()
    return NER.load(str(data / _MODEL)).navec(Navec.load(str(data / _WORD_VECTORS)))


def _data_folder() -> Path | None:
    """natasha's data folder, found without importing natasha (see the module's docstring)."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    return data if (data / _MODEL).is_file() and (data / _WORD_VECTORS).is_file() else None
