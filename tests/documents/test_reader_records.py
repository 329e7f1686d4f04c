"""Real Refworld pages, rebuilt from their records in every layout, read back field by field.

Each record in the shared corpus lists a page's address, its labelled
fields exactly as shown, and its first body line. The test parses the
record at run time, renders a page with those fields (and a short body
written here) through ``bench.corpus.forms``, reads it back with
``parse_document`` and checks every field the record shows. TIP tiers are
checked against the tier table of the corpus.
"""
from __future__ import annotations

import csv
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.corpus.forms import FORMS, RefworldPage, render
from indexer.dates import parse_date
from indexer.documents.published import address_date
from indexer.documents.reader import parse_document
from indexer.refworld_urls import parse_refworld_url

PROSE = (
    "The government made modest efforts to prosecute traffickers and protect victims during the year.",
    "Officials trained police, border guards and labour inspectors to identify victims.",
)


@dataclass
class Record:
    """One record file: the page's address, its fields in page order and its first body line."""

    url: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    first_body_line: str = ""

    def get(self, label: str) -> str | None:
        return next((value for name, value in self.fields if name == label), None)


def parse_record(path: Path) -> Record:
    lines = path.read_text(encoding="utf-8").splitlines()
    record = Record(url=lines[0].strip())
    section = None
    for line in lines[1:]:
        if line.startswith("## "):
            section = "fields" if line.startswith("## Fields") else "first" if "First body line" in line else None
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if section == "fields" and "\t" in line:
            label, value = line.split("\t", 1)
            record.fields.append((label.strip(), value.strip()))
        elif section == "first" and not record.first_body_line:
            record.first_body_line = line.strip()
    return record


@dataclass(frozen=True)
class Case:
    """What the test adds to a record: how to build the page and what to expect beyond the record."""

    name: str
    country: str                     # expected primary country code
    tier: str | None = None
    report_year: int | None = None
    doc_type: str | None = None      # expected when no address says otherwise
    heading: bool = True             # the first body line is a heading
    title: str | None = None         # a title for pages whose record has none
    paragraphs: tuple[str, ...] = PROSE
    trailing_disclaimer: bool = False
    url_doc_type: str | None = None  # expected doc type where the address is carried
    url_publisher: str | None = None  # publisher the address gives, for pages without a header
    tip: bool = False                # checked against the tier table


CASES = [
    Case("01_old_tip2002_nigeria", "NGA", "Tier 2", 2002, "Annual report", tip=True),
    Case("02_old_tip2004_nigeria", "NGA", "Tier 2 Watch List", 2004, "Annual report", tip=True,
         paragraphs=("Nigeria is placed on the Tier 2 Watch List because of its failure to show "
                     "increasing efforts over the last year.",) + PROSE),
    Case("04_old_tip2008_nigeria", "NGA", "Tier 2", 2008, "Annual report", tip=True),
    Case("05_old_tip2002_mali", "MLI", "Tier 2", 2002, "Annual report", tip=True),
    Case("06_old_tip2006_mali", "MLI", "Tier 2", 2006, "Annual report", tip=True),
    Case("08_old_tip2008_mali", "MLI", "Tier 2", 2008, "Annual report", tip=True,
         paragraphs=PROSE + ("Recommendations for Mali: increase prosecutions; train judges.",)),
    Case("09_old_tip2004_mali_same_as_seed", "MLI", "Tier 2", 2004, "Annual report", tip=True),
    Case("10_old_irb_rir_1997_nigeria", "NGA", None, None, "Query response", heading=False,
         paragraphs=("In a 10 April 1997 interview with the DIRB, an official described the "
                     "embassy's situation.", "Returning students did not report difficulties.")),
    Case("11_variant_interim_assessment_2010_nigeria", "NGA", None, None, heading=False,
         title="", trailing_disclaimer=True, url_doc_type="Country report",
         url_publisher="United States Department of State",
         paragraphs=("Nigeria was placed on Tier 1 in the 2009 Report; this assessment gives no new tier.",)
         + PROSE),
    Case("13_variant_publisher_url_tip2018_mali", "MLI", "Tier 2 Watch List", None, "Annual report",
         title="", url_publisher="United States Department of State",
         paragraphs=("RECOMMENDATIONS FOR MALI", "Mali was upgraded to Tier 2 Watch List.") + PROSE),
    Case("14_new_site_tip2003_nigeria", "NGA", "Tier 2", 2003, "Annual report", tip=True,
         url_doc_type="Annual report", url_publisher="United States Department of State"),
    Case("16_new_site_unhcr_eligibility_guidelines_2007_afghanistan", "AFG", None, 2007, "Guidelines",
         heading=False, url_doc_type="Country position",
         url_publisher="UN High Commissioner for Refugees"),
    Case("17_old_pdf_handbook_unhcr", "", None, None, "Guidelines", heading=False),
    Case("21_source_stategov_tip2015_mali", "MLI", "Tier 2 Watch List", 2015, "Annual report",
         title="Trafficking in Persons Report 2015 - Mali", tip=True),
]


@pytest.fixture(scope="module")
def tier_table(corpus_dir) -> dict[tuple[str, int], str]:
    path = corpus_dir / "tiers" / "tip_tiers_2001_2015_normalized.csv"
    with path.open(encoding="utf-8") as handle:
        return {(row["iso3"], int(row["tip_report_year"])): row["tier"] for row in csv.DictReader(handle)}


def _clean_title(value: str) -> str:
    """Record titles sometimes carry a note in brackets ("(title repeated twice)")."""
    return value.split(" (title repeated")[0].split(" (repeated")[0].strip()


def build_page(record: Record, case: Case) -> tuple[RefworldPage, str]:
    """The page for a record, and the title a reader should report."""
    title = case.title if case.title is not None else _clean_title(record.get("<title line>") or "")
    paragraphs = list(case.paragraphs)
    heading = record.first_body_line if case.heading else None
    if record.get("<first line>"):
        paragraphs.insert(0, "[From the introductory text accompanying this report on the U.S. "
                             "Department of State website: \"In most cases, the Interim Assessment is "
                             "intended to serve as a brief update.\"]")
    if case.name.startswith("11_"):
        paragraphs.insert(1, record.first_body_line.rstrip(". "))
    if case.name.startswith(("16_", "17_")):
        paragraphs = [title, "Editorial note: translated titles follow; this version was later superseded."] + paragraphs
    page = RefworldPage(
        title=title, paragraphs=tuple(paragraphs), heading=heading,
        publisher=record.get("Publisher"), author=record.get("Author"),
        publication_date=record.get("Publication Date"),
        document_symbol=record.get("Citation / Document Symbol"), cite_as=record.get("Cite as"),
        last_updated=record.get("Last Updated"), source_url=record.url,
        trailing_disclaimer=case.trailing_disclaimer,
        disclaimer=not case.name.startswith("21_"),
    )
    return page, title


def _carries_url(record: Record, form: str) -> bool:
    return form != "text" or "available at: http" in (record.get("Cite as") or "")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_record_rebuilt_in_each_layout_reads_back_every_field(corpus_dir, tier_table, case, form):
    record = parse_record(corpus_dir / "refworld-records" / f"{case.name}.txt")
    page, title = build_page(record, case)
    doc = parse_document(render(page, form).encode("utf-8"), f"{case.name}.{form}")
    header = form != "html-newsite"
    carries_url = _carries_url(record, form)
    address = parse_refworld_url(record.url) if carries_url else None

    if title:
        assert doc.title == title
    else:  # shown with its first heading or its file name, never an address or an id
        assert doc.title and not doc.title.startswith("http") and doc.title != doc.id
    expected_publisher = record.get("Publisher") if header else None
    if expected_publisher is None and carries_url:
        expected_publisher = case.url_publisher
    if expected_publisher is None and (title or "").find("Trafficking in Persons Report") >= 0:
        expected_publisher = "United States Department of State"
    assert doc.publisher == expected_publisher
    assert doc.author == (record.get("Author") if header else None)
    assert doc.last_updated == (parse_date(record.get("Last Updated")) if header else None)
    assert doc.citation == (record.get("Cite as") if header else None)
    assert doc.document_symbol == (record.get("Citation / Document Symbol") if header else None)
    assert doc.tier == case.tier
    expected_year = case.report_year
    if expected_year is None and address and address.year:
        expected_year = address.year
    if case.name.startswith("16_") and not carries_url:
        expected_year = None
    assert doc.report_year == expected_year
    # Without a labelled date, the address's year, else the report year, dates the document.
    expected_published = parse_date(record.get("Publication Date")) if header else None
    source = "text" if expected_published else None
    dated_url = address_date(record.url) if carries_url else None
    if expected_published is None and dated_url:
        expected_published, source = dated_url, "address"
    elif expected_published is None and expected_year:
        expected_published, source = str(expected_year), "report year"
    assert (doc.published, doc.published_source) == (expected_published, source)
    if case.country:
        assert doc.countries and doc.countries[0].code == case.country
    else:
        assert doc.countries == ()
    expected_type = (address.doc_type if address and address.doc_type else None) or case.doc_type
    assert doc.doc_type == expected_type
    assert doc.language == "en"

    if carries_url and address:
        cite_url = "https://www.refworld.org/docid/3ae6ab005c.html" if case.name.startswith("10_") and header else None
        assert doc.source_url == (cite_url or record.url)
        assert doc.refworld_docid == address.docid
        expected_id = address.docid or (f"rw{address.new_site_id}" if address.new_site_id else doc.sha256[:16])
        assert doc.id == expected_id
    elif carries_url:
        assert doc.source_url == record.url and doc.refworld_docid is None
    else:
        assert doc.source_url is None and doc.refworld_docid is None and doc.id == doc.sha256[:16]

    if case.heading:
        assert doc.text.startswith(record.first_body_line)
    for paragraph in page.paragraphs:
        if paragraph != title:
            assert paragraph in doc.text.split("\n")
    for furniture in ("Last Updated", "Cite as", "Disclaimer", "This is not a UNHCR publication",
                      "Search Refworld", "cookies", "About", "window.dataLayer", "analytics", "UNHCR\n"):
        assert furniture not in doc.text
    if title:
        assert not doc.text.startswith(title)
    if case.tip:
        assert doc.tier == tier_table[(case.country, doc.report_year)]


def test_interim_assessment_text_starts_with_its_preface_and_has_no_tier(corpus_dir):
    case = next(c for c in CASES if c.name.startswith("11_"))
    record = parse_record(corpus_dir / "refworld-records" / f"{case.name}.txt")
    page, _ = build_page(record, case)
    doc = parse_document(render(page, "text").encode("utf-8"), "nigeria-interim-assessment.txt")
    assert doc.title == "Nigeria interim assessment"  # no title line: the file name, made readable
    assert doc.text.startswith("[From the introductory text")
    assert doc.text.rstrip().endswith(PROSE[-1])
    assert doc.tier is None


def test_irb_record_gives_symbol_publisher_and_docid_from_its_cite_as(corpus_dir):
    record = parse_record(corpus_dir / "refworld-records" / "10_old_irb_rir_1997_nigeria.txt")
    case = next(c for c in CASES if c.name.startswith("10_"))
    page, _ = build_page(record, case)
    doc = parse_document(render(page, "text").encode("utf-8"), "irb.txt")
    assert doc.document_symbol == "NGA26574.E"
    assert doc.publisher == "Canada: Immigration and Refugee Board of Canada"
    assert doc.author == "Research Directorate, Immigration and Refugee Board, Canada"
    assert doc.refworld_docid == "3ae6ab005c" and doc.id == "3ae6ab005c"
    assert doc.source_url == "https://www.refworld.org/docid/3ae6ab005c.html"
    assert doc.citation == record.get("Cite as")
    assert doc.published == "1997-04-01"
    assert doc.doc_type == "Query response"


def test_new_site_address_gives_type_publisher_year_language_and_id(corpus_dir):
    record = parse_record(corpus_dir / "refworld-records" / "14_new_site_tip2003_nigeria.txt")
    page = RefworldPage(title=record.get("<title line>"), paragraphs=PROSE, heading=record.first_body_line,
                        source_url=record.url)
    doc = parse_document(render(page, "html-newsite").encode("utf-8"), "newsite.html")
    assert (doc.doc_type, doc.publisher, doc.report_year, doc.language, doc.id) == (
        "Annual report", "United States Department of State", 2003, "en", "rw26145")
    assert doc.source_url == record.url
    assert doc.refworld_docid is None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_wrapped_text_dump_reads_like_the_unwrapped_one(corpus_dir, case):
    record = parse_record(corpus_dir / "refworld-records" / f"{case.name}.txt")
    page, _ = build_page(record, case)
    text = render(page, "text")
    wrapped = "\n".join(textwrap.fill(line, 70) if line else "" for line in text.split("\n"))
    plain = parse_document(text.encode("utf-8"), "dump.txt")
    folded = parse_document(wrapped.encode("utf-8"), "dump.txt")
    for name in ("title", "publisher", "author", "published", "last_updated", "countries", "tier",
                 "report_year", "doc_type", "document_symbol", "citation", "source_url", "refworld_docid"):
        assert getattr(folded, name) == getattr(plain, name), name
    assert " ".join(folded.text.split()) == " ".join(plain.text.split())
