"""Run in a Dossier checkout (bench/index_stage.py): time its search index stage alone on a
content folder, and print {"seconds": ...} as the last line. Only the functions every measured
commit has are used, so that one script times each version's own stage."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # the checkout this runs in, not the benchmark's

from dossier.classify import classify
from dossier.config import load_config
from dossier.content import read_content
from dossier.duplicates import merge_copies
from dossier.entities import name_documents
from dossier.memo import Memo
from dossier.search_index import start_search_index


def main(content: Path) -> None:
    memo = Memo(None)
    config = load_config(content)
    documents, _ = read_content(content, memo)
    documents = name_documents(documents, config.entities, memo)
    documents, _ = merge_copies(documents, memo)
    documents, _ = classify(documents, config.themes, memo)
    themes = {theme.id: theme.title for theme in config.themes}
    names = {entity.id: entity.name for entity in config.entities}
    started = time.perf_counter()
    made = start_search_index(documents, themes, names, memo)()
    if callable(made):  # since the pieces are put together in a worker: the terms found, then the index
        made()
    print(json.dumps({"seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
