"""Downloaded files: a name that says what the file holds, and the headers that make it a file.

A search's export is named for its query and filters, in the order of the
facet table (``refsearch-trafficking-tier-3-2025.csv``), so a folder of
downloads can be told apart without opening them; a search of nothing is
``refsearch-all-documents``. A document's citation file is named by its
BibTeX key (``usdos2004mali-….bib``), which says who, when and what, and is
the same key the file holds. Names are ASCII letters, digits and hyphens
only: nothing a file system or a ``Content-Disposition`` header could
misread.
"""
from __future__ import annotations

import re

from flask import Response

from indexer import config
from indexer.facets import BY_NAME
from indexer.folding import fold
from indexer.records import SearchRequest


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by hyphens ("Côte d'Ivoire" → "cote-d-ivoire")."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def search_file_stem(search: SearchRequest, limit: int = config.DOWNLOAD_NAME_CHARS) -> str:
    """The name of a search's export, without extension: its query, each selected filter value
    as the sidebar shows it, and the dates, cut at a word to ``limit`` characters."""
    parts = [search.query]
    for name, values in search.filters:
        facet = BY_NAME[name]
        parts += [str(facet.label(str(v))) for v in values]
    if search.date_from:
        parts.append(f"from {search.date_from}")
    if search.date_to:
        parts.append(f"to {search.date_to}")
    words = slug(" ".join(parts)) or "all-documents"
    if len(words) > limit:
        words = words[:limit + 1].rsplit("-", 1)[0] if "-" in words[:limit + 1] else words[:limit]
    return f"refsearch-{words}"


def attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    """``body`` as a UTF-8 file the browser saves under ``filename``."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
