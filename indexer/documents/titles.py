"""Titles: the extractor with its fallbacks, and what a title's patterns say (country, year, series).

Titles come as "U.S. Department of State 2004 Trafficking in Persons Report
- Mali", "Trafficking in Persons Report 2008 - Mali", "Mali — Country
Reports on Human Rights Practices", "Freedom in the World 2015 - Mali" or
"Nigeria: Information on ...": each pattern is a module constant, shared by
the country, report-year and document-type extractors.
"""
from __future__ import annotations

import re

from .. import countries as country_table
from ..records import Country
from .html_page import strip_title_suffix
from .source import Source

TIP_TITLE_RES = (
    re.compile(r"(?P<year>(?:19|20)\d\d)\s+Trafficking in Persons Report\s*[-–—:]\s*(?P<country>.+)$", re.I),
    re.compile(r"Trafficking in Persons Report\s*,?\s*(?P<year>(?:19|20)\d\d)\s*[-–—:]\s*(?P<country>.+)$", re.I),
    re.compile(r"Trafficking in Persons (?:Interim Assessment|Report)\s*[-–—:]\s*(?P<country>.+)$", re.I),
)
HRR_TITLE_RE = re.compile(
    r"^(?P<country>.+?)\s*[-–—:]\s*(?:(?P<year>(?:19|20)\d\d)\s+)?(?:Country Reports? on Human Rights Practices|"
    r"Human Rights Report)(?:\s+for\s+(?P<year2>(?:19|20)\d\d))?\s*$", re.I)
YEAR_HEADING_RES = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)\s+(?:Human Rights Report|Trafficking in Persons Report|"
               r"Country Reports? on Human Rights Practices)\b", re.I),
    re.compile(r"\b(?:Trafficking in Persons Report|Country Reports? on Human Rights Practices)"
               r"(?:\s+for)?\s*,?\s*(?P<year>(?:19|20)\d\d)\b", re.I),
)
COUNTRY_PREFIX_RE = re.compile(r"^(?P<country>[^:]{2,60}?)\s*:\s+\S")
# A series title with an edition year and a country: "Freedom in the World 2015 - Mali".
SERIES_TITLE_RE = re.compile(
    r"^(?P<series>.+?)\s+(?:for\s+)?(?P<year>(?:19|20)\d\d)(?:/\d\d)?\s*[-–—:]\s*(?P<country>[^-–—:]+)$")


def extract_title(src: Source) -> str | None:
    """The title line or <h1>, then og:title / citation_title / dc.title / <title>, Refworld suffix removed."""
    for value in (src.title_line, src.meta.get("og:title"), src.meta.get("citation_title"),
                  src.meta.get("dc.title"), src.meta.get("title")):
        title = strip_title_suffix(" ".join(value.split())) if value else ""
        if title and title.lower() != "refworld":
            return title
    return None


def series_match(title: str) -> re.Match | None:
    match = SERIES_TITLE_RE.match(title)
    return match if match and country_words(match.group("country")) else None


def title_country(title: str) -> Country | None:
    for regex in TIP_TITLE_RES:
        match = regex.search(title)
        if match:
            return country_words(match.group("country"))
    match = series_match(title)
    if match:
        return country_words(match.group("country"))
    match = HRR_TITLE_RE.match(title)
    if match:
        return country_words(match.group("country"))
    match = COUNTRY_PREFIX_RE.match(title)
    if match:
        return country_words(match.group("country"))
    return None


def country_words(words: str) -> Country | None:
    """A country from a title's country part: "Mali", "Burma", "North Korea (DPRK)"."""
    words = words.strip().strip(".")
    found = country_table.lookup(words)
    if found:
        return found
    without_brackets = re.sub(r"\s*\([^)]*\)", "", words).strip()
    found = country_table.lookup(without_brackets) if without_brackets else None
    if found:
        return found
    named = country_table.countries_in(words)
    return named[0] if len(named) == 1 else None


def demonym_in(text: str) -> Country | None:
    """The country of the first capitalised demonym in a title ("... of Afghan Asylum-Seekers")."""
    for word in re.findall(r"\b[A-Z][a-zà-ÿ]+\b", text):
        found = country_table.by_demonym(word)
        if found:
            return found
    return None
