"""Characters read alike in every kind of file: ligatures, soft hyphens, words broken at a line end, text that is not language."""
from __future__ import annotations

import pytest

from indexer import config
from indexer.documents.characters import is_language, join_broken_line, normalise_characters, vocabulary


@pytest.mark.parametrize(("text", "expected"), [
    ("a con\ufb02ict over \ufb01ve o\ufb03ces", "a conflict over five offices"),
    ("gov\u00adern\u00adment", "government"),
    ("x\u00b2 and \u00bd stay", "x\u00b2 and \u00bd stay"),   # NFKC only where it is safe
    ("\ufefb", "\u0644\u0627"),                              # an Arabic ligature as its letters
])
def test_ligatures_become_letters_and_soft_hyphens_go(text, expected):
    assert normalise_characters(text) == expected


KNOWN = vocabulary(["The officers reported it.", "A voter and the elected council.", "The public sector"])


@pytest.mark.parametrize(("text", "line", "expected"), [
    ("it was re-", "ported late", "it was reported late"),                 # the joined word is known
    ("land seizures, envi-", "ronmental issues", "land seizures, environmental issues"),   # halves are no words
    ("the first voter-", "elected council", "the first voter-elected council"),   # two known words
    ("used self-", "defense", "used self-defense"),                        # a usual first half
    ("deten\u00ad", "tion", "detention"),                                 # a soft hyphen always joins
    ("it was re\u2010", "ported late", "it was reported late"),           # U+2010 HYPHEN (WeasyPrint)
    ("the first voter\u2010", "elected council", "the first voter\u2010elected council"),
    ("free to ex\u2010", "ercise it", "free to exercise it"),   # a layout's U+2010: no usual first half
    ("at https://www.state.gov/trafficking-in-per\u2010", "sons-report/.",
     "at https://www.state.gov/trafficking-in-persons-report/."),
    ("at https://www.state.gov/trafficking-in-", "persons-report/.", "at https://www.state.gov/trafficking-in-persons-report/."),
    ("the", "public sector", "the public sector"),
])
def test_a_word_broken_at_a_line_end_is_rejoined_unless_it_is_a_compound(text, line, expected):
    assert join_broken_line(text, line, KNOWN) == expected


def test_the_halves_of_a_broken_word_are_not_words_of_the_document():
    assert {"envi", "ronmental"}.isdisjoint(vocabulary(["land seizures, envi-", "ronmental issues"]))


@pytest.mark.parametrize(("text", "readable"), [
    ("The government took minimal steps to identify officials.", True),
    ("Правительство приняло меры.", True),
    ("الحكومة اتخذت خطوات", True),
    ("!\"#$% &'()*+ ,-./ 0123 !\"#$ %&'()", False),
    ("Xkq zrt bhvp qwx zzkr tpl mnb vcx", False),
])
def test_a_text_layer_that_is_not_language_is_told_apart(text, readable):
    assert is_language(text, min_letters=config.MIN_LETTER_SHARE, min_words=config.MIN_WORD_SHARE)[0] is readable
