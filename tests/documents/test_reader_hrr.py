"""The 2024 Country Reports on Human Rights Practices (Markdown): country, title, year, full body, no tier."""
from __future__ import annotations

import re

import pytest

from indexer.documents.reader import read_document

COUNTRY_OF_FILE = {
    "mali": "MLI", "nigeria": "NGA", "afghanistan": "AFG", "bangladesh": "BGD", "belarus": "BLR",
    "burkinafaso": "BFA", "burma": "MMR", "cameroon": "CMR", "chad": "TCD", "china": "CHN",
    "colombia": "COL", "congo": "COG", "cotedivoire": "CIV", "cuba": "CUB", "egypt": "EGY",
    "elsalvador": "SLV", "eritrea": "ERI", "ethiopia": "ETH", "ghana": "GHA", "guatemala": "GTM",
    "guinea": "GIN", "haiti": "HTI", "honduras": "HND", "iran": "IRN", "iraq": "IRQ", "libya": "LBY",
    "nicaragua": "NIC", "niger": "NER", "northkorea": "PRK", "pakistan": "PAK", "russia": "RUS",
    "senegal": "SEN", "somalia": "SOM", "southsudan": "SSD", "srilanka": "LKA", "sudan": "SDN",
    "syria": "SYR", "turkey": "TUR", "ukraine": "UKR", "venezuela": "VEN", "vietnam": "VNM",
    "yemen": "YEM",
}


def _report_paths(corpus_dir):
    return sorted(p for folder in ("hrr-2024", "hrr-2024-more")
                  for p in (corpus_dir / folder).glob("*.md") if p.stem != "PROVENANCE")


def test_the_corpus_holds_the_42_reports(corpus_dir):
    assert sorted(p.stem for p in _report_paths(corpus_dir)) == sorted(COUNTRY_OF_FILE)


@pytest.mark.parametrize("stem", sorted(COUNTRY_OF_FILE))
def test_human_rights_report_is_described_and_fully_kept(corpus_dir, stem):
    path = next(p for p in _report_paths(corpus_dir) if p.stem == stem)
    raw = path.read_text(encoding="utf-8")
    doc = read_document(path)
    first_line = raw.splitlines()[0]
    assert doc.title == first_line.lstrip("# ").strip()
    assert doc.countries[0].code == COUNTRY_OF_FILE[stem]
    assert len(doc.countries) == 1
    assert doc.report_year == 2024
    assert doc.tier is None
    assert doc.doc_type == "Country report"
    assert doc.publisher == "United States Department of State"
    assert doc.language == "en"
    assert doc.source_url and doc.source_url.startswith("https://www.state.gov/") and doc.source_url.endswith(".pdf")
    assert re.match(r"^.+ — 2024 Human Rights Report\n\nExecutive Summary\n\n\S", doc.text)
    assert "Editions included" not in doc.text and "Source PDF" not in doc.text and "#" not in doc.text[:200]
    kept = set(doc.text.split("\n"))
    for line in raw.splitlines()[1:]:
        line = re.sub(r"^#+\s+", "", line).strip()
        if line and not line.startswith(("Editions included:", "Source PDF:")):
            assert " ".join(line.split()) in kept
    assert "\n\n\n" not in doc.text
