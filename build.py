"""Dossier: turn a folder of raw source documents into a published, searchable dossier."""

import sys

from dossier.cli import main

if __name__ == "__main__":
    sys.exit(main())
