"""The scan for country words inside names finds exactly what the word-boundary lookahead found."""
from __future__ import annotations

import re

import pytest

from bench.corpus.generate import make_document
from indexer.engine.names import _NAME_RE, HEADS

# The expression as first written: a lookahead tried at every word boundary.
LOOKAHEAD_RE = re.compile(r"\b(?=([A-Z][a-z]+)(?:[ \t]+(?:[A-Z][\w'’-]*|of|for|the|and)){0,4}?[ \t]+(?:"
                          + "|".join(HEADS) + r")\b)")

AWKWARD = [
    "Eritrean Defense Forces and Syrian Democratic Forces; the Kenya Defence Forces. Eritrean refugees",
    "EritreanDefense Forces xEritrean Defense Forces _Syrian Army 1Syrian Army Syrian Army",
    "Syrian Arab Army Front Nigeria Police Act Nigeria Police Forcesx Mali Union of the Act",
    "Sudan People's Liberation Army Movement, Chad's Army, Burundi\tNational Defence Force",
    "Émile Zola Foundation Ñandú Party Côte Police ab Cd Ef Gh Ij Kl Party",
    "", "Army", "Mali", "A Army", "Aa Army",
]


def _same_matches(text: str) -> None:
    assert [(m.start(), m.group(1)) for m in _NAME_RE.finditer(text)] == \
        [(m.start(), m.group(1)) for m in LOOKAHEAD_RE.finditer(text)]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_has_the_names_the_lookahead_found(text):
    _same_matches(text)


def test_generated_documents_have_the_names_the_lookahead_found(corpus_dir):
    for i in range(0, 400, 5):
        _same_matches(make_document(i, forms=("text",), corpus_dir=corpus_dir)[1])


def test_real_documents_have_the_names_the_lookahead_found(corpus_dir):
    files = sorted(p for p in corpus_dir.rglob("*") if p.suffix in (".md", ".txt", ".html"))
    assert len(files) > 20
    found = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        _same_matches(text)
        found += len(LOOKAHEAD_RE.findall(text))
    assert found > 100
