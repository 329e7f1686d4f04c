"""Did you mean: corrections for rare or misspelt words, offered when they find more.

A word the archive does not hold is corrected to the nearest word it does
hold, however rare (names such as "Tigray" are); a word it holds only to one
in ``SUGGEST_GAIN`` times more documents, and a capitalised one (a name) or
an acronym in capitals never. A typed word is compared with every way the
documents write its candidate ("imprisonned" with "imprisoned", not with
the commoner "imprisonment"). A word is corrected within one language's vocabulary:
the language whose documents hold it, or, for a word no document holds, each language
the query is analysed in (``compile.analysis_languages``), the nearest correction
first; the English inflections below are tried on English words only. When some words are not in the archive at all,
only those are corrected, so the corrected query that may be searched in
place of the typed one never replaces a word the archive holds. Corrections are within a typo or two (one for short words) and shown
as the documents write them. The
corrected query must find more documents than the query as typed; document
frequencies often settle that without running it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from .. import deadline
from ..edits import edit_distance
from ..querylang import Parsed, Word, top_level, with_corrections
from ..records import SearchRequest
from .analysis import analyse
from .compile import build_query
from .prepare import executable
from .querylanguages import analysis_languages
from .ranking import least_matches, most_matches
from .schema import stored_document
from .spelling import near_terms

# A word the archive holds is corrected only when the correction is in this many
# times more documents (a word it does not hold, to any word it holds).
SUGGEST_GAIN = 5
# Largest edit distance between a typed word and its correction.
SUGGEST_MAX_EDITS = 2
# Letters a correction shares with the typed word at its start (typos rarely hit
# the first letter, and the shared prefix makes the search of the term list fast).
SUGGEST_PREFIX = 1
# Corrections tried per word (each reads documents to see how the word is written).
SUGGEST_CANDIDATES = 3
# Endings of English inflections and common derivations (with the stem's last consonant
# doubled too), tried on a correction's stem to find the form nearest what was typed.
_ENDINGS = ("", "e", "s", "es", "d", "ed", "ing", "er", "ers", "ion", "ions", "ment", "ments",
            "ance", "ances", "ence", "ences", "ly")
# Documents read at most to find how a correction is written (every form of its stem).
SUGGEST_FORM_DOCUMENTS = 5


def _bare(term: str, language: str | None) -> str:
    """A term without the code of its language's term space (``fr:tortur`` -> ``tortur``)."""
    return term[len(language) + 1:] if language else term


def _written(searcher: Searcher, term: str, typed: str, language: str | None = None) -> list[str]:
    """The ways a stemmed index term is written in the documents that have it, most often
    first ("imprisoned", "imprisonment", "imprison" for ``imprison``): read from up to
    ``SUGGEST_FORM_DOCUMENTS`` of them, stopping at the first holding a form within a typo or
    two of ``typed``."""
    postings = searcher.reader().postings("body", term)
    # Porter2 stems begin as the words they stem do, but for a last "y" written "i".
    stem = _bare(term, language)
    begins = re.compile(rf"\b{re.escape(stem[:max(3, len(stem) - 1)])}\w*", re.IGNORECASE)
    seen: Counter[str] = Counter()
    for _ in range(SUGGEST_FORM_DOCUMENTS):
        if not postings.is_active():
            break
        text = stored_document(searcher.stored_fields(postings.id())).text
        seen.update(word.lower() for word in begins.findall(text) if analyse(word, language) == [term])
        if any(edit_distance(typed, form, _max_edits(typed)) <= _max_edits(typed) for form in seen):
            break
        postings.next()
    found = [form for form, _ in seen.most_common()]
    made = _inflections(term) if language is None else []
    return found + [form for form in made if form not in seen] or [stem]


def _inflections(term: str) -> list[str]:
    """The regular English inflections of a stem that stem back to it ("disappeared",
    "disappearing" for ``disappear``), for forms the documents read did not show."""
    bases = [term, term[:-1] + "y"] if term.endswith("i") else [term, term + term[-1:]]
    made = (base + ending for base in bases for ending in _ENDINGS)
    return [form for form in dict.fromkeys(made) if analyse(form) == [term]]


def _nearest_form(typed: str, forms: list[str]) -> str:
    """The written form nearest to what was typed (the most frequent among equals), so a
    misspelt inflection is compared with its own inflection, not the stem's commonest one."""
    return min(forms, key=lambda form: edit_distance(typed, form))


def _max_edits(word: str) -> int:
    """Short words tolerate one typo, longer ones two: "rice" must not become "crime"."""
    return 1 if len(word) <= 6 else SUGGEST_MAX_EDITS


def _correction(searcher: Searcher, word: str) -> str | None:
    """A word written within a typo or two of ``word`` that many more documents contain
    (any document, when the archive does not hold ``word`` at all), in the vocabulary of
    the language whose documents hold the word, or of each language when none does."""
    reader = searcher.reader()
    stems = {}
    for language in analysis_languages():
        analysed = analyse(word, language)
        if len(analysed) == 1:
            stems[language] = analysed[0]
    held = {language: stem for language, stem in stems.items() if reader.doc_frequency("body", stem)}
    if held and word[:1].isupper():
        return None  # a name the archive holds ("Hazaras") is never corrected to a word
    folded = word.lower()
    edits = _max_edits(folded)
    best: dict[str, tuple[tuple[int, int, str], str | None]] = {}
    for language, stem in (held or stems).items():
        frequency = reader.doc_frequency("body", stem)
        wanted = SUGGEST_GAIN * frequency if frequency else 1
        if wanted > reader.doc_count():
            continue  # no word could be in enough more documents
        space = f"{language}:" if language else ""
        for spelling in dict.fromkeys((stem, space + folded)):
            for near in near_terms(reader, "body", spelling, edits, SUGGEST_PREFIX + len(space), wanted):
                if near[2] != stem and (near[2] not in best or near < best[near[2]][0]):
                    best[near[2]] = (near, language)
    for _, (near, language) in sorted(best.items(), key=lambda item: item[1][0])[:SUGGEST_CANDIDATES]:
        written = _nearest_form(folded, _written(searcher, near[2], folded, language))
        if written != folded and edit_distance(folded, written) <= _max_edits(folded):
            return written[:1].upper() + written[1:] if word[:1].isupper() else written
    return None


@dataclass(frozen=True)
class Correction:
    """A corrected query, as text and as a tree; ``unknown`` when it corrects a word the
    archive does not hold at all (a typo, not a rarer spelling)."""

    text: str
    parsed: Parsed
    unknown: bool


def correction(searcher: Searcher, request: SearchRequest, parsed: Parsed, total: int,
               allowed: np.ndarray | None, count_matches) -> Correction | None:
    """The query with rare or misspelt words corrected, when that finds more documents.

    ``total`` is how many documents have all the words as typed; the
    corrected query must find more with all of its words. ``allowed`` is the
    request's filter as docnums (None: unfiltered); ``count_matches(query,
    allowed)`` counts what a query matches within it.
    """
    corrections: dict[str, str] = {}
    absent: set[str] = set()
    reader = searcher.reader()
    for node in top_level(parsed):
        # An acronym in capitals is never corrected: "RSF" is not a typo of "RSS".
        if not isinstance(node, Word) or not node.text.isalpha() or node.text.isupper():
            continue
        deadline.check()
        better = _correction(searcher, node.text)
        if better:
            corrections[node.text] = better
            if not any(reader.doc_frequency("body", t) for language in analysis_languages()
                       for t in analyse(node.text, language)):
                absent.add(node.text)
    if absent:
        # A query that may be searched as corrected corrects only the words the archive does
        # not hold: a word it holds is never replaced without the user choosing it.
        corrections = {typed: better for typed, better in corrections.items() if typed in absent}
    if not corrections:
        return None
    unknown = bool(absent)
    text = request.query
    for typed, better in corrections.items():
        text = re.sub(rf"(?<![\w-]){re.escape(typed)}(?!\w)", better, text, count=1)
    corrected = Correction(text, with_corrections(parsed, corrections), unknown)
    words = executable(build_query(corrected.parsed), searcher)
    if allowed is None:
        # Document frequencies often settle it: running the corrected query in
        # full costs as much as a page of its own when it has a common word.
        if most_matches(words, reader) <= total:
            return None
        if least_matches(words, reader) > total:
            return corrected
    return corrected if count_matches(words, allowed) > total else None
