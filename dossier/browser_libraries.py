"""Browser libraries from npm (pinned in package-lock.json), copied into site/ by the build.

Nothing third-party is kept in the repository: `make site` installs node_modules/ and the
build copies only the files pages load. An installed package carries those files itself
(dossier/project.py finds them).
"""

from __future__ import annotations

from pathlib import Path

from dossier.model import DossierError
from dossier.project import NODE_MODULES

# site path -> file in node_modules; the search page loads them in this order.
SEARCH_LIBRARIES = {
    "assets/lib/lunr.min.js": "lunr/lunr.min.js",
    "assets/lib/lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    "assets/lib/lunr.ru.min.js": "lunr-languages/min/lunr.ru.min.js",
}


def browser_libraries(node_modules: Path = NODE_MODULES) -> dict[str, bytes]:
    files = {}
    for site_path, package_path in SEARCH_LIBRARIES.items():
        source = node_modules / package_path
        if not source.is_file():
            raise DossierError(source, "missing: install the pinned browser libraries with `make site` (npm ci)")
        files[site_path] = source.read_bytes()
    return files
