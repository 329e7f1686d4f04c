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

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from whoosh import query as wq

from . import config
from .dates import MONTHS, parse_date
from .errors import QueryError
from .records import Candidate, Document
from .refworld_urls import RefworldAddress, find_refworld_url, parse_refworld_url
from .schema import stored_document

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
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S*refworld\.org\S*", re.I)
_ACCESSED_RE = re.compile(r"[\[(]?\s*(?:last\s+)?accessed(?:\s+on)?\s*:?\s*([^\])]*?)\s*[\])]\s*\.?"
                          r"|[\[(]?\s*accessed(?:\s+on)?\s*:?\s*(.+)$", re.I)
_AVAILABLE_RE = re.compile(r"[,.]?\s*(?:available\s+(?:at|online|from)|retrieved\s+from)\s*:?", re.I)
_DOCID_RE = re.compile(r"^[0-9a-f]{9,10}$", re.I)
_NEW_SITE_ID_RE = re.compile(r"^\d{4,8}$")
# Document symbols: IRB "NGA26574.E", UN "HCR/GIP/02/01", GA resolutions "217 A (III)".
_SYMBOL_RES = (
    re.compile(r"\b[A-Za-z]{3}\d{3,7}\.[A-Za-z]{1,2}\b"),
    re.compile(r"\b[A-Z][A-Za-z]{0,7}(?:/[A-Za-z0-9.()\-]+){2,}"),
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
    """Read a Cite-as string, a Refworld address, a docid or a document symbol.

    ``publishers`` are the publishers the index knows; the longest one that
    begins the citation is taken as its publisher.
    """
    text = normalise_text(text or "")
    if not text:
        raise QueryError("Paste a citation, a Refworld address, a docid or a document symbol "
                         "to look up.")
    if _DOCID_RE.match(text) and re.search(r"\d", text):
        return ParsedCitation(refworld_docid=text.lower())
    if _NEW_SITE_ID_RE.match(text):
        return ParsedCitation(new_site_id=text)
    whole_symbol = _whole_symbol(text)
    if whole_symbol:
        return ParsedCitation(document_symbol=whole_symbol)

    rest, url, address = _take_url(text)
    rest, accessed = _take_accessed(rest)
    rest = _AVAILABLE_RE.sub(" ", rest)
    rest = re.sub(r"\s*\[[^\]]*\]\s*$", "", rest)       # a trailing bracketed note: "[French]"
    rest = " ".join(rest.split()).strip(" ,;.")
    head, date, tail = _split_at_date(rest)
    symbol = _symbol_after_date(tail) if date else None
    if not date:
        head, symbol = _take_symbol(head)
    readings = _readings(head, list(publishers))
    return ParsedCitation(
        publisher=readings[0].publisher if readings else None,
        title=readings[0].title if readings else None, date=date,
        document_symbol=symbol, url=url,
        refworld_docid=address.docid if address else None,
        new_site_id=address.new_site_id if address else None,
        accessed=accessed, readings=tuple(readings), address=address)


def _whole_symbol(text: str) -> str | None:
    for pattern in _SYMBOL_RES:
        if pattern.fullmatch(text):
            return text
    return None


def _take_url(text: str):
    match = _URL_RE.search(text)
    if not match:
        return text, None, None
    url = match.group(0).rstrip(".,;)]")
    refworld = find_refworld_url(url)
    address = parse_refworld_url(refworld) if refworld else None
    rest = text[: match.start()] + " " + text[match.start() + len(url):]
    return rest, (refworld or url), address


def _take_accessed(text: str) -> tuple[str, str | None]:
    match = _ACCESSED_RE.search(text)
    if not match:
        return text, None
    accessed = parse_date(match.group(1) or match.group(2) or "")
    return text[: match.start()] + " " + text[match.end():], accessed


def _split_at_date(text: str) -> tuple[str, str | None, str]:
    """(before, ISO date, after) around the publication date, or (text, None, "")."""
    found = []
    for pattern in _DATE_RES:
        for m in pattern.finditer(text):
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _ in found):
                found.append((m.start(), m.end(), m.group(0)))
    if not found:
        # A bare year counts only as a comma field of its own: "..., 1997".
        years = list(re.finditer(rf"(?:^|,)\s*({_YEAR})\s*(?=,|$)", text))
        if not years:
            return text, None, ""
        last = years[-1]
        return text[: last.start()].strip(" ,;"), last.group(1), text[last.end():].strip(" ,;.")
    # Prefer a date standing alone between commas (the publication date's place);
    # among those, the last, since a title may itself contain a date.
    def alone(item) -> bool:
        start, end, _ = item
        before = text[:start].rstrip()
        after = text[end:].lstrip()
        return (not before or before.endswith(",")) and (not after or after[0] in ",.;")
    chosen = max(found, key=lambda item: (alone(item), item[0]))
    iso = parse_date(re.sub(r"[/.]", "-", chosen[2]) if re.match(r"\d{4}[/.]", chosen[2])
                     else chosen[2])
    if iso is None:
        return text, None, ""
    return text[: chosen[0]].strip(" ,;"), iso, text[chosen[1]:].strip(" ,;.")


def _symbol_after_date(tail: str) -> str | None:
    """The comma field after the date, when it reads as a document symbol."""
    first = tail.split(",")[0].strip(" .;")
    if first and len(first) <= 40 and re.search(r"\d", first) and not re.search(r"\s{2,}", first):
        return first
    for pattern in _SYMBOL_RES:
        m = pattern.search(tail)
        if m:
            return m.group(0)
    return None


def _take_symbol(head: str) -> tuple[str, str | None]:
    """A distinctive symbol written where the date was dropped: ``..., NGA26574.E``."""
    for pattern in _SYMBOL_RES[:2]:
        matches = list(pattern.finditer(head))
        if matches:
            m = matches[-1]
            if not head[m.end():].strip(" ,;."):
                return head[: m.start()].strip(" ,;"), m.group(0)
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
    return text.strip(" ,;.\"'")


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
    if len(fa) >= TRUNCATED_MIN_CHARS and len(fb) > len(fa) + 5:
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


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and
    transpositions of adjacent letters, each one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


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
    return [term.decode("utf-8") if isinstance(term, bytes) else term
            for term in searcher.lexicon("publisher")]


def lookup(searcher, text: str, limit: int = config.CITE_CANDIDATES) -> tuple[Candidate, ...]:
    """The documents ``text`` may cite, best first, each with a confidence and reasons."""
    parsed = parse_citation(text, known_publishers(searcher))
    scored: dict[str, tuple[float, tuple[str, ...], Document]] = {}
    for doc, reason in _exact_matches(searcher, parsed):
        previous = scored.get(doc.id)
        reasons = (previous[1] if previous else ()) + (reason,)
        scored[doc.id] = (1.0, reasons, doc)
    pool = _title_pool(searcher, parsed)
    folded_text = fold(normalise_text(text))
    mentioned = {c.name for doc in pool for c in doc.countries if _mentions(folded_text, c.name)}
    # Rank the pool cheaply, then compare characters only for the front of it.
    first = sorted(pool, key=lambda d: -score_candidate(parsed, d, mentioned, precise=False)[0])
    for doc in first[: max(config.CITE_RESCORE, limit)]:
        confidence, reasons = score_candidate(parsed, doc, mentioned)
        if doc.id in scored:
            certain = scored[doc.id]
            scored[doc.id] = (1.0, certain[1] + reasons, doc)
        elif confidence >= config.CITE_MIN_CONFIDENCE:
            scored[doc.id] = (confidence, reasons, doc)
    for doc_id, (confidence, reasons, doc) in list(scored.items()):
        if confidence == 1.0 and not any("similar" in r for r in reasons) and parsed.readings:
            sim = max(title_similarity(r.title, doc.title) for r in parsed.readings)
            scored[doc_id] = (1.0, reasons + (f"title {round(sim * 100)}% similar",), doc)
    ranked = sorted(scored.values(), key=lambda item: (-item[0], item[2].id))
    return tuple(
        Candidate(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
                  confidence=round(confidence, 3), reasons=reasons)
        for confidence, reasons, doc in ranked[:limit])


def score_candidate(parsed: ParsedCitation, doc: Document, mentioned_countries: Iterable[str] = (),
                    precise: bool = True) -> tuple[float, tuple[str, ...]]:
    """A fuzzy candidate's confidence (at most ``FUZZY_CEILING``) and the reasons for it,
    under the reading of the citation that fits ``doc`` best. ``precise=False``
    compares titles word by word only: a cheap first ranking."""
    readings = parsed.readings or (Reading(parsed.publisher, ""),)
    return max((_score_reading(parsed, reading, doc, set(mentioned_countries), precise)
                for reading in readings), key=lambda scored: scored[0])


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
    if reading.publisher and doc.publisher:
        sim = difflib.SequenceMatcher(None, fold(reading.publisher), fold(doc.publisher)).ratio()
        parts.append((sim, PUBLISHER_WEIGHT))
        reasons.append("publisher matches" if sim >= 0.9 else f"publisher {round(sim * 100)}% similar")
    if mentioned_countries:
        named = [c.name for c in doc.countries if c.name in mentioned_countries]
        parts.append((1.0 if named else 0.0, COUNTRY_WEIGHT))
        if named:
            reasons.append(f"country mentioned: {named[0]}")
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
        wanted = _symbol_key(parsed.document_symbol)
        for term in searcher.lexicon("document_symbol"):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            if _symbol_key(value) == wanted:
                for stored in searcher.documents(document_symbol=value):
                    found.append((stored_document(stored), "document symbol matches"))
    if parsed.new_site_id or (parsed.url and not parsed.refworld_docid):
        found.extend(_scan_addresses(searcher, parsed))
    return found


def _symbol_key(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).upper()


def _url_key(url: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower()).rstrip("/")


def _scan_addresses(searcher, parsed: ParsedCitation) -> list[tuple[Document, str]]:
    """Documents whose source address is the cited one, or carries the cited new-site id.

    Addresses are stored, not indexed, so the stored documents are scanned; a
    cheap substring test skips most of them before any JSON is decoded.
    """
    needle = parsed.new_site_id or _url_key(parsed.url or "")
    found = []
    for stored in searcher.all_stored_fields():
        if needle not in stored.get("doc", "").lower():
            continue
        doc = stored_document(stored)
        if not doc.source_url:
            continue
        if parsed.new_site_id:
            address = parse_refworld_url(doc.source_url)
            if address and address.new_site_id == parsed.new_site_id:
                found.append((doc, "new-site id matches"))
        elif _url_key(doc.source_url) == needle or _url_key(doc.source_url).endswith("/" + needle):
            found.append((doc, "address matches"))
    return found


def _title_pool(searcher, parsed: ParsedCitation) -> list[Document]:
    """The documents whose titles share the most (rarest) words with any title reading."""
    words = " ".join(r.title for r in parsed.readings)
    if not words:
        return []
    analyzer = searcher.schema["title"].analyzer
    terms = sorted({token.text for token in analyzer(words, mode="query")})
    if not terms:
        return []
    query = wq.Or([wq.Term("title", t) for t in terms])
    hits = searcher.search(query, limit=config.CITE_POOL)
    return [stored_document(hit.fields()) for hit in hits]
