"""The "Details" table of a document page: every field of the record that is set, and for
each date where it came from (``indexer.provenance``), so a date read from an address or
worked out from the report year is never shown as if the document stated it."""
from __future__ import annotations

from indexer.provenance import date_origins
from indexer.records import Document

from .public import archive_name


def metadata_rows(doc: Document) -> list[tuple[str, str, str, str]]:
    """(label, value, kind, source) for every Document field that is set; kind says how to
    show the value, source where a date was read, in words ("" for other fields)."""
    origins = date_origins(doc)

    def said(field: str) -> str:
        return origins[field].says if field in origins else ""

    rows: list[tuple[str, str | None, str, str]] = [
        ("Title", doc.title, "text", ""),
        ("Publisher", doc.publisher, "text", ""),
        ("Author", doc.author, "text", ""),
        ("Published", doc.published, "date", said("published")),
        ("Last updated", doc.last_updated, "date", said("last_updated")),
        ("Countries", ", ".join(f"{c.name} ({c.code})" for c in doc.countries), "text", ""),
        ("Tier", doc.tier, "tier badge", ""),
        ("Report year", str(doc.report_year) if doc.report_year else None, "text", said("report_year")),
        ("Document type", doc.doc_type, "text", ""),
        ("Document symbol", doc.document_symbol, "text", ""),
        ("Cite as", doc.citation, "text", ""),
        ("Source", doc.source_url, "url", ""),
        ("Refworld docid", doc.refworld_docid, "text", ""),
        ("Language", doc.language, "text", ""),
        ("Document id", doc.id, "code", ""),
        ("File", archive_name(doc.path), "code", ""),
        ("SHA-256", doc.sha256, "code", ""),
    ]
    return [(label, value, kind, source) for label, value, kind, source in rows if value]
