"""The ids a seed's documents take in content/, and the reply links that follow them.

A document's id is made of its title and date (ids.py), and is its content file's name. Ingestion
gives it that id unless a document of another seed has it already (the same post in a chat's JSON
export and in its HTML export, or in two exports of one channel): then the next free one, `-2`,
`-3`. A post's reply names the post it answers by the id its reader gave it, before that; so once
a seed's ids are given, each reply is pointed at the id its post took: a post of the same seed,
or of the seed its reader says it answers into (a chat's messages.html, for a reply in its
messages2.html), whose ids were given before it (ingestion takes the seeds in that order) and
are kept with that seed's entry in the manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dossier.files import file_hash, text_hash
from dossier.ids import unique_id
from dossier.model import Document


@dataclass
class TakenIds:
    """The ids a seed's new documents may not take: every id in use but the seed's own, and
    those of its documents given already. Checked per document, never copied: a dossier of
    10,000 documents from 1,000 seeds would copy ten million ids."""

    in_use: set[str]
    owned: dict[str, str]
    written: set[str] = field(default_factory=set)
    reclaimed: set[str] = field(default_factory=set)  # in use by a file that holds this very text

    def __contains__(self, id_: str) -> bool:
        return id_ in self.written or (id_ in self.in_use and id_ not in self.owned and id_ not in self.reclaimed)


def given_ids(content_dir: Path, wanted: list[tuple[str, str]], taken: TakenIds) -> list[str]:
    """The id each of a seed's documents takes, in order. wanted: each one's own id and the text
    of its content file; a file that holds that very text already is this document's, manifest
    or not (a content folder copied without its manifest)."""
    given = []
    for own, text in wanted:
        if own in taken and file_hash(content_dir / f"{own}.md") == text_hash(text):
            taken.reclaimed.add(own)
        id_ = unique_id(own, taken)
        taken.written.add(id_)
        given.append(id_)
    return given


def followed_reply(
    document: Document, renamed: dict[str, str], replies_into: dict[str, str], renamed_in: Callable[[str], dict]
) -> str | None:
    """The id in content/ of the post the document answers. renamed: {the id its reader gave: the
    id it took} of the seed's own documents; replies_into: {document id: the other seed its reply
    leads into}; renamed_in(seed): the same as renamed, of that seed."""
    target = document.source.reply_to
    if target is None:
        return None
    other = replies_into.get(document.id)
    return (renamed_in(other) if other else renamed).get(target, target)
