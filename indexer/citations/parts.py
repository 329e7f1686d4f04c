"""What citations are built from: a document's address, responsible party, creator and title,
and the small text helpers every style shares (cleaning, sentences, dates)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from ..dates import MONTHS
from ..records import Document
from ..refworld_urls import parse_refworld_url
from ..series import cited_title

# Where Refworld serves an old-site document by its docid (its "Cite as" address).
REFWORLD_DOCID_URL = "https://www.refworld.org/docid/{docid}.html"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Span:
    """A run of citation text, italic or not."""

    text: str
    italic: bool = False


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
    source = web_address(clean(doc.source_url))
    address = parse_refworld_url(source) if source else None
    docid = clean(doc.refworld_docid) or (address.docid if address else None)
    if docid and re.fullmatch(r"[0-9A-Za-z]{6,16}", docid):
        return REFWORLD_DOCID_URL.format(docid=docid)
    return source


def responsible_party(doc: Document) -> str | None:
    """Who the "refworld" style names first: the publisher, else the author."""
    return clean(doc.publisher) or clean(doc.author)


def creator(doc: Document) -> str | None:
    """The author field as written, else the publisher (the styles name authors through
    ``names.document_names``, which reads several people and organisations apart)."""
    return clean(doc.author) or clean(doc.publisher)


def title_of(doc: Document) -> str:
    """The title a citation gives (``series.cited_title``: the edition's year where the
    document's own title leaves it out), the document's title, else the name of its file
    without the extension, else its id."""
    title = clean(cited_title(doc) or doc.title)
    if title:
        return title
    path = doc.path or ""
    name = (PureWindowsPath(path) if "\\" in path else PurePosixPath(path)).stem
    return clean(name) or doc.id


# ---- small helpers ----------------------------------------------------------

def clean(value: str | None) -> str | None:
    """The value with its whitespace collapsed (newlines included) and control characters
    removed, or None when blank."""
    if value is None:
        return None
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text or None


def is_english(doc: Document) -> bool:
    return (doc.language or "en").lower().startswith("en")


def sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!")) else text + "."


def unstopped(text: str) -> str:
    """``text`` without a final full stop, so the style's own punctuation follows it."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def stop_after(title: str) -> str:
    """What follows a title that ends a sentence: a full stop, unless it asks or exclaims."""
    return " " if title.endswith(("?", "!")) else ". "


def trimmed(spans: list[Span]) -> list[Span]:
    """The spans with the trailing space of the last one removed."""
    if spans:
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].italic)
    return spans


def year_of(iso: str | None) -> str | None:
    return iso[:4] if iso else None


def us_date(iso: str | None) -> str | None:
    """"June 14, 2004", "January 2013" or "2004"."""
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1].capitalize()
    return f"{month} {parts[2]}, {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


