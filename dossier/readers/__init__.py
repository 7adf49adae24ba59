"""Readers: one per input format, each turning a file in seeds/ into SourceText for cleaning."""

from dossier.readers.text import read_text_seed

__all__ = ["read_text_seed"]
