"""Citations of a Document in the styles researchers paste into their work.

Every style is a pure function of the Document (and an optional access
date), built from the fields that are known: a missing field drops out with
its punctuation, so no style ever prints "None", an empty pair of brackets
or a dangling comma. The party responsible for a document is its publisher
(a corporate author, as Refworld cites it), or its author when no publisher
is known.

The "refworld" style reproduces Refworld's own "Cite as" line:
``<Publisher>, <Title>, <date>, [<symbol>,] available at: <url> [accessed <date>]``,
where an old-site document's address is its docid page, as Refworld printed it.
When a document has no address at all (the text dumps of old Refworld
pages lost the hyperlink, leaving "available at: [accessed ...]"), the
"available at:" clause is left out and the access date follows the last
field: the seed regenerates as its printed line minus the empty clause.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Iterable

from ..dates import MONTHS, format_long
from ..errors import QueryError
from ..records import Document
from ..refworld_urls import parse_refworld_url

STYLES = ("refworld", "chicago", "apa", "bibtex", "ris", "csl-json")
# Where Refworld serves an old-site document by its docid (its "Cite as" address).
REFWORLD_DOCID_URL = "https://www.refworld.org/docid/{docid}.html"
# Characters BibTeX treats specially, and how to write them literally.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
    "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def format_citation(doc: Document, style: str, accessed: dt.date | None = None) -> str:
    """``doc`` cited in ``style`` (one of ``STYLES``); ``accessed`` adds the date it was consulted."""
    return _FORMATTERS[_style_name(style)](doc, accessed)


def _style_name(style: str) -> str:
    name = (style or "").strip().lower()
    if name not in _FORMATTERS:
        raise QueryError(f"Unknown citation style {style!r}; choose one of: {', '.join(STYLES)}")
    return name


def format_citations(docs: Iterable[Document], style: str, accessed: dt.date | None = None) -> str:
    """Several documents cited in one text, as a bibliography file holds them.

    BibTeX keys stay unique (a second ``usdos2008mali`` becomes
    ``usdos2008malib``, the way author-date keys are told apart); CSL-JSON is
    one list; other styles are separated by blank lines.
    """
    docs = list(docs)
    style = _style_name(style)
    if style == "csl-json":
        items = [json.loads(format_citation(doc, "csl-json", accessed))[0] for doc in docs]
        return json.dumps(items, ensure_ascii=False, indent=2)
    texts = [format_citation(doc, style, accessed) for doc in docs]
    if style == "bibtex":
        texts = _unique_bibtex_keys(docs, texts)
    return "\n\n".join(texts)


def _unique_bibtex_keys(docs: list[Document], entries: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for doc, entry in zip(docs, entries):
        key = bibtex_key(doc)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            suffix = "".join(chr(ord("a") + d) for d in _base26(count))
            entry = entry.replace("{" + key + ",", "{" + key + suffix + ",", 1)
        out.append(entry)
    return out


def _base26(n: int) -> list[int]:
    """1 -> [1] ("b"), 25 -> [25] ("z"), 26 -> [1, 0] ("ba"): suffixes that never repeat."""
    digits = []
    while n:
        n, d = divmod(n, 26)
        digits.append(d)
    return digits[::-1]


def citation_url(doc: Document) -> str | None:
    """The address a citation points to.

    An old-site document is cited at Refworld's docid page, as Refworld's own
    "Cite as" line does, whichever of its address forms (or web-archive copy)
    it was saved from; any other document at its source address.
    """
    source = _clean(doc.source_url)
    address = parse_refworld_url(source) if source else None
    docid = _clean(doc.refworld_docid) or (address.docid if address else None)
    if docid:
        return REFWORLD_DOCID_URL.format(docid=docid)
    return source


def responsible_party(doc: Document) -> str | None:
    """Who a citation names first: the publisher, else the author."""
    return _clean(doc.publisher) or _clean(doc.author)


# ---- Refworld ---------------------------------------------------------------

def refworld(doc: Document, accessed: dt.date | None = None) -> str:
    parts = [responsible_party(doc), _clean(doc.title), format_long(doc.published),
             _clean(doc.document_symbol)]
    text = ", ".join(p for p in parts if p)
    url = citation_url(doc)
    if url:
        text = f"{text}, available at: {url}" if text else f"available at: {url}"
    if accessed:
        text = f"{text} [accessed {format_long(accessed.isoformat())}]".strip()
    return text


# ---- Chicago (notes-bibliography, bibliography entry) -----------------------

def chicago(doc: Document, accessed: dt.date | None = None) -> str:
    sentences = []
    party = responsible_party(doc)
    title = _clean(doc.title)
    if party:
        sentences.append(_sentence(party))
    if title:
        sentences.append(f"\u201c{_sentence(title)}\u201d")
    for part in (_clean(doc.document_symbol), _us_date(doc.published)):
        if part:
            sentences.append(_sentence(part))
    url = citation_url(doc)
    if accessed and url:
        sentences.append(f"Accessed {_us_date(accessed.isoformat())}.")
    if url:
        sentences.append(f"{url}.")
    return " ".join(sentences)


# ---- APA 7 ------------------------------------------------------------------

def apa(doc: Document, accessed: dt.date | None = None) -> str:
    party = responsible_party(doc)
    title = _clean(doc.title)
    symbol = _clean(doc.document_symbol)
    date = f"({_apa_date(doc.published)})."
    if title and symbol:
        title_part = f"{title} ({symbol})"
    else:
        title_part = title or (f"({symbol})" if symbol else None)
    if party:
        parts = [_sentence(party), date] + ([_sentence(title_part)] if title_part else [])
    elif title_part:
        # APA moves the title into the author's place when there is no author.
        parts = [_sentence(title_part), date]
    else:
        parts = [date]
    url = citation_url(doc)
    if url and accessed:
        parts.append(f"Retrieved {_us_date(accessed.isoformat())}, from {url}")
    elif url:
        parts.append(url)
    return " ".join(parts)


def _apa_date(iso: str | None) -> str:
    if not iso:
        return "n.d."
    year, *rest = iso.split("-")
    if not rest:
        return year
    month = MONTHS[int(rest[0]) - 1].capitalize()
    return f"{year}, {month} {int(rest[1])}" if len(rest) > 1 else f"{year}, {month}"


# ---- BibTeX -----------------------------------------------------------------

def bibtex(doc: Document, accessed: dt.date | None = None) -> str:
    publisher = _clean(doc.publisher)
    party = responsible_party(doc)
    entry_type = "techreport" if publisher else "misc"
    fields: list[tuple[str, str]] = []
    if party:
        fields.append(("author", "{{" + bibtex_escape(party) + "}}"))
    if doc.title and _clean(doc.title):
        fields.append(("title", "{{" + bibtex_escape(_clean(doc.title)) + "}}"))
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
    """A stable key from who, when and what: ``usdos2004mali`` for the seed."""
    party = responsible_party(doc) or ""
    initials = "".join(w[0] for w in re.findall(r"[a-z]+", _ascii(party).lower()))[:8]
    year = (doc.published or "")[:4] or (str(doc.report_year) if doc.report_year else "nd")
    if doc.countries:
        topic = re.sub(r"[^a-z]", "", _ascii(doc.countries[0].name).lower())
    else:
        words = [w for w in re.findall(r"[a-z]+", _ascii(doc.title or "").lower())
                 if len(w) > 3]
        topic = words[0] if words else ""
    return (initials or "doc") + year + topic[:20]


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in text)


# ---- RIS --------------------------------------------------------------------

def ris(doc: Document, accessed: dt.date | None = None) -> str:
    publisher = _clean(doc.publisher)
    author = _clean(doc.author)
    lines = [("TY", "RPRT" if publisher else "GEN")]
    if publisher:
        lines.append(("AU", publisher))
        if author and author != publisher:
            lines.append(("A2", author))
    elif author:
        lines.append(("AU", author))
    if _clean(doc.title):
        lines.append(("TI", _clean(doc.title)))
    if doc.published:
        parts = doc.published.split("-") + ["", ""]
        lines.append(("PY", parts[0]))
        lines.append(("DA", f"{parts[0]}/{parts[1]}/{parts[2]}/"))
    if publisher:
        lines.append(("PB", publisher))
    if _clean(doc.document_symbol):
        lines.append(("M1", _clean(doc.document_symbol)))
    url = citation_url(doc)
    if url:
        lines.append(("UR", url))
    if accessed:
        lines.append(("Y2", accessed.strftime("%Y/%m/%d")))
    if _clean(doc.language):
        lines.append(("LA", _clean(doc.language)))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}" for tag, value in lines)


# ---- CSL-JSON ---------------------------------------------------------------

def csl_json(doc: Document, accessed: dt.date | None = None) -> str:
    item: dict = {"id": doc.id, "type": "report"}
    if _clean(doc.title):
        item["title"] = _clean(doc.title)
    party = responsible_party(doc)
    if party:
        item["author"] = [{"literal": party}]
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
    """The value with its whitespace collapsed (newlines included), or None when blank."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!")) else text + "."


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
