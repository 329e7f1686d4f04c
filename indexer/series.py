"""What makes documents one series: the yearly chapters of one report about one country.

A series is one publisher's one kind of document about one primary country
under one title once years and country names are set aside: the yearly TIP
chapters on Mali are a series, the 2024 human rights report on Mali is
another. ``series_key`` is that title; the engine finds the other members.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable

from . import countries
from .records import Country, Document

_YEAR_RE = re.compile(r"\b(1[89]|20)\d\d\b")
# The State Department's own title for one country's chapter of the Country Reports.
HRR_TITLE = "{year} Country Reports on Human Rights Practices: {place}"
_HRR_NAMED_RE = re.compile(r"\bCountry Reports? on Human Rights Practices\b", re.I)
# Titles of a chapter that leave out the year or the series' name: "Mali — Country Reports on
# Human Rights Practices" (converted Markdown), "MALI 2024 HUMAN RIGHTS REPORT" (the PDF's heading).
_HRR_PLACE_RES = (
    re.compile(r"^(?P<place>.+?)\s*[—–-]\s*(?:(?:19|20)\d\d\s+)?Country Reports? on Human Rights Practices\s*$", re.I),
    re.compile(r"^(?P<place>.+?)\s+(?:19|20)\d\d\s+Human Rights Report\s*$", re.I),
)
_STATE_DEPARTMENT_RE = re.compile(r"^(u\s*s|united states)\s+department\s+of\s+state\s*", re.I)


def series_key(title: str | None, countries_named: Iterable[Country]) -> str:
    """A title without years, country names and a leading "U.S. Department of State".

    "U.S. Department of State 2004 Trafficking in Persons Report - Mali" and
    "Trafficking in Persons Report 2008 - Mali" both become
    "trafficking in persons report".
    """
    text = _YEAR_RE.sub(" ", title or "")
    for country in countries_named:
        for name in sorted(countries.search_terms(country), key=len, reverse=True):
            text = re.sub(rf"\b{re.escape(name)}\b", " ", text, flags=re.I)
    text = re.sub(r"[^\w]+", " ", text.lower()).strip()
    text = _STATE_DEPARTMENT_RE.sub("", text)
    return " ".join(text.split())


def same_series(doc: Document, other: Document) -> bool:
    """Whether ``other`` belongs to ``doc``'s series (see the module docstring)."""
    return of_series(doc)(other)


def of_series(doc: Document) -> Callable[[Document], bool]:
    """``same_series(doc, other)`` as a test of ``other`` alone, ``doc``'s title worked out
    once: a document page tests every document holding its series term."""
    if not doc.countries:
        return lambda other: False
    code, key = doc.countries[0].code, series_key(doc.title, doc.countries[:1])

    def member(other: Document) -> bool:
        return (bool(other.countries) and other.countries[0].code == code
                and other.publisher == doc.publisher and other.doc_type == doc.doc_type
                and series_key(other.title, other.countries[:1]) == key)
    return member


def series_id(doc: Document) -> str | None:
    """What every member of ``doc``'s series shares and no other document has, as a short
    token (None without a country): the index keeps it, so a document page finds its series
    by one exact term instead of reading every document about the country.

    Two documents have the same ``series_id`` exactly when ``same_series`` holds (up to a
    collision of 96-bit hashes, which ``same_series`` still rules out on reading).
    """
    if not doc.countries:
        return None
    parts = [doc.countries[0].code, doc.publisher, doc.doc_type, series_key(doc.title, doc.countries[:1])]
    return hashlib.blake2b(json.dumps(parts).encode("utf-8"), digest_size=12).hexdigest()


def series_order(doc: Document) -> tuple:
    """Oldest first: by report year (else publication year), date, then id."""
    year = doc.report_year or (int(doc.published[:4]) if doc.published else 0)
    return (year, doc.published or "", doc.id)


def cited_title(doc: Document) -> str | None:
    """The title a citation gives ``doc`` when its own leaves out what identifies the edition.

    A chapter of the Country Reports on Human Rights Practices is cited as the State
    Department titles it, "2024 Country Reports on Human Rights Practices: Mali": the
    report year first (the 2024 reports are published in 2025, so the date alone
    misleads). A title that already names the series and the report year is kept as
    written; None for every other document (cite its own title).
    """
    title = (doc.title or "").strip()
    if not doc.report_year or not title:
        return None
    if _HRR_NAMED_RE.search(title) and str(doc.report_year) in title:
        return None
    for regex in _HRR_PLACE_RES:
        match = regex.match(title)
        if match:
            return HRR_TITLE.format(year=doc.report_year, place=_place_name(match.group("place"), doc))
    return None


def _place_name(written: str, doc: Document) -> str:
    """The country as the title writes it, unless in capitals ("SRI LANKA"): then as named."""
    if not written.isupper():
        return written
    for country in doc.countries[:1]:
        for name in countries.search_terms(country):
            if name.casefold() == written.casefold():
                return name
        return country.name
    return written.title()
