"""What the search tests share: running a request against the archive, every id over
all pages, and facet counts expected from the Documents themselves."""
from __future__ import annotations

from collections import Counter

import pytest

from indexer import config
from indexer.facets import document_year
from indexer.request import parse_request

SEED_ID_WORDS = "Burkinabe children Koranic rice"


def run(archive, **args):
    return archive.search(parse_request(args))


def all_ids(archive, **args) -> list[str]:
    """Ids of every match, over all pages."""
    ids: list[str] = []
    page = 1
    while True:
        results = run(archive, per_page=str(config.MAX_PER_PAGE), page=str(page), **args)
        ids += [hit.id for hit in results.hits]
        if page >= results.pages:
            return ids
        page += 1


def facet_counts(results, name) -> dict[str, int]:
    return {v.value: v.count for v in results.facets[name]}


def expected_counts(docs, name) -> dict[str, int]:
    counts: Counter = Counter()
    for doc in docs:
        if name == "tier" and doc.tier:
            counts[doc.tier] += 1
        elif name == "country":
            counts.update(c.code for c in doc.countries)
        elif name == "publisher" and doc.publisher:
            counts[doc.publisher] += 1
        elif name == "doc_type" and doc.doc_type:
            counts[doc.doc_type] += 1
        elif name == "year" and document_year(doc):
            counts[str(document_year(doc))] += 1
        elif name == "report_year" and doc.report_year:
            counts[str(doc.report_year)] += 1
    return dict(counts)


@pytest.fixture(scope="module")
def seed_doc(search_documents):
    return search_documents[0]
