"""The "Details" table of a document page: every field of the record that is set, where
each date came from (``indexer.provenance``), so a date read from an address or worked out
from the report year is never shown as if the document stated it, and, for a copy of a
work, which of the work's files gave the field."""
from __future__ import annotations

from indexer.provenance import date_origins
from indexer.records import Document

from .public import archive_name

# The Document field each row of the details shows, for naming the copy of a work it came from.
_ROW_FIELDS = {"Title": "title", "Publisher": "publisher", "Author": "author", "Published": "published",
               "Last updated": "last_updated", "Countries": "countries", "Tier": "tier",
               "Report year": "report_year", "Document type": "doc_type",
               "Document symbol": "document_symbol", "Cite as": "citation", "Source": "source_url",
               "Refworld docid": "refworld_docid", "Language": "language"}
# The rows that are dates, by the field ``date_origins`` names them with.
_DATE_FIELDS = {"Published": "published", "Last updated": "last_updated", "Report year": "report_year"}


def metadata_rows(doc: Document) -> list[tuple[str, str, str, str]]:
    """(label, value, kind, source) for every Document field that is set; kind says how to
    show the value, source where a date was read and which copy of the work gave the field,
    in words ("" when neither applies)."""
    origins = date_origins(doc)
    rows: list[tuple[str, str | None, str]] = [
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

    def source(label: str) -> str:
        date = origins.get(_DATE_FIELDS.get(label, ""))
        said = [date.says if date else None, _copy_source(doc, label)]
        return "; ".join(s for s in said if s)

    return [(label, value, kind, source(label)) for label, value, kind in rows if value]


def _copy_source(doc: Document, label: str) -> str | None:
    """Which copy of ``doc``'s work a details row came from, in words; None outside a work."""
    copy = doc.work.source_of(_ROW_FIELDS[label]) if doc.work is not None and label in _ROW_FIELDS else None
    if copy is None:
        return None
    return f"from the {copy.kind} ({archive_name(copy.path)}){', this file' if copy.id == doc.id else ''}"
