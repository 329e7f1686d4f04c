"""Citations of a Document in the styles researchers paste into their work.

Every style is a pure function of the Document (and an optional access
date), built from the fields that are known: a missing field drops out with
its punctuation, so no style ever prints "None", an empty pair of brackets
or a dangling comma. A document that says nothing about itself is still
cited by what is known: the name of its file stands in for the title, and
the access date follows.

Who a citation names first depends on the style. The "refworld" style
names the publisher (a corporate author, as Refworld's "Cite as" does).
APA 7 and Chicago 17 (author-date) name the author and give the publisher
after the title, as both manuals do for reports (APA leaves the publisher
out when it is the author); the data formats (BibTeX, RIS, CSL-JSON) carry
the author as author and the publisher as institution or publisher.
Without a named author, the publisher is the author everywhere.

The "refworld" style reproduces Refworld's own "Cite as" line:
``<Publisher>, <Title>, <date>, [<symbol>,] available at: <url> [accessed <date>]``,
where an old-site document's address is its docid page, as Refworld printed it.
When a document has no address at all (the text dumps of old Refworld
pages lost the hyperlink, leaving "available at: [accessed ...]"), the
"available at:" clause is left out and the access date follows the last
field: the seed regenerates as its printed line minus the empty clause.

Titles are italic in APA and Chicago. ``citation_spans`` gives a citation
as runs of text that say which are italic; ``format_citation`` joins them
as plain text (where italics cannot be shown) and ``citation_html`` as
HTML with ``<i>``. Only http(s) addresses (and Refworld's own forms) are
ever written as an address (``web_address``).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath, PureWindowsPath
from typing import Iterable
from urllib.parse import urlsplit

from ..dates import MONTHS, format_long
from ..errors import QueryError
from ..records import Document
from ..refworld_urls import parse_refworld_url

STYLES = ("refworld", "chicago", "apa", "bibtex", "ris", "csl-json")
# Where Refworld serves an old-site document by its docid (its "Cite as" address).
REFWORLD_DOCID_URL = "https://www.refworld.org/docid/{docid}.html"
# Characters of the document id's hash in a BibTeX key (base 32: 40 bits).
BIBTEX_KEY_HASH = 8
# Characters BibTeX treats specially, and how to write them literally.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
    "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Words a headline-style (Chicago) title keeps in lower case unless first, last or after a colon.
_MINOR_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet"
    .split())
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Span:
    """A run of citation text, italic or not."""

    text: str
    italic: bool = False


def format_citation(doc: Document, style: str, accessed: dt.date | None = None) -> str:
    """``doc`` cited in ``style`` (one of ``STYLES``) as plain text; ``accessed`` adds the date it
    was consulted."""
    return "".join(span.text for span in citation_spans(doc, style, accessed))


def citation_html(doc: Document, style: str, accessed: dt.date | None = None) -> str:
    """``doc`` cited in ``style`` as HTML: every character escaped, titles in ``<i>``."""
    return "".join(f"<i>{escape(s.text, quote=False)}</i>" if s.italic else escape(s.text, quote=False)
                   for s in citation_spans(doc, style, accessed))


def citation_spans(doc: Document, style: str, accessed: dt.date | None = None) -> tuple[Span, ...]:
    """``doc`` cited in ``style`` as runs of plain and italic text."""
    out = _FORMATTERS[_style_name(style)](doc, accessed)
    return (Span(out),) if isinstance(out, str) else tuple(s for s in out if s.text)


def _style_name(style: str) -> str:
    name = (style or "").strip().lower()
    if name not in _FORMATTERS:
        raise QueryError(f"Unknown citation style {style!r}; choose one of: {', '.join(STYLES)}")
    return name


def format_citations(docs: Iterable[Document], style: str, accessed: dt.date | None = None) -> str:
    """Several documents cited in one text, as a bibliography file holds them.

    CSL-JSON is one list; other styles are separated by blank lines. BibTeX
    keys need no renaming: each is unique to its document (``bibtex_key``).
    """
    docs = list(docs)
    style = _style_name(style)
    if style == "csl-json":
        items = [json.loads(format_citation(doc, "csl-json", accessed))[0] for doc in docs]
        return json.dumps(items, ensure_ascii=False, indent=2)
    return "\n\n".join(format_citation(doc, style, accessed) for doc in docs)


# ---- what a citation is built from -------------------------------------------

def web_address(url: str | None) -> str | None:
    """``url`` when it may be written as an address: http(s) with a host, or a Refworld
    address written without its scheme (given ``https://``); None for anything else
    (``javascript:``, ``data:``, ``file:``, local paths, text with control characters)."""
    text = (url or "").strip()
    if not text or _CONTROL.search(text) or any(ch.isspace() for ch in text):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    if not parts.scheme and re.match(r"(?:www\.)?refworld\.org(?:/|$)", text, re.I):
        return "https://" + text
    return None


def citation_url(doc: Document) -> str | None:
    """The address a citation points to.

    An old-site document is cited at Refworld's docid page, as Refworld's own
    "Cite as" line does, whichever of its address forms (or web-archive copy)
    it was saved from; any other document at its source address, when that
    is an http(s) address.
    """
    source = web_address(_clean(doc.source_url))
    address = parse_refworld_url(source) if source else None
    docid = _clean(doc.refworld_docid) or (address.docid if address else None)
    if docid and re.fullmatch(r"[0-9A-Za-z]{6,16}", docid):
        return REFWORLD_DOCID_URL.format(docid=docid)
    return source


def responsible_party(doc: Document) -> str | None:
    """Who the "refworld" style names first: the publisher, else the author."""
    return _clean(doc.publisher) or _clean(doc.author)


def creator(doc: Document) -> str | None:
    """Who APA, Chicago and the data formats name as author: the author, else the publisher."""
    return _clean(doc.author) or _clean(doc.publisher)


def title_of(doc: Document) -> str:
    """The document's title, else the name of its file without the extension, else its id."""
    title = _clean(doc.title)
    if title:
        return title
    path = doc.path or ""
    name = (PureWindowsPath(path) if "\\" in path else PurePosixPath(path)).stem
    return _clean(name) or doc.id


# ---- Refworld ---------------------------------------------------------------

def refworld(doc: Document, accessed: dt.date | None = None) -> str:
    parts = [responsible_party(doc), title_of(doc), format_long(doc.published),
             _clean(doc.document_symbol)]
    text = ", ".join(p for p in parts if p)
    url = citation_url(doc)
    if url:
        text = f"{text}, available at: {url}"
    if accessed:
        text = f"{text} [accessed {format_long(accessed.isoformat())}]"
    return text


# ---- Chicago 17, author-date, reference list entry ---------------------------

def chicago(doc: Document, accessed: dt.date | None = None) -> list[Span]:
    """Author. Year. *Title*. Symbol. Publisher. URL. (an access date only before the address
    of an undated document)"""
    author = creator(doc)
    title = headline_case(title_of(doc)) if _english(doc) else title_of(doc)
    year = _year(doc.published) or "n.d."
    spans: list[Span] = []
    if author:
        spans += [Span(_sentence(author) + " "), Span(_sentence(year) + " "), Span(_unstopped(title), True),
                  Span(_stop(title))]
    else:
        spans += [Span(_unstopped(title), True), Span(_stop(title)), Span(_sentence(year) + " ")]
    tail = [p for p in (_clean(doc.document_symbol), _clean(doc.publisher)) if p]
    url = citation_url(doc)
    if url and accessed and not doc.published:
        tail.append(f"Accessed {_us_date(accessed.isoformat())}")
    if url:
        tail.append(url)
    spans += [Span(_sentence(part) + " ") for part in tail]
    return _trimmed(spans)


def headline_case(title: str) -> str:
    """Chicago's headline style: major words capitalised, minor ones lower case unless first,
    last or after a colon. Words already holding a capital (names, acronyms) are kept."""
    words = title.split(" ")
    out = []
    for i, word in enumerate(words):
        starts = i == 0 or words[i - 1].endswith((":", "?", "!", "\u2014"))
        bare = word.strip("\"'()[]\u201c\u201d\u2018\u2019").lower()
        if not word or any(ch.isupper() for ch in word) or not word[0].isalpha():
            out.append(word)
        elif bare in _MINOR_WORDS and not starts and i != len(words) - 1:
            out.append(word)
        else:
            out.append(word[0].upper() + word[1:])
    return " ".join(out)


# ---- APA 7, reference list entry ---------------------------------------------

def apa(doc: Document, accessed: dt.date | None = None) -> list[Span]:
    """Author. (Year). *Title* (Symbol). Publisher. URL

    A report is dated by its year alone. The publisher is left out when it
    is the author; without an author the title takes the author's place. A
    retrieval date is given only for an undated document, whose content
    may change.
    """
    author = creator(doc)
    title = title_of(doc)
    symbol = _clean(doc.document_symbol)
    date = f"({_year(doc.published) or 'n.d.'})."
    title_spans = [Span(_unstopped(title), True)] + ([Span(f" ({symbol})")] if symbol else [])
    after_title = ". " if symbol else _stop(title)
    if author:
        spans = [Span(_sentence(author) + " "), Span(date + " ")] + title_spans + [Span(after_title)]
    else:
        spans = title_spans + [Span(after_title), Span(date + " ")]
    publisher = _clean(doc.publisher)
    if publisher and publisher != author:
        spans.append(Span(_sentence(publisher) + " "))
    url = citation_url(doc)
    if url and accessed and not doc.published:
        spans.append(Span(f"Retrieved {_us_date(accessed.isoformat())}, from {url}"))
    elif url:
        spans.append(Span(url))
    return _trimmed(spans)


# ---- BibTeX -----------------------------------------------------------------

def bibtex(doc: Document, accessed: dt.date | None = None) -> str:
    publisher = _clean(doc.publisher)
    author = creator(doc)
    entry_type = "techreport" if publisher else "misc"
    fields: list[tuple[str, str]] = []
    if author:
        fields.append(("author", "{{" + bibtex_escape(author) + "}}"))
    fields.append(("title", "{{" + bibtex_escape(title_of(doc)) + "}}"))
    if publisher:
        fields.append(("institution", "{" + bibtex_escape(publisher) + "}"))
    if doc.published:
        parts = doc.published.split("-")
        fields.append(("year", "{" + parts[0] + "}"))
        if len(parts) > 1:
            fields.append(("month", _BIBTEX_MONTHS[int(parts[1]) - 1]))
        if len(parts) > 2:
            fields.append(("date", "{" + doc.published + "}"))
    if _clean(doc.document_symbol):
        symbol = bibtex_escape(_clean(doc.document_symbol))
        if entry_type == "techreport":
            fields.append(("number", "{" + symbol + "}"))
        fields.append(("note", "{Document symbol: " + symbol + "}"))
    url = citation_url(doc)
    if url:
        fields.append(("url", "{" + url.replace("{", "%7B").replace("}", "%7D") + "}"))
    if accessed:
        fields.append(("urldate", "{" + accessed.isoformat() + "}"))
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@{entry_type}{{{bibtex_key(doc)},\n{body}}}"


def bibtex_key(doc: Document) -> str:
    """A key that depends on the document alone: who, when and what, then a hash of its id.

    ``usdos2004mali-…`` for the seed. The readable part says what a key
    names; the 40-bit hash of the document id tells apart documents of one
    publisher, year and country, so the key is the same in every export, in
    any order, and on the document's page.
    """
    party = responsible_party(doc) or ""
    initials = "".join(w[0] for w in re.findall(r"[a-z]+", _ascii(party).lower()))[:8]
    year = (doc.published or "")[:4] or (str(doc.report_year) if doc.report_year else "nd")
    if doc.countries:
        topic = re.sub(r"[^a-z]", "", _ascii(doc.countries[0].name).lower())
    else:
        words = [w for w in re.findall(r"[a-z]+", _ascii(doc.title or "").lower()) if len(w) > 3]
        topic = words[0] if words else ""
    digest = hashlib.sha256(doc.id.encode("utf-8")).digest()
    tag = base64.b32encode(digest).decode("ascii").lower()[:BIBTEX_KEY_HASH]
    return f"{initials or 'doc'}{year}{topic[:20]}-{tag}"


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in text)


# ---- RIS --------------------------------------------------------------------

def ris(doc: Document, accessed: dt.date | None = None) -> str:
    """One RIS record, tagged as Zotero's and EndNote's report imports read it.

    ``TY RPRT`` (a report), one ``AU`` per author (the publisher when no
    author is named), ``PB`` the publisher (Zotero: institution), ``SN`` the
    document symbol (Zotero and EndNote: report number), ``DA``/``PY`` the
    date, ``UR`` the address, ``Y2`` the access date. Every record, the
    last included, ends with the line ``ER  - ``.
    """
    publisher = _clean(doc.publisher)
    lines = [("TY", "RPRT")]
    lines += [("AU", name) for name in authors(doc)]
    lines.append(("TI", title_of(doc)))
    if doc.published:
        parts = doc.published.split("-") + ["", ""]
        lines.append(("PY", parts[0]))
        lines.append(("DA", f"{parts[0]}/{parts[1]}/{parts[2]}/"))
    if publisher:
        lines.append(("PB", publisher))
    if _clean(doc.document_symbol):
        lines.append(("SN", _clean(doc.document_symbol)))
    url = citation_url(doc)
    if url:
        lines.append(("UR", url))
    if accessed:
        lines.append(("Y2", accessed.strftime("%Y/%m/%d")))
    if _clean(doc.language):
        lines.append(("LA", _clean(doc.language)))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}" for tag, value in lines)


def authors(doc: Document) -> list[str]:
    """Each named author (several are separated by semicolons), else the publisher."""
    named = [a for a in (_clean(p) for p in (doc.author or "").split(";")) if a]
    return named or ([_clean(doc.publisher)] if _clean(doc.publisher) else [])


# ---- CSL-JSON ---------------------------------------------------------------

def csl_json(doc: Document, accessed: dt.date | None = None) -> str:
    item: dict = {"id": doc.id, "type": "report", "title": title_of(doc)}
    if authors(doc):
        item["author"] = [{"literal": name} for name in authors(doc)]
    if _clean(doc.publisher):
        item["publisher"] = _clean(doc.publisher)
    if doc.published:
        item["issued"] = {"date-parts": [[int(p) for p in doc.published.split("-")]]}
    if _clean(doc.document_symbol):
        item["number"] = _clean(doc.document_symbol)
    url = citation_url(doc)
    if url:
        item["URL"] = url
    if accessed:
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    if _clean(doc.language):
        item["language"] = _clean(doc.language)
    return json.dumps([item], ensure_ascii=False, indent=2)


_FORMATTERS = {
    "refworld": refworld, "chicago": chicago, "apa": apa,
    "bibtex": bibtex, "ris": ris, "csl-json": csl_json,
}


# ---- small helpers ----------------------------------------------------------

def _clean(value: str | None) -> str | None:
    """The value with its whitespace collapsed (newlines included) and control characters
    removed, or None when blank."""
    if value is None:
        return None
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text or None


def _english(doc: Document) -> bool:
    return (doc.language or "en").lower().startswith("en")


def _sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _unstopped(text: str) -> str:
    """``text`` without a final full stop, so the style's own punctuation follows it."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _stop(title: str) -> str:
    """What follows a title that ends a sentence: a full stop, unless it asks or exclaims."""
    return " " if title.endswith(("?", "!")) else ". "


def _trimmed(spans: list[Span]) -> list[Span]:
    """The spans with the trailing space of the last one removed."""
    if spans:
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].italic)
    return spans


def _year(iso: str | None) -> str | None:
    return iso[:4] if iso else None


def _us_date(iso: str | None) -> str | None:
    """"June 14, 2004", "January 2013" or "2004"."""
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1].capitalize()
    return f"{month} {parts[2]}, {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
