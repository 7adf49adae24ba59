"""Photos ship with the site, under names carrying their hash; nothing else is published as one."""

from __future__ import annotations

import os
from pathlib import Path

from dossier.assets import Assets
from dossier.model import Document, Photo
from dossier.photos import publish_photos
from tests.exports import png


def _with_photo(file: str) -> Document:
    return Document(id="a-post", title="A post", body="Text.", photos=(Photo(file=file, alt="The delegation"),))


def test_a_photo_is_published_under_a_name_with_the_hash_of_its_bytes(tmp_path: Path) -> None:
    (tmp_path / "export" / "photos").mkdir(parents=True)
    (tmp_path / "export" / "photos" / "photo_1@19-01-2023.jpg").write_bytes(png())
    document = _with_photo("export/photos/photo_1@19-01-2023.jpg")
    assets = Assets({})
    (document,), problems = publish_photos([document], tmp_path, assets)
    assert problems == []
    (url,) = document.photo_urls
    assert url.startswith("assets/photos/a-post.") and url.endswith(".jpg")
    assert assets.files[url] == png()


def test_an_albums_photos_are_published_in_order_and_one_missing_is_named_and_left_out(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    colours = {"1.jpg": (200, 0, 0), "3.png": (0, 0, 200)}
    for name, rgb in colours.items():
        (tmp_path / "photos" / name).write_bytes(png(rgb=rgb))
    files = ["photos/1.jpg", "photos/2.jpg", "photos/3.png"]
    album = Document(id="an-album", title="An album", body="", photos=tuple(Photo(file, "alt") for file in files))
    assets = Assets({})
    (album,), problems = publish_photos([album], tmp_path, assets)
    first, missing, third = album.photo_urls
    assert first.startswith("assets/photos/an-album.") and third.startswith("assets/photos/an-album-3.")
    assert missing is None and [Path(problem.path).name for problem in problems] == ["2.jpg"]
    assert (assets.files[first], assets.files[third]) == (png(rgb=colours["1.jpg"]), png(rgb=colours["3.png"]))


def test_a_missing_photo_an_svg_and_a_file_outside_seeds_are_named_and_left_out(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "drawing.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    (tmp_path / "outside.png").write_bytes(png())
    (seeds / "link.png").symlink_to(tmp_path / "outside.png")
    documents = [_with_photo(name) for name in ("gone.jpg", "drawing.svg", "link.png")]
    assets = Assets({})
    documents, problems = publish_photos(documents, seeds, assets)
    assert [document.photo_urls for document in documents] == [(), (), ()]
    assert assets.files == {}
    assert [Path(problem.path).name for problem in problems] == ["gone.jpg", "drawing.svg", "link.png"]
    assert "cannot be read" in problems[0].message and "a-post is shown without it" in problems[0].message


def test_a_photo_that_is_a_fifo_a_folder_or_has_a_nul_in_its_name_is_named_and_left_out(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jpg")
    (tmp_path / "folder.jpg").mkdir()
    documents = [_with_photo(name) for name in ("pipe.jpg", "folder.jpg", "a\0b.jpg")]
    documents, problems = publish_photos(documents, tmp_path, Assets({}))
    assert [document.photo_urls for document in documents] == [(), (), ()]
    assert [problem.message for problem in problems] == [
        "not a file; a-post is shown without it",
        "not a file; a-post is shown without it",
        "not a file name; a-post is shown without it",
    ]
