"""The short forms that point into a reference entry: in-text citations and notes.

A style's reference entry names the work; the place cited (a page, a
section, a paragraph) belongs to the citation in the text, as both the APA
and the Chicago manuals have it. So every style here has its reference
entry (``formats``) and its short forms, each of which carries the locator
in that style's own words:

- refworld: a note, Refworld's "Cite as" line with the locator after the
  date (or symbol), as footnotes in decisions and briefs cite it;
- apa: the parenthetical citation, "(U.S. Department of State, 2024, p. 3)",
  "pp. 3\u20135", "Section 2.a" or "Prosecution section", "para. 4";
- chicago: the author-date citation, "(U.S. Department of State 2024, 3)",
  and a short note, "U.S. Department of State, *Title*, 3." ("sec. 2.a",
  "under \u201cProsecution\u201d", "para. 4");
- bibtex: the LaTeX command, ``\\cite[p.~3, para.~4]{key}``;
- csl-json: the cite item a CSL processor takes, ``{"id", "locator", "label"}``;
- ris: none, RIS has no citation of its own (a reference manager writes one).
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import QueryError
from ..locations import Place, pinpoint_label, section_label
from ..records import Document
from .exchange import bibtex_escape, bibtex_key
from .formats import STYLES, headline_case, refworld
from .parts import Span, clean, creator, is_english, title_of, unstopped, year_of


@dataclass(frozen=True)
class ShortForm:
    """One in-text citation or note: what kind it is ("Parenthetical citation") and its text
    as runs of plain and italic text."""

    kind: str
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


def short_forms(doc: Document, style: str, where: Place | None = None,
                accessed: dt.date | None = None) -> tuple[ShortForm, ...]:
    """``doc``'s in-text citations and notes in ``style``, locating ``where`` when given."""
    name = (style or "").strip().lower()
    if name not in STYLES:
        raise QueryError(f"Unknown citation style {style!r}; choose one of: {', '.join(STYLES)}")
    return tuple(f for f in _WRITERS.get(name, _none)(doc, where, accessed) if f.text)


def quoted_words(text: str) -> str:
    """The words of a passage as ``quotation`` quotes them: on one line, its own outer quotation
    marks dropped (the quotation adds its own)."""
    return " ".join(text.split()).strip("\u201c\u201d\"")


def quotation(text: str, form: ShortForm | None, reference: str) -> str:
    """A passage quoted with its citation, ready to paste: the quotation in quotation marks
    followed by the style's first in-text form, or on a line of its own the reference entry
    when the style has no in-text form (RIS)."""
    quoted = "\u201c" + quoted_words(text) + "\u201d"
    if form is not None and form.kind != "CSL cite item":
        return f"{quoted} {form.text}"
    return f"{quoted}\n\n{reference}"


# ---- locators, in each style's words -----------------------------------------

def apa_locator(where: Place | None) -> str | None:
    """APA 7 (8.13, 8.28): "p. 3", "pp. 3\u20135", "Section 2.a" or "Prosecution section",
    "para. 4"."""
    return pinpoint_label(where, lambda section: f"Section {section.number}" if section.number
                          else f"{section.title} section")


def chicago_locator(where: Place | None) -> str | None:
    """Chicago 17 (13.117, 14.156): the page alone ("3", "3\u20135"), "sec. 2.a" or
    under \u201cProsecution\u201d (a comma after it goes inside the marks), "para. 4"."""
    if where is None:
        return None
    parts = []
    if where.pages:
        parts.append(where.pages)
    if where.section is not None:
        parts.append(f"sec. {where.section.number}" if where.section.number
                     else f"under \u201c{where.section.title}\u201d")
    if where.paragraph is not None:
        parts.append(f"para. {where.paragraph}")
    text = ""
    for i, part in enumerate(parts):
        if i:
            text = text[:-1] + ",\u201d " if text.endswith("\u201d") else text + ", "
        text += part
    return text or None


def cited_names(doc: Document, joiner: str) -> str:
    """Who an in-text citation names: one author (a person or an organisation) as the
    reference entry names it, two joined by ``joiner``, three or more as "First et al."."""
    names = [n for n in (clean(p) for p in (doc.author or "").split(";")) if n]
    if len(names) == 2:
        return f"{names[0]} {joiner} {names[1]}"
    if len(names) > 2:
        return f"{names[0]} et al."
    return creator(doc) or ""


def _title_for_text(doc: Document) -> str:
    title = unstopped(title_of(doc))
    return headline_case(title) if is_english(doc) else title


# ---- each style's short forms ----------------------------------------------------

def _refworld(doc: Document, where: Place | None, accessed: dt.date | None) -> list[ShortForm]:
    return [ShortForm("Note", (Span(refworld(doc, accessed, pinpoint_label(where))),))]


def _apa(doc: Document, where: Place | None, accessed: dt.date | None) -> list[ShortForm]:
    who = cited_names(doc, "&")
    parts = [p for p in (who, year_of(doc.published) or "n.d.", apa_locator(where)) if p]
    if who:
        return [ShortForm("Parenthetical citation", (Span("(" + ", ".join(parts) + ")"),))]
    # Without an author, APA cites the title (italic, as in the reference entry).
    rest = ", ".join(parts)
    return [ShortForm("Parenthetical citation",
                      (Span("("), Span(unstopped(title_of(doc)), True), Span(f", {rest})")))]


def _chicago(doc: Document, where: Place | None, accessed: dt.date | None) -> list[ShortForm]:
    who = cited_names(doc, "and")
    locator = chicago_locator(where)
    head = " ".join(p for p in (who, year_of(doc.published) or "n.d.") if p)
    author_date = "(" + head + (f", {locator}" if locator else "") + ")"
    note = ([Span(f"{who}, ")] if who else []) + [Span(_title_for_text(doc), True)]
    note.append(Span(f", {locator}." if locator else "."))
    return [ShortForm("Author-date citation", (Span(author_date),)),
            ShortForm("Short note", tuple(note))]


def _bibtex(doc: Document, where: Place | None, accessed: dt.date | None) -> list[ShortForm]:
    locator = pinpoint_label(where)
    # A LaTeX postnote: "p.~3" keeps the abbreviation with its number on one line.
    postnote = f"[{bibtex_escape(locator).replace('. ', '.~')}]" if locator else ""
    return [ShortForm("LaTeX citation", (Span(f"\\cite{postnote}{{{bibtex_key(doc)}}}"),))]


def _csl_json(doc: Document, where: Place | None, accessed: dt.date | None) -> list[ShortForm]:
    """CSL gives a cite one locator: the pages of a paged original, else the paragraph, else
    the section; the rest of the place follows in the cite's suffix, so nothing is lost."""
    item: dict = {"id": doc.id}
    if where is not None:
        section = where.section.number or where.section.title if where.section else None
        fields = [("page", where.pages, None),
                  ("paragraph", str(where.paragraph) if where.paragraph is not None else None,
                   f"para. {where.paragraph}"),
                  ("section", section, section_label(where.section) if where.section else None)]
        present = [f for f in fields if f[1]]
        if present:
            item.update(locator=present[0][1], label=present[0][0])
            rest = [written for _, _, written in present[1:] if written][::-1]
            if rest:
                item["suffix"] = ", " + ", ".join(rest)
    return [ShortForm("CSL cite item", (Span(json.dumps(item, ensure_ascii=False)),))]


def _none(doc: Document, where: Place | None, accessed: dt.date | None) -> list[ShortForm]:
    return []


# Each style's short forms; a style without an entry (RIS) has none.
_WRITERS: dict[str, Callable[[Document, Place | None, dt.date | None], list[ShortForm]]] = {
    "refworld": _refworld, "apa": _apa, "chicago": _chicago, "bibtex": _bibtex, "csl-json": _csl_json,
}
