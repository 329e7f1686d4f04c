"""Generated Trafficking in Persons chapters for search tests, built from real data only.

One chapter per sampled row of the real TIP tier table (country, year, tier),
written in the old Refworld text layout with the title style of its year, its
body drawn from real sentences of the 2024 Country Reports that speak of
trafficking or forced labour, with the chapter's country named. Deterministic:
row ``i`` always gives the same file. The benchmarks have a richer generator of
their own; tests keep theirs here so the two can change apart.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from random import Random

from buildhelp import seed_like_text

TIERS_CSV = Path("tiers") / "tip_tiers_2001_2015_normalized.csv"
# Sentences of the Country Reports that a TIP chapter could plausibly contain.
_TOPIC = re.compile(r"\b(traffick\w*|forced labou?r|child labou?r|debt bondage|sexual exploitation)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# Destinations that TIP chapters name again and again.
DESTINATIONS = ("Nigeria", "Ghana", "Côte d'Ivoire", "Saudi Arabia", "Thailand", "Russia", "Lebanon",
                "Malaysia", "the United Arab Emirates", "South Africa")


def tier_rows(corpus: Path) -> list[dict]:
    with (corpus / TIERS_CSV).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=2)
def _sentences(corpus: Path) -> tuple[str, ...]:
    found = []
    for report in sorted(corpus.glob("hrr-2024*/*.md")):
        if report.name == "PROVENANCE.md":
            continue
        for line in report.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or len(line) < 80:
                continue
            found += [s.strip() for s in _SENTENCE.split(line) if _TOPIC.search(s) and 60 < len(s) < 400]
    return tuple(found)


def chapter(corpus: Path, i: int, row: dict) -> tuple[str, str]:
    """(file name, text) of the chapter for tier-table row ``i``."""
    rng = Random(f"refsearch-tests:{i}")
    country, year, tier = row["country"], int(row["tip_report_year"]), row["tier"]
    pool = _sentences(corpus)
    first, second = rng.sample(DESTINATIONS, 2)
    paragraphs = [f"{country} is a source, transit and destination country for men, women and "
                  f"children subjected to trafficking in persons. Victims were taken to {first} "
                  f"and {second}."]
    for _ in range(3 + rng.randrange(4)):
        paragraphs.append(" ".join(rng.choice(pool) for _ in range(2 + rng.randrange(4))))
    text = seed_like_text(country, year, tier, "\n\n".join(paragraphs))
    if year >= 2008:
        text = text.replace(f"U.S. Department of State {year} Trafficking in Persons Report - {country}",
                            f"Trafficking in Persons Report {year} - {country}")
        text = text.replace(f"\n{country} ({tier})\n", f"\n{country.upper()} ({tier})\n")
    return f"gen-{i:06d}-{row['iso3'].lower()}-{year}-tip.txt", text
