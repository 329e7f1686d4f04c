"""What a Refworld address says about the document it points to.

Old-site addresses carry a ``docid`` (9-10 hex characters) in one of several
forms (``/docid/<id>.html``, ``rwmain?...docid=<id>``, ``opendocpdf.pdf?...``,
``publisher,<PUB>,,<ISO3>,<id>,0.html``, ``type,<TYPE>,<PUB>,<ISO3>,<id>,0.html``,
``country,,,<TYPE>,<ISO3>,,<id>,0.html``); some add a country code, a
publisher code and a document type. New-site addresses
(``/<section>/<doctype>/<publisher>/<year>/<lang>/<id>``) carry type,
publisher, year and language in the path. UNHCR web-archive captures wrap
either form, so the Refworld part is found inside any longer address.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_DOCID = r"[0-9a-f]{9,10}"
_REFWORLD_URL_RE = re.compile(r"(?:https?://)?(?:www\.)?refworld\.org(?:/[^\s\]\)\"'<>]*)?", re.I)
_COMMA_FORMS = {
    # first path word -> positions of (type, publisher, country, docid) after it
    "publisher": (None, 0, 2, 3),
    "type": (0, 1, 2, 3),
    "country": (2, None, 3, 5),
}
_NEW_SITE_RE = re.compile(
    r"^/(?P<section>[a-z]+)/(?P<doctype>[a-z]+)/(?P<publisher>[a-z0-9_-]+)/(?P<year>\d{4})"
    r"/(?P<lang>[a-z]{2})/(?P<id>\d+)/?$", re.I)

# New-site document types in words.
DOC_TYPES = {
    "annualreport": "Annual report",
    "countryrep": "Country report",
    "countrypos": "Country position",
    "regionalreport": "Regional report",
    "themreport": "Thematic report",
    "caselaw": "Case law",
    "legislation": "Legislation",
    "guidelines": "Guidelines",
    "queryresponse": "Query response",
    "policy": "Policy document",
}
# Old-site upper-case type codes in words.
OLD_TYPE_CODES = {
    "COUNTRYREP": "Country report",
    "ANNUALREPORT": "Annual report",
    "QUERYRESPONSE": "Query response",
    "CASELAW": "Case law",
    "LEGISLATION": "Legislation",
    "POLICY": "Policy document",
    "COUNTRYPOS": "Country position",
    "THEMREPORT": "Thematic report",
    "REGIONALREPORT": "Regional report",
}


@dataclass(frozen=True)
class RefworldAddress:
    """The parts of a Refworld address; any part the address lacks is None."""

    url: str
    docid: str | None = None
    new_site_id: str | None = None
    doc_type_code: str | None = None
    publisher_code: str | None = None
    country_code: str | None = None
    year: int | None = None
    language: str | None = None

    @property
    def doc_type(self) -> str | None:
        code = self.doc_type_code
        if not code:
            return None
        return DOC_TYPES.get(code.lower()) or OLD_TYPE_CODES.get(code.upper())


def address_key(url: str) -> str:
    """The form of any address under which it is indexed and looked up: no scheme,
    no ``www.``, no ``#fragment``, no trailing slash, lower case (so http/https and
    www variants, and links to a part of the page, agree)."""
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower())
    return bare.split("#", 1)[0].rstrip("/")


def find_refworld_url(text: str) -> str | None:
    """The first Refworld address inside ``text`` (also inside a web-archive address)."""
    match = _REFWORLD_URL_RE.search(text or "")
    return match.group(0).rstrip(".,;") if match else None


def parse_refworld_url(url: str) -> RefworldAddress | None:
    """The parts of a Refworld address, or None when ``url`` holds none."""
    found = find_refworld_url(url)
    if not found:
        return None
    if not found.lower().startswith("http"):
        found = "https://" + found
    parts = urlsplit(found)
    path = parts.path
    query = parse_qs(parts.query)
    docid: str | None = (query.get("docid") or [""])[0] or None
    if docid and not re.fullmatch(_DOCID, docid):
        docid = None
    coi = (query.get("coi") or [""])[0] or None
    publisher = (query.get("publisher") or [""])[0] or None
    if not docid:
        m = re.search(r"/docid/(" + _DOCID + r")\.html", path)
        docid = m.group(1) if m else None
    if docid:
        return RefworldAddress(url=found, docid=docid, country_code=coi and coi.upper(),
                               publisher_code=publisher)
    new = _NEW_SITE_RE.match(path)
    if new:
        return RefworldAddress(
            url=found, new_site_id=new["id"], doc_type_code=new["doctype"].lower(),
            publisher_code=new["publisher"].lower(), year=int(new["year"]),
            language=new["lang"].lower())
    comma = _parse_comma_form(path)
    if comma:
        return RefworldAddress(url=found, **comma)
    return None


def _parse_comma_form(path: str) -> dict | None:
    name = path.strip("/").rsplit("/", 1)[-1]
    if not name.endswith(".html") or "," not in name:
        return None
    words = name[: -len(".html")].split(",")
    positions = _COMMA_FORMS.get(words[0].lower())
    if not positions:
        return None
    rest = words[1:]

    def at(i: int | None) -> str | None:
        return rest[i] if i is not None and i < len(rest) and rest[i] else None

    type_i, pub_i, country_i, docid_i = positions
    docid = at(docid_i)
    if not docid or not re.fullmatch(_DOCID, docid):
        return None
    country = at(country_i)
    return {
        "docid": docid,
        "doc_type_code": at(type_i),
        "publisher_code": at(pub_i),
        "country_code": country.upper() if country and re.fullmatch(r"[A-Za-z]{3}", country) else None,
    }
