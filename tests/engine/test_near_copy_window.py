"""The near copies of a results page's first results are looked for among the same pairs,
however they are found: the pairs that could be copies are chosen on arrays, a document's
country and report year come from the facet codes a page has read already."""
from __future__ import annotations

import random

import pytest

from indexer.build import write_index
from indexer.engine.archive import open_index
from indexer.engine.copies import (
    LENGTH_RATIO,
    MIN_NEAR_WORDS,
    _comparable,
    _comparable_earlier,
    _Traits,
    _traits,
)
from indexer.engine.facetcounts import column_values, facet_values


def _drawn(draw: random.Random, n: int) -> list[_Traits]:
    """Traits near every edge the test has: no country, no year, several years, the
    shortest length compared and lengths either side of the ratio."""
    lengths = [MIN_NEAR_WORDS - 1, MIN_NEAR_WORDS, 200, int(200 * LENGTH_RATIO), int(200 * LENGTH_RATIO) + 1, 1000]
    return [_Traits(draw.choice(["MLI", "NGA", None]), draw.choice([("2010",), ("2011",), (), ("2010", "2011")]),
                    draw.choice(lengths)) for _ in range(n)]


@pytest.mark.parametrize("seed", range(20))
def test_the_pairs_chosen_on_arrays_are_the_pairs_compared_one_by_one(seed):
    traits = _drawn(random.Random(seed), 50)
    assert _comparable_earlier(traits) == [[j for j in range(i) if _comparable(traits[j], traits[i])]
                                           for i in range(len(traits))]


def test_no_traits_and_one_have_no_pairs():
    assert _comparable_earlier([]) == []
    assert _comparable_earlier([_Traits("MLI", ("2010",), 500)]) == [[]]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, search_documents):
    folder = tmp_path_factory.mktemp("near-copy-window")
    write_index(folder, search_documents)
    with open_index(folder).searcher() as found:
        yield found


@pytest.mark.parametrize("name", ["country", "report_year", "tier", "language"])
def test_a_facet_s_values_from_its_codes_are_its_column_s(searcher, name):
    docnums = list(range(searcher.doc_count_all()))
    assert facet_values(searcher, name, docnums) == column_values(searcher, name, docnums)
    assert facet_values(searcher, name, docnums[::-3]) == column_values(searcher, name, docnums[::-3])


def test_the_traits_of_documents_are_their_columns(searcher):
    docnums = list(range(searcher.doc_count_all()))[::-1]
    reader = searcher.reader()
    countries = column_values(searcher, "country", docnums)
    years = column_values(searcher, "report_year", docnums)
    assert any(countries) and any(years)
    assert _traits(searcher, docnums) == {
        d: _Traits(c[0] if c else None, y, reader.doc_field_length(d, "body", 0) or 0)
        for d, c, y in zip(docnums, countries, years)}
