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
ever written as an address (``parts.web_address``). The records for
reference managers (BibTeX, RIS, CSL-JSON) are written by ``exchange``.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from html import escape

from ..dates import format_long
from ..errors import QueryError
from ..records import Document
from .exchange import bibtex, csl_json, ris
from .names import apa_authors, chicago_authors, document_names
from .parts import (
    Span,
    citation_url,
    clean,
    is_english,
    responsible_party,
    sentence,
    stop_after,
    title_of,
    trimmed,
    unstopped,
    us_date,
    year_of,
)

STYLES = ("refworld", "chicago", "apa", "bibtex", "ris", "csl-json")
# The records for reference managers, which keep a pinpoint as a note.
_DATA_STYLES = frozenset({"bibtex", "ris", "csl-json"})
# Words a headline-style (Chicago) title keeps in lower case unless first, last or after a colon.
_MINOR_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet"
    .split())


def format_citation(doc: Document, style: str, accessed: dt.date | None = None,
                    pinpoint: str | None = None) -> str:
    """``doc`` cited in ``style`` (one of ``STYLES``) as plain text; ``accessed`` adds the date it
    was consulted, ``pinpoint`` the part cited ("p. 12, section 2.a, para. 14")."""
    return "".join(span.text for span in citation_spans(doc, style, accessed, pinpoint))


def citation_html(doc: Document, style: str, accessed: dt.date | None = None,
                  pinpoint: str | None = None) -> str:
    """``doc`` cited in ``style`` as HTML: every character escaped, titles in ``<i>``."""
    return "".join(f"<i>{escape(s.text, quote=False)}</i>" if s.italic else escape(s.text, quote=False)
                   for s in citation_spans(doc, style, accessed, pinpoint))


def citation_spans(doc: Document, style: str, accessed: dt.date | None = None,
                   pinpoint: str | None = None) -> tuple[Span, ...]:
    """``doc``'s reference entry in ``style`` as runs of plain and italic text.

    A reference entry names the work, never the place cited: the ``pinpoint`` is
    written only by the data formats, as a note (``exchange``); the prose styles
    write it in their in-text citations and notes (``intext``)."""
    name = _style_name(style)
    out = _FORMATTERS[name](doc, accessed, pinpoint if name in _DATA_STYLES else None)
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


# ---- Refworld ---------------------------------------------------------------

def refworld(doc: Document, accessed: dt.date | None = None, pinpoint: str | None = None) -> str:
    parts = [responsible_party(doc), title_of(doc), format_long(doc.published),
             clean(doc.document_symbol), pinpoint]
    text = ", ".join(p for p in parts if p)
    url = citation_url(doc)
    if url:
        text = f"{text}, available at: {url}"
    if accessed:
        text = f"{text} [accessed {format_long(accessed.isoformat())}]"
    return text


# ---- Chicago 17, author-date, reference list entry ---------------------------

def chicago(doc: Document, accessed: dt.date | None = None, pinpoint: str | None = None) -> list[Span]:
    """Author. Year. *Title*. Symbol. Publisher. URL. (an access date only before the address
    of an undated document)"""
    author = chicago_authors(document_names(doc))
    title = headline_case(title_of(doc)) if is_english(doc) else title_of(doc)
    year = year_of(doc.published) or "n.d."
    spans: list[Span] = []
    cited = [Span(unstopped(title), True)]
    after = stop_after(title)
    if author:
        spans += [Span(sentence(author) + " "), Span(sentence(year) + " "), *cited, Span(after)]
    else:
        spans += [*cited, Span(after), Span(sentence(year) + " ")]
    tail = [p for p in (clean(doc.document_symbol), clean(doc.publisher)) if p]
    url = citation_url(doc)
    if url and accessed and not doc.published:
        tail.append(f"Accessed {us_date(accessed.isoformat())}")
    if url:
        tail.append(url)
    spans += [Span(sentence(part) + " ") for part in tail]
    return trimmed(spans)


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

def apa(doc: Document, accessed: dt.date | None = None, pinpoint: str | None = None) -> list[Span]:
    """Author. (Year). *Title* (Symbol). Publisher. URL

    A report is dated by its year alone. The publisher is left out when it
    is the author; without an author the title takes the author's place. A
    retrieval date is given only for an undated document, whose content
    may change.
    """
    author = apa_authors(document_names(doc))
    title = title_of(doc)
    symbol = clean(doc.document_symbol)
    date = f"({year_of(doc.published) or 'n.d.'})."
    title_spans = [Span(unstopped(title), True)] + ([Span(f" ({symbol})")] if symbol else [])
    after_title = ". " if symbol else stop_after(title)
    if author:
        spans = [Span(sentence(author) + " "), Span(date + " ")] + title_spans + [Span(after_title)]
    else:
        spans = title_spans + [Span(after_title), Span(date + " ")]
    publisher = clean(doc.publisher)
    if publisher and publisher != author:
        spans.append(Span(sentence(publisher) + " "))
    url = citation_url(doc)
    if url and accessed and not doc.published:
        spans.append(Span(f"Retrieved {us_date(accessed.isoformat())}, from {url}"))
    elif url:
        spans.append(Span(url))
    return trimmed(spans)


# Each writes a style: as plain text, or as runs of plain and italic text.
_FORMATTERS: dict[str, Callable[[Document, dt.date | None, str | None], str | list[Span]]] = {
    "refworld": refworld, "chicago": chicago, "apa": apa,
    "bibtex": bibtex, "ris": ris, "csl-json": csl_json,
}


