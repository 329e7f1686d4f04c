"""The report year as a facet and a search term of its own: ``reportyear:`` the year a
report is on, ``published:`` the year it came out, ``year:`` either; the date range still
bounds the publication date."""
from __future__ import annotations

import pytest
from conftest import make_document
from search_help import all_ids, run

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.querylang import parse
from indexer.records import Country
from indexer.summary import describe

MALI = (Country("Mali", "MLI"),)
HRR = "Mali — Country Reports on Human Rights Practices"

# (id, title, report year, publication date)
EDITIONS = [
    ("hrr-2024", HRR, 2024, "2025-07"),            # the 2024 Country Report, published in 2025
    ("hrr-2023", HRR, 2023, "2024-04"),            # the 2023 one, published in 2024
    ("tip-2024", "Trafficking in Persons Report 2024 - Mali", 2024, "2024-06"),   # named by its year
    ("note-2024", "A note on returns to Mali", None, "2024-02"),                  # no report year
]


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    docs = [make_document(id=doc_id, title=title, report_year=year, published=published, countries=MALI,
                          doc_type="Country report" if doc_id.startswith("hrr") else "Annual report")
            for doc_id, title, year, published in EDITIONS]
    folder = tmp_path_factory.mktemp("editions")
    write_index(folder, docs)
    with open_archive(folder) as opened:
        yield opened


@pytest.mark.parametrize("args, expected", [
    ({"q": "year:2024"}, {"hrr-2024", "hrr-2023", "tip-2024", "note-2024"}),
    ({"q": "reportyear:2024"}, {"hrr-2024", "tip-2024"}),
    ({"q": "report_year:2024"}, {"hrr-2024", "tip-2024"}),
    ({"q": "published:2024"}, {"hrr-2023", "tip-2024", "note-2024"}),
    ({"q": "year:2025"}, {"hrr-2024"}),
    ({"q": "reportyear:2023..2024 -published:2024"}, {"hrr-2024"}),
    ({"report_year": "2024"}, {"hrr-2024", "tip-2024"}),
    ({"year": "2024"}, {"hrr-2023", "tip-2024", "note-2024"}),
    ({"from": "2025", "to": "2025"}, {"hrr-2024"}),   # the date range: publication, as before
    ({"to": "2024-05"}, {"hrr-2023", "note-2024"}),
])
def test_years_find_what_they_say(editions, args, expected):
    mapped = {("date_from" if k == "from" else "date_to" if k == "to" else k): v for k, v in args.items()}
    assert set(all_ids(editions, **mapped)) == expected


def test_the_report_year_facet_counts_each_report_under_the_year_it_is_on(editions):
    results = run(editions, per_page="1")
    assert {v.value: v.count for v in results.facets["report_year"]} == {"2024": 2, "2023": 1}
    assert {v.value: v.count for v in results.facets["year"]} == {"2025": 1, "2024": 3}


@pytest.mark.parametrize("query, summary", [
    ("year:2024", "year 2024"),
    ("reportyear:2024", "report year 2024"),
    ("published:2020..2025", "published 2020–2025"),
])
def test_the_summary_line_names_the_year_searched(query, summary):
    assert describe(parse(query), searchable=lambda word: True) == summary


def test_year_finds_every_country_report_on_that_year_though_published_the_year_after(
        archive, search_documents):
    reports = {d.id for d in search_documents
               if d.doc_type == "Country report" and d.report_year == 2024 and d.published[:4] == "2025"}
    assert len(reports) == 42
    assert reports <= set(all_ids(archive, q="year:2024"))
    assert reports <= set(all_ids(archive, q="reportyear:2024"))
    assert reports <= set(all_ids(archive, q="published:2025"))
    assert not reports & set(all_ids(archive, q="published:2024"))
    facet = {v.value: v.count for v in run(archive, per_page="1", report_year="2024").facets["report_year"]}
    assert facet["2024"] >= 42
