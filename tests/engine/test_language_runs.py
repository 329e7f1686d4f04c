"""A text in two languages rendered as runs, one per language: what the page shows each stretch
of a bilingual document in, with its own lang and dir."""
from __future__ import annotations

import pytest

from indexer.engine.highlight import render, render_runs
from indexer.records import LanguagePart, TextRun
from indexer.textlanguages import language_stretches

ENGLISH = "The court heard   the witness. "
ARABIC = "تعرضت للتعذيب في السجن"
TEXT = ENGLISH + ARABIC + " Then it adjourned."
AR_START, AR_END = len(ENGLISH), len(ENGLISH) + len(ARABIC)
STRETCHES = ((0, AR_START, "en"), (AR_START, AR_END, "ar"), (AR_END, len(TEXT), "en"))


@pytest.mark.parametrize("language, parts, start, end, expected", [
    ("en", (), 0, 10, ((0, 10, "en"),)),
    ("en", (LanguagePart(5, 8, "ar"),), 0, 10, ((0, 5, "en"), (5, 8, "ar"), (8, 10, "en"))),
    ("en", (LanguagePart(5, 8, "ar"),), 6, 10, ((6, 8, "ar"), (8, 10, "en"))),
    ("English", (LanguagePart(0, 10, "ar"),), 2, 4, ((2, 4, "ar"),)),
    (None, (LanguagePart(5, 8, "fr"),), 0, 8, ((0, 5, None), (5, 8, "fr"))),
])
def test_a_slice_of_a_text_is_cut_into_stretches_by_language(language, parts, start, end, expected):
    assert language_stretches(language, parts, start, end) == expected


@pytest.mark.parametrize("passage", [True, False])
def test_the_runs_joined_are_what_render_makes(passage):
    marks = [(TEXT.index("للتعذيب"), TEXT.index("للتعذيب") + len("للتعذيب"), "x")]
    runs = render_runs(TEXT, 4, len(TEXT) - 3, marks, STRETCHES, passage)
    assert "".join(run.html for run in runs) == render(TEXT, 4, len(TEXT) - 3, marks, passage)
    assert [run.language for run in runs] == ["en", "ar", "en"]


def test_the_spaces_before_a_stretch_stay_with_the_run_before_it():
    runs = render_runs(TEXT, 0, len(TEXT), [], STRETCHES, passage=False)
    assert (runs[0].html, runs[1].html) == (ENGLISH, ARABIC + " ")


def test_a_mark_crossing_into_another_language_is_marked_on_both_sides():
    mark = (ENGLISH.index("witness"), AR_START + len("تعرضت"), "x")
    runs = render_runs(TEXT, 0, len(TEXT), [mark], STRETCHES, passage=False)
    assert runs[0].html.endswith("<mark>witness. </mark>") and runs[1].html.startswith("<mark>تعرضت</mark>")


def test_a_passage_opening_with_spaces_before_the_stretch_shows_its_ellipsis_with_it():
    runs = render_runs(TEXT, AR_START - 1, AR_END, [], STRETCHES)
    assert runs == (TextRun("… " + ARABIC + "…", "ar"),)
