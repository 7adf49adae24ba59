"""Dossier's own files, which every dossier starts from, and `dossier new`, which makes a dossier
folder with copies of them to edit.

In a checkout of the repository they sit at its root: templates/, netlify.toml, and node_modules/
as `npm ci` installs it from package-lock.json (never committed). An installed package carries
copies of them inside itself, put there when its wheel is built (pyproject.toml's force-include),
and that is where they are looked for first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier.config import install_defaults
from dossier.model import DossierError

PACKAGE = Path(__file__).resolve().parent


def _own(name: str) -> Path:
    """One of Dossier's own files or folders: the installed package's copy, else the checkout's."""
    installed = PACKAGE / name
    return installed if installed.exists() else PACKAGE.parent / name


DEFAULT_TEMPLATES = _own("templates")
NODE_MODULES = _own("node_modules")  # only the files pages load, in an installed package
NETLIFY_TOML = _own("netlify.toml")  # the headers the site is made for, which serve sends too

# A folder's own templates/, which a build there uses unless told otherwise.
OWN_TEMPLATES = Path("templates")

# What builds make in a dossier folder, made again by every build (dossier/memo.py, dossier/write.py).
GITIGNORE = """\
/site/
/.site.*
/dossier.zip
/.dossier-cache/
"""


def default_templates() -> Path:
    """The templates a build uses unless told: the working folder's templates/ when it has one,
    as `dossier new` makes and the repository has, else Dossier's own."""
    return OWN_TEMPLATES if OWN_TEMPLATES.is_dir() else DEFAULT_TEMPLATES


def template_folders(templates: Path) -> tuple[Path, ...]:
    """Where a build looks for each template and asset, first to last: the folder given, then
    Dossier's own, so a dossier's templates/ need hold only the files it changes (a base.html,
    a style.css); a file it lacks is Dossier's."""
    if templates.resolve() == DEFAULT_TEMPLATES.resolve():
        return (templates,)
    return (templates, DEFAULT_TEMPLATES)


def new_dossier(folder: Path) -> list[Path]:
    """A new dossier folder, and what it holds, in this order: seeds/ for the raw documents, empty
    (every file in it is a seed: no README there); content/ with the default config to edit;
    templates/, a copy of Dossier's own to change; a .gitignore for what builds make.

    The folder may exist if it is empty: nothing of a curator's is ever written over."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DossierError(folder, "exists and is not an empty folder; `new` makes a dossier in a new one")
    seeds, content, templates, gitignore = (folder / name for name in ("seeds", "content", "templates", ".gitignore"))
    seeds.mkdir(parents=True)
    install_defaults(content)
    _copy_files(DEFAULT_TEMPLATES, templates)
    gitignore.write_text(GITIGNORE, encoding="utf-8")
    return [seeds, content, templates, gitignore]


def _copy_files(source: Path, target: Path) -> None:
    """Every file under source, copied under target with the permissions of a file the user
    makes: an installed package's own files may be read-only, and these are to edit."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            copy = target / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
