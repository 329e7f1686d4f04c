"""The years that tell one edition of a yearly report from another, wherever they are written.

An annual series (the Country Reports on Human Rights Practices, the
Trafficking in Persons Report, a UN body's yearly report) names its year in
the title ("2023 Country Reports on Human Rights Practices: Mali"), files its
edition under a date or year in its address ("/uploads/2024/04/",
"MALI-2023-HUMAN-RIGHTS-REPORT.pdf", Refworld's "/annualreport/usdos/2024/"),
and sometimes carries a year in its UN symbol ("E/CN.4/2005/7"). Two
editions differ in one of those years and hardly anywhere else, so a year
read from any of them decides which edition a citation names. Both the
reader (dating a document from its address) and the citation lookup
(ruling out another edition) read them here.
"""
from __future__ import annotations

import re

from .refworld_urls import parse_refworld_url

_YEAR = r"(?:19|20)\d\d"
# A four-digit year standing as a word.
YEAR_RE = re.compile(rf"\b{_YEAR}\b")
# Dates written into addresses: (pattern, precision given by the groups it has).
_ADDRESS_DATE_RES = (
    re.compile(rf"/(?P<year>{_YEAR})/(?P<month>0[1-9]|1[0-2])/(?P<day>0[1-9]|[12]\d|3[01])/"),
    re.compile(rf"/uploads/(?P<year>{_YEAR})/(?P<month>0[1-9]|1[0-2])/"),
    re.compile(rf"/countries/(?P<year>{_YEAR})/"),
)
# The year a report covers, as the State Department's addresses write it:
# "/2023-country-reports-on-human-rights-practices/", "MALI-2023-HUMAN-RIGHTS-REPORT.pdf",
# "/2019-trafficking-in-persons-report/", "/tiprpt/2008/".
_ADDRESS_REPORT_YEAR_RES = (
    re.compile(rf"(?<![0-9])(?P<year>{_YEAR})[-_ ]+(?:country[-_ ]reports?|human[-_ ]rights[-_ ]reports?"
               r"|trafficking[-_ ]in[-_ ]persons)", re.I),
    re.compile(rf"/tiprpt/(?P<year>{_YEAR})/", re.I),
)
# A year inside a document symbol: "E/CN.4/2005/7", "S/2024/123".
_SYMBOL_YEAR_RE = re.compile(rf"(?:^|[/.\-]){_YEAR}(?=$|[/.\-])")


def address_date(url: str) -> str | None:
    """The date an address files its document under, at the precision it gives."""
    for regex in _ADDRESS_DATE_RES:
        match = regex.search(url)
        if match:
            parts = match.groupdict()
            return "-".join(p for p in (parts["year"], parts.get("month"), parts.get("day")) if p)
    found = parse_refworld_url(url)
    if found and found.year:
        return str(found.year)
    return None


def address_report_year(url: str | None) -> str | None:
    """The year of the report an address names ("MALI-2023-HUMAN-RIGHTS-REPORT.pdf": 2023), if it does."""
    for regex in _ADDRESS_REPORT_YEAR_RES:
        match = regex.search(url or "")
        if match:
            return match.group("year")
    return None


def years_in(text: str | None) -> set[str]:
    """The four-digit years ``text`` names."""
    return set(YEAR_RE.findall(text or ""))


def symbol_years(symbol: str | None) -> set[str]:
    """The years written inside a document symbol, as one of its parts ("E/CN.4/2005/7": 2005)."""
    return {m.group(0).strip("/.-") for m in _SYMBOL_YEAR_RE.finditer(symbol or "")}


def symbol_series(symbol: str) -> str:
    """What a symbol's series is named by, before its first number: "A/HRC/" of
    "A/HRC/55/22", "NGA" of "NGA26574.E" (case and spaces aside)."""
    return re.split(r"\d", re.sub(r"\s+", "", symbol).casefold(), maxsplit=1)[0]


def same_symbol(a: str, b: str) -> bool:
    """Whether two document symbols are one, however spaced or cased ("217A(III)", "217 A (III)")."""
    return re.sub(r"\s+", "", a).casefold() == re.sub(r"\s+", "", b).casefold()
