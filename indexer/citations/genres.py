"""What kind of report a document is, in the words a bibliography prints.

BibTeX styles print "Technical Report" for a ``@techreport`` that does not
say its kind, which no Country Report or Trafficking in Persons Report is.
The kind is read first from the series the title names (its own name, for
a series readers know by name), then from the document's type as the
archive files it ("Country report", "Query response"), and is "Report" when
neither says more.
"""
from __future__ import annotations

import re

from ..records import Document
from .parts import clean

# Series known by name: (pattern in the title, the kind printed).
NAMED_SERIES = (
    (re.compile(r"\bTrafficking in Persons Report\b", re.I), "Trafficking in Persons Report"),
    (re.compile(r"\bCountry Reports? on Human Rights Practices\b", re.I), "Country report"),
    (re.compile(r"\bCountry Reports? on Terrorism\b", re.I), "Country report"),
    (re.compile(r"\b(?:International Religious Freedom Report|Report on International Religious Freedom)\b", re.I),
     "International Religious Freedom Report"),
)
# The kind a report is when nothing says more.
DEFAULT_KIND = "Report"


def report_kind(doc: Document) -> str:
    """The kind of report ``doc`` is: its named series, else its document type, else "Report"."""
    title = doc.title or ""
    for pattern, kind in NAMED_SERIES:
        if pattern.search(title):
            return kind
    return clean(doc.doc_type) or DEFAULT_KIND
