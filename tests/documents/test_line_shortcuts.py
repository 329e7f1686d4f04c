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

AWKWARD = [
    "MALI: TIER 2 WATCH LIST", "Sint Maarten (Dutch part) (Tier 2)", "tier 3", "SPECIAL\tCASE",
    "Libya: Special Case", "## Burma (TIER 3)", "**Tier 1**", "T\u0130ER 2", "Cuba - T\u0131er 3",
    "\u017fpecial case", "Frontier 2", "Country: Tier", "", "   ", "Tier 2 Watch-list",
    "2024 Human Rights Report", "Trafficking in Persons Report, 2019", "COUNTRY REPORTS ON HUMAN RIGHTS PRACTICES FOR 2008",
    "1999 country report on human rights practices", "REP\u00d6RT 2020", "Report 2020", "2021 \u2013 Human Rights Report",
]


# (the function with its quick answer, the same with every line tried with the patterns)
PAIRS = [(tiers.tier_heading, tiers.tier_heading_by_patterns),
         (titles.year_heading, titles.year_heading_by_patterns)]


@pytest.mark.parametrize("quick, patterns", PAIRS)
@pytest.mark.parametrize("line", AWKWARD)
def test_an_awkward_line_gets_the_patterns_answer(quick, patterns, line):
    assert quick(line) == patterns(line)


@pytest.mark.parametrize("quick, patterns", PAIRS)
def test_every_line_of_the_real_and_generated_documents_gets_the_patterns_answer(corpus_dir, quick, patterns):
    texts = [*real_texts(corpus_dir), *generated_texts(corpus_dir, count=400, every=4)]
    lines = [line for text in texts for line in text.splitlines()]
    assert any(patterns(line) for line in lines)   # the corpus holds tier headings and report years
    assert [quick(line) for line in lines] == [patterns(line) for line in lines]
