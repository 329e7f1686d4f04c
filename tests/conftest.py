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
