"""Dossier: turn a folder of raw source documents into a published, searchable dossier."""

import sys

if __name__ == "__main__":
    # Imported here, not above: each worker process is spawned by running this file again, and
    # needs only the module of its task (content files: 0.2 s to start, not 0.7 s with the whole CLI).
    from dossier.cli import main

    sys.exit(main())
