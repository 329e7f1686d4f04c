"""A document's original file as the archive holds it, and the page's citation meta tags.

A PDF is the form a reader of a report expects to keep, so a document read
from a PDF offers it at ``/documents/<id>/original.pdf`` and names it in the
page's ``citation_pdf_url`` tag, which Zotero saves as the item's attachment.
The file is served only while it still holds the bytes that were indexed
(its SHA-256 is checked), so the PDF is always the one whose text the page
shows; a file edited, moved or removed since is answered 404 until the next
index run.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import url_for

from indexer.citations.highwire import highwire_tags
from indexer.errors import DocumentNotFound
from indexer.records import Document

from .feeds import external_url

# Bytes read at a time while checking a file's hash.
_CHUNK = 1 << 20


def original_path(doc: Document) -> Path | None:
    """Where the document's original PDF lies, when it was read from one that is still there."""
    path = Path(doc.path or "")
    if path.suffix.lower() != ".pdf" or not path.is_absolute():
        return None
    return path if path.is_file() else None


def unchanged_original(doc: Document) -> Path:
    """The original PDF when it holds the indexed bytes; ``DocumentNotFound`` otherwise."""
    path = original_path(doc)
    if path is not None:
        digest = hashlib.sha256()
        with path.open("rb") as file:
            for chunk in iter(lambda: file.read(_CHUNK), b""):
                digest.update(chunk)
        if digest.hexdigest() == doc.sha256:
            return path
    raise DocumentNotFound("The original PDF of this document is not in the archive as it was indexed "
                           "(changed, moved or removed). Run refsearch index, then open the document again.")


def citation_meta(doc: Document) -> list[tuple[str, str]]:
    """The ``citation_*`` meta tags of a document page, with absolute addresses."""
    page = external_url(url_for("pages.document_page", doc_id=doc.id))
    pdf = external_url(url_for("exports.original_pdf", doc_id=doc.id)) if original_path(doc) else None
    return highwire_tags(doc, page, pdf)
