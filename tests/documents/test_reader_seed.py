"""The seed document, field by field: the reference every other layout is measured against."""
from __future__ import annotations

import hashlib
import textwrap

import pytest

from indexer.documents.reader import parse_document, read_document
from indexer.records import Country

SEED_CITATION = ("United States Department of State, U.S. Department of State 2004 Trafficking in "
                 "Persons Report - Mali, 14 June 2004, available at: [accessed 25 May 2016]")


@pytest.fixture(scope="module")
def seed(seed_path):
    return read_document(seed_path)


@pytest.mark.parametrize("field, expected", [
    ("title", "U.S. Department of State 2004 Trafficking in Persons Report - Mali"),
    ("publisher", "United States Department of State"),
    ("author", "Office to Monitor and Combat Trafficking in Persons"),
    ("published", "2004-06-14"),
    ("last_updated", "2016-05-24"),
    ("countries", (Country("Mali", "MLI"),)),
    ("tier", "Tier 2"),
    ("report_year", 2004),
    ("doc_type", "Annual report"),
    ("document_symbol", None),
    ("citation", SEED_CITATION),
    ("source_url", None),
    ("refworld_docid", None),
    ("language", "en"),
])
def test_seed_field_has_its_exact_value(seed, field, expected):
    assert getattr(seed, field) == expected


def test_seed_records_hash_of_original_bytes_and_stable_id(seed, seed_path):
    digest = hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert seed.sha256 == digest
    assert seed.id == digest[:16]
    assert read_document(seed_path).id == seed.id
    assert seed.path == str(seed_path)


def test_seed_text_starts_with_tier_heading_and_keeps_every_body_paragraph(seed, seed_path):
    raw = seed_path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    heading = lines.index("Mali (Tier 2)")
    paragraphs = [line for line in lines[heading + 1:] if line.strip() and line != "Search Refworld"]
    assert len(paragraphs) == 5
    assert seed.text.startswith("Mali (Tier 2)\n\nMali is a source, transit")
    for paragraph in paragraphs:
        assert paragraph in seed.text.split("\n")


@pytest.mark.parametrize("furniture", [
    "Last Updated", "Cite as", "Disclaimer", "This is not a UNHCR publication", "Search Refworld",
    "Publisher United States", "Publication Date", "U.S. Department of State 2004 Trafficking",
])
def test_seed_text_holds_no_page_furniture(seed, furniture):
    assert furniture not in seed.text


def test_seed_paragraphs_are_separated_by_one_blank_line(seed):
    assert "\n\n\n" not in seed.text
    assert seed.text.count("\n\n") == 5


def test_a_wrapped_text_dump_of_the_seed_gives_the_same_fields(seed, seed_path):
    """Text browsers and mail clients wrap long lines; header values and the disclaimer span several lines."""
    raw = seed_path.read_text(encoding="utf-8")
    wrapped = "\n".join(textwrap.fill(line, 60) if line else "" for line in raw.split("\n"))
    assert wrapped.count("\n") > raw.count("\n") + 20
    doc = parse_document(wrapped.encode("utf-8"), "wrapped.txt")
    for name in ("title", "publisher", "author", "published", "last_updated", "countries", "tier",
                 "report_year", "doc_type", "citation", "language"):
        assert getattr(doc, name) == getattr(seed, name), name
    assert doc.text.startswith("Mali (Tier 2)\n\n")
    assert " ".join(doc.text.split()) == " ".join(seed.text.split())
