"""Tier, country and report year of generated TIP chapters, checked against the real tier table.

For every (country, year) row of a varied set of countries, a chapter is
written in the heading style of its era (before 2008 "Mali (Tier 2)", from
2008 "MALI (Tier 2)") and in the colon style of later reports
("MALI: TIER 2 WATCH LIST"), with the title pattern of its year, in each
page layout in turn.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.corpus.forms import FORMS, RefworldPage, render
from indexer.countries import by_code
from indexer.documents.reader import parse_document

CORPUS_TABLE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "tiers" / \
    "tip_tiers_2001_2015_normalized.csv"
COUNTRIES = ("Mali", "Nigeria", "Cote d'Ivoire", "Korea, Republic of", "Korea, Democratic People's Republic of",
             "Congo", "Congo, the Democratic Republic of the", "Myanmar", "Afghanistan", "Somalia", "Haiti",
             "Russian Federation", "Iran, Islamic Republic of", "Lao People's Democratic Republic", "Viet Nam",
             "Swaziland", "Macedonia, the former Yugoslav Republic of", "Bahamas", "Sudan", "Kosovo")


def _rows() -> list[dict[str, str]]:
    if not CORPUS_TABLE.is_file():
        return []
    with CORPUS_TABLE.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["country"] in COUNTRIES]


ROWS = _rows()


def chapter(row: dict[str, str], style: str) -> RefworldPage:
    year = int(row["tip_report_year"])
    name = row["country"]
    title_name = row["source_country_name"] if year % 2 == 0 else name
    if year < 2008:
        title = f"U.S. Department of State {year} Trafficking in Persons Report - {title_name}"
    else:
        title = f"Trafficking in Persons Report {year} - {title_name}"
    tier = row["tier"]
    if style == "colon":
        heading = f"{name.upper()}: {tier.upper() if year % 2 else tier}"
    elif year < 2008:
        heading = f"{name} ({tier})"
    else:
        heading = f"{name.upper()} ({tier})"
    body = (f"The Government of {name} does not fully comply with the minimum standards.",
            "The government made efforts to prevent trafficking in persons.")
    return RefworldPage(title=title, paragraphs=body, heading=heading,
                        publisher="United States Department of State",
                        publication_date=f"June {year}")


def test_the_chosen_countries_are_all_in_the_table(corpus_dir):
    assert {row["country"] for row in ROWS} == set(COUNTRIES)
    assert any(row["tier"] == "Special Case" for row in ROWS)


@pytest.mark.parametrize("style", ["era", "colon"])
@pytest.mark.parametrize("row", ROWS, ids=[f"{r['iso3']}-{r['tip_report_year']}" for r in ROWS])
def test_generated_chapter_gives_the_tier_table_row(row, style):
    page = chapter(row, style)
    form = FORMS[(int(row["tip_report_year"]) + len(row["country"])) % len(FORMS)]  # every layout in turn
    doc = parse_document(render(page, form).encode("utf-8"), f"chapter.{form}")
    assert doc.tier == row["tier"]
    assert doc.countries == (by_code(row["iso3"]),)
    assert doc.report_year == int(row["tip_report_year"])
    assert doc.doc_type == "Annual report"
    assert doc.text.startswith(page.heading)


def _whole_table() -> list[dict[str, str]]:
    if not CORPUS_TABLE.is_file():
        return []
    with CORPUS_TABLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_row_of_the_tier_table_is_read_back_from_its_text_chapter(corpus_dir):
    """All rows (every country, every year) in the plain-text form: one test, so it stays quick."""
    rows = _whole_table()
    assert len(rows) > 2000
    wrong = []
    for row in rows:
        doc = parse_document(render(chapter(row, "era"), "text").encode("utf-8"), "chapter.txt")
        got = (doc.tier, doc.countries, doc.report_year)
        if got != (row["tier"], (by_code(row["iso3"]),), int(row["tip_report_year"])):
            wrong.append((row["country"], row["tip_report_year"], row["tier"], got))
    assert wrong == []

