"""Shared fixtures: the real corpus (skipped cleanly when absent) and document factories."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from indexer.records import Country, Document

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED = PROJECT_ROOT / "seeds" / "000_68d998b4ddf15f34.txt"
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus of real documents; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus) is not present")
    return CORPUS


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


def make_document(**overrides) -> Document:
    """A complete Document with plausible values; tests override what they pin."""
    text = overrides.pop("text", "Mali is a source country for trafficked children.")
    values = dict(
        id="test0001", title="Trafficking in Persons Report 2008 - Mali",
        publisher="United States Department of State",
        author="Office to Monitor and Combat Trafficking in Persons",
        published="2008-06-04", last_updated=None, countries=(Country("Mali", "MLI"),),
        tier="Tier 2", report_year=2008, doc_type="Annual report", document_symbol=None,
        citation=None, source_url=None, refworld_docid=None, language="en",
        sha256=hashlib.sha256(text.encode()).hexdigest(), path="test/mali-2008.txt", text=text,
    )
    values.update(overrides)
    return Document(**values)


@pytest.fixture
def document_factory():
    return make_document


# ---- citations ----------------------------------------------------------------

def read_refworld_record(path: Path) -> dict:
    """One record of a real Refworld page: its address, labelled fields and first body line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fields: dict[str, str] = {}
    section = None
    first_body_line = None
    for line in lines[1:]:
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if section and section.startswith("Fields") and "\t" in line:
            label, value = line.split("\t", 1)
            fields.setdefault(label.strip(), value.strip())
        elif section == "First body line" and first_body_line is None:
            first_body_line = line.strip()
    return {"name": path.stem, "url": lines[0].strip(), "fields": fields,
            "first_body_line": first_body_line}


@pytest.fixture(scope="session")
def refworld_records(corpus_dir) -> list[dict]:
    """Every record in the corpus's refworld-records folder, in file order."""
    folder = corpus_dir / "refworld-records"
    return [read_refworld_record(p) for p in sorted(folder.glob("*.txt"))]


# Countries the Refworld records are about, by the name their titles end with.
_RECORD_COUNTRIES = {"Mali": "MLI", "Nigeria": "NGA", "Afghan": "AFG"}


def document_from_record(record: dict, doc_id: str) -> Document | None:
    """The Document a Refworld record describes (header fields exactly as recorded), or None
    when the record is not of a single document (listings, pages without a title line)."""
    from indexer.dates import parse_date
    from indexer.refworld_urls import parse_refworld_url

    fields = record["fields"]
    title = fields.get("<title line>")
    if not title:
        return None
    # Notes about repeated or translated titles are the recorder's, not the page's.
    title = re.sub(r"\s+\((?:title )?repeated.*\)$", "", title)
    address = parse_refworld_url(record["url"])
    published = parse_date(fields.get("Publication Date"))
    countries = tuple(Country(name if name != "Afghan" else "Afghanistan", code)
                      for name, code in _RECORD_COUNTRIES.items() if name in title)
    return make_document(
        id=doc_id, title=title, publisher=fields.get("Publisher"), author=fields.get("Author"),
        published=published, countries=countries[:1], tier=None,
        report_year=int(published[:4]) if published else (address.year if address else None),
        doc_type=address.doc_type if address else None,
        document_symbol=fields.get("Citation / Document Symbol"),
        citation=fields.get("Cite as"), source_url=record["url"],
        refworld_docid=address.docid if address else None,
        text=f"{record.get('first_body_line') or ''}\nA body written for the test about {title}.",
        path=f"records/{record['name']}.txt")


@pytest.fixture(scope="session")
def record_documents(refworld_records) -> list[Document]:
    """The single-document Refworld records rebuilt as Documents (ids ``rec-<file stem>``)."""
    docs = (document_from_record(r, f"rec-{r['name']}") for r in refworld_records)
    return [d for d in docs if d is not None]
