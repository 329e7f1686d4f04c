"""Which language each stretch of a document's text is in, as a page lays it out.

A bilingual page (an English decision quoting an Arabic statement) is one
document in its main language with ``language_parts`` in others. The reading
view and the snippets show each stretch with its own ``lang`` and direction,
so they need the stretches of a slice of the text under the codes languages
are filed under ("ar"), not the analysers' names the engine searches with.
"""
from __future__ import annotations

from collections.abc import Iterable

from .languages import language_code
from .records import Document, LanguagePart

# (start, end, filed language code or None when unknown), offsets into a text.
Stretch = tuple[int, int, str | None]


def language_stretches(language: str | None, parts: Iterable[LanguagePart], start: int,
                       end: int) -> tuple[Stretch, ...]:
    """The stretches of the slice ``[start, end)`` of a text in ``language`` whose ``parts`` are
    in other languages, in order, covering it, none empty; offsets stay the text's."""
    own = language_code(language)
    out: list[Stretch] = []
    at = start
    for part in sorted(parts, key=lambda p: p.start):
        a, b = max(part.start, at), min(part.end, end)
        if b <= a:
            continue
        if a > at:
            out.append((at, a, own))
        out.append((a, b, part.language))
        at = b
    if at < end:
        out.append((at, end, own))
    merged: list[Stretch] = []
    for stretch in out:
        if merged and merged[-1][2] == stretch[2]:
            merged[-1] = (merged[-1][0], stretch[1], stretch[2])
        else:
            merged.append(stretch)
    return tuple(merged)


def document_stretches(doc: Document, start: int = 0, end: int | None = None) -> tuple[Stretch, ...]:
    """``language_stretches`` of ``doc``'s text (or of its slice ``[start, end)``)."""
    return language_stretches(doc.language, doc.language_parts, start, len(doc.text) if end is None else end)


def sole_language(stretches: Iterable[Stretch]) -> str | None:
    """The one language ``stretches`` are all in; None when they are in several or unknown."""
    found = {where for _, _, where in stretches}
    return found.pop() if len(found) == 1 else None
