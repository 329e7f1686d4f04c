"""Finding the document a pasted citation refers to.

A citation is read by anchoring on what can be recognised for certain (a
Refworld address, a bare docid, "[accessed ...]", "available at:", the
publication date, the document symbol after it) and never by splitting on
commas, because titles contain commas. The title is what lies between the
publisher and the date; the publisher is the longest prefix that is one of
the index's publishers, else the text before the first comma. When that
reading is uncertain, every plausible split is kept (``readings``) and
the index decides which one fits.

Lookup then answers with ranked candidates: an exact docid, address,
new-site id or document symbol is certain (confidence 1.0); otherwise the
title words pick a pool of documents that are rescored by title similarity
(robust to typos, strict about the numbers and names that tell similar
titles apart), date agreement, publisher similarity and the country named.
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from whoosh import query as wq

from .. import config
from ..countries import countries_in
from ..dates import MONTHS, parse_date
from ..edits import edit_distance
from ..engine.schema import indexed_values, stored_document, symbol_key
from ..errors import QueryError, QueryTooLong
from ..records import Candidate, Document
from ..refworld_urls import RefworldAddress, address_key, find_refworld_url, parse_refworld_url

# Weights of the signals that rescore a fuzzy candidate (only known signals count).
TITLE_WEIGHT = 0.6
DATE_WEIGHT = 0.2
PUBLISHER_WEIGHT = 0.1
COUNTRY_WEIGHT = 0.1
# A fuzzy match is never as certain as an exact identifier.
FUZZY_CEILING = 0.95
# A pasted title at least this long may be the start of a longer title...
TRUNCATED_MIN_CHARS = 30
# ...and matches it at this discount.
TRUNCATED_TITLE_FACTOR = 0.9
# In an index of at least this many documents, title words found in more than
# this share of titles are left out of the candidate search.
COMMON_WORDS_MIN_DOCS = 100
COMMON_WORD_SHARE = 0.3
# Two words whose spelling is at least this similar count as the same word mistyped.
WORD_TYPO_RATIO = 0.75

_MONTH = r"(?:" + "|".join(m[:3] + "(?:" + m[3:] + ")?" for m in MONTHS) + r")\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DATE_RES = (
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),      # 14 June 2004
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),      # June 14, 2004
    re.compile(rf"\b{_YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\b"),       # 2004-06-14
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),               # January 2013
)
# "(2008, June 4)", "(2013, January)", "(2004)": the date of author-date styles.
_BRACKETED_DATE_RE = re.compile(rf"\(\s*({_YEAR})(?:\s*,\s*({_MONTH}(?:\s+{_DAY})?))?\s*\)", re.I)
# A title in quotation marks as Chicago and MLA write it: a sentence of its own,
# its full stop inside the marks (unlike a phrase quoted inside a title).
_QUOTED_TITLE_RE = re.compile(r'(?:^|(?<=[.:]\s))"([^"]*\w[^"]*\s[^"]*?[.?!])"')
_NO_DATE_RE = re.compile(r"\(\s*n\.\s?d\.?\s*\)", re.I)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S*refworld\.org\S*", re.I)
# "[accessed 25 May 2016]", "(accessed on 28 September 2017)", "Retrieved May 20, 2023,
# from", "Accessed May 25, 2016." - never the word inside a title ("... accessed state
# protection"): a bracket, a sentence start or "retrieved" must announce it.
_ACCESSED_RE = re.compile(
    r"[\[(]\s*(?:last\s+)?accessed(?:\s+on)?\s*:?\s*([^\])]*?)\s*(?:[\])]\s*\.?|$)"
    rf"|\bretrieved(?:\s+on)?\s+(.{{0,30}}?{_YEAR}),?\s*(?:from\b)?"
    rf"|(?:^|(?<=\.\s))accessed(?:\s+on)?\s*:?\s*((?:{_DAY}\s+)?{_MONTH}\s+(?:{_DAY},?\s+)?{_YEAR}"
    rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}})\.?", re.I)
# "available at:" and its kin, where an address stood (not "information available from
# the police" in a title).
_AVAILABLE_RE = re.compile(r"[,.]?\s*(?:available\s+(?:at|online|from)|retrieved\s+from)"
                           r"\s*(?::|(?=\s*(?:[\[(]|$)))", re.I)
_DOCID_RE = re.compile(r"^[0-9a-f]{9,10}$", re.I)
_NEW_SITE_ID_RE = re.compile(r"^\d{4,8}$")
# Document symbols: IRB "NGA26574.E", UN "HCR/GIP/02/01", GA resolutions "217 A (III)".
_SYMBOL_RES = (
    re.compile(r"\b[A-Za-z]{3}\d{3,7}\.[A-Za-z]{1,2}\b"),
    re.compile(r"\b[A-Z][A-Za-z]{0,7}(?:/[A-Za-z0-9.\-]+(?:\([A-Za-z0-9]+\))?){2,}"),
    re.compile(r"\b\d{1,4}\s?(?:[A-Z]\s?)?\([IVXLCDM]+\)"),
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Reading:
    """One way to split the text before the date: who published what."""

    publisher: str | None
    title: str


@dataclass(frozen=True)
class ParsedCitation:
    """What a pasted citation says; any part it does not say is None.

    ``date`` and ``accessed`` are ISO at the precision written; ``address``
    is what a Refworld address in the text says. ``readings``
    holds every plausible (publisher, title) split, the likeliest first, when
    the publisher is not one the index knows; ``publisher`` and ``title``
    are the likeliest.
    """

    publisher: str | None = None
    title: str | None = None
    date: str | None = None
    document_symbol: str | None = None
    url: str | None = None
    refworld_docid: str | None = None
    new_site_id: str | None = None
    accessed: str | None = None
    readings: tuple[Reading, ...] = field(default=())
    address: RefworldAddress | None = None


def normalise_text(text: str) -> str:
    """Straight quotes and hyphens, one space between words."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


def parse_citation(text: str, publishers: Iterable[str] = ()) -> ParsedCitation:
    """Read a Cite-as string (or another plain-text style), a Refworld address, a
    docid, a document symbol, or a BibTeX, RIS or CSL-JSON record.

    ``publishers`` are the publishers the index knows; the longest one that
    begins the citation is taken as its publisher.
    """
    if text and len(text) > config.MAX_CITATION_LENGTH:
        raise QueryTooLong(f"The citation is {len(text):,} characters long; paste at most "
                           f"{config.MAX_CITATION_LENGTH:,}.")
    structured = parse_structured(text or "")
    if structured:
        return structured
    text = normalise_text(text or "")
    if not text:
        raise QueryError("Paste a citation, a Refworld address, a docid or a document symbol "
                         "to look up.")
    if _DOCID_RE.match(text) and re.search(r"\d", text):
        return ParsedCitation(refworld_docid=text.lower())
    if _NEW_SITE_ID_RE.match(text):
        return ParsedCitation(new_site_id=text)
    if _whole_symbol(text):
        return ParsedCitation(document_symbol=text)

    rest, url = _take_url(text)
    rest, accessed = _take_accessed(rest)
    rest = _AVAILABLE_RE.sub(" ", rest)
    rest = re.sub(r"\s*\[[^\]]*\]\s*$", "", rest)       # a trailing bracketed note: "[French]"
    rest = " ".join(rest.split()).strip(" ,;.")
    quoted = _QUOTED_TITLE_RE.search(rest)
    if quoted:
        readings, date, symbol = _around_quoted_title(rest, quoted)
    else:
        readings, date, symbol = _around_date(rest, list(publishers))
    if not (readings or date or symbol or url):
        raise QueryError(f"Nothing to look up in {text!r}: paste a citation, a Refworld "
                         "address, a docid or a document symbol.")
    return _parsed(readings, date, symbol, url, accessed)


def _parsed(readings: list[Reading], date: str | None, symbol: str | None, url: str | None,
            accessed: str | None) -> ParsedCitation:
    address = parse_refworld_url(url) if url else None
    return ParsedCitation(
        publisher=readings[0].publisher if readings else None,
        title=readings[0].title if readings else None, date=date,
        document_symbol=symbol or None, url=url or None,
        refworld_docid=address.docid if address else None,
        new_site_id=address.new_site_id if address else None,
        accessed=accessed, readings=tuple(readings), address=address)


def _around_quoted_title(text: str, quoted: re.Match):
    """Chicago and MLA put the title in quotation marks: everything else is around it."""
    publisher = text[: quoted.start()].strip(" ,;.") or None
    title = _clean_title(quoted.group(1))
    head, date, tail, _ = _split_at_date(text[quoted.end():].strip(" ,;."))
    symbol = _whole_symbol(head.strip(" ,;.")) or (_symbol_after_date(tail) if date else None)
    return [Reading(publisher, title)], date, symbol


def _around_date(text: str, publishers: list[str]):
    """Publisher and title before the date (Refworld), or after it (author-date styles)."""
    head, date, tail, author_date = _split_at_date(text)
    symbol = _symbol_after_date(tail) if date else None
    if not date:
        head, symbol = _take_symbol(head)
    after = _clean_title(re.sub(r"\(\s*\)", " ", tail.replace(symbol, " ", 1)) if symbol else tail)
    if author_date and after:
        # "Publisher. (2008, June 4). Title.": the title follows the date.
        return [Reading(head.strip(" ,;.") or None, after)], date, symbol
    readings = _readings(head, publishers)
    if len(after.split()) >= 3:
        # Words after the date that are no symbol may be the title of an author-date style.
        publisher = readings[0].publisher if readings else None
        if not any(r.title for r in readings):
            publisher = head.strip(" ,;.") or None
        readings = [r for r in readings if r.title] + [Reading(publisher, after)]
    return readings, date, symbol


def _whole_symbol(text: str) -> str | None:
    for pattern in _SYMBOL_RES:
        if pattern.fullmatch(text):
            return text
    return None


def _take_url(text: str) -> tuple[str, str | None]:
    """The text without its address, and the address (the Refworld one inside a
    web-archive address)."""
    match = _URL_RE.search(text)
    if not match:
        return text, None
    url = match.group(0).rstrip(".,;)]")
    rest = text[: match.start()] + " " + text[match.start() + len(url):]
    return rest, find_refworld_url(url) or url


def _take_accessed(text: str) -> tuple[str, str | None]:
    match = _ACCESSED_RE.search(text)
    if not match:
        return text, None
    accessed = parse_date(next((g for g in match.groups() if g), ""))
    return text[: match.start()] + " " + text[match.end():], accessed


def _split_at_date(text: str) -> tuple[str, str | None, str, bool]:
    """(before, ISO date, after, author-date) around the publication date, or
    (text, None, "", False). Author-date styles ("Publisher. (2008, June 4).
    Title.", "(n.d.)", "Publisher. 2008. Title.") put the title after the date."""
    found = []
    for pattern in _DATE_RES:
        for m in pattern.finditer(text):
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _ in found):
                found.append((m.start(), m.end(), m.group(0)))
    bracketed = _BRACKETED_DATE_RE.search(text)
    if bracketed:
        year, rest = bracketed.group(1), bracketed.group(2) or ""
        iso = parse_date(f"{rest} {year}") if rest.strip() else year
        if iso:
            return (text[: bracketed.start()].strip(" ,;."), iso,
                    text[bracketed.end():].strip(" ,;."), True)
    undated = _NO_DATE_RE.search(text)
    if undated:
        return text[: undated.start()].strip(" ,;."), None, text[undated.end():].strip(" ,;."), True
    if not found:
        # A bare year counts only as a field of its own: "..., 1997", or between full
        # stops in an author-date citation: "Publisher. 2008. Title."
        years = list(re.finditer(rf"(?:^|[,.])\s*({_YEAR})\s*(?=[,.]|$)", text))
        if not years:
            return text, None, "", False
        last = years[-1]
        after = text[last.end():]
        author_date = after.startswith(".") and text[: last.start() + 1].rstrip().endswith(".")
        return (text[: last.start()].strip(" ,;."), last.group(1), after.strip(" ,;."), author_date)

    # Prefer a date standing alone between commas (the publication date's place);
    # among those, the last, since a title may itself contain a date.
    def alone(item) -> bool:
        start, end, _ = item
        before = text[:start].rstrip()
        after = text[end:].lstrip()
        return (not before or before.endswith((",", "."))) and (not after or after[0] in ",.;")
    chosen = max(found, key=lambda item: (alone(item), item[0]))
    iso = parse_date(re.sub(r"[/.]", "-", chosen[2]) if re.match(r"\d{4}[/.]", chosen[2])
                     else chosen[2])
    if iso is None:
        return text, None, "", False
    return text[: chosen[0]].strip(" ,;"), iso, text[chosen[1]:].strip(" ,;."), False


def _symbol_after_date(tail: str) -> str | None:
    """The comma field after the date, when it reads as a document symbol."""
    first = tail.split(",")[0].strip(" .;")
    # Digits and codes but no ordinary word: "NGA26574.E", "A/RES/60/1", "217 A (III)".
    if (first and len(first) <= 40 and re.search(r"\d", first)
            and not re.search(r"[A-Za-z][a-z]{3,}", first)):
        return first
    for pattern in _SYMBOL_RES:
        m = pattern.search(tail)
        if m:
            return m.group(0).rstrip(".")
    return None


def _take_symbol(head: str) -> tuple[str, str | None]:
    """A distinctive symbol written where the date was dropped: ``..., NGA26574.E``."""
    for pattern in _SYMBOL_RES[:2]:
        matches = list(pattern.finditer(head))
        if matches:
            m = matches[-1]
            if not head[m.end():].strip(" ,;."):
                return head[: m.start()].strip(" ,;"), m.group(0).rstrip(".")
    return head, None


def _readings(head: str, publishers: list[str]) -> list[Reading]:
    """The plausible (publisher, title) splits of the text before the date."""
    head = head.strip(" ,;.")
    if not head:
        return []
    known = _known_publisher_prefix(head, publishers)
    if known:
        publisher, title = known
        return [Reading(publisher, _clean_title(title))] if _clean_title(title) else []
    if "," not in head:
        return [Reading(None, _clean_title(head))]
    # Either a publisher the index does not know, then the title; or no publisher
    # and a title with commas. Scoring against the index decides.
    before, after = head.split(",", 1)
    readings = [Reading(before.strip(), _clean_title(after)), Reading(None, _clean_title(head))]
    return [r for r in readings if r.title]


def _known_publisher_prefix(head: str, publishers: list[str]) -> tuple[str, str] | None:
    """The known publisher beginning ``head`` (a typo allowed; the longest of equally
    close ones) and the rest."""
    cuts = [m.start() for m in re.finditer(r"[,.]", head)] + [len(head)]
    best = None
    folded = [(fold(p), p) for p in publishers if p]
    for cut in cuts:
        prefix = fold(head[:cut])
        if not prefix:
            continue
        for folded_name, name in folded:
            if abs(len(folded_name) - len(prefix)) > max(2, len(prefix) // 10):
                continue
            ratio = 1.0 if folded_name == prefix else difflib.SequenceMatcher(
                None, folded_name, prefix).ratio()
            # The closest name wins; among equally close ones, the longest.
            if ratio >= 0.9 and (best is None or (round(ratio, 2), cut) > (round(best[1], 2), best[0])):
                best = (cut, ratio, name)
    if best is None:
        return None
    return best[2], head[best[0]:].lstrip(" ,.;")


def _clean_title(text: str) -> str:
    return " ".join(text.split()).strip(" ,;.\"'")


# ---- structured records (BibTeX, RIS, CSL-JSON) -----------------------------

_RIS_LINE_RE = re.compile(r"^\s*([A-Z][A-Z0-9])  - ?(.*?)\s*$", re.M)
_BIBTEX_RE = re.compile(r"^\s*@\w+\s*\{", re.S)
_BIBTEX_FIELD_RE = re.compile(
    r"(\w+)\s*=\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\"[^\"]*\"|\w+)", re.S)
_BIBTEX_UNESCAPES = ((r"\textbackslash{}", "\\"), (r"\textasciitilde{}", "~"),
                     (r"\textasciicircum{}", "^"))


def parse_structured(text: str) -> ParsedCitation | None:
    """A BibTeX entry, an RIS record or CSL-JSON item read field by field, or None."""
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        items = data if isinstance(data, list) else [data]
        if items and isinstance(items[0], dict):
            return _from_csl(items[0])
    if _BIBTEX_RE.match(stripped):
        return _from_bibtex(stripped)
    ris = dict((tag, value) for tag, value in reversed(_RIS_LINE_RE.findall(stripped)))
    if "TY" in ris and ("TI" in ris or "T1" in ris or "UR" in ris):
        return _from_ris(ris)
    return None


def _structured(title, publisher, date, symbol, url, accessed) -> ParsedCitation:
    title = _clean_title(normalise_text(title)) if title else None
    publisher = normalise_text(publisher) if publisher else None
    readings = [Reading(publisher, title)] if title else []
    parsed = _parsed(readings, date, symbol, url, accessed)
    return parsed if title else dataclasses.replace(parsed, publisher=publisher)


def _date_parts(value) -> str | None:
    try:
        parts = [int(p) for p in value["date-parts"][0]]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]]) if parts else None


def _from_csl(item: dict) -> ParsedCitation:
    authors = item.get("author") or [{}]
    author = authors[0].get("literal") or " ".join(
        p for p in (authors[0].get("given"), authors[0].get("family")) if p) or None
    return _structured(item.get("title"), item.get("publisher") or author, _date_parts(item.get("issued")),
                       item.get("number"), item.get("URL"), _date_parts(item.get("accessed")))


def _from_bibtex(entry: str) -> ParsedCitation:
    fields = {}
    for name, value in _BIBTEX_FIELD_RE.findall(entry):
        value = value[1:-1] if value[:1] in "{\"" else value
        for escaped, plain in _BIBTEX_UNESCAPES:
            value = value.replace(escaped, plain)
        fields[name.lower()] = re.sub(r"\\([&%$#_{}])", r"\1", value).replace("{", "").replace("}", "")
    month = fields.get("month", "")
    date = parse_date(fields.get("date")) or parse_date(f"{month} {fields.get('year', '')}")
    symbol = fields.get("number") or (fields.get("note", "").split("Document symbol:")[-1].strip()
                                      if "Document symbol:" in fields.get("note", "") else None)
    publisher = fields.get("institution") or fields.get("publisher") or fields.get("author")
    return _structured(fields.get("title"), publisher, date, symbol, fields.get("url"),
                       parse_date(fields.get("urldate")))


def _from_ris(tags: dict[str, str]) -> ParsedCitation:
    da = [p for p in tags.get("DA", "").split("/") if p.strip()]
    date = parse_date("-".join(da[:3])) if da else parse_date(tags.get("PY"))
    accessed = parse_date(tags.get("Y2", "").replace("/", "-").strip("-"))
    return _structured(tags.get("TI") or tags.get("T1"), tags.get("PB") or tags.get("AU"), date,
                       tags.get("M1") or tags.get("SN"), tags.get("UR"), accessed)


# ---- similarity -------------------------------------------------------------

@functools.lru_cache(maxsize=8192)
def fold(text: str | None) -> str:
    """Lower case, accents and punctuation gone, single spaces: what similarity compares."""
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", normalise_text(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def title_similarity(a: str | None, b: str | None) -> float:
    """How alike two titles are, in [0, 1].

    Half is the character-level ratio (forgiving of typos and of words run
    together), half ``word_similarity``. A long title that matches the start
    of ``b`` is taken as ``b`` cut short, at a small discount.
    """
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 1.0
    chars = difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio()
    whole = 0.5 * chars + 0.5 * word_similarity(a, b)
    if len(fa) >= TRUNCATED_MIN_CHARS and len(fb) > len(fa) + 5 and fb[:3] == fa[:3]:
        # A long title cut short when pasted: compare with the same length of b.
        start = difflib.SequenceMatcher(None, fa, fb[: len(fa)], autojunk=False).ratio()
        return max(whole, TRUNCATED_TITLE_FACTOR * start)
    return whole


def word_similarity(a: str | None, b: str | None) -> float:
    """A word-level F1 in which a mistyped word earns its spelling similarity, but a
    number (a report year) counts only when it is exactly the same. Cheap: lookup
    ranks its whole pool with it before comparing characters."""
    words_a, words_b = fold(a).split(), fold(b).split()
    if not words_a or not words_b:
        return 0.0
    precision = _word_matches(words_a, words_b) / len(words_a)
    recall = _word_matches(words_b, words_a) / len(words_b)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _word_matches(words: list[str], others: list[str]) -> float:
    """Sum over ``words`` of how well each is matched in ``others``."""
    others_set = set(others)
    total = 0.0
    for word in words:
        if word in others_set:
            total += 1.0
        elif not word.isdigit() and len(word) > 3:
            best = max((_word_ratio(word, o) for o in others_set), default=0.0)
            total += best if best >= WORD_TYPO_RATIO else 0.0
    return total


@functools.lru_cache(maxsize=65536)
def _word_ratio(word: str, other: str) -> float:
    """Spelling similarity of two words: one minus their edit distance (a swap of
    neighbouring letters counting as one edit) over the longer length.
    Numbers never resemble each other."""
    longest = max(len(word), len(other))
    if other.isdigit() or abs(len(word) - len(other)) > longest * (1 - WORD_TYPO_RATIO):
        return 0.0
    return 1.0 - edit_distance(word, other) / longest


def publisher_similarity(a: str, b: str) -> float:
    """How alike two publisher names are, in [0, 1] (few distinct names: cached)."""
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio()


def date_agreement(cited: str, published: str) -> tuple[float, str]:
    """How far a cited date agrees with a document's, and the reason to show."""
    a, b = cited.split("-"), published.split("-")
    common = min(len(a), len(b))
    if a[:common] == b[:common]:
        return (1.0, "date matches") if common == len(a) else (0.8, "date matches as far as given")
    if a[0] != b[0]:
        return 0.0, f"date differs ({published})"
    if common >= 2 and a[1] == b[1]:
        return 0.6, "same month"
    return 0.3, "same year"


def _mentions(text: str, name: str) -> bool:
    return bool(re.search(r"\b" + re.escape(fold(name)) + r"\b", text))


# ---- lookup -----------------------------------------------------------------

def known_publishers(searcher) -> list[str]:
    """Every publisher the index holds (the exact values of the publisher field)."""
    return indexed_values(searcher, "publisher")


def lookup(searcher, text: str, limit: int = config.CITE_CANDIDATES) -> tuple[Candidate, ...]:
    """The documents ``text`` may cite, best first, each with a confidence and reasons.

    Documents an identifier names come first with confidence 1.0 (their fuzzy
    score only orders them among themselves); then the best fuzzy matches.
    """
    parsed = parse_citation(text, known_publishers(searcher))
    exact: dict[str, tuple[Document, list[str]]] = {}
    for doc, reason in _exact_matches(searcher, parsed):
        reasons = exact.setdefault(doc.id, (doc, []))[1]
        if reason not in reasons:
            reasons.append(reason)
    pool = _title_pool(searcher, parsed)
    folded_text = fold(normalise_text(text))
    mentioned = {c.name for doc in pool + [d for d, _ in exact.values()] for c in doc.countries
                 if _mentions(folded_text, c.name)}
    # A country the citation names counts even when no candidate is about it, so
    # that "... Report 2008 - Mali" does not look like a good match for Algeria's.
    mentioned.update(c.name for c in countries_in(text))
    # Rank the pool cheaply, then compare characters only for the front of it.
    pool.sort(key=lambda d: -score_candidate(parsed, d, mentioned, precise=False)[0])
    considered = {d.id: d for d in pool[: max(config.CITE_RESCORE, limit)]}
    considered.update({doc_id: doc for doc_id, (doc, _) in exact.items()})
    ranked = []
    for doc in considered.values():
        fuzzy, reasons = score_candidate(parsed, doc, mentioned)
        if doc.id in exact:
            ranked.append((1.0, fuzzy, tuple(exact[doc.id][1]) + reasons, doc))
        elif fuzzy >= config.CITE_MIN_CONFIDENCE:
            ranked.append((fuzzy, fuzzy, reasons, doc))
    ranked.sort(key=lambda item: (-item[0], -item[1], item[3].id))
    return tuple(
        Candidate(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
                  confidence=round(confidence, 3), reasons=reasons)
        for confidence, _, reasons, doc in ranked[:limit])


def score_candidate(parsed: ParsedCitation, doc: Document, mentioned_countries: Iterable[str] = (),
                    precise: bool = True) -> tuple[float, tuple[str, ...]]:
    """A fuzzy candidate's confidence (at most ``FUZZY_CEILING``) and the reasons for it,
    under the reading of the citation that fits ``doc`` best. ``precise=False``
    compares titles word by word only: a cheap first ranking."""
    readings = parsed.readings or (Reading(parsed.publisher, ""),)
    mentioned = set(mentioned_countries)
    if len(readings) > 1:
        # The reading that fits best word by word is the one compared letter by letter.
        readings = [max(readings, key=lambda r: _score_reading(parsed, r, doc, mentioned, False)[0])]
    return _score_reading(parsed, readings[0], doc, mentioned, precise)


def _score_reading(parsed: ParsedCitation, reading: Reading, doc: Document,
                   mentioned_countries: set[str], precise: bool) -> tuple[float, tuple[str, ...]]:
    parts: list[tuple[float, float]] = []
    reasons: list[str] = []
    if reading.title:
        similarity = title_similarity if precise else word_similarity
        sim = similarity(reading.title, doc.title)
        parts.append((sim, TITLE_WEIGHT))
        reasons.append(f"title {round(sim * 100)}% similar")
    if parsed.date and doc.published:
        agreement, reason = date_agreement(parsed.date, doc.published)
        parts.append((agreement, DATE_WEIGHT))
        reasons.append(reason)
    if reading.publisher and (doc.publisher or doc.author):
        # Refworld names the author where there is no publisher ("Marina Sharpe, ...").
        by_publisher = publisher_similarity(reading.publisher, doc.publisher) if doc.publisher else 0.0
        by_author = publisher_similarity(reading.publisher, doc.author) if doc.author else 0.0
        sim = max(by_publisher, by_author)
        parts.append((sim, PUBLISHER_WEIGHT))
        who = "publisher" if by_publisher >= by_author else "author"
        reasons.append(f"{who} matches" if sim >= 0.9 else f"{who} {round(sim * 100)}% similar")
    if mentioned_countries:
        named = [c.name for c in doc.countries if c.name in mentioned_countries]
        parts.append((1.0 if named else 0.0, COUNTRY_WEIGHT))
        if named:
            reasons.append(f"country mentioned: {named[0]}")
        elif doc.countries:
            reasons.append(f"the citation names {', '.join(sorted(mentioned_countries))}, "
                           f"not {doc.countries[0].name}")
    if not parts:
        return 0.0, ()
    confidence = sum(s * w for s, w in parts) / sum(w for _, w in parts)
    return FUZZY_CEILING * confidence, tuple(reasons)


def _exact_matches(searcher, parsed: ParsedCitation) -> list[tuple[Document, str]]:
    found: list[tuple[Document, str]] = []
    if parsed.refworld_docid:
        for stored in searcher.documents(refworld_docid=parsed.refworld_docid):
            found.append((stored_document(stored), "docid matches"))
    if parsed.document_symbol:
        for stored in searcher.documents(symbol_key=symbol_key(parsed.document_symbol)):
            found.append((stored_document(stored), "document symbol matches"))
    if parsed.new_site_id:
        for stored in searcher.documents(new_site_id=parsed.new_site_id):
            found.append((stored_document(stored), "new-site id matches"))
    elif parsed.url and not parsed.refworld_docid:
        for stored in searcher.documents(source_url=address_key(parsed.url)):
            found.append((stored_document(stored), "address matches"))
    return found


def _title_pool(searcher, parsed: ParsedCitation) -> list[Document]:
    """The documents whose titles share the most (rarest) words with any title reading.

    A word no title has is a typo: the words one edit away from it that titles
    do have (after stemming, which can put a misspelt word far from the stem
    of the right one) stand in for it, and so do the stems two edits away.
    """
    words = " ".join(r.title for r in parsed.readings)
    if not words:
        return []
    analyzer = searcher.schema["title"].analyzer
    total = searcher.doc_count()
    queries: dict[str, wq.Query] = {}
    for word in dict.fromkeys(re.findall(r"\w+", fold(words))):
        stems = [token.text for token in analyzer(word, mode="query")]
        if not stems:
            continue        # a stop word
        stem = stems[0]
        frequency = searcher.doc_frequency("title", stem)
        if total >= COMMON_WORDS_MIN_DOCS and frequency > total * COMMON_WORD_SHARE:
            continue        # in most titles ("report"): ranks nothing, costs the most
        if frequency or len(word) < 4 or word.isdigit():
            queries.setdefault(stem, wq.Term("title", stem))
        else:
            queries.setdefault(stem, _near_title_words(searcher, analyzer, word, stem))
    if not queries:
        queries = {t: wq.Term("title", t) for t in
                   {token.text for token in analyzer(words, mode="query")}}
    if not queries:
        return []
    hits = searcher.search(wq.Or(list(queries.values())), limit=config.CITE_POOL)
    return [stored_document(hit.fields()) for hit in hits]


def _near_title_words(searcher, analyzer, word: str, stem: str) -> wq.Query:
    known = set()
    for variant in _one_edit_away(word):
        for token in analyzer(variant, mode="query"):
            if token.text not in known and searcher.doc_frequency("title", token.text):
                known.add(token.text)
    near = [wq.Term("title", t) for t in sorted(known)]
    return wq.Or(near + [wq.FuzzyTerm("title", stem, maxdist=2, prefixlength=1)])


def _one_edit_away(word: str) -> set[str]:
    """Every spelling one deletion, swap, replacement or insertion away from ``word``."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})
