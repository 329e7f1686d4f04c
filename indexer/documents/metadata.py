"""One extractor per metadata field, each trying its sources in order and giving None when absent.

Sources, strongest first: the page's labelled fields (text lines or
label/value markup), its ``<meta>``/``og:`` tags and canonical link, the
Refworld address (old docid forms and new-site paths), the title's
patterns, then the body. A Cite-as string is kept exactly as printed and
never split on commas: titles contain commas.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import countries as country_table
from ..dates import parse_date
from ..records import TIERS, Country
from ..refworld_urls import RefworldAddress, find_refworld_url, parse_refworld_url
from .html_page import strip_title_suffix

# Refworld publisher codes (new-site lower case, old-site upper case) -> publisher names.
PUBLISHERS = {
    "usdos": "United States Department of State",
    "unhcr": "UN High Commissioner for Refugees",
    "irbc": "Canada: Immigration and Refugee Board of Canada",
    "hrw": "Human Rights Watch",
    "amnesty": "Amnesty International",
    "ai": "Amnesty International",
    "cpj": "Committee to Protect Journalists",
    "isi": "Institute on Statelessness and Inclusion",
    "unga": "UN General Assembly",
    "unsc": "UN Security Council",
    "unhrc": "UN Human Rights Council",
    "ohchr": "UN Office of the High Commissioner for Human Rights",
    "iom": "International Organization for Migration",
    "icg": "International Crisis Group",
    "fh": "Freedom House",
    "mrgi": "Minority Rights Group International",
    "gbr_utiac": "United Kingdom: Upper Tribunal (Immigration and Asylum Chamber)",
    "ukho": "United Kingdom: Home Office",
    "accord": "Austrian Centre for Country of Origin and Asylum Research and Documentation",
    "easo": "European Asylum Support Office",
    "euaa": "European Union Agency for Asylum",
}
# Document types written in words on pages ("Document type: Case Law") -> refsearch's names.
DOC_TYPE_WORDS = {
    "annual report": "Annual report", "country report": "Country report",
    "country reports": "Country report", "query response": "Query response",
    "case law": "Case law", "legislation": "Legislation", "national legislation": "Legislation",
    "guidelines": "Guidelines", "country position": "Country position",
    "thematic report": "Thematic report", "regional report": "Regional report",
    "policy document": "Policy document", "policy documents": "Policy document",
}
_STATE_DEPARTMENT = "United States Department of State"
_REFWORLD_ORIGIN = "https://www.refworld.org"
_IRB = "Canada: Immigration and Refugee Board of Canada"

_TIER = r"(?P<tier>tier\s*[123](?:\s*[-–]?\s*watch\s*-?\s*list)?|special\s+case)"
# The country may carry a parenthesis of its own: "Sint Maarten (Dutch part) (Tier 2)".
_HEADING_PAREN_RE = re.compile(r"^(?P<country>(?:[^()]|\([^()]*\)){2,80}?)\s*\(\s*" + _TIER + r"\s*\)\s*$",
                               re.I)
_HEADING_COLON_RE = re.compile(r"^(?P<country>[^:]{2,80}?)(?:\s*:|\s+[-–—])\s*" + _TIER + r"\s*$", re.I)
_HEADING_BARE_RE = re.compile(r"^" + _TIER + r"\s*$", re.I)
_PLACEMENT_RE = re.compile(
    r"\b(?:is|was|has been|remains|will be)\s+(?:being\s+)?(?:placed|ranked|designated|listed|"
    r"upgraded|downgraded|moved|kept|included)\s+(?:on|to|in|as|at|among)\s+(?:the\s+|a\s+)?"
    r"(?P<tier>Tier\s*[123](?:\s+Watch\s*List)?|Special\s+Case)\b")
# How many non-empty body lines a tier heading may come after.
_HEADING_WINDOW = 12

_TIP_TITLE_RES = (
    re.compile(r"(?P<year>(?:19|20)\d\d)\s+Trafficking in Persons Report\s*[-–—:]\s*(?P<country>.+)$", re.I),
    re.compile(r"Trafficking in Persons Report\s*,?\s*(?P<year>(?:19|20)\d\d)\s*[-–—:]\s*(?P<country>.+)$", re.I),
    re.compile(r"Trafficking in Persons (?:Interim Assessment|Report)\s*[-–—:]\s*(?P<country>.+)$", re.I),
)
_HRR_TITLE_RE = re.compile(
    r"^(?P<country>.+?)\s*[-–—:]\s*(?:(?P<year>(?:19|20)\d\d)\s+)?(?:Country Reports? on Human Rights Practices|"
    r"Human Rights Report)(?:\s+for\s+(?P<year2>(?:19|20)\d\d))?\s*$", re.I)
_YEAR_HEADING_RES = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)\s+(?:Human Rights Report|Trafficking in Persons Report|"
               r"Country Reports? on Human Rights Practices)\b", re.I),
    re.compile(r"\b(?:Trafficking in Persons Report|Country Reports? on Human Rights Practices)"
               r"(?:\s+for)?\s*,?\s*(?P<year>(?:19|20)\d\d)\b", re.I),
)
_COUNTRY_PREFIX_RE = re.compile(r"^(?P<country>[^:]{2,60}?)\s*:\s+\S")
_IRB_SYMBOL_RE = re.compile(r"^[A-Z]{3}\d{3,6}\.[EF]$")
_URL_RE = re.compile(r"https?://[^\s\]\)\"'<>]+")
# Frequent short words of the languages Refworld publishes most, for texts that do not say.
STOP_WORDS = {
    "en": frozenset("the of and to in is that for was were by with on as are from this be has have it "
                    "not or an which their its at government".split()),
    "fr": frozenset("le la les des du de et est dans pour que qui une sur par au aux sont pas ont "
                    "avec gouvernement".split()),
    "es": frozenset("el la los las de del y en que por con para una es se su al sus como gobierno".split()),
    "de": frozenset("der die das und ist nicht mit von den des dem ein eine zu auf für sich im".split()),
    "pt": frozenset("o os as de do da dos das e em que para com uma por não governo".split()),
}
# A series title with an edition year and a country: "Freedom in the World 2015 - Mali".
_SERIES_TITLE_RE = re.compile(
    r"^(?P<series>.+?)\s+(?:for\s+)?(?P<year>(?:19|20)\d\d)(?:/\d\d)?\s*[-–—:]\s*(?P<country>[^-–—:]+)$")


@dataclass
class Source:
    """Everything the extractors read about one document."""

    path: str
    sha256: str
    title_line: str | None = None          # the text's title line or the HTML's <h1>
    labels: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def body_lines(self) -> list[str]:
        return [line for line in self.body.split("\n") if line]


def normalise_tier(text: str | None) -> str | None:
    """"TIER 2 WATCH LIST", "Tier 2 Watchlist", "special case" -> one of ``TIERS``."""
    if not text:
        return None
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    joined = " ".join(words).replace("watchlist", "watch list")
    table = {t.lower(): t for t in TIERS}
    return table.get(joined)


def tier_heading(line: str) -> tuple[str, str | None] | None:
    """``(tier, country words or None)`` when the line is a TIP tier heading."""
    line = line.strip().strip("*_#").strip()
    for regex in (_HEADING_PAREN_RE, _HEADING_COLON_RE):
        match = regex.match(line)
        if match:
            tier = normalise_tier(match.group("tier"))
            country = match.group("country").strip()
            if tier and len(country.split()) <= 8 and country[:1].isalpha() and country[:1].isupper():
                return tier, country
    match = _HEADING_BARE_RE.match(line)
    if match and normalise_tier(match.group("tier")):
        return normalise_tier(match.group("tier")), None
    return None


def is_tier_heading(line: str) -> bool:
    return tier_heading(line) is not None


def _first_heading(src: Source) -> tuple[str, str | None] | None:
    for line in src.body_lines[:_HEADING_WINDOW]:
        found = tier_heading(line)
        if found:
            return found
    return None


def address(src: Source) -> RefworldAddress | None:
    """The Refworld address of the page: from the Cite-as URL, canonical link, og:url or labels."""
    for url in _candidate_urls(src):
        found = parse_refworld_url(url)
        if found:
            return found
    return None


def _candidate_urls(src: Source) -> list[str]:
    """Addresses the page gives for itself, strongest first; site-relative ones made absolute on Refworld."""
    urls = []
    citation = src.labels.get("citation") or ""
    urls += _URL_RE.findall(citation)
    on_refworld = (src.meta.get("og:site_name") or "").lower() == "refworld"
    for key in ("canonical", "og:url", "dc.identifier", "citation_public_url", "citation_abstract_html_url"):
        url = (src.meta.get(key) or "").strip()
        if url.startswith("/") and not url.startswith("//") and on_refworld:
            url = _REFWORLD_ORIGIN + url
        if url.startswith(("http://", "https://", "//")):
            urls.append("https:" + url if url.startswith("//") else url)
    if src.labels.get("source_url"):
        urls.append(src.labels["source_url"])
    return urls


# ---- one extractor per field ---------------------------------------------


def extract_title(src: Source) -> str | None:
    """The title line or <h1>, then og:title / citation_title / dc.title / <title>, Refworld suffix removed."""
    for value in (src.title_line, src.meta.get("og:title"), src.meta.get("citation_title"),
                  src.meta.get("dc.title"), src.meta.get("title")):
        title = strip_title_suffix(" ".join(value.split())) if value else ""
        if title and title.lower() != "refworld":
            return title
    return None


def extract_publisher(src: Source, title: str | None, addr: RefworldAddress | None = None) -> str | None:
    """The Publisher field, publisher meta tags, the address's publisher code, then a State Department title."""
    for value in (src.labels.get("publisher"), src.meta.get("citation_publisher"),
                  src.meta.get("dc.publisher"), src.meta.get("publisher")):
        if value:
            return value
    found = addr or address(src)
    if found and found.publisher_code:
        name = PUBLISHERS.get(found.publisher_code.lower())
        if name:
            return name
    if title and (re.search(r"Trafficking in Persons (Report|Interim Assessment)", title, re.I)
                  or _HRR_TITLE_RE.match(title)):
        return _STATE_DEPARTMENT
    return None


def extract_author(src: Source) -> str | None:
    """The Author field, then author meta tags."""
    for value in (src.labels.get("author"), src.meta.get("citation_author"), src.meta.get("author"),
                  src.meta.get("dc.creator")):
        if value:
            return value
    return None


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


def extract_document_symbol(src: Source) -> str | None:
    """The "Citation / Document Symbol" field (e.g. "NGA26574.E")."""
    return src.labels.get("document_symbol") or src.meta.get("citation_technical_report_number") or None


def extract_citation(src: Source) -> str | None:
    """The Cite-as string exactly as printed (never split: titles contain commas)."""
    return src.labels.get("citation") or None


def extract_source_url(src: Source) -> str | None:
    """A URL in the Cite-as string, the canonical link, og:url, a source field, then the only Refworld URL in the body."""
    urls = _candidate_urls(src)
    if urls:
        return urls[0].rstrip(".,;")
    found = {find_refworld_url(u) for u in _URL_RE.findall(src.body) if find_refworld_url(u)}
    if len(found) == 1:
        url = found.pop()
        return url if url.lower().startswith("http") else "https://" + url
    return None


def extract_refworld_docid(src: Source, source_url: str | None) -> str | None:
    """The old-site docid in the source address, if it has one."""
    found = parse_refworld_url(source_url) if source_url else None
    return found.docid if found else None


def _series_match(title: str) -> re.Match | None:
    match = _SERIES_TITLE_RE.match(title)
    return match if match and _country_words(match.group("country")) else None


def _title_country(title: str) -> Country | None:
    for regex in _TIP_TITLE_RES:
        match = regex.search(title)
        if match:
            return _country_words(match.group("country"))
    match = _series_match(title)
    if match:
        return _country_words(match.group("country"))
    match = _HRR_TITLE_RE.match(title)
    if match:
        return _country_words(match.group("country"))
    match = _COUNTRY_PREFIX_RE.match(title)
    if match:
        return _country_words(match.group("country"))
    return None


def _country_words(words: str) -> Country | None:
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


def _demonym_in(text: str) -> Country | None:
    """The country of the first capitalised demonym in a title ("... of Afghan Asylum-Seekers")."""
    for word in re.findall(r"\b[A-Z][a-zà-ÿ]+\b", text):
        found = country_table.by_demonym(word)
        if found:
            return found
    return None


def extract_countries(src: Source, title: str | None, addr: RefworldAddress | None) -> tuple[Country, ...]:
    """The primary country first, then countries a "Countries" field lists; body only as last resort."""
    primary: Country | None = None
    if title:
        primary = _title_country(title)
    if primary is None:
        heading = _first_heading(src)
        if heading and heading[1]:
            primary = _country_words(heading[1])
    if primary is None and addr and addr.country_code:
        primary = country_table.by_code(addr.country_code)
    if primary is None and title:
        named = country_table.countries_in(title)
        primary = named[0] if named else _demonym_in(title)
    listed: list[Country] = []
    if src.labels.get("countries"):
        for part in re.split(r"\s+-\s+|;|\n", src.labels["countries"]):
            found = _country_words(part)
            listed += [found] if found else country_table.countries_in(part)
    if primary is None and not listed:
        named = country_table.countries_in("\n".join(src.body_lines[:40]))
        primary = named[0] if named else None
    ordered = ([primary] if primary else []) + listed
    return tuple(dict.fromkeys(ordered))


def extract_tier(src: Source, title: str | None = None) -> str | None:
    """The tier heading near the top of the body, else an explicit placement sentence.

    The sentence counts only in a TIP chapter (or an untitled text): an
    interim assessment or a human-rights report may recall a past
    placement, but carries no tier of its own.
    """
    heading = _first_heading(src)
    if heading:
        return heading[0]
    if _carries_no_tier(src, title):
        return None
    match = _PLACEMENT_RE.search(src.body)
    return normalise_tier(match.group("tier")) if match else None


def _carries_no_tier(src: Source, title: str | None) -> bool:
    opening = " ".join([title or ""] + src.body_lines[:3])
    if re.search(r"Interim Assessment", opening, re.I):
        return True
    return bool(title) and not re.search(r"Trafficking in Persons", title, re.I)


def extract_report_year(src: Source, title: str | None, addr: RefworldAddress | None,
                        doc_type: str | None, published: str | None) -> int | None:
    """The year a title or edition heading names, the address's year, else an annual report's publication year."""
    if title:
        for regex in _TIP_TITLE_RES[:2]:
            match = regex.search(title)
            if match:
                return int(match.group("year"))
        match = _HRR_TITLE_RE.match(title)
        if match and (match.group("year") or match.group("year2")):
            return int(match.group("year") or match.group("year2"))
    match = _series_match(title) if title else None
    if match:
        return int(match.group("year"))
    for line in ([title] if title else []) + src.body_lines[:8]:
        for regex in _YEAR_HEADING_RES:
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


def extract_doc_type(src: Source, title: str | None, publisher: str | None,
                     addr: RefworldAddress | None) -> str | None:
    """The address's type, a "Document type" field, then what the title and symbol show."""
    if addr and addr.doc_type:
        return addr.doc_type
    label = src.labels.get("doc_type")
    if label and DOC_TYPE_WORDS.get(label.strip().lower()):
        return DOC_TYPE_WORDS[label.strip().lower()]
    title = title or ""
    if re.search(r"Trafficking in Persons Report", title, re.I):
        return "Annual report"
    if _HRR_TITLE_RE.match(title) or re.search(r"Country Reports? on Human Rights Practices", title, re.I):
        return "Country report"
    symbol = src.labels.get("document_symbol") or ""
    if publisher == _IRB or _IRB_SYMBOL_RE.match(symbol) or re.match(r"^[^:]{2,60}:\s+Information on\b", title):
        return "Query response"
    if re.search(r"\bGuidelines?\b", title):
        return "Guidelines"
    if re.search(r"\[\d{4}\]|\bv\.?\s|\bUKUT\b|\bEWCA\b", title):
        return "Case law"
    if re.search(r"\b(Act|Law|Constitution|Code|Decree|Ordinance)\b", title):
        return "Legislation"
    if _first_heading(src):
        return "Annual report"  # a TIP chapter: its tier heading says so
    if re.search(r"Interim Assessment", title, re.I):
        return "Country report"  # Refworld files TIP interim assessments as COUNTRYREP
    return None


def extract_language(src: Source, addr: RefworldAddress | None) -> str | None:
    """<html lang> and language meta tags, the address's language, else "en" when the words are English."""
    for value in (src.meta.get("html-lang"), src.meta.get("dc.language"), src.meta.get("content-language"),
                  src.meta.get("og:locale"), src.labels.get("language")):
        if value:
            code = re.split(r"[-_]", value.strip())[0].lower()
            if re.fullmatch(r"[a-z]{2,3}", code):
                return code
    if addr and addr.language:
        return addr.language
    return guess_language(src.body[:5000])


def guess_language(text: str) -> str | None:
    """The language whose frequent words make up a fair share of ``text``; Cyrillic as "ru", Arabic as "ar"."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters:
        cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
        arabic = sum("\u0600" <= ch <= "\u06ff" for ch in letters)
        if cyrillic > len(letters) / 2:
            return "ru"
        if arabic > len(letters) / 2:
            return "ar"
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOP_WORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= max(3, len(words) // 12) else None


def extract_id(sha256: str, docid: str | None, addr: RefworldAddress | None) -> str:
    """The Refworld docid, else "rw" + the new-site id, else the content hash's first 16 characters."""
    if docid:
        return docid
    if addr and addr.new_site_id:
        return f"rw{addr.new_site_id}"
    return sha256[:16]
