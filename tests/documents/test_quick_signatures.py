"""The array signatures a build compares to find the copies of one work agree with ``signature``.

``quick_signature`` hashes otherwise than ``duplicates.signature`` but must
estimate the same resemblance, so the threshold calibrated on the corpus holds;
``sample_signature`` (the middle of a text) must keep copies close and different
reports apart, since a pair whose samples differ is never compared whole.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from indexer import config
from indexer.documents.reader import read_document
from indexer.duplicates import quick_signature, resemblance, sample_signature, signature
from indexer.engine.copies import _resemblance

SAMPLE_RESEMBLANCE = config.SAMPLE_RESEMBLANCE
PDFS = ["mali", "nigeria", "eritrea", "burma"]


@pytest.fixture(scope="module")
def reports(corpus_dir):
    paths = sorted(p for folder in ("hrr-2024", "hrr-2024-more")
                   for p in (corpus_dir / folder).glob("*.md") if p.name != "PROVENANCE.md")
    return {p.stem: read_document(p).text for p in paths}


@pytest.fixture(scope="module")
def pdfs(corpus_dir):
    return {name: read_document(corpus_dir / "pdf" / f"{name}-2024-human-rights-report.pdf").text
            for name in PDFS}


def _sample(text: str) -> np.ndarray:
    return np.frombuffer(sample_signature(text), dtype=np.uint64)


@pytest.mark.parametrize("name", PDFS)
def test_a_report_and_its_pdf_edition_are_near_copies_by_the_quick_signature(reports, pdfs, name):
    quick = _resemblance(quick_signature(reports[name]), quick_signature(pdfs[name]))
    assert quick >= 0.9
    assert abs(quick - resemblance(signature(reports[name]), signature(pdfs[name]))) < 0.1


@pytest.mark.parametrize("name", PDFS)
def test_a_report_and_its_pdf_edition_have_resembling_samples(reports, pdfs, name):
    assert _resemblance(_sample(reports[name]), _sample(pdfs[name])) >= 0.5 > SAMPLE_RESEMBLANCE   # measured: 0.95-1.0


def test_different_reports_are_apart_by_the_quick_signature_and_by_their_samples(reports):
    quick = {name: quick_signature(text) for name, text in reports.items()}
    samples = {name: _sample(text) for name, text in reports.items()}
    pairs = list(itertools.combinations(reports, 2))
    assert max(_resemblance(quick[a], quick[b]) for a, b in pairs) < 0.25 < config.NEAR_DUPLICATE_THRESHOLD
    assert max(_resemblance(samples[a], samples[b]) for a, b in pairs) < SAMPLE_RESEMBLANCE   # measured: 0.16


@pytest.mark.parametrize(("text", "size"), [("", 0), ("one two three", 1), ("a b c d e f", 2)])
def test_a_short_text_has_as_many_values_as_runs_of_words(text, size):
    values = quick_signature(text)
    assert len(values) == size and list(values) == sorted(values)


def test_the_quick_signature_is_the_same_in_every_process_and_run():
    text = "Trafficking in persons remained a serious problem in every region of the country."
    assert quick_signature(text).tolist() == quick_signature(str(text)).tolist()
    assert int(quick_signature("a b c d e")[0]) == 17954737307326423250
