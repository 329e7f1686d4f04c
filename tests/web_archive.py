"""A small archive for the web tests: TIP chapters of five countries over six years,
reports without a tier, and documents carrying script-injection payloads.

Built as Documents (the reader is tested elsewhere) and written with
``indexer.build.write_index``, the way a real build publishes an index.
"""
from __future__ import annotations

from pathlib import Path

from conftest import make_document

from indexer.build import write_index
from indexer.records import Country, Document

SCRIPT_PAYLOAD = "<script>alert(1)</script>"
SVG_PAYLOAD = '"><svg onload=alert(1)>'
STATE = "United States Department of State"

# Country, code, and its tier in the years 2004..2009 of this made-up series.
TIP_SERIES = (
    ("Mali", "MLI", ("Tier 2", "Tier 2", "Tier 2 Watch List", "Tier 2", "Tier 2", "Tier 3")),
    ("Nigeria", "NGA", ("Tier 2", "Tier 1", "Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 2")),
    ("Niger", "NER", ("Tier 3", "Tier 3", "Tier 2 Watch List", "Tier 2", "Tier 2", "Tier 2")),
    ("Ghana", "GHA", ("Tier 2", "Tier 2", "Tier 2", "Tier 2 Watch List", "Tier 2", "Tier 2")),
    ("Chad", "TCD", ("Tier 2", "Tier 2 Watch List", "Tier 3", "Tier 3", "Special Case", "Tier 2")),
)
YEARS = tuple(range(2004, 2010))


def tip_document(name: str, code: str, year: int, tier: str, day: int) -> Document:
    text = (f"{name.upper()} ({tier})\n\n"
            f"{name} is a source, transit and destination country for men, women and children "
            f"trafficked for forced labour and commercial sexual exploitation.\n\n"
            f"In {year} the government of {name} made efforts to prosecute traffickers; "
            f"debt bondage in agriculture and domestic servitude remain concerns.\n\n"
            f"Recommendations for {name}: train police, protect victims, and enforce the law.")
    return make_document(
        id=f"tip-{code.lower()}-{year}", title=f"Trafficking in Persons Report {year} - {name}",
        publisher=STATE, author="Office to Monitor and Combat Trafficking in Persons",
        published=f"{year}-06-{day:02d}", countries=(Country(name, code),), tier=tier,
        report_year=year, doc_type="Annual report",
        source_url=f"https://www.refworld.org/docid/{year}{code.lower()}tip.html",
        refworld_docid=f"{year}{code.lower()}tip", path=f"tip/{code.lower()}-{year}.txt", text=text)


def web_documents() -> list[Document]:
    docs = [tip_document(name, code, year, tier, 1 + i + 3 * j)
            for j, (name, code, tiers) in enumerate(TIP_SERIES)
            for i, (year, tier) in enumerate(zip(YEARS, tiers))]
    docs.append(make_document(
        id="hrr-mli-2024", title="2024 Country Reports on Human Rights Practices: Mali",
        publisher=STATE, author=None, published="2025-08-12", countries=(Country("Mali", "MLI"),),
        tier=None, report_year=2024, doc_type="Country reports", path="hrr/mali.md",
        text="Significant human rights issues in Mali included arbitrary killings and "
             "the recruitment of child soldiers.\n\nJournalists faced arrest and censorship."))
    docs.append(make_document(
        id="unhcr-cote-2012", title="Guidance on protection needs in Côte d'Ivoire",
        publisher="UNHCR", author=None, published="2012-03", countries=(Country("Côte d'Ivoire", "CIV"),),
        tier=None, report_year=2012, doc_type="Policy document", document_symbol="HCR/PC/CIV/2012/01",
        path="unhcr/civ.txt",
        text="Refugees returning to Côte d'Ivoire need protection from forced labour and violence."))
    docs.append(make_document(
        id="xss-title", title=f"{SCRIPT_PAYLOAD} Injected report on trafficking",
        publisher=f"Evil {SVG_PAYLOAD} Press", published="2010-01-05",
        countries=(Country("Mali", "MLI"),), tier="Tier 2", report_year=2010, doc_type="Annual report",
        source_url="javascript:alert(1)", path="xss/title.txt",
        text=f"Trafficking payload {SCRIPT_PAYLOAD} inside the text, and {SVG_PAYLOAD} too. "
             "Forced labour is mentioned so that searches reach this document."))
    docs.append(make_document(
        id="xss-text", title="Report with markup in its body", published="2011-02-03",
        countries=(Country("Niger", "NER"),), tier=None, report_year=2011, doc_type="Annual report",
        path="xss/text.txt",
        text=f'Trafficking <b onmouseover="alert(1)">victims</b> {SVG_PAYLOAD} forced labour '
             f"{SCRIPT_PAYLOAD} &amp; children."))
    return docs


def build_web_index(index_dir: Path, documents: list[Document] | None = None) -> Path:
    """Publish an index generation of ``documents`` (the web archive by default) in ``index_dir``."""
    write_index(index_dir, documents if documents is not None else web_documents())
    return index_dir
