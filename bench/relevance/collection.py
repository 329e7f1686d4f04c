"""The documents the relevance collection is made of, read from the shared corpus.

The collection is every file of the corpus that refsearch reads, plus the
Refworld records rebuilt as the documents they describe:

- the 2024 Country Reports on Human Rights Practices (``hrr-2024/*.md``,
  ``hrr-2024-more/*.md``, 42 reports) and the seed TIP chapter
  (``seeds/*.txt``), read by refsearch's own reader;
- the report PDFs under ``pdf/`` (files refsearch cannot read, the scanned
  and the encrypted one, are left out with the reason);
- only the folders named in ``COLLECTION_FOLDERS``: the judgements were made
  over them, so a folder the corpus gains later (the producers' copies, the
  Universal Declaration in many languages) joins the collection only when
  its documents are judged;
- not the corpus's own notes (``README.md``, ``PROVENANCE.md``,
  ``CITATION_EXAMPLES.md``) nor the tier table: they describe the corpus,
  they are not documents of an archive;
- the Refworld records (``refworld-records/*.txt``) are notes about real
  pages (address, labelled header fields, first body line), not saved
  pages, so they are not read as files. Those that describe one document
  page are rebuilt as that document: header fields exactly as recorded, the
  Refworld address, the tier of the first body line, and as text the first
  body line (or the words the record quotes from it). Listings, search
  pages and the state.gov pages the records also describe are left out.
  Record 09 is the page the seed was saved from, so its document carries
  the seed's text: the same document saved twice, as archives hold them.

Every document is named by its file's path relative to the corpus; the
judgements use those names.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import engines
from .engines import Country, Document

# The corpus's notes about itself, never documents.
CORPUS_NOTES = frozenset({"README.md", "PROVENANCE.md", "CITATION_EXAMPLES.md"})
RECORDS_DIR = "refworld-records"
# The corpus folders whose documents the needs were judged over.
COLLECTION_FOLDERS = ("hrr-2024", "hrr-2024-more", "pdf", "seeds")
# Records of single Refworld document pages (listings, the search page and the
# state.gov source pages are not Refworld documents of their own).
RECORD_DOCUMENTS = (
    "01_old_tip2002_nigeria.txt",
    "02_old_tip2004_nigeria.txt",
    "04_old_tip2008_nigeria.txt",
    "05_old_tip2002_mali.txt",
    "06_old_tip2006_mali.txt",
    "08_old_tip2008_mali.txt",
    "09_old_tip2004_mali_same_as_seed.txt",
    "10_old_irb_rir_1997_nigeria.txt",
    "11_variant_interim_assessment_2010_nigeria.txt",
    "13_variant_publisher_url_tip2018_mali.txt",
    "14_new_site_tip2003_nigeria.txt",
    "16_new_site_unhcr_eligibility_guidelines_2007_afghanistan.txt",
    "17_old_pdf_handbook_unhcr.txt",
)
# A record of the very page another corpus file was saved from takes that file's text.
TEXT_FROM = {f"{RECORDS_DIR}/09_old_tip2004_mali_same_as_seed.txt": "seeds/000_68d998b4ddf15f34.txt"}
# Countries the records' titles and addresses name.
RECORD_COUNTRIES = {"Mali": ("Mali", "MLI"), "Nigeria": ("Nigeria", "NGA"),
                    "Afghan": ("Afghanistan", "AFG")}
_CODES = {code: Country(name, code) for name, code in RECORD_COUNTRIES.values()}
_TIER_RE = re.compile(r"\btier\s*([123])(\s+watch\s+list)?\b", re.I)
_QUOTED_RE = re.compile(r'"([^"]+)"')
# Recorders' notes after a title: "(title repeated twice)", "(repeated, then Russian ...)".
_TITLE_NOTE_RE = re.compile(r"\s+\((?:title )?repeated.*\)$")


@dataclass
class Collection:
    """The documents, and the files that were found but could not be read (with reasons)."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def corpus_files(corpus: Path) -> list[str]:
    """Corpus-relative names of the files refsearch would read as documents."""
    suffixes = engines.readable_suffixes()
    found = []
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if (not path.is_file() or path.suffix.lower() not in suffixes
                or path.name in CORPUS_NOTES or relative.parts[0] not in COLLECTION_FOLDERS
                or any(part.startswith(".") for part in relative.parts)):
            continue
        found.append(relative.as_posix())
    return found


def read_record(path: Path) -> dict:
    """A record's address, labelled fields (first value of each label) and first body line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fields: dict[str, str] = {}
    section = None
    body_line = None
    for line in lines[1:]:
        if line.startswith("## "):
            section = line[3:].strip()
        elif not line.strip() or line.startswith("#"):
            continue
        elif section and section.startswith("Fields") and "\t" in line:
            label, value = line.split("\t", 1)
            fields.setdefault(label.strip(), value.strip())
        elif section == "First body line" and body_line is None:
            body_line = line.strip()
    return {"url": lines[0].strip(), "fields": fields, "body_line": body_line or ""}


def record_text(body_line: str) -> str:
    """The page text a record gives: its first body line, or the words it quotes from the page
    when the line is the recorder's description of it."""
    described = body_line.startswith("(") or body_line[:1].islower()
    if described:
        return " ".join(q.strip() for q in _QUOTED_RE.findall(body_line))
    return body_line


def record_document(corpus: Path, name: str, texts: dict[str, str]) -> Document:
    """The document a Refworld record describes, named by the record's corpus path."""
    relative = f"{RECORDS_DIR}/{name}"
    record = read_record(corpus / relative)
    fields = record["fields"]
    title = fields.get("<title line>")
    title = _TITLE_NOTE_RE.sub("", title) if title else None
    address = engines.refworld_address(record["url"])
    published = engines.date_of(fields.get("Publication Date"))
    text = texts.get(TEXT_FROM.get(relative, ""), record_text(record["body_line"]))
    named = [_CODES[code] for key, (_, code) in RECORD_COUNTRIES.items() if title and key in title]
    if not named and address and address.country_code in _CODES:
        named = [_CODES[address.country_code]]
    tier = _TIER_RE.search(record["body_line"])
    year = int(published[:4]) if published else (address.year if address else None)
    is_tip = bool(title and "Trafficking in Persons Report" in title) or bool(tier)
    docid = address.docid if address else None
    doc_id = (docid or (address.new_site_id if address else None)
              or hashlib.sha256(relative.encode("utf-8")).hexdigest()[:16])
    return Document(
        id=doc_id,
        title=title, publisher=fields.get("Publisher"), author=fields.get("Author"),
        published=published, last_updated=None, countries=tuple(named[:1]),
        tier=f"Tier {tier.group(1)}{' Watch List' if tier.group(2) else ''}" if tier else None,
        report_year=year if is_tip else None,
        doc_type=(address.doc_type if address and address.doc_type else
                  "Annual report" if is_tip else None),
        document_symbol=fields.get("Citation / Document Symbol"), citation=fields.get("Cite as"),
        source_url=record["url"], refworld_docid=docid, language="en",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), path=relative, text=text)


def load(corpus: Path) -> Collection:
    """Read the collection from the corpus folder."""
    corpus = Path(corpus)
    collection = Collection()
    for relative in corpus_files(corpus):
        try:
            collection.documents.append(engines.read_file((corpus / relative).read_bytes(), relative))
        except engines.Unreadable as error:
            collection.skipped.append(f"{relative}: {error.reason}")
    texts = {doc.path: doc.text for doc in collection.documents}
    for name in RECORD_DOCUMENTS:
        collection.documents.append(record_document(corpus, name, texts))
    return collection
