"""The Atom feed of a search, the public addresses it links to, and XML-safe text.

XML 1.0 forbids most control characters (a stray ESC or backspace in a
title, a document or a query makes a whole feed unreadable), so every
string written into XML passes ``xml_safe`` first. Links use the configured
base URL (``--base-url``) when there is one, else the address the request
came to (whose host ``webapp.security`` has checked).

An entry is dated by the document's publication date; an undated document
by the date it entered the archive: its file's modification time as the
index manifest recorded it, else the time the index generation was written.
The feed's ``updated`` is its newest entry's. Nothing is dated "now", so an
unchanged search gives the same feed on every poll.

A feed's ``id`` names the search, not the address it was fetched at: a UUID
(name-based, RFC 9562 version 5) of the query, the filters and the dates as
the search understands them, and the configured base URL. The same search
asked with its parameters in another order, another page size, through
another host name, on another day or after any rebuild of the index is the
same feed to a reader; a different search is a different feed.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
import xml.etree.ElementTree as ET

from flask import current_app, request

from indexer.records import Hit, SearchRequest

from .searcher import get_archive

ATOM_NS = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow in a document (lone surrogates included).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAG = re.compile(r"</?mark>")
# The namespace of the UUIDs naming refsearch's feeds (itself a UUID of the project's name).
FEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "refsearch.feeds")


def xml_safe(text: str | None) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text or "")


def external_url(path: str) -> str:
    """An absolute address of ``path`` (which starts with "/") on this server."""
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + path


def atom_time(iso: str | None) -> str | None:
    """An ISO date of any precision as an RFC 3339 timestamp at its first moment."""
    return _first_moment(iso) if iso else None


def _first_moment(iso: str) -> str:
    parts = [int(p) for p in iso[:10].split("-")] + [1, 1]
    return rfc3339(dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC))


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def entry_time(hit: Hit, generation_written: dt.datetime | None) -> str:
    """The date an entry carries: published, else when the document entered the archive."""
    if hit.published:
        return _first_moment(hit.published)
    moment = get_archive().entry_dates().get(hit.id) or generation_written
    return rfc3339(moment) if moment else _first_moment("1970-01-01")


def feed_id(search: SearchRequest, base_url: str | None) -> str:
    """The feed's lasting id: the same for the same search, whatever the address's form."""
    what = {"query": " ".join(search.query.split()), "filters": search.filters,
            "from": search.date_from, "to": search.date_to, "site": base_url or ""}
    return uuid.uuid5(FEED_NAMESPACE, json.dumps(what, sort_keys=True)).urn  # ASCII: any query encodes


def atom_feed(search: SearchRequest, hits: list[Hit]) -> str:
    """The feed of ``hits`` (newest first) for ``search``."""
    query = search.query
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: xml_safe(v) for k, v in attrs.items()})
        if text is not None:
            element.text = xml_safe(text)
        return element

    written = get_archive().built_at()
    self_url = external_url(request.full_path.rstrip("?"))
    page_url = external_url(request.full_path.replace("/search.atom", "/search", 1).rstrip("?"))
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "title", f"refsearch: {query or 'all documents'}")
    sub(feed, "id", feed_id(search, current_app.config.get("BASE_URL")))
    sub(feed, "link", rel="self", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    times = [entry_time(hit, written) for hit in hits]
    sub(feed, "updated", max(times) if times else (rfc3339(written) if written else atom_time("1970-01-01")))
    sub(sub(feed, "author"), "name", "refsearch")
    for hit, updated in zip(hits, times):
        url = external_url(f"/documents/{hit.id}")
        entry = sub(feed, "entry")
        sub(entry, "title", hit.title or hit.id)
        sub(entry, "id", url)
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "updated", updated)
        if hit.publisher:
            sub(sub(entry, "author"), "name", hit.publisher)
        if hit.tier:
            sub(entry, "category", term=hit.tier)
        summary = " … ".join(_TAG.sub("", s) for s in hit.snippets)
        if summary:
            sub(entry, "summary", html.unescape(summary))
    return ET.tostring(feed, encoding="unicode", xml_declaration=True)
