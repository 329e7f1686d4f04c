"""One extractor per metadata field, each trying its sources in order and giving None when absent.

Sources, strongest first: the page's labelled fields (text lines or
label/value markup), its ``<meta>``/``og:`` tags and canonical link, the
Refworld address (old docid forms and new-site paths), the title's
patterns, then the body. A Cite-as string is kept exactly as printed and
never split on commas: titles contain commas.

Extractors that form an idea of their own live beside this module:
``titles`` (title patterns and fallbacks), ``published`` (dates and report
year), ``tiers`` (TIP tiers) and ``source`` (what the extractors read).
Every extractor is importable from here, so ``describe`` has one place to
look.
"""
from __future__ import annotations

import re
from collections import Counter

from .. import countries as country_table
from ..records import Country
from ..refworld_urls import RefworldAddress, parse_refworld_url
from .published import (  # noqa: F401
    extract_last_updated,
    extract_last_updated_dated,
    extract_published,
    extract_published_dated,
    extract_report_year,
    extract_report_year_dated,
)
from .source import URL_RE, Source, address, candidate_urls  # noqa: F401
from .stated import is_un_symbol, un_symbol
from .tiers import extract_tier, first_tier_heading, is_tier_heading, normalise_tier, tier_heading  # noqa: F401
from .titles import HRR_TITLE_RE, country_words, demonym_in, extract_title, title_country  # noqa: F401

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
# Sites that republish other publishers' documents: their site name is never the publisher.
REPUBLISHING_SITES = frozenset({"refworld", "unhcr refworld", "ecoi.net", "reliefweb", "reliefweb.int"})
# ecoi.net's "Source:" value: the publisher's short name, a dash, its full name ("USDOS – US Department of State").
_SOURCE_NAME_RE = re.compile(r"^(?P<short>[A-Za-z][\w.&]{1,15})\s+[\u2013\u2014-]\s+(?P<name>\S.*)$")
_STATE_DEPARTMENT = "United States Department of State"
_IRB = "Canada: Immigration and Refugee Board of Canada"


_IRB_SYMBOL_RE = re.compile(r"^[A-Z]{3}\d{3,6}\.[EF]$")
# Frequent short words of the languages Refworld publishes most, for texts that do not say.
STOP_WORDS = {
    "en": frozenset("the of and to in is that for was were by with on as are from this be has have it "
                    "not or an which their its at government".split()),
    "fr": frozenset("le la les des du de et est dans pour que qui une sur par au aux sont pas ont "
                    "avec gouvernement".split()),
    "es": frozenset("el la los las de del y en que por con para una es se su al sus como gobierno".split()),
    "de": frozenset("der die das und ist nicht mit von den des dem ein eine zu auf für sich im".split()),
    "pt": frozenset("o os as de do da dos das e em que para com uma por não governo".split()),
    "it": frozenset("il lo la gli le di del della dei delle che è e per con non un una sono governo".split()),
    "nl": frozenset("de het een en van in is dat op te zijn voor met niet aan door regering".split()),
    "tr": frozenset("ve bir bu da de ile için olarak olan gibi daha çok ya hükümet".split()),
    "so": frozenset("iyo ee oo waa ka ku uu ay aan ah loo ugu kale dowladda xaq".split()),
    "sw": frozenset("na ya wa kwa za katika ni cha au kila mtu haki serikali".split()),
}
# Letters one language of a script writes and its neighbours do not: Pashto's, Urdu's and
# Persian's among the Arabic script's, Ukrainian's among Cyrillic's.
_OWN_LETTERS = (
    ("ps", frozenset("ټډړږښځڅېۍګڼ")), ("ur", frozenset("ٹڈڑںے")), ("fa", frozenset("پچژگکی")),
)
_UKRAINIAN = frozenset("іїєґ")
# A character past the Latin letters (``_script_language``), and a run of letters.
_NON_LATIN_RE = re.compile("[^\x00-\u024f]")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
# Scripts written by one main language, for a text mostly in them: (first, last letter, code).
_SCRIPTS = (("\u0370", "\u03ff", "el"), ("\u0900", "\u097f", "hi"), ("\uac00", "\ud7af", "ko"),
            ("\u3040", "\u30ff", "ja"), ("\u4e00", "\u9fff", "zh"))












# ---- one extractor per field ---------------------------------------------




def extract_publisher(src: Source, title: str | None, addr: RefworldAddress | None = None) -> str | None:
    """The Publisher field, publisher meta tags, a "Source:" field naming the original publisher
    (ecoi.net), the JSON-LD publisher, the address's publisher code, the site's name
    (``og:site_name``) unless the site republishes others' documents, then a State Department title."""
    for value in (src.labels.get("publisher"), src.meta.get("citation_publisher"),
                  src.meta.get("dc.publisher"), src.meta.get("publisher"),
                  source_publisher(src.labels.get("source")), src.meta.get("jsonld:publisher")):
        if value:
            return value
    found = addr or address(src)
    if found and found.publisher_code:
        name = PUBLISHERS.get(found.publisher_code.lower())
        if name:
            return name
    site = (src.meta.get("og:site_name") or "").strip()
    if site and site.casefold() not in REPUBLISHING_SITES:
        return site
    if title and (re.search(r"Trafficking in Persons (Report|Interim Assessment)", title, re.I)
                  or HRR_TITLE_RE.match(title)):
        return _STATE_DEPARTMENT
    return None


def source_publisher(value: str | None) -> str | None:
    """The publisher a "Source:" field names: "USDOS – US Department of State" is the State
    Department (its short name a known publisher code), else the full name after the dash;
    an address is no publisher."""
    value = " ".join((value or "").split())
    if not value or URL_RE.match(value):
        return None
    match = _SOURCE_NAME_RE.match(value)
    if match:
        return PUBLISHERS.get(match.group("short").lower()) or match.group("name")
    return value


def extract_author(src: Source) -> str | None:
    """The Author field, then author meta tags."""
    for value in (src.labels.get("author"), src.meta.get("citation_author"), src.meta.get("author"),
                  src.meta.get("dc.creator"), src.meta.get("pdf:author"), src.meta.get("docx:author")):
        if value:
            return value
    return None






def extract_document_symbol(src: Source) -> str | None:
    """The "Citation / Document Symbol" field (e.g. "NGA26574.E"), else the United Nations symbol
    the top of the text prints ("A/HRC/57/24") or the file's title is."""
    labelled = src.labels.get("document_symbol") or src.meta.get("citation_technical_report_number")
    if labelled:
        return labelled
    titled = (src.meta.get("pdf:title") or src.meta.get("docx:title") or "").strip()
    return un_symbol(src.body_lines) or (titled if is_un_symbol(titled) else None)


def extract_citation(src: Source) -> str | None:
    """The Cite-as string exactly as printed (never split: titles contain commas)."""
    return src.labels.get("citation") or None


def extract_source_url(src: Source) -> str | None:
    """A URL in the Cite-as string, the canonical link, og:url, then a labelled source address.

    Only the document's own metadata says where it comes from: an address
    in its body is one it cites (a memo citing a TIP chapter is not that
    chapter), so the body is never read for one.
    """
    urls = candidate_urls(src)
    return urls[0].rstrip(".,;") if urls else None


def extract_refworld_docid(src: Source, source_url: str | None) -> str | None:
    """The old-site docid in the source address, if it has one."""
    found = parse_refworld_url(source_url) if source_url else None
    return found.docid if found else None










def extract_countries(src: Source, title: str | None, addr: RefworldAddress | None) -> tuple[Country, ...]:
    """The primary country first, then countries a "Countries" field lists; body only as last resort."""
    primary: Country | None = None
    if title:
        primary = title_country(title)
    if primary is None:
        heading = first_tier_heading(src)
        if heading and heading[1]:
            primary = country_words(heading[1])
    if primary is None and addr and addr.country_code:
        primary = country_table.by_code(addr.country_code)
    if primary is None and title:
        named = country_table.countries_in(title)
        primary = named[0] if named else demonym_in(title)
    listed: list[Country] = []
    if src.labels.get("countries"):
        for part in re.split(r"\s+-\s+|;|\n", src.labels["countries"]):
            found = country_words(part)
            listed += [found] if found else country_table.countries_in(part)
    if primary is None and not listed:
        named = country_table.countries_in("\n".join(src.body_lines[:40]))
        primary = named[0] if named else None
    ordered = ([primary] if primary else []) + listed
    return tuple(dict.fromkeys(ordered))








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
    if HRR_TITLE_RE.match(title) or re.search(r"Country Reports? on Human Rights Practices", title, re.I):
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
    if first_tier_heading(src):
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


def _script_language(letters: list[str]) -> str | None:
    """The language a text mostly in one non-Latin script is in: Arabic script as Pashto, Urdu
    or Persian when their own letters recur, else Arabic; Cyrillic as Ukrainian or Russian;
    Greek, Devanagari (Hindi), Hangul, kana (Japanese, before the Han it mixes with) and Han."""
    half = len(letters) / 2
    if sum(ch > "\u024f" for ch in letters) <= half:
        return None  # mostly Latin letters: one pass, as most documents are
    if sum("\u0600" <= ch <= "\u06ff" for ch in letters) > half:
        for code, own in _OWN_LETTERS:
            if sum(ch in own for ch in letters) >= 3:
                return code
        return "ar"
    if sum("\u0400" <= ch <= "\u04ff" for ch in letters) > half:
        return "uk" if sum(ch in _UKRAINIAN for ch in letters) >= 3 else "ru"
    for first, last, code in _SCRIPTS:
        if sum(first <= ch <= last for ch in letters) > (len(letters) / 10 if code == "ja" else half):
            return code
    return None


def guess_language(text: str) -> str | None:
    """The language whose frequent words make up a fair share of ``text``, or whose script
    it is written in (``_script_language``).

    A text without a letter past the Latin ones is mostly Latin letters, so its letters are
    listed only when some are; and each language's score counts the text's distinct words
    once each, with their number of occurrences (the same sums as counting word by word,
    which took most of reading a page's metadata)."""
    if any(ch.isalpha() for ch in _NON_LATIN_RE.findall(text)):
        found = _script_language([ch for ch in text if ch.isalpha()])
        if found:
            return found
    words = _LETTERS_RE.findall(text.lower())
    if not words:
        return None
    counts = Counter(words)
    scores = {lang: sum(map(counts.__getitem__, counts.keys() & stop)) for lang, stop in STOP_WORDS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= max(3, len(words) // 12) else None


def extract_id(sha256: str, docid: str | None, addr: RefworldAddress | None) -> str:
    """The Refworld docid, else "rw" + the new-site id, else the content hash's first 16 characters."""
    if docid:
        return docid
    if addr and addr.new_site_id:
        return f"rw{addr.new_site_id}"
    return sha256[:16]
