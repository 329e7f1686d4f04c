"""When a document was published, at the precision its source gives, and the year it reports on.

A publication date is known at some precision (day, month or year) from
some source, strongest first (``records.DATE_SOURCES``):

1. ``text``: a labelled line or field ("Publication Date 14 June 2004",
   "Released by ... / June 2024", a Markdown file's ``date:``), else a date
   the top of the text prints ("Published: 12 August 2025", "Released August
   12, 2025", a UN cover's "Distr.: General 5 August 2024": ``stated``);
2. ``page metadata``: the page's date meta tags (``citation_publication_date``,
   ``article:published_time``, ``DC.date`` ...), then its JSON-LD
   ``datePublished``;
3. ``address``: the document's own address, where a site files it by date:
   a WordPress upload folder ``/uploads/2025/07/`` (the month the file was
   put online), a dated path ``/2019/03/14/``, the State Department's
   ``/countries/2014/`` TIP pages, Refworld's new-site ``/<type>/<publisher>/2003/``;
4. ``pdf metadata``: a PDF's CreationDate, only when it is plausible (see below);
5. ``report year``: the year a title or heading names. The Trafficking in
   Persons Report of year N is published in N, so its date is N. The Country
   Reports on Human Rights Practices "for N" report on year N and are always
   published in the year after, so their date is N + 1, at year precision.

A date from the address or a PDF is never earlier than the year the report
covers; a PDF's CreationDate later than the year after it is a re-saved file
(the shared corpus's PDFs were made in 2026 from the 2024 reports), not a
publication, and is ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import parse_date
from ..editions import address_date
from ..refworld_urls import RefworldAddress
from .source import Source, candidate_urls
from .stated import printed_date
from .titles import HRR_TITLE_RE, TIP_TITLE_RES, series_match, year_heading

_ISO_TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT")
# A PDF date: D:YYYYMMDDHHmmSS with any tail left off.
_PDF_DATE_RE = re.compile(r"^(?:D:)?(?P<year>(?:19|20)\d\d)(?P<month>0[1-9]|1[0-2])?(?P<day>0[1-9]|[12]\d|3[01])?")
# Reports that cover the year before they are published.
_COVERS_PREVIOUS_YEAR_RE = re.compile(r"Human Rights (?:Practices|Report)\b", re.I)


@dataclass(frozen=True)
class Dated:
    """A date (ISO at its precision) and the source it was read from."""

    value: str
    source: str


def _iso_date(value: str | None) -> str | None:
    return parse_date(value[:10] if value and _ISO_TIME_RE.match(value) else value)


def text_date(src: Source) -> Dated | None:
    """The page's labelled publication date, else the one the top of its text prints."""
    parsed = _iso_date(src.labels.get("published")) or printed_date(src.body_lines)
    return Dated(parsed, "text") if parsed else None


def meta_date(src: Source) -> Dated | None:
    """The page's date meta tags."""
    for key in ("citation_publication_date", "citation_date", "article:published_time",
                "dc.date.issued", "dc.date", "date", "jsonld:datepublished"):
        parsed = _iso_date(src.meta.get(key))
        if parsed:
            return Dated(parsed, "page metadata")
    return None


def url_date(src: Source) -> Dated | None:
    """The first date found in the addresses the page gives for itself."""
    for url in candidate_urls(src):
        found = address_date(url)
        if found:
            return Dated(found, "address")
    return None


def pdf_date(src: Source) -> Dated | None:
    """A PDF's CreationDate (``pdf:created`` in the source's metadata)."""
    match = _PDF_DATE_RE.match((src.meta.get("pdf:created") or "").strip())
    if not match:
        return None
    parts = [match.group("year"), match.group("month"), match.group("day") if match.group("month") else None]
    return Dated("-".join(p for p in parts if p), "pdf metadata")


def covers_previous_year(src: Source, title: str | None) -> bool:
    """A Country Report on Human Rights Practices: published the year after the year it covers."""
    opening = " ".join([title or "", src.meta.get("pdf:subject", "")] + src.body_lines[:3])
    return bool(_COVERS_PREVIOUS_YEAR_RE.search(opening))


def extract_published_dated(src: Source, title: str | None = None,
                            report_year: int | None = None) -> Dated | None:
    """The best publication date with its source; ``report_year`` bounds the weaker sources."""
    strong = text_date(src) or meta_date(src)
    if strong:
        return strong
    earliest = report_year or 0
    latest = report_year + 1 if report_year else 9999
    found = url_date(src)
    if found and int(found.value[:4]) >= earliest:
        return found
    found = pdf_date(src)
    if found and earliest <= int(found.value[:4]) <= latest:
        return found
    if report_year:
        year = report_year + 1 if covers_previous_year(src, title) else report_year
        return Dated(str(year), "report year")
    return None


def extract_published(src: Source) -> str | None:
    """The labelled publication date, then date meta tags, at the precision they give."""
    found = text_date(src) or meta_date(src)
    return found.value if found else None


def extract_last_updated(src: Source) -> str | None:
    """The "Last Updated" line, then modification meta tags."""
    found = extract_last_updated_dated(src)
    return found.value if found else None


def extract_last_updated_dated(src: Source) -> Dated | None:
    """The "Last Updated" line (``text``), then modification meta tags (``page metadata``)."""
    labelled = _iso_date(src.labels.get("last_updated"))
    if labelled:
        return Dated(labelled, "text")
    for value in (src.meta.get("article:modified_time"), src.meta.get("dc.date.modified"),
                  src.meta.get("last-modified"), src.meta.get("jsonld:datemodified")):
        parsed = _iso_date(value)
        if parsed:
            return Dated(parsed, "page metadata")
    return None


def extract_report_year(src: Source, title: str | None, addr: RefworldAddress | None,
                        doc_type: str | None, published: str | None) -> int | None:
    """The year a title or edition heading names, the address's year, else an annual report's publication year."""
    found = extract_report_year_dated(src, title, addr, doc_type, published)
    return int(found.value) if found else None


def extract_report_year_dated(src: Source, title: str | None, addr: RefworldAddress | None,
                              doc_type: str | None, published: str | None) -> Dated | None:
    """The report year with where it was read (``records.REPORT_YEAR_SOURCES``): the title,
    an edition heading or field of the text, the address, else an annual report's
    publication year."""
    if title:
        for regex in TIP_TITLE_RES[:2]:
            match = regex.search(title)
            if match:
                return Dated(match.group("year"), "title")
        match = HRR_TITLE_RE.match(title)
        year = match and (match.group("year") or match.group("year2") or match.group("year3"))
        if year:
            return Dated(year, "title")
    match = series_match(title) if title else None
    if match:
        return Dated(match.group("year"), "title")
    for source, lines in (("title", [title] if title else []), ("text", src.body_lines[:8])):
        for line in lines:
            year = year_heading(line)
            if year:
                return Dated(year, source)
    edition = src.labels.get("edition")
    if edition and re.fullmatch(r"(?:19|20)\d\d", edition.strip()):
        return Dated(edition.strip(), "text")
    if addr and addr.year:
        return Dated(str(addr.year), "address")
    if doc_type == "Annual report" and published:
        return Dated(published[:4], "publication date")
    return None
