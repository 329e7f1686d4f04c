"""The quick answers for lines that name no tier or no report are the patterns' answers.

``tier_heading`` turns away an ASCII line without "tier" or "special", and
``year_heading`` one without "report", before trying their patterns; every
line of the real and generated documents, and lines written to be awkward,
must get what the patterns alone give.
"""
from __future__ import annotations

import pytest
from texts import generated_texts, real_texts

from indexer.documents import tiers, titles
from indexer.facets import normalise_tier

AWKWARD = [
    "MALI: TIER 2 WATCH LIST", "Sint Maarten (Dutch part) (Tier 2)", "tier 3", "SPECIAL\tCASE",
    "Libya: Special Case", "## Burma (TIER 3)", "**Tier 1**", "T\u0130ER 2", "Cuba - T\u0131er 3",
    "\u017fpecial case", "Frontier 2", "Country: Tier", "", "   ", "Tier 2 Watch-list",
    "2024 Human Rights Report", "Trafficking in Persons Report, 2019", "COUNTRY REPORTS ON HUMAN RIGHTS PRACTICES FOR 2008",
    "1999 country report on human rights practices", "REP\u00d6RT 2020", "Report 2020", "2021 \u2013 Human Rights Report",
]


def patterns_only(line: str) -> tuple[str, str | None] | None:
    """``tier_heading`` as it was: every line tried with the patterns."""
    line = line.strip().strip("*_#").strip()
    for regex in (tiers._HEADING_PAREN_RE, tiers._HEADING_COLON_RE):
        match = regex.match(line)
        if match:
            tier = normalise_tier(match.group("tier"))
            country = match.group("country").strip()
            if tier and len(country.split()) <= 8 and country[:1].isalpha() and country[:1].isupper():
                return tier, country
    match = tiers._HEADING_BARE_RE.match(line)
    if match and (tier := normalise_tier(match.group("tier"))):
        return tier, None
    return None


@pytest.mark.parametrize("line", AWKWARD)
def test_an_awkward_line_gets_the_patterns_answer(line):
    assert tiers.tier_heading(line) == patterns_only(line)


def test_every_line_of_the_real_and_generated_documents_gets_the_patterns_answer(corpus_dir):
    texts = [*real_texts(corpus_dir), *generated_texts(corpus_dir, count=400, every=4)]
    lines = [line for text in texts for line in text.splitlines()]
    assert any(patterns_only(line) for line in lines)   # the corpus holds tier headings
    assert [tiers.tier_heading(line) for line in lines] == [patterns_only(line) for line in lines]


def year_patterns_only(line: str) -> str | None:
    """``year_heading`` with every line tried with the patterns."""
    match = next(filter(None, (regex.search(line) for regex in titles.YEAR_HEADING_RES)), None)
    return match.group("year") if match else None


@pytest.mark.parametrize("line", AWKWARD)
def test_an_awkward_line_gets_the_year_patterns_answer(line):
    assert titles.year_heading(line) == year_patterns_only(line)


def test_every_line_of_the_real_and_generated_documents_gets_the_year_patterns_answer(corpus_dir):
    texts = [*real_texts(corpus_dir), *generated_texts(corpus_dir, count=400, every=4)]
    lines = [line for text in texts for line in text.splitlines()]
    assert any(year_patterns_only(line) for line in lines)   # the corpus names report years
    assert [titles.year_heading(line) for line in lines] == [year_patterns_only(line) for line in lines]
