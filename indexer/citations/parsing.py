"""Reading a pasted citation: who published what, when, with which identifiers.

A citation is read by anchoring on what can be recognised for certain (a
Refworld address, a bare docid, "[accessed ...]", "available at:", the
publication date, the document symbol after it) and never by splitting on
commas, because titles contain commas. The title is what lies between the
publisher and the date; the publisher is the longest prefix that is one of
the index's publishers, else the text before the first comma. When that
reading is uncertain, every plausible split is kept (``readings``) and the
lookup decides which one fits each candidate. BibTeX, RIS and CSL-JSON
records are read field by field (``structured``). The locator of a pinpointed
citation ("p. 3, section 2.a, para. 4") is no part of the title and is taken
out first (``locators``).
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .. import config
from ..dates import MONTHS, parse_date
from ..errors import QueryError, QueryTooLong
from ..folding import fold, normalise_text
from ..records import ParsedCitation, Reading
from ..refworld_urls import find_refworld_url
from .locators import without_locators
from .structured import assemble, clean_title, parse_structured

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
    rest = without_locators(rest)                       # "..., p. 3, section 2.a, para. 4"
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
    return assemble(readings, date, symbol, url, accessed)


def _around_quoted_title(text: str, quoted: re.Match):
    """Chicago and MLA put the title in quotation marks: everything else is around it."""
    publisher = text[: quoted.start()].strip(" ,;.") or None
    title = clean_title(quoted.group(1))
    head, date, tail, _ = _split_at_date(text[quoted.end():].strip(" ,;."))
    symbol = _whole_symbol(head.strip(" ,;.")) or (_symbol_after_date(tail) if date else None)
    return [Reading(publisher, title)], date, symbol


def _around_date(text: str, publishers: list[str]):
    """Publisher and title before the date (Refworld), or after it (author-date styles)."""
    head, date, tail, author_date = _split_at_date(text)
    symbol = _symbol_after_date(tail) if date else None
    if not date:
        head, symbol = _take_symbol(head)
    after = clean_title(re.sub(r"\(\s*\)", " ", tail.replace(symbol, " ", 1)) if symbol else tail)
    if author_date and after:
        # "Publisher. (2008, June 4). Title.": the title follows the date, and the publisher,
        # when it is not the author, may follow the title: "Title. Publisher."
        return [Reading(head.strip(" ,;.") or None, _without_publisher(after, publishers))], date, symbol
    readings = _readings(head, publishers)
    if len(after.split()) >= 3:
        # Words after the date that are no symbol may be the title of an author-date style.
        publisher = readings[0].publisher if readings else None
        if not any(r.title for r in readings):
            publisher = head.strip(" ,;.") or None
        readings = [r for r in readings if r.title] + [Reading(publisher, after)]
    return readings, date, symbol


def _without_publisher(title: str, publishers: list[str]) -> str:
    """``title`` without a last sentence that is one of the index's publishers."""
    head, _, last = title.rpartition(". ")
    if head and fold(last) in {fold(p) for p in publishers if p}:
        return clean_title(head)
    return title


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
    found: list[tuple[int, int, str]] = []
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
        return [Reading(publisher, clean_title(title))] if clean_title(title) else []
    if "," not in head:
        return [Reading(None, clean_title(head))]
    # Either a publisher the index does not know, then the title; or no publisher
    # and a title with commas. Scoring against the index decides.
    before, after = head.split(",", 1)
    readings = [Reading(before.strip(), clean_title(after)), Reading(None, clean_title(head))]
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
