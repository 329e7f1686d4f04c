"""A document's original PDF, opened in the browser at a page, and the page's citation meta tags.

A PDF is the form a reader of a report expects to check a quotation in, so a
document read from a PDF offers it at ``/documents/<id>/original.pdf``, and
every place that cites a page links to ``original.pdf#page=N``, which a
browser's PDF viewer opens at that page. The page's ``citation_pdf_url`` tag
names it too, which Zotero saves as the item's attachment.

The file is served only when all of these hold, so that no address can reach
another file of the machine:

- its real path (links resolved) lies inside a folder the index was built
  from (``Archive.roots``; the default sources for an index that kept none),
  so a stored path, or a link, leading out of the archive is refused;
- it is a regular file whose name ends in ``.pdf``;
- it still holds the bytes that were indexed (its SHA-256 is checked on the
  bytes sent), so the PDF is always the one whose text the page shows; a file
  edited, moved or removed since is answered 404 until the next index run.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from flask import url_for

from indexer import config
from indexer.citations.highwire import highwire_tags
from indexer.errors import DocumentNotFound
from indexer.records import Document

from .feeds import external_url
from .searcher import get_archive

# Bytes read at a time while checking a file's hash.
_CHUNK = 1 << 20
# Characters a quoted ASCII file name keeps; every other one becomes "_".
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# The policy of the PDF response alone (see ``inline_pdf_headers``).
PDF_CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "object-src 'self'",
    "style-src 'unsafe-inline'",
    "frame-src 'self'",
    "child-src 'self'",
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
))
_NOT_AS_INDEXED = ("The original PDF of this document is not in the archive as it was indexed "
                   "(changed, moved or removed). Run refsearch index, then open the document again.")


def archive_roots() -> tuple[Path, ...]:
    """The folders originals may be served from: those the live index was built from."""
    roots = get_archive().roots()
    return tuple(Path(r) for r in roots) if roots else tuple(p.resolve() for p in config.DEFAULT_SOURCES)


def inside(path: Path, roots: tuple[Path, ...]) -> Path | None:
    """The real path of ``path`` when it is an existing file inside one of ``roots``, else None."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not any(real == root or real.is_relative_to(root) for root in roots):
        return None
    return real if real.is_file() else None


def original_path(doc: Document) -> Path | None:
    """Where the document's original PDF lies, when it was read from one still in the archive."""
    path = Path(doc.path or "")
    if path.suffix.lower() != ".pdf" or not doc.path:
        return None
    # A file inside the project is named relative to it (``documents.pool.display_path``).
    return inside(path if path.is_absolute() else config.PROJECT_ROOT / path, archive_roots())


def original_url(doc: Document, page: int | None = 1) -> str | None:
    """The address of ``doc``'s original PDF opening at ``page`` (None: no original to open)."""
    if original_path(doc) is None:
        return None
    return page_url(doc.id, page)


def page_url(doc_id: str, page: int | None) -> str:
    """``/documents/<id>/original.pdf#page=N``: a PDF viewer's open parameter for a page."""
    url = url_for("exports.original_pdf", doc_id=doc_id)
    return f"{url}#page={page}" if page else url


def open_unchanged(doc: Document) -> tuple[BinaryIO, int]:
    """The original PDF, opened, when it holds the indexed bytes, with its size;
    ``DocumentNotFound`` otherwise.

    The file is opened once, without following a link in its last part, and the hash is
    checked on that open file: what is sent is what was checked.
    """
    real = original_path(doc)
    if real is None:
        raise DocumentNotFound(_NOT_AS_INDEXED)
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        raise DocumentNotFound(_NOT_AS_INDEXED) from None
    file = os.fdopen(fd, "rb")
    try:
        digest = hashlib.sha256()
        for chunk in iter(lambda: file.read(_CHUNK), b""):
            digest.update(chunk)
        if digest.hexdigest() != doc.sha256:
            raise DocumentNotFound(_NOT_AS_INDEXED)
        size = file.tell()
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return file, size


def download_names(path: Path) -> tuple[str, str]:
    """A file name as plain ASCII for ``filename`` ("Cote_d_Ivoire.pdf") and its exact UTF-8
    form quoted for ``filename*`` (RFC 6266, RFC 8187)."""
    ascii_stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    safe = _UNSAFE_NAME.sub("_", ascii_stem).strip("._-") or "original"
    return f"{safe}.pdf", quote(path.name, safe="")


def inline_pdf_headers(path: Path) -> dict[str, str]:
    """The headers that let a browser show the PDF in its tab, and nothing else.

    The site's policy (``security``) allows no plugin (``object-src 'none'``); Chromium
    shows a PDF through its viewer, an ``<embed>`` of the PDF in a page with inline styles,
    which that policy blocks, so the tab would stay blank. This response alone allows an
    object of this origin, inline styles of the viewer's page, and framing by this origin
    (the viewer's own frame), and nothing else: no script, no other origin. The body is
    a PDF, never read as anything else (``nosniff``), so the wider policy cannot let HTML
    or script of ours run; every other response keeps the site's policy.
    """
    safe, quoted = download_names(path)
    return {
        "Content-Disposition": f"inline; filename=\"{safe}\"; filename*=UTF-8''{quoted}",
        "Content-Security-Policy": PDF_CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
    }


def citation_meta(doc: Document) -> list[tuple[str, str]]:
    """The ``citation_*`` meta tags of a document page, with absolute addresses."""
    page = external_url(url_for("pages.document_page", doc_id=doc.id))
    pdf = external_url(url_for("exports.original_pdf", doc_id=doc.id)) if original_path(doc) else None
    return highwire_tags(doc, page, pdf)
