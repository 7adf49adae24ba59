"""Photos published with their documents: each of a document's photos, a file under seeds/ (a
Telegram export's photos/), is copied into the site's assets under a name that carries a hash of its
bytes, so the site holds everything it shows and a host may cache it for a year."""

from __future__ import annotations

from pathlib import Path

from dossier.assets import Assets
from dossier.model import Document, DossierError

PHOTOS = "assets/photos"
# Images a browser shows with <img> and never runs: an SVG may carry scripts, so it is not one.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}


def publish_photos(
    documents: list[Document], seeds_dir: Path, assets: Assets
) -> tuple[list[Document], list[DossierError]]:
    """Each document with its photo_urls, its photos' published names (the photos added to the
    assets); a photo that can't be published is named in a problem and its document shown without it."""
    problems = []
    root = seeds_dir.resolve()
    published = []
    for document in documents:
        urls = tuple(
            _publish(document, number, seeds_dir, root, assets, problems) for number in range(len(document.photos))
        )
        published.append(document.replaced(photo_urls=urls) if any(urls) else document)
    return published, problems


def _publish(
    document: Document, number: int, seeds_dir: Path, root: Path, assets: Assets, problems: list
) -> str | None:
    """The published name of the document's photo `number` (from 0); None, and a problem noted,
    when it can't be."""
    photo = document.photos[number]
    path = seeds_dir / photo.file
    if "\0" in photo.file:  # no file is named so; looking one up would raise
        problems.append(DossierError(path, f"not a file name; {document.id} is shown without it"))
        return None
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES or not path.resolve().is_relative_to(root):
        problems.append(DossierError(path, f"not an image in seeds/; {document.id} is shown without it"))
        return None
    if path.exists() and not path.is_file():  # reading a FIFO named x.jpg would wait forever
        problems.append(DossierError(path, f"not a file; {document.id} is shown without it"))
        return None
    try:
        data = path.read_bytes()
    except OSError as error:
        why = f"photo cannot be read ({error.strerror}); {document.id} is shown without it"
        problems.append(DossierError(path, why))
        return None
    # The first photo keeps the name a post's one photo always had; an album's others are numbered.
    name = f"{PHOTOS}/{document.id}{f'-{number + 1}' if number else ''}{suffix}"
    assets.add({name: data})
    return assets.published_name(name)
