"""Page furniture learned from the archive itself, and the record of what was removed and why.

Named rules (``cleaning``, ``html_page``) know Refworld's furniture and the
usual markup of navigation. Every other site has its own banner, footer and
row of links, which no rule names; but they repeat, word for word, at the
top or bottom of every page that site serves. So:

1. ``observe`` takes a read document's *edges*: the lines before its first
   heading and after its last one (at most ``config.FURNITURE_EDGE_LINES``
   from each end), as fingerprints (case and spacing ignored, every other
   character kept, numbers included), with the document's site: the host of
   its address, or, with none, its folder and kind of file (a layout).
2. ``learn`` counts, per site, in how many documents each fingerprint is at
   an edge. One at an edge of at least ``config.FURNITURE_MIN_DOCUMENTS``
   documents, and of at least ``config.FURNITURE_MIN_SHARE`` of the site's
   documents, is furniture. A line found in one document never is.
3. ``FurnitureModel.trim`` removes, from each end of a document's lines, the
   unbroken run of learned lines (blank lines between them do not break
   it), stopping at a heading and at the first line not learned, so
   furniture is never cut out of the middle of a text, and the last
   paragraph under the last heading stays.

Furniture is what a site repeats, word for word, and is not content, so
two kinds of line are not learned however many documents share them:

- A line that holds a number, unless it is at the edge of at least
  ``config.FURNITURE_NUMBERED_SHARE`` of the site's documents. Numbers are
  what set a document apart (an appeal number, a hearing date), so they
  are compared as they are: "Appeal Number: PA/01003/2023" and
  "PA/01017/2023" are two lines, each in one document; and a date that a
  few decisions share is theirs, while a "Copyright 2006" on every page is
  the site's.
- A line that decides something (``decides``: "Appeal allowed.", "The
  claim is refused"): an outcome that a fifth of a tribunal's decisions
  share is still each one's outcome.

Fingerprints are compared as short digests (``edge_key``), so that an
index can keep every file's observation in its manifest at a few dozen
bytes a file. The model is plain data (``to_dict``/``from_dict``): a build
learns it from every file's observation, while it reads (``learner.Learner``, so
the files read later are trimmed already), and keeps it with the index;
``refsearch extract`` learns it from the files it is given. Every removal,
by a named rule or a learned one, can be recorded as a ``Removal`` for
``extract --explain``.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath
from urllib.parse import urlsplit

from .. import config
from .decisive import decides

# Bytes of an edge key: 48 bits, so that two lines of one site practically never share a key.
EDGE_KEY_BYTES = 6
# Longest text a Removal keeps of what was removed.
_SHOWN_CHARS = 200
_DIGITS_RE = re.compile(r"\d+")
# What a key of a line holding a number starts with (a letter, where other keys have a hex digit).
NUMBERED_MARK = "n"
# Every key ``edge_key`` makes, as an expression (for those that keep keys in fewer bytes).
EDGE_KEY_PATTERN = rf"[0-9a-f]{{{2 * EDGE_KEY_BYTES}}}|{NUMBERED_MARK}[0-9a-f]{{{2 * EDGE_KEY_BYTES - 1}}}"
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_WORD_RE = re.compile(r"\w+")
# Runs of this many words compare a line with the site furniture named by markup.
_MARKED_RUN = 3
# A line is the site's furniture when at least this share of its runs of words are in it.
_MARKED_SHARE = 0.8


@dataclass(frozen=True)
class Removal:
    """Text taken out of a document as furniture, and the rule or evidence that took it."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


def note_removed(removed: list[Removal] | None, lines: Iterable[str], reason: str) -> None:
    """Add the non-blank ``lines`` to ``removed`` (when a record is being kept)."""
    if removed is None:
        return
    for line in lines:
        text = " ".join(line.split())
        if text:
            removed.append(Removal(text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…", reason))


def fingerprint(line: str) -> str:
    """A line as compared across documents: case and spacing ignored, numbers kept.

    "Appeal Number: PA/01003/2023" and "Appeal Number: PA/01017/2023" are
    two lines: masking their digits would make every document's own number
    look like one repeated line.
    """
    return " ".join(line.split()).casefold()


def edge_key(line: str) -> str:
    """The fingerprint of ``line`` as a short digest: what observations and models hold.

    The key of a line holding a number is marked (``is_numbered``), so the
    learner can ask more of it.
    """
    key = hashlib.blake2b(fingerprint(line).encode("utf-8"), digest_size=EDGE_KEY_BYTES).hexdigest()
    return NUMBERED_MARK + key[1:] if _DIGITS_RE.search(line) else key


def is_numbered(key: str) -> bool:
    """Whether an edge key is that of a line holding a number."""
    return key.startswith(NUMBERED_MARK)


def site_of(urls: Iterable[str], path: str, kind: str) -> str:
    """Where a document's furniture comes from: its address's host, else its folder and kind of file."""
    for url in urls:
        host = (urlsplit(url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    return f"layout:{kind}:{PurePath(path).parent}"


def _is_heading(line: str) -> bool:
    return bool(_HEADING_RE.match(line))


@dataclass(frozen=True)
class Observation:
    """What the learner needs of one document: its site and the keys of the lines at its edges."""

    site: str
    edges: frozenset[str]
    # The words of each element an HTML page's markup names as the site's furniture (``marked_words``).
    marked: frozenset[str] = frozenset()

    def packed(self) -> str:
        """The edge keys as one string, in a stable order (for a manifest)."""
        return "".join(sorted(self.edges))

    def packed_marked(self) -> str:
        """The keys of the texts its markup named as furniture, as one string (for a manifest)."""
        return "".join(sorted({marked_key(text) for text in self.marked}))

    @classmethod
    def unpacked(cls, site: str, packed: str, marked: frozenset[str] = frozenset()) -> Observation:
        return cls(site, frozenset(unpack_keys(packed)), marked)


def edge_lines(lines: list[str], is_heading: Callable[[str], bool] = _is_heading,
               limit: int | None = None) -> tuple[list[int], list[int]]:
    """Indexes of the non-blank lines at the top and at the bottom edge of ``lines``.

    The top edge ends at the first heading, the bottom edge at the last
    one; each holds at most ``limit`` lines.
    """
    limit = config.FURNITURE_EDGE_LINES if limit is None else limit
    return (list(islice(_edge(lines, is_heading, range(len(lines))), limit)),
            list(islice(_edge(lines, is_heading, range(len(lines) - 1, -1, -1)), limit)))


def _edge(lines: list[str], is_heading: Callable[[str], bool], order: Iterable[int]) -> Iterator[int]:
    """The indexes of the non-blank lines of one edge, walked in ``order`` up to the first
    heading: ``edge_lines`` without a limit, one line at a time."""
    for i in order:
        line = lines[i]
        if is_heading(line):
            return
        if line:
            yield i


def observe(site: str, lines: list[str], is_heading: Callable[[str], bool] = _is_heading,
            marked: Iterable[str] = ()) -> Observation:
    """The observation of a document from its cleaned lines (headings marked), with the text of
    what its markup named as furniture (``marked``)."""
    top, bottom = edge_lines(lines, is_heading)
    return Observation(site, frozenset(edge_key(lines[i]) for i in top + bottom if not decides(lines[i])),
                       frozenset(filter(None, (marked_words(text) for text in marked))))


def marked_key(text: str) -> str:
    """A short digest of a text markup named as furniture: what a manifest keeps of it per file."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=EDGE_KEY_BYTES).hexdigest()


def marked_digest(texts: Iterable[str]) -> str:
    """A digest of a site's marked furniture: two models with the same trim it alike ("": none)."""
    texts = sorted(set(texts))
    return marked_key("\n".join(texts)) if texts else ""


def unpack_keys(packed: str) -> list[str]:
    """The keys of a string of packed keys (``Observation.packed``, ``packed_marked``)."""
    return [packed[i:i + 2 * EDGE_KEY_BYTES] for i in range(0, len(packed), 2 * EDGE_KEY_BYTES)]


def marked_words(text: str) -> str:
    """A text as compared with the site furniture an HTML page's markup names: its words, case folded."""
    return " ".join(_WORD_RE.findall(text.casefold()))


@dataclass(frozen=True)
class FurnitureModel:
    """Per site, the fingerprints of its learned furniture and in how many documents each was seen."""

    sites: dict[str, dict[str, int]] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    # Per site, the words of the elements its HTML pages' markup names as furniture.
    marked: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lines_of(self, site: str) -> dict[str, int]:
        return self.sites.get(site, {})

    def marked_of(self, site: str) -> tuple[str, ...]:
        return self.marked.get(site, ())

    def known(self, seen: Observation) -> frozenset[str]:
        """The edge lines of a document this model takes for furniture.

        Two models trim a document alike when they know the same of its
        edge lines, so a build re-reads a document only when this changes.
        """
        learned = self.lines_of(seen.site)
        return frozenset(key for key in seen.edges if key in learned)

    def trim(self, site: str, lines: list[str], is_heading: Callable[[str], bool] = _is_heading,
             removed: list[Removal] | None = None) -> list[str]:
        """``lines`` without the learned furniture at their two ends."""
        lines = trim_marked(lines, self.marked_of(site), site, is_heading, removed)
        learned = self.lines_of(site)
        if not learned:
            return lines
        # Each edge is walked from the outside in only as far as its learned furniture goes:
        # the lines past the first that is not furniture are never keyed nor asked whether
        # they are headings (most documents' first and last lines are not furniture).
        drop: set[int] = set()
        keys: dict[int, str] = {}
        inner = None  # the innermost line of the bottom edge, when all of it is furniture
        for bottom, edge in enumerate((_edge(lines, is_heading, range(len(lines))),
                                       _edge(lines, is_heading, range(len(lines) - 1, -1, -1)))):
            for i in edge:
                key = keys[i] = keys.get(i) or edge_key(lines[i])
                if key not in learned or decides(lines[i]):
                    inner = None
                    break
                drop.add(i)
                inner = i if bottom else None
        if inner is not None and any(is_heading(line) for line in lines):
            drop.discard(inner)  # the first paragraph under the last heading is never furniture
        if not drop or len(drop) == sum(1 for line in lines if line):
            return lines  # a document is never all furniture
        for i in sorted(drop):
            seen = learned[keys[i]]
            note_removed(removed, [lines[i]], f"learned: at the edge of {seen} of the "
                                              f"{self.documents.get(site, seen)} documents from {site}")
        return [line for i, line in enumerate(lines) if i not in drop]

    def to_dict(self) -> dict:
        data: dict = {"sites": self.sites, "documents": self.documents}
        if self.marked:
            data["marked"] = {site: list(texts) for site, texts in self.marked.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict) -> FurnitureModel:
        marked = {site: tuple(texts) for site, texts in (data.get("marked") or {}).items()}
        return cls(dict(data.get("sites") or {}), dict(data.get("documents") or {}), marked)


def trim_marked(lines: list[str], marked: tuple[str, ...], site: str,
                is_heading: Callable[[str], bool] = _is_heading, removed: list[Removal] | None = None) -> list[str]:
    """``lines`` without the site's furniture its HTML pages' markup names, at their two ends.

    A page printed to PDF holds its site's header, menus and footer as text,
    where no markup tells them apart; the site's HTML pages name them
    (``html_page.remove_furniture``). From each end, the unbroken run of
    lines made of that furniture's words goes: a line of three words or more
    whose runs of three words are nearly all in it, a shorter one found in
    it, a heading that opens one of its elements ("Related Articles").
    """
    if not marked:
        return lines
    runs = {run for text in marked for run in _word_runs(text)}
    texts = [f" {text} " for text in marked]

    def furniture(line: str) -> bool:
        words = marked_words(line.lstrip("#"))
        if not words:
            return False
        if is_heading(line):
            return any(text.startswith(f" {words} ") for text in texts)
        if words.count(" ") + 1 < _MARKED_RUN:
            return any(f" {words} " in text for text in texts)
        found = _word_runs(words)
        return sum(run in runs for run in found) >= _MARKED_SHARE * len(found)

    drop: set[int] = set()
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for i in order:
            if not lines[i]:
                continue
            if not furniture(lines[i]) or decides(lines[i]):
                break
            drop.add(i)
    if not drop or len(drop) == sum(1 for line in lines if line):
        return lines  # a document is never all furniture
    note_removed(removed, [lines[i] for i in sorted(drop)],
                 f"site furniture: named by the markup of the HTML pages from {site}")
    return [line for i, line in enumerate(lines) if i not in drop]


def _word_runs(words: str) -> list[str]:
    parts = words.split()
    return [" ".join(parts[i:i + _MARKED_RUN]) for i in range(max(1, len(parts) - _MARKED_RUN + 1))]


@dataclass(frozen=True)
class IndexedFurniture:
    """The furniture an index learned from its whole archive, the files of that archive, and where it is."""

    model: FurnitureModel
    paths: frozenset[str]
    where: str
