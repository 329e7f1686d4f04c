"""Footnotes of a PDF page: found at the foot of a page or column, kept apart from the paragraph they interrupt.

A footnote is set below the text it annotates, in smaller type than the
body, and opens with its number (drawn before it, raised, or glued to its
first word: "1Test footnote", "1 Test", "1. Test", a "1" on a line of its own). Read
in order, its lines would run into the paragraph that continues on the
next page or column. So ``take_notes`` takes, from a page's lines in
reading order, each run of small lines that ends a column (the next line is
higher on the page, or the page ends) and holds a number: its footnotes.
``mark_references`` turns the number the text refers to a footnote with
("year.1") into a Markdown footnote reference (``year.[^1]``), and
``place_notes`` writes each footnote as a Markdown footnote definition
(``[^1]: ...``) after the paragraph that refers to it, or, when no
reference is found, after the paragraph the page ends with; ``structure``
makes them paragraphs marked as footnotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

# Footnote lines are set in type at most this share of the body's size.
_NOTE_SCALE = 0.95
# A raised footnote number is set at most this share of the size of the line it stands beside.
_MARK_SCALE = 0.85
_NUMBER_ONLY_RE = re.compile(r"^(\d{1,3})$")
# A footnote's number opening its line, alone or with a dot ("1 Test", "1Test", "1. Test": CSS footnotes).
_NUMBERED_RE = re.compile(r"^(\d{1,3})\.?\s?(?=[A-Z“\"‘'(\[])")
_REFERENCE_RE = re.compile(r"^\[\^(\w{1,12})\]:\s")


class PlacedLine(Protocol):
    text: str
    size: float
    y: float | None
    x: float | None


@dataclass(frozen=True)
class Note:
    """A footnote: its number and text."""

    number: str
    text: str


def take_notes(lines: list, body: float) -> tuple[list, list[Note]]:
    """The page's lines without its footnotes, and the footnotes, in order."""
    notes: list[Note] = []
    kept: list = []
    start = 0
    for end in _column_ends(lines):
        column = lines[start:end]
        first = _notes_start(column, body)
        if first is None:
            kept += column
        else:
            kept += column[:first]
            notes += _notes_of([line for line in column[first:]] + _marks_before(column, first, body))
        start = end
    return kept, notes


def _column_ends(lines: list) -> list[int]:
    """Where each column of the page ends: at a line higher up than the one before, and at the page end."""
    ends, previous = [], None
    for i, line in enumerate(lines):
        if _NUMBER_ONLY_RE.match(line.text) or line.y is None:
            continue   # a raised number is read anywhere near its line; it starts no column
        if previous is not None and line.y > previous:
            ends.append(i)
        previous = line.y
    return ends + [len(lines)]


def _notes_start(column: list, body: float) -> int | None:
    """The index of the column's first footnote line, or None: a run of small lines ending the
    column that holds a number, or the lines beside and after a raised number standing alone."""
    first = len(column)
    while first > 0 and _small(column[first - 1], body):
        first -= 1
    if _numbered(column[first:]) and not all(_NUMBER_ONLY_RE.match(line.text) for line in column[first:]):
        return first
    for mark in column:
        if _is_mark(mark, column):
            beside = _beside(mark, column, body)
            if beside is not None and column.index(beside) > 0:
                return column.index(beside)
    return None


def _beside(mark, lines: list, body: float):
    """The line a raised number stands beside: on its row (within a line's height), to its right."""
    near = [line for line in lines if line is not mark and line.y is not None and mark.y is not None
            and abs(line.y - mark.y) <= body and (line.x or 0) > (mark.x or 0)]
    return min(near, key=lambda line: ((line.x or 0) - (mark.x or 0), abs(line.y - mark.y)), default=None)


def _marks_before(column: list, first: int, body: float) -> list:
    """Raised numbers read before the footnotes they stand beside."""
    return [line for line in column[:first] if _is_mark(line, column[first:])]


def _small(line: PlacedLine, body: float) -> bool:
    return bool(body) and line.size <= body * _NOTE_SCALE and line.y is not None


def _ends_column(lines: list, end: int) -> bool:
    """Whether the line at ``end`` is the page's end or starts higher up (a new column)."""
    if end == len(lines):
        return True
    following, last = lines[end], lines[end - 1]
    return following.y is not None and last.y is not None and following.y > last.y


def _numbered(run: list) -> bool:
    return any(_NUMBERED_RE.match(line.text) or _is_mark(line, run) for line in run)


def _is_mark(line, lines: list) -> bool:
    """A raised number: a number alone, in smaller type than the line it stands beside, and above its baseline
    (a number in a table's cell is neither)."""
    if not _NUMBER_ONLY_RE.match(line.text) or line.y is None:
        return False
    beside = _beside(line, lines, line.size / _MARK_SCALE)
    return beside is not None and line.size <= beside.size * _MARK_SCALE and beside.y < line.y


def _notes_of(run: list) -> list[Note]:
    """The footnotes in a run of footnote lines: a raised number is read before the line beside it
    (pdftotext may read it after), whatever sits in the other column."""
    rows = list(run)
    size = max((line.size for line in run), default=0.0)
    for mark in [line for line in run if _NUMBER_ONLY_RE.match(line.text)]:
        beside = _beside(mark, [line for line in run if not _NUMBER_ONLY_RE.match(line.text)], size)
        if beside is not None:
            rows.remove(mark)
            rows.insert(rows.index(beside), mark)
    notes: list[Note] = []
    number, text = None, ""
    for line in rows:
        opening = _NUMBER_ONLY_RE.match(line.text) or _NUMBERED_RE.match(line.text)
        if opening:
            if number is not None and text:
                notes.append(Note(number, text))
            number, text = opening.group(1), line.text[opening.end():].strip()
            continue
        text = _joined(text, line.text)
    if number is not None and text:
        notes.append(Note(number, text))
    return notes


def _joined(text: str, line: str) -> str:
    if not text:
        return line
    if text.endswith("\u00ad"):
        return text[:-1] + line
    if text.endswith("-"):
        return text + line   # "secretary-" + "general.": a footnote's words are too few to tell a break
    return f"{text} {line}"


def mark_references(lines: list, numbers: set[str]) -> None:
    """The numbers a page's text refers to its footnotes with, made Markdown footnote references."""
    if not numbers:
        return
    pattern = re.compile(r"(?<=[^\W\d_])([.,;:)”’\"]?)(" + "|".join(map(re.escape, sorted(numbers))) + r")(?=\s|$)")
    for line in lines:
        line.text = pattern.sub(lambda m: f"{m.group(1)}[^{m.group(2)}]", line.text)


def place_notes(out: list[str], notes: list[tuple[int, Note]]) -> list[str]:
    """``out`` (paragraph lines) with each footnote after the paragraph referring to it.

    ``notes`` pairs each footnote with the index in ``out`` of the last
    paragraph of its page, where it goes when no paragraph refers to it.
    """
    after: dict[int, list[Note]] = {}
    for fallback, note in notes:
        reference = f"[^{note.number}]"
        holder = next((i for i, line in enumerate(out) if reference in line and not _REFERENCE_RE.match(line)),
                      None)
        if holder is not None:
            out[holder] = out[holder].replace(reference, "", 1)
        after.setdefault(holder if holder is not None else max(fallback, 0), []).append(note)
    placed: list[str] = []
    for i, line in enumerate(out):
        placed.append(line)
        for note in after.get(i, []):
            placed += ["", f"[^{note.number}]: {note.text}"]
    if not out:
        for notes_here in after.values():
            for note in notes_here:
                placed += ["", f"[^{note.number}]: {note.text}"]
    return placed
