"""Shared fixtures: the real corpus (skipped cleanly when absent) and document factories."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from indexer.records import Country, Document

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED = PROJECT_ROOT / "seeds" / "000_68d998b4ddf15f34.txt"
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


CORPUS_MISSING = "the shared corpus (../shared/corpus) is not present"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus of real documents; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    return CORPUS


def pytest_sessionstart(session) -> None:
    """Under CI the corpus must be there: a run that skips the real-document tests proves little."""
    if os.environ.get("CI", "").lower() == "true" and not CORPUS.is_dir():
        pytest.exit(f"CI=true but {CORPUS_MISSING}; put ../shared beside the project", returncode=1)


def pytest_collection_modifyitems(items) -> None:
    """Browser tests start a server process and a browser: they are slow tests too."""
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter) -> None:
    """One line saying how many tests skipped for want of the shared corpus."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if CORPUS_MISSING in str(getattr(r, "longrepr", ""))]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} tests skipped: {CORPUS_MISSING}")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture
def runner():
    """A click test runner that keeps stdout and stderr apart (the CLI reports skips on stderr)."""
    from click.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click 8.2 keeps stderr apart by default
        return CliRunner()


def make_document(**overrides) -> Document:
    """A complete Document with plausible values; tests override what they pin."""
    # Each document's own default text: documents with the same text are copies, shown once.
    text = overrides.pop("text", f"Mali is a source country for trafficked children (record "
                                 f"{overrides.get('id', 'test0001')}).")
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


# TIP report release dates, for generated TIP chapters.
TIP_RELEASES = {
    2001: "2001-07-12", 2002: "2002-06-05", 2003: "2003-06-11", 2004: "2004-06-14",
    2005: "2005-06-03", 2006: "2006-06-05", 2007: "2007-06-12", 2008: "2008-06-04",
    2009: "2009-06-16", 2010: "2010-06-14", 2011: "2011-06-27", 2012: "2012-06-19",
    2013: "2013-06-19", 2014: "2014-06-20", 2015: "2015-07-27",
}
# Countries whose names nearly coincide, so that lookup must really tell them apart.
TIP_COUNTRIES = (
    ("Mali", "MLI"), ("Malawi", "MWI"), ("Niger", "NER"), ("Nigeria", "NGA"),
    ("Guinea", "GIN"), ("Guinea-Bissau", "GNB"), ("Equatorial Guinea", "GNQ"),
    ("Sudan", "SDN"), ("Dominican Republic", "DOM"), ("Congo, Republic of the", "COG"),
    ("Congo, Democratic Republic of the", "COD"), ("Burkina Faso", "BFA"),
    ("Cote d'Ivoire", "CIV"), ("Senegal", "SEN"),
)
def tip_documents() -> list[Document]:
    """TIP country chapters for 15 years and 14 look-alike countries, titled as Refworld titles them."""
    docs = []
    for year, published in TIP_RELEASES.items():
        for name, code in TIP_COUNTRIES:
            title = (f"U.S. Department of State {year} Trafficking in Persons Report - {name}"
                     if year < 2008 else f"Trafficking in Persons Report {year} - {name}")
            docs.append(make_document(
                id=f"tip{year}{code.lower()}", title=title, published=published,
                report_year=year, countries=(Country(name, code),),
                path=f"generated/tip{year}-{code.lower()}.txt",
                text=f"{name} (Tier 2)\n{name} is a source and transit country for trafficking."))
    return docs


IRB = "Canada: Immigration and Refugee Board of Canada"
UNHCR = "UN High Commissioner for Refugees"
# Documents with symbols: IRB Responses to Information Requests (long titles with
# commas), UNHCR guidelines and a General Assembly resolution.
SYMBOL_DOCUMENTS = (
    ("NGA31045.E", "1999-02-11", IRB, "Nigeria: Treatment of returnees, including students, by "
     "the authorities at Lagos airport, and whether they are detained"),
    ("NGA27764.E", "1997-09-03", IRB, "Nigeria: Treatment of students returning from Canada, and "
     "whether the embassy in Ottawa issues travel documents"),
    ("MLI33012.E", "1999-11-22", IRB, "Mali: Female genital mutilation, state protection, and "
     "availability of shelters for women, including in Bamako"),
    ("NER34567.F", "2000-06-30", IRB, "Niger: Situation of the Tuareg, including treatment by the "
     "security forces, and the 1995 peace agreement"),
    ("GIN29901.E", "1998-05-14", IRB, "Guinea: Treatment of members of the Rally of the Guinean "
     "People, including arrests, since 1996"),
    ("HCR/GIP/02/01", "2002-05-07", UNHCR, "Guidelines on International Protection No. 1: "
     "Gender-Related Persecution within the context of Article 1A(2) of the 1951 Convention "
     "and/or its 1967 Protocol relating to the Status of Refugees"),
    ("HCR/GIP/16/12", "2016-12-02", UNHCR, "Guidelines on International Protection No. 12: Claims "
     "for refugee status related to situations of armed conflict and violence under Article "
     "1A(2) of the 1951 Convention and/or 1967 Protocol relating to the Status of Refugees and "
     "the regional refugee definitions"),
    ("217 A (III)", "1948-12-10", "UN General Assembly", "Universal Declaration of Human Rights"),
)


def symbol_documents() -> list[Document]:
    return [make_document(
        id="sym-" + re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-"), title=title,
        published=published, publisher=publisher, author=None, countries=(), tier=None,
        report_year=None, doc_type=None, document_symbol=symbol,
        path=f"generated/{symbol.replace('/', '-')}.txt", text=f"Document {symbol}.")
        for symbol, published, publisher, title in SYMBOL_DOCUMENTS]


@pytest.fixture(scope="session")
def seed_as_extracted() -> Document:
    """The seed as the reader extracts it (no address: the text dump lost it)."""
    from indexer.documents.reader import read_document

    return read_document(SEED)


@pytest.fixture(scope="session")
def citation_documents(seed_as_extracted, record_documents) -> list[Document]:
    """The seed, the Refworld records and generated look-alikes: no two share a title.

    The record of the seed's own page is left out: it is the same document,
    which a citation without an address cannot tell from the seed."""
    seed = seed_as_extracted
    records = [d for d in record_documents if d.title != seed.title]
    taken = {d.title for d in records} | {seed.title}
    generated = [d for d in tip_documents() if d.title not in taken]
    return [seed] + records + generated + symbol_documents()


@pytest.fixture(scope="session")
def citation_index(tmp_path_factory, citation_documents) -> Path:
    """A folder holding an index of ``citation_documents``."""
    from indexer.build import write_index

    index_dir = tmp_path_factory.mktemp("citation-index")
    write_index(index_dir, citation_documents)
    return index_dir


# ---- web ----------------------------------------------------------------------

@pytest.fixture(scope="session")
def web_index(tmp_path_factory) -> Path:
    """A published index of the web test archive (``tests/web_archive.py``); read-only."""
    from web_archive import build_web_index

    return build_web_index(tmp_path_factory.mktemp("web-index"))


@pytest.fixture
def app(web_index):
    from webapp import create_app

    return create_app({"INDEX_DIR": web_index, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


# ---- search ----

SEARCH_SAMPLE_STEP = 10  # every 10th row of the TIP tier table becomes a generated document

# Documents written for search tests: markup that must come out escaped, and
# a text whose best passage is not where its words first occur.
HOSTILE_TEXT = ("Shelter staff reported the page <script>alert(1)</script> and the form "
                "field \"><img src=x onerror=alert(1)> to the ministry. The hostile markup "
                "was logged by the zanzibarian auditors.")
PASSAGE_FILLER = " ".join(["The committee met again and adjourned without a decision."] * 6)
PASSAGE_TEXT = (f"Quokka appears here alone. {PASSAGE_FILLER} Zeppelin appears here alone. "
                f"{PASSAGE_FILLER} Marmalade appears here alone. {PASSAGE_FILLER} "
                f"In the last paragraph the quokka, the zeppelin and the marmalade meet. "
                f"{PASSAGE_FILLER}")


def search_test_documents(corpus: Path) -> list[Document]:
    """The seed, the 2024 human rights reports, generated TIP chapters and two written documents."""
    from generated import chapter, tier_rows

    from indexer.documents.reader import parse_document, read_document

    docs = [read_document(SEED)]
    docs += [read_document(p) for p in sorted(corpus.glob("hrr-2024*/*.md")) if p.name != "PROVENANCE.md"]
    rows = tier_rows(corpus)
    for i in range(0, len(rows), SEARCH_SAMPLE_STEP):
        name, text = chapter(corpus, i, rows[i])
        docs.append(parse_document(text.encode("utf-8"), f"generated/{name}"))
    docs.append(make_document(id="hostile01", title="Report on hostile markup", text=HOSTILE_TEXT,
                              countries=(Country("Ghana", "GHA"),), tier=None, published="2016-03",
                              report_year=None, doc_type="Query response", path="test/hostile.txt"))
    docs.append(make_document(id="passage01", title="Minutes of the committee", text=PASSAGE_TEXT,
                              countries=(Country("Togo", "TGO"),), tier=None, published="2012",
                              report_year=None, doc_type="Query response", path="test/passage.txt"))
    return docs


@pytest.fixture(scope="session")
def search_documents(corpus_dir) -> list[Document]:
    return search_test_documents(corpus_dir)


@pytest.fixture(scope="session")
def search_index(tmp_path_factory, search_documents) -> Path:
    """A real index of ``search_documents`` built by the index builder."""
    from indexer.build import write_index

    folder = tmp_path_factory.mktemp("search-index")
    write_index(folder, search_documents)
    return folder


@pytest.fixture
def searcher(search_index):
    """A raw Whoosh searcher, for tests of the engine's internals."""
    from indexer.engine.archive import open_index

    with open_index(search_index).searcher() as opened:
        yield opened


@pytest.fixture(scope="session")
def archive(search_index):
    """The search index opened through the engine-neutral facade."""
    from indexer.archive import open_archive

    with open_archive(search_index) as opened:
        yield opened
