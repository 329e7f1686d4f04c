"""Citations as records for reference managers: BibTeX, RIS and CSL-JSON.

Each record carries the author as author and the publisher as institution
or publisher (the publisher is the author when none is named), the
document symbol where the importers read a report number, and only web
addresses. A BibTeX report says what kind of report it is (``genres``), so
styles do not call it a technical report. A BibTeX key is a function of the
document alone, so the same document has the same key in every export and
in the API.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re

from ..folding import fold
from ..records import Document
from ..works import cited_id
from .genres import report_kind
from .names import bibtex_authors, csl_authors, document_names, ris_authors
from .parts import (
    citation_url,
    clean,
    responsible_party,
    title_of,
)

# Characters of the document id's hash in a BibTeX key (base 32: 40 bits).
BIBTEX_KEY_HASH = 8
# Characters BibTeX treats specially, and how to write them literally.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
    "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# ---- BibTeX -----------------------------------------------------------------

def bibtex(doc: Document, accessed: dt.date | None = None, pinpoint: str | None = None) -> str:
    publisher = clean(doc.publisher)
    author = bibtex_authors(document_names(doc), bibtex_escape)
    entry_type = "techreport" if publisher else "misc"
    fields: list[tuple[str, str]] = []
    if author:
        fields.append(("author", "{" + author + "}"))
    fields.append(("title", "{{" + bibtex_escape(title_of(doc)) + "}}"))
    if publisher:
        fields.append(("institution", "{" + bibtex_escape(publisher) + "}"))
        fields.append(("type", "{{" + bibtex_escape(report_kind(doc)) + "}}"))  # not "Technical Report"
    if doc.published:
        parts = doc.published.split("-")
        fields.append(("year", "{" + parts[0] + "}"))
        if len(parts) > 1:
            fields.append(("month", _BIBTEX_MONTHS[int(parts[1]) - 1]))
        if len(parts) > 2:
            fields.append(("date", "{" + doc.published + "}"))
    if symbol := clean(doc.document_symbol):
        symbol = bibtex_escape(symbol)
        if entry_type == "techreport":
            fields.append(("number", "{" + symbol + "}"))
        fields.append(("note", "{Document symbol: " + symbol + "}"))
    if pinpoint:
        # BibTeX's pages field is the work's page range, not the place cited: the pinpoint
        # goes in the note, where a reader and a reference manager keep it as written.
        notes = [v for n, v in fields if n == "note"]
        fields = [(n, v) for n, v in fields if n != "note"]
        fields.append(("note", "{" + "; ".join([v[1:-1] for v in notes] + [bibtex_escape(pinpoint)]) + "}"))
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
    initials = "".join(w[0] for w in re.findall(r"[a-z]+", fold(party)))[:8]
    year = (doc.published or "")[:4] or (str(doc.report_year) if doc.report_year else "nd")
    if doc.countries:
        topic = re.sub(r"[^a-z]", "", fold(doc.countries[0].name))
    else:
        words = [w for w in re.findall(r"[a-z]+", fold(doc.title)) if len(w) > 3]
        topic = words[0] if words else ""
    digest = hashlib.sha256(cited_id(doc).encode("utf-8")).digest()  # one key for every copy
    tag = base64.b32encode(digest).decode("ascii").lower()[:BIBTEX_KEY_HASH]
    return f"{initials or 'doc'}{year}{topic[:20]}-{tag}"


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in text)


# ---- RIS --------------------------------------------------------------------

def ris(doc: Document, accessed: dt.date | None = None, pinpoint: str | None = None) -> str:
    """One RIS record, tagged as Zotero's and EndNote's report imports read it.

    ``TY RPRT`` (a report), one ``AU`` per author, a person as "Family, Given" (the
    publisher when no author is named), ``PB`` the publisher (Zotero: institution), ``SN`` the
    document symbol (Zotero and EndNote: report number), ``DA``/``PY`` the
    date, ``UR`` the address, ``Y2`` the access date. Every record, the
    last included, ends with the line ``ER  - ``.
    """
    publisher = clean(doc.publisher)
    lines = [("TY", "RPRT")]
    lines += [("AU", name) for name in ris_authors(document_names(doc))]
    lines.append(("TI", title_of(doc)))
    if doc.published:
        parts = doc.published.split("-") + ["", ""]
        lines.append(("PY", parts[0]))
        lines.append(("DA", f"{parts[0]}/{parts[1]}/{parts[2]}/"))
    if publisher:
        lines.append(("PB", publisher))
    if symbol := clean(doc.document_symbol):
        lines.append(("SN", symbol))
    url = citation_url(doc)
    if url:
        lines.append(("UR", url))
    if accessed:
        lines.append(("Y2", accessed.strftime("%Y/%m/%d")))
    if language := clean(doc.language):
        lines.append(("LA", language))
    if pinpoint:
        lines.append(("N1", pinpoint))   # SP/EP are the work's pages, not the place cited
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}" for tag, value in lines)


# ---- CSL-JSON ---------------------------------------------------------------

def csl_json(doc: Document, accessed: dt.date | None = None, pinpoint: str | None = None) -> str:
    item: dict = {"id": cited_id(doc), "type": "report", "title": title_of(doc)}
    if names := csl_authors(document_names(doc)):
        item["author"] = names
    if clean(doc.publisher):
        item["publisher"] = clean(doc.publisher)
    if doc.published:
        item["issued"] = {"date-parts": [[int(p) for p in doc.published.split("-")]]}
    if clean(doc.document_symbol):
        item["number"] = clean(doc.document_symbol)
    url = citation_url(doc)
    if url:
        item["URL"] = url
    if accessed:
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    if clean(doc.language):
        item["language"] = clean(doc.language)
    if pinpoint:
        item["note"] = pinpoint   # CSL's "page" is the item's own range; a locator belongs to a cite
    return json.dumps([item], ensure_ascii=False, indent=2)


