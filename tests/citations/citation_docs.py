"""The documents the citation-format tests cite: the seed, an IRB response with a
symbol, and a document that says almost nothing about itself."""
from __future__ import annotations

import datetime as dt

import pytest

SEED_ACCESSED = dt.date(2016, 5, 25)

IRB_ACCESSED = dt.date(2023, 5, 20)


@pytest.fixture
def seed_doc(seed_as_extracted):
    return seed_as_extracted


@pytest.fixture
def irb_doc(refworld_records, record_documents):
    return next(d for d in record_documents if d.document_symbol == "NGA26574.E")


@pytest.fixture
def sparse_doc(document_factory):
    """A document that says almost nothing about itself."""
    return document_factory(id="sparse", title=None, publisher=None, author=None,
                            published=None, countries=(), report_year=None, language=None,
                            document_symbol=None, source_url=None, refworld_docid=None)
