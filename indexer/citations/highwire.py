"""A document's citation as the ``citation_*`` meta tags that reference managers read from a page.

Google Scholar indexes these tags (the "Highwire Press" set), and Zotero's
Connector, Mendeley and EndNote's capture read them through their embedded
metadata translators, so a document page saved from the browser arrives as
a report with its authors, date and publisher instead of as a web page.
They say what the other records say (``exchange``): one ``citation_author``
per author, the publisher when none is named (an organisation is an author
too); the publisher as ``citation_publisher`` and, because it makes Zotero
file the item as a report, as ``citation_technical_report_institution``;
the document symbol as the report number; the date as Google Scholar asks
for it (``2004/06/14``, ``2004/06`` or ``2004``); the address a citation
points to, the page's own address, and the original PDF when there is one.
"""
from __future__ import annotations

from ..records import Document
from .names import document_names, inverted_name
from .parts import citation_url, clean, title_of


def scholar_date(iso: str | None) -> str | None:
    """An ISO date of any precision as Google Scholar reads it: "2004/06/14", "2004/06", "2004"."""
    return iso.replace("-", "/") if iso else None


def highwire_tags(doc: Document, page_url: str, pdf_url: str | None = None) -> list[tuple[str, str]]:
    """(name, content) of each meta tag citing ``doc``, whose page is at ``page_url`` and whose
    original PDF (if any) at ``pdf_url``; a tag whose value is unknown is left out."""
    publisher = clean(doc.publisher)
    date = scholar_date(doc.published)
    tags: list[tuple[str, str | None]] = [("citation_title", title_of(doc))]
    # "Family, Given": the form Zotero splits into last and first name exactly.
    tags += [("citation_author", inverted_name(name)) for name in document_names(doc)]
    tags += [
        ("citation_publication_date", date),
        ("citation_date", date),
        ("citation_publisher", publisher),
        ("citation_technical_report_institution", publisher),
        ("citation_technical_report_number", clean(doc.document_symbol)),
        ("citation_language", clean(doc.language)),
        ("citation_public_url", citation_url(doc)),
        ("citation_abstract_html_url", page_url),
        ("citation_pdf_url", pdf_url),
    ]
    keywords = [c.name for c in doc.countries] + [v for v in (clean(doc.doc_type), clean(doc.tier)) if v]
    tags += [("citation_keywords", word) for word in dict.fromkeys(keywords)]
    return [(name, value) for name, value in tags if value]
