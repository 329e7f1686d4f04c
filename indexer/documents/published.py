"""When a document was published, at the precision its source gives, and the year it reports on.

A date is known from a labelled line ("Publication Date 14 June 2004"), the
page's date meta tags, the document's address, the PDF's own metadata, or
the report year; ``extract_published`` takes the strongest that gives one
and says which (``records.DATE_SOURCES``).
"""
from __future__ import annotations

import re

from ..dates import parse_date
from ..refworld_urls import RefworldAddress
from .source import Source
from .titles import HRR_TITLE_RE, TIP_TITLE_RES, YEAR_HEADING_RES, series_match

def extract_published(src: Source) -> str | None:
    """The Publication Date field, then date meta tags, at the precision they give."""
    for value in (src.labels.get("published"), src.meta.get("citation_publication_date"),
                  src.meta.get("citation_date"), src.meta.get("article:published_time"),
                  src.meta.get("dc.date.issued"), src.meta.get("dc.date"), src.meta.get("date")):
        parsed = parse_date(value[:10] if value and re.match(r"\d{4}-\d\d-\d\dT", value) else value)
        if parsed:
            return parsed
    return None


def extract_last_updated(src: Source) -> str | None:
    """The "Last Updated" line, then modification meta tags."""
    for value in (src.labels.get("last_updated"), src.meta.get("article:modified_time"),
                  src.meta.get("dc.date.modified"), src.meta.get("last-modified")):
        parsed = parse_date(value[:10] if value and re.match(r"\d{4}-\d\d-\d\dT", value) else value)
        if parsed:
            return parsed
    return None


def extract_report_year(src: Source, title: str | None, addr: RefworldAddress | None,
                        doc_type: str | None, published: str | None) -> int | None:
    """The year a title or edition heading names, the address's year, else an annual report's publication year."""
    if title:
        for regex in TIP_TITLE_RES[:2]:
            match = regex.search(title)
            if match:
                return int(match.group("year"))
        match = HRR_TITLE_RE.match(title)
        if match and (match.group("year") or match.group("year2")):
            return int(match.group("year") or match.group("year2"))
    match = series_match(title) if title else None
    if match:
        return int(match.group("year"))
    for line in ([title] if title else []) + src.body_lines[:8]:
        for regex in YEAR_HEADING_RES:
            match = regex.search(line)
            if match:
                return int(match.group("year"))
    edition = src.labels.get("edition")
    if edition and re.fullmatch(r"(?:19|20)\d\d", edition.strip()):
        return int(edition.strip())
    if addr and addr.year:
        return addr.year
    if doc_type == "Annual report" and published:
        return int(published[:4])
    return None
