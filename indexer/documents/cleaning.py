"""Cleaning a document's text: header fields out, page furniture out, every body line kept.

A Refworld text dump reads, top to bottom: ``Last Updated: ...``, the title
line, labelled lines (``Publisher``, ``Author``, ``Publication Date``,
``Citation / Document Symbol``, ``Cite as``), the Disclaimer (its label glued
to the sentence), the body, and a trailing ``Search Refworld``. Some pages
have no header at all and put ``Disclaimer:`` at the end. HTML pages reach
this module already turned into such text by ``html_page``.

The pipeline is a list of small steps over lines (``CLEANING_STEPS``), each
testable alone; ``split_header`` runs first and takes the header's fields
out as data, so nothing labelled is lost, it just leaves the body.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .characters import normalise_characters
from .furniture import Removal, note_removed

# Label spellings (lower case, no trailing colon) -> the field key they fill.
LABELS = {
    "publisher": "publisher",
    "judicial body": "publisher",
    "source": "source",   # ecoi.net's original publisher ("USDOS – US Department of State")
    "original link": "original_url",   # ecoi.net's address of the publisher's own file
    "document id": "document_id",   # ecoi.net's number for its copy, as in its address
    "author": "author",
    "authors": "author",
    "publication date": "published",
    "date of publication": "published",
    "date published": "published",
    "published": "published",
    "citation / document symbol": "document_symbol",
    "citation/document symbol": "document_symbol",
    "document symbol": "document_symbol",
    "cite as": "citation",
    "last updated": "last_updated",
    "last update": "last_updated",
    "country": "countries",
    "countries": "countries",
    "document type": "doc_type",
    "source pdf": "source_url",
    "source url": "source_url",
    "editions included": "edition",
    "language": "language",
    "disclaimer": "disclaimer",
}
# Labels that may open a plain-text header line without a colon ("Publisher United States ...").
_LINE_LABELS = ("publisher", "judicial body", "author", "publication date",
                "citation / document symbol", "cite as", "last updated")
_LINE_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(re.escape(l) for l in sorted(_LINE_LABELS, key=len, reverse=True))
    + r")(?:\s*:\s*|\s+)(?P<value>\S.*)$", re.I)
_COLON_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(re.escape(l) for l in sorted(LABELS, key=len, reverse=True))
    + r")\s*:\s*(?P<value>\S.*)$", re.I)
# Labels of a Markdown conversion's front matter, read from the first lines of the body.
_FRONT_MATTER = ("source_url", "edition")
_RELEASED_RE = re.compile(r"^Released by (?:the )?(?P<office>[^/]{3,120}?)\s*/\s*(?P<date>\S.{3,40})$", re.I)
# A line drawn with dashes, equals signs or stars: decoration, never content.
_RULE_RE = re.compile(r"^[-=*_~#]{3,}$")
_BREADCRUMB_RE = re.compile(r"^You are in\s*:", re.I)
# A text's last line giving where it was saved from: a label and an address, nothing else.
_SOURCE_LINE_RE = re.compile(r"^(?:source(?:\s+url)?|url|retrieved\s+from|saved\s+from)\s*:?\s*"
                             r"<?(?P<url>https?://\S+?)>?$", re.I)
# A header line that is only an address: where the page was saved from.
_ADDRESS_LINE_RE = re.compile(r"^<?https?://\S+?>?$")
_DISCLAIMER_RE = re.compile(r"^\s*(?:Disclaimer\s*:?\s*)?This is not a UNHCR publication\b", re.I)
_DISCLAIMER_LABEL_RE = re.compile(r"^\s*Disclaimer\s*:?\s*$", re.I)
_FURNITURE_LINE_RE = re.compile(
    r"^\s*((Refworld\s*)?Search Refworld|Last Updated\s*:.*|Print this page|Email this document|"
    r"Share this page|Back to top|Skip to (main )?content|Refworld\s*(\||-)?\s*|"
    r"Disclaimer\s*:?)\s*$", re.I)
# Most lines a text dump's wrapping may split one header value or the disclaimer into.
_MAX_WRAPPED_LINES = 12
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCE_END_RE = re.compile(r"[.!?;,]['\"”’)]?$")


def label_key(text: str) -> str | None:
    """The field a label such as "Publisher", "Cite as:" or "Publication Date" fills."""
    key = " ".join(text.strip().rstrip(":").split()).lower()
    return LABELS.get(key)


@dataclass
class Split:
    """A text cut into its header fields, title line and body lines."""

    title: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)


def normalise_lines(text: str) -> list[str]:
    """Lines with spaces collapsed and trimmed (no-break and zero-width spaces too), ligatures as
    letters and soft hyphens dropped (``characters``)."""
    text = normalise_characters(text).replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    return [" ".join(line.split()) for line in text.split("\n")]


def labelled_line(line: str) -> tuple[str, str] | None:
    """``(field key, value)`` when the line is a header field such as "Publisher X"."""
    match = _LINE_LABEL_RE.match(line) or _COLON_LABEL_RE.match(line)
    if not match:
        return None
    key = label_key(match.group("label"))
    return (key, match.group("value").strip()) if key else None


def looks_like_title(line: str) -> bool:
    """A first line that names the document rather than opening its prose."""
    if not line or len(line) > 400 or line.startswith(("[", "(")):
        return False
    if len(line) > 150 and _SENTENCE_END_RE.search(line):
        return False
    return not (_SENTENCE_END_RE.search(line) and len(line.split()) > 12)


def _disclaimer_end(lines: list[str], start: int) -> int:
    """The index after a disclaimer starting at ``start``, also when a text dump wrapped it."""
    text, end = lines[start], start + 1
    while ("Member States" not in text and end < len(lines) and lines[end]
           and end - start < _MAX_WRAPPED_LINES and not labelled_line(lines[end])):
        text += " " + lines[end]
        end += 1
    return end if "Member States" in text else start + 1


def _opens_header_line(line: str) -> bool:
    return bool(labelled_line(line) or _DISCLAIMER_RE.match(line) or _DISCLAIMER_LABEL_RE.match(line))


def _continuation_end(lines: list[str], start: int, is_heading: Callable[[str], bool]) -> int:
    """The index after wrapped continuation lines of a header line (``start`` when there are none).

    Continuation lines are contiguous and end at a blank line or at the next
    header line; when a heading follows with no blank line the wrapping
    cannot be told from the body, so nothing is joined.
    """
    end = start
    while end < len(lines) and lines[end] and not _opens_header_line(lines[end]):
        if is_heading(lines[end]) or end - start >= _MAX_WRAPPED_LINES:
            return start
        end += 1
    return end


# Keys of a Markdown file's YAML front matter that name fields directly.
_YAML_KEYS = {"title": "title", "date": "published", "url": "source_url", "source": "source_url"}
_YAML_LINE_RE = re.compile(r"^(?P<key>[A-Za-z][\w /-]*?)\s*:\s*(?P<value>.*?)\s*$")


def _yaml_front_matter(lines: list[str], split: Split) -> int:
    """Read a leading "---" ... "---" block of "key: value" lines; the index after it (0 when absent)."""
    if not lines or lines[0] != "---":
        return 0
    try:
        end = lines.index("---", 1, 60)
    except ValueError:
        return 0
    for line in lines[1:end]:
        match = _YAML_LINE_RE.match(line)
        if not match or not match.group("value"):
            continue
        key = match.group("key").lower()
        field_key = _YAML_KEYS.get(key) or label_key(key)
        value = match.group("value").strip("\"'")
        if field_key == "title":
            split.title = split.title or value
        elif field_key and field_key != "disclaimer":
            split.labels.setdefault(field_key, value)
    return end + 1


def split_header(lines: list[str], *, title_line: bool = True,
                 is_heading: Callable[[str], bool] = lambda line: False,
                 removed: list[Removal] | None = None) -> Split:
    """Take the header (Last Updated, title, labelled lines, Disclaimer) off the top.

    The header ends at the first line that is none of these, so a body
    sentence that happens to start with "Author" is never read as a field.
    ``is_heading`` names body headings (tier headings) that must not be
    taken for the title.
    """
    split = Split()
    i = _yaml_front_matter(lines, split)
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        md = _MD_HEADING_RE.match(line)
        if md and len(md.group(1)) == 1 and split.title is None and title_line:
            split.title = md.group(2)
            i += 1
            continue
        if _ADDRESS_LINE_RE.match(line) and not split.labels.get("source_url"):
            split.labels["source_url"] = line.strip("<>")
            i += 1
            continue
        pair = labelled_line(line)
        if pair:
            key, value = pair
            if key == "disclaimer":
                i += 1
                continue
            end = _continuation_end(lines, i + 1, is_heading)
            split.labels.setdefault(key, " ".join([value] + lines[i + 1:end]))
            i = end
            continue
        if _DISCLAIMER_RE.match(line):
            end = _disclaimer_end(lines, i)
            note_removed(removed, lines[i:end], DISCLAIMER_REASON)
            i = end
            continue
        if (_FURNITURE_LINE_RE.match(line) and not _DISCLAIMER_LABEL_RE.match(line)) or _RULE_RE.match(line):
            note_removed(removed, [line], LINE_REASON)
            i += 1
            continue
        if _DISCLAIMER_LABEL_RE.match(line):
            following = i + 1 if i + 1 < len(lines) and _DISCLAIMER_RE.match(lines[i + 1]) else None
            end = _disclaimer_end(lines, following) if following else i + 1
            note_removed(removed, lines[i:end], DISCLAIMER_REASON)
            i = end
            continue
        if (title_line and split.title is None and not split.labels.get("publisher")
                and not is_heading(line) and not md and looks_like_title(line)):
            end = _continuation_end(lines, i + 1, is_heading)
            wrapped = " ".join(lines[i:end])
            # A wrapped title never swallows the whole text: something must be left as body.
            body_follows = any(rest.strip() for rest in lines[end:])
            split.title, i = ((wrapped, end) if looks_like_title(wrapped) and body_follows
                              else (line, i + 1))
            continue
        break
    split.body = lines[i:]
    return split


def take_front_matter(split: Split, *, within: int = 12) -> Split:
    """Move front matter near the top of the body into labels, or drop it.

    Converter lines ("Source PDF: ...", "Editions included: ..."), the State
    Department's "Released by <office> / <date>" line (author and date) and
    its "You are in: ..." breadcrumb. A last line that labels an address
    ("Source: https://...") is the text's own address and stays in its body;
    an address anywhere else in the body is one the text cites.
    """
    kept: list[str] = []
    for n, line in enumerate(split.body):
        near_top = n < within
        pair = labelled_line(line) if near_top else None
        if pair and pair[0] in _FRONT_MATTER:
            split.labels.setdefault(*pair)
            continue
        released = _RELEASED_RE.match(line) if near_top else None
        if released:
            split.labels.setdefault("author", released.group("office"))
            split.labels.setdefault("published", released.group("date"))
            continue
        if near_top and _BREADCRUMB_RE.match(line):
            continue
        kept.append(line)
    split.body = kept
    last = next((line for line in reversed(kept) if line.strip()), "")
    if (source := _SOURCE_LINE_RE.match(last.strip())):
        split.labels.setdefault("source_url", source.group("url"))
    return split


# ---- steps over body lines ------------------------------------------------


def drop_disclaimer(lines: list[str]) -> list[str]:
    """The UNHCR disclaimer, wherever it stands: glued, labelled or bare."""
    out: list[str] = []
    n = 0
    while n < len(lines):
        line = lines[n]
        if _DISCLAIMER_RE.match(line):
            n = _disclaimer_end(lines, n)
            continue
        if _DISCLAIMER_LABEL_RE.match(line):
            following = next((l for l in lines[n + 1:] if l), "")
            if _DISCLAIMER_RE.match(following) or not following:
                n += 1
                continue
        out.append(line)
        n += 1
    return out


def drop_furniture_lines(lines: list[str]) -> list[str]:
    """Whole lines that are site furniture ("Search Refworld", "Last Updated: ...") or drawn rules."""
    return [line for line in lines if not _FURNITURE_LINE_RE.match(line) and not _RULE_RE.match(line)]


def unmark_headings(lines: list[str]) -> list[str]:
    """Markdown headings become plain lines ("### Executive Summary" -> "Executive Summary")."""
    out = []
    for line in lines:
        match = _MD_HEADING_RE.match(line)
        out.append(match.group(2) if match else line)
    return out


def _unmarked(line: str) -> str:
    match = _MD_HEADING_RE.match(line)
    return match.group(2) if match else line


def drop_repeated_title(lines: list[str], title: str | None) -> list[str]:
    """The title as the first body line(s), wrapped or not, is the title field, not body."""
    if not title:
        return lines
    wanted = " ".join(title.split()).casefold()
    out = list(lines)
    while True:
        first = next((n for n, line in enumerate(out) if line), None)
        if first is None:
            return out
        end = first
        while end < len(out) and out[end]:
            end += 1
        if " ".join(_unmarked(line) for line in out[first:end]).casefold() == wanted:
            del out[first:end]
        elif _unmarked(out[first]).casefold() == wanted:
            del out[first]
        else:
            return out


def collapse_blank_lines(lines: list[str]) -> list[str]:
    """At most one blank line between paragraphs, none at either end."""
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


CLEANING_STEPS: tuple[Callable[[list[str]], list[str]], ...] = (
    drop_disclaimer, drop_furniture_lines, unmark_headings, collapse_blank_lines)
# The steps that keep headings marked, for ``documents.structure`` to find.
LINE_STEPS: tuple[Callable[[list[str]], list[str]], ...] = (
    drop_disclaimer, drop_furniture_lines, collapse_blank_lines)
DISCLAIMER_REASON = "named rule: the UNHCR disclaimer"
LINE_REASON = "named rule: Refworld page furniture or a drawn rule"
_STEP_REASONS = {drop_disclaimer: DISCLAIMER_REASON, drop_furniture_lines: LINE_REASON}


def clean_lines(lines: list[str], title: str | None = None,
                removed: list[Removal] | None = None) -> list[str]:
    """The body lines through every cleaning step, headings still marked.

    Lines a named rule removes are added to ``removed`` with the rule.
    """
    for step in LINE_STEPS:
        before, lines = lines, step(lines)
        if removed is not None and step in _STEP_REASONS and len(lines) != len(before):
            note_removed(removed, _gone(before, lines), _STEP_REASONS[step])
    return collapse_blank_lines(drop_repeated_title(lines, title))


def _gone(before: list[str], after: list[str]) -> list[str]:
    """The non-blank lines of ``before`` that a step left out of ``after`` (steps keep order)."""
    gone, k = [], 0
    for line in before:
        if k < len(after) and after[k] == line:
            k += 1
        elif line:
            gone.append(line)
    return gone


def clean_body(lines: list[str], title: str | None = None) -> str:
    """The body lines through every cleaning step, as text."""
    return "\n".join(unmark_headings(clean_lines(lines, title)))
