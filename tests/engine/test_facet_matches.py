"""Facet counts from one match of the query equal those of one plain match per selected facet.

A facet with a selection counts the query's matches under every other
filter. The engine matches the query once and intersects that match with
each facet's own filter (``facetmatches``); the reference here matches the
query in full for every selected facet and keeps the documents that facet's
filter allows, as a page did before. Any difference in any count fails.
"""
from __future__ import annotations

import numpy as np
import pytest

from indexer.build import write_index
from indexer.documents.reader import read_document
from indexer.engine import facetmatches, searching
from indexer.engine.archive import open_index
from indexer.engine.copies import copy_groups, first_of_groups
from indexer.engine.filtercache import filter_docs
from indexer.engine.ranking import match_arrays
from indexer.engine.searching import search
from indexer.querylang import parse
from indexer.request import parse_request

# Requests with several facets selected at once, date ranges and the language facet.
REQUESTS = [
    {"q": "government", "tier": "2", "country": ["Mali", "Nigeria", "Burma"], "from": "2003", "to": "2020"},
    {"q": "trafficking children", "tier": ["2", "3"], "type": "Annual report", "sort": "newest"},
    {"q": "police", "country": ["Mali", "Nigeria"], "year": ["2024", "2010"], "tier": "2"},
    {"q": "torture", "language": ["fr", "en"], "country": "Mali", "from": "1948", "to": "2030"},
    {"q": "torture", "language": "en", "type": "Annual report", "country": "Mali"},
    {"q": "human rights", "language": ["es"], "tier": "3"},
    {"q": "", "tier": ["1", "2"], "country": ["Mali", "Burma"], "from": "2005", "to": "2015"},
    {"q": "forced labor -Nigeria", "tier": "2", "country": ["Mali", "Nigeria", "Burma"], "sort": "oldest"},
]

# How the engine matches: as its sizes decide, always once over the union of the filters,
# always once per facet, stepping through every filter, or never stepping.
MODES = ["as decided", "one match", "one by one", "always step", "never step"]


@pytest.fixture(scope="module")
def mixed_searcher(tmp_path_factory, search_documents, corpus_dir):
    """The search documents and the Universal Declaration in some twenty languages."""
    udhr = [read_document(path) for path in sorted((corpus_dir / "udhr").glob("udhr-*.html"))]
    folder = tmp_path_factory.mktemp("facet-matches")
    write_index(folder, search_documents + udhr)
    with open_index(folder).searcher() as searcher:
        yield searcher


def plain_matches_without(searcher, request, words, every_language, matching, few):
    """Each selected facet's matches by a whole match of its query, then its own filter."""
    groups = copy_groups(searcher)

    def matches_for(facet: str) -> np.ndarray:
        query = every_language if facet == "language" and every_language is not None else words
        docs = match_arrays(searcher, query).docs
        allowed = filter_docs(searcher, request, exclude_facet=facet)
        if allowed is not None:
            docs = np.intersect1d(docs, allowed)
        if groups is None or not len(docs):
            return docs
        keep, _ = first_of_groups(docs, groups[docs], (docs,))
        return docs[keep]

    return matches_for


def _page_facets(searcher, request):
    found = search(searcher, request, parse(request.query))
    return found.facets, found.facet_totals


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("args", REQUESTS)
def test_facet_counts_from_one_match_equal_one_match_per_facet(mixed_searcher, monkeypatch, args, mode):
    request = parse_request(args)
    with monkeypatch.context() as patch:
        patch.setattr(searching, "matches_without", plain_matches_without)
        expected = _page_facets(mixed_searcher, request)
    if mode in ("one match", "one by one"):
        monkeypatch.setattr(facetmatches, "_one_match", lambda *_: mode == "one match")
    elif mode in ("always step", "never step"):
        monkeypatch.setattr(searching, "SKIP_TO_SHARE", 1.0 if mode == "always step" else 0.0)
    assert _page_facets(mixed_searcher, request) == expected


@pytest.mark.parametrize("args", REQUESTS)
def test_a_selected_facet_counts_values_its_own_selection_leaves_out(mixed_searcher, args):
    """The requests above test something: each selected facet's counts are not those of the page's
    matches, so a facet counted over the filtered matches would fail the test above."""
    request = parse_request(args)
    facets, _ = _page_facets(mixed_searcher, request)
    unselected = [value for name, values in facets.items() if request.selected(name)
                  for value in values if value.count and not value.selected]
    assert unselected
