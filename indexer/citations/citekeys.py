"""Citations that name a document by its key: a LaTeX ``\\cite[...]{key}``, a Pandoc
``[@key, p. 3]`` and a CSL cite item ``{"id": ..., "locator": ..., "label": ...}``.

These are the in-text forms refsearch writes for BibTeX and CSL-JSON: they carry no
title, but the key names one document for certain. A CSL id is the document's id; a
BibTeX key (``exchange.bibtex_key``) is read back by searching for its readable part
(the country or the title word it holds) and comparing the keys of what is found.
"""
from __future__ import annotations

import json
import re

from .. import config
from ..archive import Archive
from ..countries import every_country
from ..errors import DocumentNotFound
from ..folding import fold
from ..records import Document
from ..request import parse_request
from .exchange import bibtex_key
from .locators import CitedPlace, cited_place

_LATEX_RE = re.compile(r"^\s*\\[A-Za-z]*cite[A-Za-z]*\*?\s*(?:\[([^\]]*)\]\s*)?(?:\[([^\]]*)\]\s*)?"
                       r"\{([^{}\s,]+)\}\s*$")
_PANDOC_RE = re.compile(r"^\s*\[?\s*-?@([\w:.#$%&\-+?<>~/]+)\s*(?:,\s*([^\]]*))?\]?\s*$")
# The readable part of a BibTeX key: publisher initials, year (or "nd"), topic; then the hash.
# A document id, as the index names documents.
_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_KEY_RE = re.compile(r"^[a-z]{1,8}(?:\d{4}|nd)([a-z]*)-[a-z2-7]{8}$")


def keyed_documents(archive: Archive, text: str) -> tuple[list[Document], CitedPlace | None]:
    """The document a key-citation names (none when ``text`` is no such citation or names no
    document of the archive), and the place its locator names."""
    item = _csl_item(text)
    if item is not None:
        try:
            doc = archive.document(str(item["id"]))
        except DocumentNotFound:
            return [], None
        return [doc], _csl_place(item)
    latex = _LATEX_RE.match(text)
    if latex is not None:
        key, locator = latex.group(3), latex.group(2) or latex.group(1) or ""
    else:
        pandoc = _PANDOC_RE.match(text)
        if pandoc is None:
            return [], None
        key, locator = pandoc.group(1), pandoc.group(2) or ""
    place = cited_place(", " + locator.replace("~", " ")) if locator else None
    return _by_bibtex_key(archive, key) or _by_id(archive, key), place


def _by_id(archive: Archive, key: str) -> list[Document]:
    """The document whose id is ``key``: Pandoc cites a CSL-JSON record by its id."""
    if not _ID_RE.fullmatch(key):
        return []
    try:
        return [archive.document(key)]
    except DocumentNotFound:
        return []


def _csl_item(text: str) -> dict | None:
    stripped = text.strip()
    if not stripped.startswith("{"):
        return None
    try:
        item = json.loads(stripped)
    except ValueError:
        return None
    # A cite item has an id and no title: a CSL-JSON record with a title is read as a record.
    if isinstance(item, dict) and "id" in item and "title" not in item:
        return item
    return None


def _csl_place(item: dict) -> CitedPlace | None:
    label, locator = str(item.get("label") or "page"), str(item.get("locator") or "")
    words = {"page": "p.", "paragraph": "para.", "section": "section"}
    written = f", {words[label]} {locator}" if label in words and locator else ""
    return cited_place(written + str(item.get("suffix") or "")) if written or item.get("suffix") else None


def _by_bibtex_key(archive: Archive, key: str) -> list[Document]:
    """The document whose BibTeX key is ``key``, found among those its topic word finds."""
    match = _KEY_RE.match(key)
    if match is None:
        return []
    topic = match.group(1)
    country = next((c for c in every_country() if topic and re.sub(r"[^a-z]", "", fold(c.name))[:20] == topic), None)
    query = {"per_page": str(config.MAX_PER_PAGE)}
    if country is not None:
        query["country"] = country.code
    elif topic:
        query["q"] = topic
    for page in range(1, config.CITE_KEY_SEARCH // config.MAX_PER_PAGE + 1):
        hits = archive.search(parse_request({**query, "page": str(page)})).hits
        for hit in hits:
            doc = archive.document(hit.id)
            if bibtex_key(doc) == key:
                return [doc]
        if len(hits) < config.MAX_PER_PAGE:
            break
    return []
