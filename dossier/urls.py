"""Where each page lives in site/, and relative links between pages.

Every link is relative and names a file, so one build works at a host's root, under a
sub-path, and opened from disk (file:// shows a bare folder as a listing, not its index).
"""

from __future__ import annotations

import posixpath

from dossier.model import Document


def document_url(document: Document) -> str:
    return f"documents/{document.id}.html"


def relative_url(from_page: str, to_page: str) -> str:
    """The link from one page to another, both given relative to site/: 'documents/a.html'."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
