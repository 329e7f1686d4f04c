"""Shared fixtures: the real corpus (skipped cleanly when absent) and document factories."""
from __future__ import annotations

import hashlib
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
    from bench import generate
    from indexer.reader import parse_document, read_document

    docs = [read_document(SEED)]
    docs += [read_document(p) for p in sorted(corpus.glob("hrr-2024*/*.md")) if p.name != "PROVENANCE.md"]
    rows = generate.tier_rows(corpus)
    for i in range(0, len(rows), SEARCH_SAMPLE_STEP):
        record, text = generate.make_document(i, 0, corpus_dir=corpus)
        docs.append(parse_document(text.encode("utf-8"), record.path))
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
    from indexer.build import open_index

    with open_index(search_index).searcher() as opened:
        yield opened
