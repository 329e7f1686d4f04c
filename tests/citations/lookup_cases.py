"""What the citation lookup tests share: the look-alike index they search, the seed's
citation, and the real examples of the corpus's CITATION_EXAMPLES.md."""
from __future__ import annotations

import re

import pytest

from indexer.archive import open_archive


@pytest.fixture(scope="module")
def archive(citation_index):
    """The index of look-alike citations, in place of the search index `archive` of conftest."""
    with open_archive(citation_index) as opened:
        yield opened


@pytest.fixture(scope="module")
def seed_id(seed_as_extracted):
    return seed_as_extracted.id


def example_lines(corpus_dir) -> tuple[list[str], list[str]]:
    """(citation lines of sections 1-3, lines of section 4) of CITATION_EXAMPLES.md."""
    text = (corpus_dir / "refworld-records" / "CITATION_EXAMPLES.md").read_text(encoding="utf-8")
    citations_part, urls_part = text.split("## 4.", 1)
    citations = [re.split(r"\s{2,}<-", line)[0].strip()
                 for line in citations_part.splitlines()
                 if re.match(r"^ {4}\S", line)]
    return citations, urls_part.splitlines()


SEED_CITE = ("United States Department of State, U.S. Department of State 2004 Trafficking in "
             "Persons Report - Mali, 14 June 2004, available at: [accessed 25 May 2016]")

SEED_TITLE = "U.S. Department of State 2004 Trafficking in Persons Report - Mali"
