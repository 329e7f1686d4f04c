"""The details table of a document page: each field that is set, how to show it, and, for a
copy of a work, which of the work's files it came from."""
from __future__ import annotations

from indexer.records import Document

from .public import archive_name

# The Document field each row of the details shows, for naming the copy of a work it came from.
_ROW_FIELDS = {"Title": "title", "Publisher": "publisher", "Author": "author", "Published": "published",
               "Last updated": "last_updated", "Countries": "countries", "Tier": "tier",
               "Report year": "report_year", "Document type": "doc_type",
               "Document symbol": "document_symbol", "Cite as": "citation", "Source": "source_url",
               "Refworld docid": "refworld_docid", "Language": "language"}


def metadata_rows(doc: Document) -> list[tuple[str, str, str, str | None]]:
    """(label, value, kind, source) for every Document field that is set; kind says how to show
    it, source which copy of the document's work gave it ("the PDF, mali.pdf"), when it has one."""
    rows = [
        ("Title", doc.title, "text"),
        ("Publisher", doc.publisher, "text"),
        ("Author", doc.author, "text"),
        ("Published", doc.published, "date"),
        ("Last updated", doc.last_updated, "date"),
        ("Countries", ", ".join(f"{c.name} ({c.code})" for c in doc.countries), "text"),
        ("Tier", doc.tier, "tier badge"),
        ("Report year", str(doc.report_year) if doc.report_year else None, "text"),
        ("Document type", doc.doc_type, "text"),
        ("Document symbol", doc.document_symbol, "text"),
        ("Cite as", doc.citation, "text"),
        ("Source", doc.source_url, "url"),
        ("Refworld docid", doc.refworld_docid, "text"),
        ("Language", doc.language, "text"),
        ("Document id", doc.id, "code"),
        ("File", archive_name(doc.path), "code"),
        ("SHA-256", doc.sha256, "code"),
    ]
    return [(label, value, kind, _row_source(doc, label)) for label, value, kind in rows if value]


def _row_source(doc: Document, label: str) -> str | None:
    """Which copy of ``doc``'s work a details row came from, in words; None outside a work."""
    copy = doc.work.source_of(_ROW_FIELDS[label]) if doc.work is not None and label in _ROW_FIELDS else None
    if copy is None:
        return None
    return f"from the {copy.kind} ({archive_name(copy.path)}){', this file' if copy.id == doc.id else ''}"
