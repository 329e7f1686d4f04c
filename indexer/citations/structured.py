"""Citations that arrive as records: BibTeX entries, RIS records and CSL-JSON items.

They are read field by field into the same ``ParsedCitation`` that a pasted
plain-text citation becomes (``parsing``); ``clean_title`` and
``assemble`` are shared by both readers.
"""
from __future__ import annotations

import dataclasses
import json
import re

from ..dates import parse_date
from ..folding import normalise_text
from ..records import ParsedCitation, Reading
from ..refworld_urls import parse_refworld_url


def clean_title(text: str) -> str:
    return " ".join(text.split()).strip(" ,;.\"'")


def assemble(readings: list[Reading], date: str | None, symbol: str | None, url: str | None,
            accessed: str | None) -> ParsedCitation:
    address = parse_refworld_url(url) if url else None
    return ParsedCitation(
        publisher=readings[0].publisher if readings else None,
        title=readings[0].title if readings else None, date=date,
        document_symbol=symbol or None, url=url or None,
        refworld_docid=address.docid if address else None,
        new_site_id=address.new_site_id if address else None,
        accessed=accessed, readings=tuple(readings), address=address)


_RIS_LINE_RE = re.compile(r"^\s*([A-Z][A-Z0-9])  - ?(.*?)\s*$", re.M)
_BIBTEX_RE = re.compile(r"^\s*@\w+\s*\{", re.S)
_BIBTEX_FIELD_RE = re.compile(
    r"(\w+)\s*=\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\"[^\"]*\"|\w+)", re.S)
_BIBTEX_UNESCAPES = ((r"\textbackslash{}", "\\"), (r"\textasciitilde{}", "~"),
                     (r"\textasciicircum{}", "^"))


def parse_structured(text: str) -> ParsedCitation | None:
    """A BibTeX entry, an RIS record or CSL-JSON item read field by field, or None."""
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        items = data if isinstance(data, list) else [data]
        if items and isinstance(items[0], dict):
            return _from_csl(items[0])
    if _BIBTEX_RE.match(stripped):
        return _from_bibtex(stripped)
    ris = dict((tag, value) for tag, value in reversed(_RIS_LINE_RE.findall(stripped)))
    if "TY" in ris and ("TI" in ris or "T1" in ris or "UR" in ris):
        return _from_ris(ris)
    return None


def _structured(title, publisher, date, symbol, url, accessed) -> ParsedCitation:
    title = clean_title(normalise_text(title)) if title else None
    publisher = normalise_text(publisher) if publisher else None
    readings = [Reading(publisher, title)] if title else []
    parsed = assemble(readings, date, symbol, url, accessed)
    return parsed if title else dataclasses.replace(parsed, publisher=publisher)


def _date_parts(value) -> str | None:
    try:
        parts = [int(p) for p in value["date-parts"][0]]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]]) if parts else None


def _from_csl(item: dict) -> ParsedCitation:
    authors = item.get("author") or [{}]
    author = authors[0].get("literal") or " ".join(
        p for p in (authors[0].get("given"), authors[0].get("family")) if p) or None
    return _structured(item.get("title"), item.get("publisher") or author, _date_parts(item.get("issued")),
                       item.get("number"), item.get("URL"), _date_parts(item.get("accessed")))


def _from_bibtex(entry: str) -> ParsedCitation:
    fields = {}
    for name, value in _BIBTEX_FIELD_RE.findall(entry):
        value = value[1:-1] if value[:1] in "{\"" else value
        for escaped, plain in _BIBTEX_UNESCAPES:
            value = value.replace(escaped, plain)
        fields[name.lower()] = re.sub(r"\\([&%$#_{}])", r"\1", value).replace("{", "").replace("}", "")
    month = fields.get("month", "")
    date = parse_date(fields.get("date")) or parse_date(f"{month} {fields.get('year', '')}")
    symbol = fields.get("number") or (fields.get("note", "").split("Document symbol:")[-1].strip()
                                      if "Document symbol:" in fields.get("note", "") else None)
    publisher = fields.get("institution") or fields.get("publisher") or fields.get("author")
    return _structured(fields.get("title"), publisher, date, symbol, fields.get("url"),
                       parse_date(fields.get("urldate")))


def _from_ris(tags: dict[str, str]) -> ParsedCitation:
    da = [p for p in tags.get("DA", "").split("/") if p.strip()]
    date = parse_date("-".join(da[:3])) if da else parse_date(tags.get("PY"))
    accessed = parse_date(tags.get("Y2", "").replace("/", "-").strip("-"))
    return _structured(tags.get("TI") or tags.get("T1"), tags.get("PB") or tags.get("AU"), date,
                       tags.get("M1") or tags.get("SN"), tags.get("UR"), accessed)
