"""Titles: the extractor with its fallbacks, and what a title's patterns say (country, year, series).

Titles come as "U.S. Department of State 2004 Trafficking in Persons Report
- Mali", "Trafficking in Persons Report 2008 - Mali", "Mali — Country
Reports on Human Rights Practices", "Freedom in the World 2015 - Mali" or
"Nigeria: Information on ...": each pattern is a module constant, shared by
the country, report-year and document-type extractors.
"""
from __future__ import annotations

import re
from pathlib import PurePath

from .. import countries as country_table
from ..records import Country
from .html_page import strip_title_suffix
from .source import Source
from .stated import is_un_symbol

TIP_TITLE_RES = (
    re.compile(r"(?P<year>(?:19|20)\d\d)\s+Trafficking in Persons Report\s*[-–—:]\s*(?P<country>.+)$", re.I),
    re.compile(r"Trafficking in Persons Report\s*,?\s*(?P<year>(?:19|20)\d\d)\s*[-–—:]\s*(?P<country>.+)$", re.I),
    re.compile(r"Trafficking in Persons (?:Interim Assessment|Report)\s*[-–—:]\s*(?P<country>.+)$", re.I),
)
# "Mali — Country Reports on Human Rights Practices", "Mali: 2024 Human Rights Report",
# and the report PDFs' own "Mali 2024 Human Rights Report".
HRR_TITLE_RE = re.compile(
    r"^(?P<country>.+?)(?:\s*[-–—:]\s*(?:(?P<year>(?:19|20)\d\d)\s+)?|\s+(?P<year3>(?:19|20)\d\d)\s+)"
    r"(?:Country Reports? on Human Rights Practices|Human Rights Report)"
    r"(?:\s+for\s+(?P<year2>(?:19|20)\d\d))?\s*$", re.I)
YEAR_HEADING_RES = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)\s+(?:Human Rights Report|Trafficking in Persons Report|"
               r"Country Reports? on Human Rights Practices)\b", re.I),
    re.compile(r"\b(?:Trafficking in Persons Report|Country Reports? on Human Rights Practices)"
               r"(?:\s+for)?\s*,?\s*(?P<year>(?:19|20)\d\d)\b", re.I),
)


def year_heading(line: str) -> str | None:
    """The year of the first ``YEAR_HEADING_RES`` pattern found in ``line``, or None.

    Every pattern names a report, so an ASCII line without "report" in any case (most
    lines are paragraphs) is answered without them; other lines go to the patterns,
    whose case-blind matching also takes a few non-ASCII letters for ASCII ones."""
    if line.isascii() and "report" not in line.lower():
        return None
    return year_heading_by_patterns(line)


def year_heading_by_patterns(line: str) -> str | None:
    """``year_heading`` with every line tried with the patterns."""
    for regex in YEAR_HEADING_RES:
        match = regex.search(line)
        if match:
            return match.group("year")
    return None
COUNTRY_PREFIX_RE = re.compile(r"^(?P<country>[^:]{2,60}?)\s*:\s+\S")
# A series title with an edition year and a country: "Freedom in the World 2015 - Mali".
SERIES_TITLE_RE = re.compile(
    r"^(?P<series>.+?)\s+(?:for\s+)?(?P<year>(?:19|20)\d\d)(?:/\d\d)?\s*[-–—:]\s*(?P<country>[^-–—:]+)$")

# Where a title is not a title: an address, a hex id, a file name.
_WEAK_TITLE_RE = re.compile(r"^(?:(?:https?://|www\.)\S+|[0-9a-f]{8,64}|\S+\.(?:html?|pdf|txt|md|docx?))$", re.I)
# A report series with its year, as a page's opening names it.
_SERIES_NAME_RE = re.compile(
    r"\b(?:(?:19|20)\d\d\s+(?:Trafficking in Persons Report|Country Reports? on Human Rights Practices|"
    r"Human Rights Report)|(?:Trafficking in Persons Report|Country Reports? on Human Rights Practices"
    r"(?:\s+for)?|Freedom in the World|World Report)\s+(?:19|20)\d\d)\b", re.I)
_OPENING_LINES = 12
# The end of a Cite-as string: ", 14 June 2004, available at: ..." (day and month optional).
_CITE_TAIL_RE = re.compile(
    r",\s*(?:\d{1,2}\s+)?(?:(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+)?(?:19|20)\d\d\s*,\s*(?:available at|\[|online|accessed|https?://).*$", re.I)
# File-name words that are identifiers, not words: hex ids and long numbers.
_ID_WORD_RE = re.compile(r"[0-9a-f]{8,}|\d{5,}", re.I)


def extract_title(src: Source) -> str | None:
    """The title line or <h1>, then og:title / citation_title / dc.title / <title>, then a PDF's or Word file's.

    Refworld's suffix is removed; an address or a bare hex id is no title.
    """
    for value in (src.title_line, src.meta.get("og:title"), src.meta.get("citation_title"),
                  src.meta.get("dc.title"), src.meta.get("title"), src.meta.get("pdf:title"),
                  src.meta.get("docx:title")):
        title = strip_title_suffix(" ".join(value.split())) if value else ""
        if title and title.lower() != "refworld" and not is_weak_title(title):
            return title
    return None


def is_weak_title(title: str) -> bool:
    """An address, a hex id, a file name or a UN document symbol (a UN PDF's Title is often
    "A/HRC/57/24": the symbol, kept as such) standing where a title should be."""
    return bool(_WEAK_TITLE_RE.match(title.strip())) or is_un_symbol(title)


def complete_bare_title(title: str | None, src: Source, lines: list[str]) -> str | None:
    """A title that is only a country ("Mali") with the series and year the page names.

    "Mali" on a page whose opening says "Trafficking in Persons Report 2008"
    becomes "Trafficking in Persons Report 2008 - Mali"; a page that names
    no series keeps its bare title.
    """
    if not title or len(title.split()) > 6 or country_table.lookup(title.strip()) is None:
        return title
    opening = [src.meta.get("og:site_name", ""), src.meta.get("description", ""),
               src.meta.get("og:description", ""), src.labels.get("edition", "")]
    opening += [line.lstrip("#").strip() for line in lines[:_OPENING_LINES] if line]
    for text in opening:
        match = _SERIES_NAME_RE.search(text or "")
        if match:
            return f"{' '.join(match.group(0).split())} - {title.strip()}"
    return title


def fallback_title(src: Source, sections, publisher: str | None) -> str | None:
    """A title for a document the extractors found none for, so it is never shown as an id or address.

    In order: its first heading, the title inside its Cite-as line, its file name made readable.
    """
    for section in sections[:1]:
        if not is_weak_title(section.title):
            return section.title
    cited = cite_as_title(src.labels.get("citation"), publisher)
    if cited:
        return cited
    return readable_file_name(src.path)


def cite_as_title(citation: str | None, publisher: str | None) -> str | None:
    """The title inside a Refworld "Cite as" string: after the publisher, before the date.

    Titles hold commas, so the string is never split on them: the known
    publisher is taken off the front and "<date>, available at ..." off the end.
    """
    if not citation:
        return None
    rest = citation.strip()
    if publisher and rest.startswith(publisher + ","):
        rest = rest[len(publisher) + 1:]
    elif publisher:
        return None
    match = _CITE_TAIL_RE.search(rest)
    title = rest[:match.start()].strip(" ,") if match else ""
    return title or None


def readable_file_name(path: str) -> str | None:
    """"mali-2024_human-rights-report.pdf" -> "Mali 2024 human rights report"; None for a bare id."""
    stem = PurePath(path).stem if path else ""
    words = [w for w in re.split(r"[\s_\-.+]+", stem) if w and not _ID_WORD_RE.fullmatch(w)]
    if not any(re.search(r"[^\W\d_]{2}", w) for w in words):
        return None
    text = " ".join(words)
    return text[:1].upper() + text[1:]


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
