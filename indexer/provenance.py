"""Where each date of a document came from, in the words its page and the API give.

A date the document states (a "Publication Date" line, a title naming its
year, the page's own date tags) is evidence. A date read from the folder its
address files it under, from a PDF's creation date, or worked out from the
report year is an inference: good enough to sort and filter by, but a lawyer
citing it should know it was not printed on the document. Every date is
shown with its source, so a guess is never presented as a stated date.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .records import Document

# The words for each source (``records.DATE_SOURCES``, ``REPORT_YEAR_SOURCES``).
SOURCE_WORDS = {
    "text": "stated in the document",
    "title": "stated in the document's title",
    "page metadata": "from the page's metadata",
    "address": "from the document's address",
    "pdf metadata": "from the file's metadata",
    "report year": "inferred from the report year",
    "publication date": "inferred from the publication date",
}
# The sources that are the document's (or its page's) own statement of the date.
STATED = frozenset({"text", "title", "page metadata"})
# Said of a date whose source was not recorded (an index written before sources were kept).
UNKNOWN_SOURCE = "source not recorded"


@dataclass(frozen=True)
class DateOrigin:
    """One date of a document, where it was read, and whether the document states it."""

    field: str           # "published", "last_updated" or "report_year"
    value: str
    source: str | None
    says: str            # the source in words ("from the document's address")
    stated: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def origin(field: str, value: str, source: str | None) -> DateOrigin:
    """``value`` of ``field`` read from ``source``, described."""
    return DateOrigin(field, value, source, SOURCE_WORDS.get(source or "", UNKNOWN_SOURCE),
                      source in STATED)


def date_origins(doc: Document) -> dict[str, DateOrigin]:
    """Each date ``doc`` has, by field name, with where it came from."""
    found = (("published", doc.published, doc.published_source),
             ("last_updated", doc.last_updated, doc.last_updated_source),
             ("report_year", str(doc.report_year) if doc.report_year else None, doc.report_year_source))
    return {name: origin(name, value, source) for name, value, source in found if value}
