"""The one highlighter: the words a search matched, marked in search snippets and in whole documents.

``matches`` finds every word or phrase of a text that the index would
match to the query: a regular expression picks the words that start like a
query term (in any case, with or without accents), and only those are turned
into index terms as the analyser would, so a long report costs a scan
rather than an analysis. ``snippets`` chooses the passages with the most
distinct query terms for a results page; ``reading.highlight_paragraphs`` marks the
same words in every paragraph of a document page. ``render`` is the one
place markup is made: every character is escaped except the ``<mark>``
around matches; ``render_runs`` cuts the same HTML where the text's language
changes, so a bilingual page shows each part in its own direction.
"""
from __future__ import annotations

import functools
import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from whoosh.support.charset import accent_map

from .. import config, deadline
from ..records import TextRun
from .analysis import TOKEN_RE, dropped, index_term, spellings_of
from .compile import Highlight
from .multilingual import term_spans
from .terms import ELISIONS


def _variants(letter: str) -> set[str]:
    """``letter`` in either case and with every accent."""
    return {letter, letter.upper()} | _ACCENTED.get(letter, set())


def _letters(prefix: str) -> str:
    """A regex matching ``prefix`` in any case and with or without accents ("co" finds "Cô")."""
    return "".join("[" + "".join(re.escape(v) for v in sorted(_variants(letter))) + "]" for letter in prefix)


_ACCENTED: dict[str, set[str]] = {}
for _code, _plain in accent_map.items():
    if len(_plain) == 1:
        _ACCENTED.setdefault(_plain.lower(), set()).add(chr(_code))
# An elision before a word ("d'Ivoire", "l'Etat"): the analyser indexes the word after it.
_ELIDED = r"(?:(?:" + "|".join(_letters(e) for e in sorted(ELISIONS)) + r")['’])?"
# The rest of a token as the analyser's tokenizer reads it (inner apostrophes and dots).
_TOKEN_TAIL = r"[\w*]*(?:['’][\w*]+)*(?:\.?[\w*]+(?:['’][\w*]+)*)*"


@functools.lru_cache(maxsize=config.HIGHLIGHT_PATTERN_CACHE)
def _candidates_pattern(starts: frozenset[str]) -> re.Pattern:
    """Words beginning like any of ``starts``, in any case and with or without accents.

    The pattern opens with the letters a match can begin with: most places in a text fail
    that one test at once, which makes the scan about a third faster."""
    first = set().union(*(_variants(p[0]) for p in (*starts, *ELISIONS) if p))
    return re.compile("(?=[" + "".join(re.escape(c) for c in sorted(first)) + r"])(?<![\w*'’])" + _ELIDED
                      + "(?:" + "|".join(_letters(p) for p in sorted(starts)) + ")" + _TOKEN_TAIL)


def _starts(keys: set[str]) -> frozenset[str]:
    """The first two letters of every spelling that may be indexed as one of ``keys``."""
    found = {k[:2] for k in keys if k}
    for key in keys:
        found.update(spelling[:2] for spelling in spellings_of(key))
    return frozenset(found)


# The language of a text as highlighting takes it: one language (None: English), or the
# stretches of a text in several, (start, end, language) each, covering the text in order
# (``positions.stretches``).
Languages = str | None | tuple[tuple[int, int, str | None], ...]


def matches(text: str, marks: Highlight, language: Languages = None) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word or phrase of ``text`` the index would match to the query,
    ``text`` being in ``language`` (None: English, as ``analysis.analysis_language`` says).

    A regular expression finds the words that start like a query term (in
    any case, with or without accents); only those are turned into index
    terms (as the index's analyser would), so a long report costs a scan
    rather than an analysis. Text in another language is analysed whole.
    """
    return matches_in(text, marks, ((0, len(text)),), language)


def within(language: Languages, start: int, end: int) -> Languages:
    """``language`` for the slice ``[start, end)`` of its text, with offsets into the slice."""
    if not isinstance(language, tuple):
        return language
    return tuple((max(a, start) - start, min(b, end) - start, w) for a, b, w in language if a < end and b > start)


def _words_found(text: str, keys: set[str], spans: Iterable[tuple[int, int]],
                 language: str | None) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word inside ``spans`` that may be one of ``keys``."""
    if language is not None:
        # Only kept words: a phrase's words are neighbours.
        spans = tuple(spans)
        return [t for t in term_spans(text, language) if any(a <= t[0] and t[1] <= b for a, b in spans)]
    pattern = _candidates_pattern(_starts(keys))
    found = []
    for span_start, span_end in spans:
        # Searched in place, so a match's first letter sees the character before it.
        for match in pattern.finditer(text, span_start, span_end):
            term = index_term(match.group())  # the pattern matches whole tokens only
            if term is not None:
                found.append((match.start(), match.end(), term))
    return found


def matches_in(text: str, marks: Highlight, spans: Iterable[tuple[int, int]],
               language: Languages = None) -> list[tuple[int, int, str]]:
    """``matches`` of ``text`` found inside ``spans`` only (ascending, apart, each beginning
    and ending where a word does): what a scan of the whole text finds there."""
    keys = set(marks.terms) | set(marks.prefixes) | {w for p in marks.phrases for w in p}
    if not keys:
        return []
    if isinstance(language, tuple):  # each stretch's words as its own language reads them
        spans = tuple(spans)
        found = []
        for a, b, where in language:
            inside = [(max(a, s), min(b, e)) for s, e in spans if s < b and e > a]
            if not inside:
                continue
            if where is None:
                found += _words_found(text, keys, inside, None)
            else:
                found += [(s + a, e + a, t) for s, e, t in
                          _words_found(text[a:b], keys, [(s - a, e - a) for s, e in inside], where)]
    else:
        found = _words_found(text, keys, spans, language)
    terms, prefixes = marks.terms, tuple(marks.prefixes)
    starting: dict[str, list[tuple[str, ...]]] = {}  # a phrase's first word -> the phrases
    for phrase in marks.phrases:
        starting.setdefault(phrase[0], []).append(phrase)
    out = []
    for i, (start, end, key) in enumerate(found):
        if key in terms or (prefixes and key.startswith(prefixes)):
            out.append((start, end, key))
            continue
        for phrase in starting.get(key, ()):
            run = found[i:i + len(phrase)]
            if (tuple(f[2] for f in run) == phrase
                    and (language is not None or all(all(dropped(w) for w in TOKEN_RE.findall(text[a[1]:b[0]]))
                                                     for a, b in zip(run, run[1:])))):
                out.append((start, run[-1][1], " ".join(phrase)))
                break
    # A phrase may swallow words matched alone; keep marks from overlapping.
    kept: list[tuple[int, int, str]] = []
    for mark in out:
        if kept and mark[0] < kept[-1][1]:
            if mark[1] > kept[-1][1]:
                kept[-1] = (kept[-1][0], mark[1], kept[-1][2])
            continue
        kept.append(mark)
    return kept


def _window(text: str, first: int, last: int, width: int) -> tuple[int, int]:
    """Character bounds of about ``width`` around [first, last), cut at spaces."""
    pad = max(0, (width - (last - first)) // 2)
    start, end = max(0, first - pad), min(len(text), last + pad)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    return start, end


def render(text: str, start: int, end: int, marks: list[tuple[int, int, str]],
            passage: bool = True) -> str:
    """Escape ``text[start:end]`` and wrap the matches in <mark>: the one place markup is made.

    A ``passage`` (a snippet) says with "…" where it was cut and has its
    runs of white space collapsed; a whole paragraph keeps its line breaks.
    """
    inner = _escaped(text, start, end, marks)
    return _passage_ends(text, start, end, inner) if passage else inner


# Stands where a stretch of another language begins while a passage is rendered whole (so its
# spaces are collapsed as they always are), then cuts it there; a text holding it is not cut.
_CUT = "\x00"
# A run worth a language of its own holds a letter or a digit.
_WORDY = re.compile(r"[^\W_]")


def render_runs(text: str, start: int, end: int, marks: list[tuple[int, int, str]],
                languages: Sequence[tuple[int, int, str | None]],
                passage: bool = True) -> tuple[TextRun, ...]:
    """``render`` of ``text[start:end]`` cut into runs by the language each stretch of
    ``languages`` (start, end, filed code: in order, covering the slice) is in; the runs'
    HTML joined is what ``render`` makes, but that a match crossing a stretch's end is
    marked on both sides of it.

    A run begins at the first character of its stretch that is not a space, so the spaces
    between two stretches stay with the first, and a passage's "…" with the run it opens.
    """
    cuts = []
    for a, _, _ in languages[1:]:
        while a < end and text[a].isspace():
            a += 1
        if start < a < end:
            cuts.append(a)
    first = languages[0][2] if languages else None
    if not cuts or _CUT in text[start:end]:
        return (TextRun(render(text, start, end, marks, passage), first),)
    split = []
    for m_start, m_end, key in marks:
        for cut in (c for c in cuts if m_start < c < m_end):
            split.append((m_start, cut, key))
            m_start = cut
        split.append((m_start, m_end, key))
    bounds = [start, *cuts, end]
    whole = _CUT.join(_escaped(text, a, b, [m for m in split if a <= m[0] and m[1] <= b])
                      for a, b in zip(bounds, bounds[1:]))
    if passage:
        whole = _passage_ends(text, start, end, whole)
    runs: list[TextRun] = []
    for piece, at in zip(whole.split(_CUT), bounds):
        language = next((w for a, b, w in languages if a <= at < b), first)
        if runs and (runs[-1].language == language or not _WORDY.search(runs[-1].html)):
            runs[-1] = TextRun(runs[-1].html + piece, language)  # "… " alone joins the next run
        elif piece:
            runs.append(TextRun(piece, language))
    return tuple(runs)


def render_written(text: str, start: int, end: int, marks: list[tuple[int, int, str]],
                   languages: Sequence[tuple[int, int, str | None]] | None, own: str | None,
                   passage: bool = True) -> tuple[str, tuple[TextRun, ...]]:
    """``render`` of ``text[start:end]``, and its ``render_runs`` when some of it is in another
    language than ``own`` (``languages``: the slice's stretches; None: all of it is in ``own``)."""
    if not languages:
        return render(text, start, end, marks, passage), ()
    runs = render_runs(text, start, end, marks, languages, passage)
    return "".join(run.html for run in runs), runs if any(run.language != own for run in runs) else ()


def _escaped(text: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` escaped, the ``marks`` (inside it, offsets into ``text``) in <mark>."""
    out, pos = [], start
    for m_start, m_end, _ in marks:
        out.append(html.escape(text[pos:m_start]))
        out.append(f"<mark>{html.escape(text[m_start:m_end])}</mark>")
        pos = m_end
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def _passage_ends(text: str, start: int, end: int, inner: str) -> str:
    """A passage's HTML: "…" where it was cut from ``text``, its runs of white space collapsed."""
    out = ("…" if start > 0 else "") + inner + ("…" if end < len(text) else "")
    return re.sub(r"\s{2,}", " ", out).strip()


def snippets(text: str, marks: Highlight, limit: int = config.SNIPPETS_PER_HIT,
             surround: int = config.SNIPPET_SURROUND) -> tuple[str, ...]:
    """The passages of ``text`` that hold the most of the query's concepts, best first, as safe HTML."""
    return tuple(html for html, _ in passages(text, marks, limit, surround))


def _stretch_end(text: str, at: int) -> int:
    """Where a stretch reaching ``at`` ends: at the next line break, else the next space."""
    if at >= len(text):
        return len(text)
    for sep in ("\n", " "):
        found = text.find(sep, at, at + 10_000)
        if found != -1:
            return found
    return at


def scanned_matches(text: str, marks: Highlight, stretch: int = config.SNIPPET_SCAN_CHARS,
                    spans: Sequence[tuple[int, int]] | None = None,
                    language: Languages = None) -> list[tuple[int, int, str]]:
    """The matches of ``text`` a stretch of about ``stretch`` characters at a time, until those
    found hold every subject of the query (or the text ends), checking the time budget
    between stretches: a 20 MB report costs a stretch or a few, not a scan of its length.

    ``spans`` (from the index's positions, ``wordplaces.word_spans``) are where the query's
    words are: only they are looked in, and what is found is what a scan would find.
    """
    subjects = {number for number, concept in enumerate(marks.concepts) if not concept.place}
    found: list[tuple[int, int, str]] = []
    held: set[int] = set()
    start = 0
    while start < len(text):
        deadline.check()
        end = _stretch_end(text, start + stretch)
        if spans is None:
            more = [(a + start, b + start, key)
                    for a, b, key in matches(text[start:end], marks, within(language, start, end))]
        else:
            inside = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
            more = matches_in(text, marks, inside, language) if inside else []
        found += more
        held.update(marks.concept_of(key)[0] for key in {key for _, _, key in more})
        start = end
        if found and subjects <= held:
            break
    return found


def passages(text: str, marks: Highlight, limit: int = config.SNIPPETS_PER_HIT,
             surround: int = config.SNIPPET_SURROUND,
             stretch: int = config.SNIPPET_SCAN_CHARS, lead: int | None = None,
             spans: Sequence[tuple[int, int]] | None = None,
             language: Languages = None) -> tuple[tuple[str, int], ...]:
    """The best passages of ``text`` as (safe HTML, where it starts in ``text``), best first
    (``passage_windows`` chooses them)."""
    return tuple((render(text, start, end, marked), start)
                 for start, end, marked in passage_windows(text, marks, limit, surround, stretch, lead, spans, language))


def passage_windows(text: str, marks: Highlight, limit: int = config.SNIPPETS_PER_HIT,
                    surround: int = config.SNIPPET_SURROUND,
                    stretch: int = config.SNIPPET_SCAN_CHARS, lead: int | None = None,
                    spans: Sequence[tuple[int, int]] | None = None,
                    language: Languages = None) -> tuple[tuple[int, int, list[tuple[int, int, str]]], ...]:
    """The best passages of ``text`` as (start, end, the matches in it), best first.

    A passage is chosen first for the subjects it holds (the words asked
    about), the ones the text names rarely first, then for the places (a
    country's many names count once), then for its number of matches. It
    spans at most ``2 * surround`` characters; passages do not overlap.
    Without any match, the opening of the text stands in. A text longer than
    ``stretch`` is searched only as far as ``scanned_matches`` goes. ``lead``
    (where the passage closest in meaning to the query starts) stands in for
    the opening when no query word is found: on the development needs a
    passage chosen by meaning answered less often than one chosen by words
    whenever the text held any of them (first snippets 78 of 157 against 110).
    ``spans``, when known, are the only places the query's words can be (``scanned_matches``).
    """
    width = 2 * surround
    found = scanned_matches(text, marks, stretch, spans, language)
    chosen: list[tuple[int, int, list]] = []
    if not found and lead is not None and 0 <= lead < len(text):
        start, end = _window(text, lead, min(len(text), lead + width), width)
        return ((start, end, []),)
    if not found:
        start, end = _window(text, 0, min(len(text), width), 0)
        return ((0, end, []),) if text.strip() else ()
    candidates = []
    concept = {key: marks.concept_of(key) for key in {m[2] for m in found}}
    # A concept the text names rarely says more where it is named than one it names everywhere.
    uses = Counter(concept[m[2]] for m in found)
    rarity = {c: 1.0 / math.log2(1 + n) for c, n in uses.items()}
    for i, (first, _, _) in enumerate(found):
        j = i
        while j + 1 < len(found) and found[j + 1][1] - first <= width:
            j += 1
        group = found[i:j + 1]
        held = {concept[m[2]] for m in group}
        subjects = [c for c in held if not c[1]]
        candidates.append((len(subjects), round(sum(rarity[c] for c in subjects), 6),
                           len(held) - len(subjects), len(group), -first, i, j))
    candidates.sort(reverse=True)
    for *_, i, j in candidates:
        if len(chosen) >= limit:
            break
        start, end = _window(text, found[i][0], found[j][1], width)
        if any(start < c_end and c_start < end for c_start, c_end, _ in chosen):
            continue
        chosen.append((start, end, [m for m in found if m[0] >= start and m[1] <= end]))
        if len(chosen) == limit:
            break
    return tuple(chosen)
