"""Authors as names: persons with family and given names, organisations as written.

A document's author field is text as the page gave it: "Marina Sharpe", an
office ("Office to Monitor and Combat Trafficking in Persons", "Bureau of
Democracy, Human Rights, and Labor"), or several people ("Jane Doe; John
Smith", "Jane Doe, John Smith and Ann Lee", "Doe, Jane and Smith, John").
Every style names authors by its own rules, so they are read once here into
``Name`` records and each style writes them from those: APA inverts every
person and gives initials ("Doe, J., & Smith, J."), Chicago inverts the
first only ("Doe, Jane, and John Smith"), BibTeX joins "Family, Given" with
"and", RIS gives one ``AU`` each and CSL-JSON ``family``/``given`` parts.

An organisation is never split or inverted: it stays one literal (doubly
braced in BibTeX, so no style reads "Department of State, U.S."). A name is
an organisation when it reads as one: a word that names a body ("Department",
"Office", "Watch", "International"...), a small lowercase word that person
names do not have ("of", "for", "to"...), an acronym, a country prefix
("Canada: ..."), or a single word. Person names are cut into their parts by
nameparser, which knows particles ("van der Berg"), suffixes ("Jr.") and
titles ("Dr.", dropped).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nameparser import HumanName

from .. import config
from ..records import Document
from .parts import clean

# Words that name a body rather than a person (compared folded to lower case).
ORGANISATION_WORDS = frozenset("""
    academy administration agency alliance amnesty army assembly association authority bank
    board bureau centre center chamber coalition college commission commissioner committee
    company congress consulate corporation council court department directorate division
    embassy federation forces forum foundation fund government group house inc initiative institute
    institution international library ltd llc ministry mission nations network observatory
    office organisation organization parliament police press programme program project
    rapporteur republic secretariat service services society tribunal trust union unit
    university watch""".split())
# Lowercase words that organisation names have and person names never do.
_ORGANISATION_JOINERS = frozenset("of for to on in the against at".split())
# Person-name suffixes that follow a comma ("Martin Luther King, Jr.").
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv phd ph.d. md m.d. esq esq.".split())
# Bodies named by two capitals alone ("UN Women", "EU", "AU").
_TWO_LETTER_BODIES = frozenset({"UN", "EU", "AU", "US", "UK"})
# Initials only: "J.", "J. A.", "J.-P.", "JA".
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?[\s\-]*)+$")
_CONJUNCTION_RE = re.compile(r"\s*,?\s+(?:and|&)\s+|\s*,?\s*&\s*", re.I)
# APA lists up to this many authors in full; from one more, the first ones, an ellipsis, the last.
APA_MAX_LISTED = 20
APA_LISTED_BEFORE_ELLIPSIS = 19
# Chicago's reference list names up to six authors; from seven, the first three and et al. (the
# 18th edition's rule, which the official CSL style follows; the 17th listed seven of eleven).
CHICAGO_MAX_LISTED = 6
CHICAGO_LISTED_BEFORE_ET_AL = 3


@dataclass(frozen=True)
class Name:
    """One author: a person (``family`` and ``given`` names, a ``suffix``) or an
    organisation (``literal``, written as it is)."""

    family: str | None = None
    given: str | None = None
    suffix: str | None = None
    literal: str | None = None

    @property
    def is_person(self) -> bool:
        return self.literal is None


# ---- reading ----------------------------------------------------------------

def document_names(doc: Document) -> tuple[Name, ...]:
    """Who a document's citations name as author: its authors, else its publisher (as an
    organisation), else nobody."""
    named = read_names(doc.author)
    if named:
        return named
    publisher = clean(doc.publisher)
    return (Name(literal=publisher),) if publisher else ()


def read_names(text: str | None) -> tuple[Name, ...]:
    """The authors an author field names, each a person or an organisation."""
    return tuple(read_name(part) for part in split_authors(text))


def split_authors(text: str | None) -> list[str]:
    """An author field as one entry per author.

    Semicolons always separate authors. Otherwise an organisation is one
    author, commas and "and" included; people are separated by "and", "&" and
    commas, except the comma of an inverted name ("Doe, Jane", "Doe, J. A.").
    """
    value = clean(text)
    if not value:
        return []
    parts = [p.strip(" ,") for p in value.split(";")]
    if len(parts) > 1:
        return [p for p in parts if p]
    if is_organisation(value):
        return [value]
    return _people(value)


def _people(text: str) -> list[str]:
    """People named in a list: "A B, C D and E F", "Doe, Jane and Smith, John", "Doe, J., & Smith, J."."""
    pieces: list[tuple[str, bool]] = []   # (piece, follows a conjunction)
    for i, chunk in enumerate(_CONJUNCTION_RE.split(text)):
        for j, piece in enumerate(p.strip() for p in chunk.split(",")):
            if piece:
                pieces.append((piece, i > 0 and j == 0))
    people: list[str] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k][0]
        following = pieces[k + 1] if k + 1 < len(pieces) else None
        if following and not following[1] and _inverted(piece, following[0]):
            piece, k = f"{piece}, {following[0]}", k + 1
        if people and piece.lower() in _SUFFIXES:
            people[-1] = f"{people[-1]}, {piece}"
        else:
            people.append(piece)
        k += 1
    return people


def _inverted(first: str, second: str) -> bool:
    """Whether "first, second" is one inverted name: a family name, then given names or
    initials (not the next person of a list)."""
    if second.lower() in _SUFFIXES:
        return False
    family_words = [w for w in first.split() if not w[:1].islower()]
    given_words = second.split()
    return (len(family_words) == 1 or len(given_words) == 1
            or bool(_INITIALS_RE.match(second)))


def is_organisation(text: str) -> bool:
    """Whether ``text`` names a body rather than a person (see the module docstring)."""
    words = text.replace(",", " ").split()
    if len(words) < 2 or ":" in text or re.search(r"\d|@|\.(?:org|com|net|int|gov)\b", text, re.I):
        return True
    for word in words:
        bare = word.strip(".()'\u2019\"").lower()
        if bare in ORGANISATION_WORDS or word in _ORGANISATION_JOINERS:
            return True
        if _is_acronym(word.strip("(),")):
            return True
    return False


def _is_acronym(word: str) -> bool:
    """UNHCR, IOM, UN, EU: capitals without dots (dotted capitals such as "J.R.R." are
    initials; "U.S." comes with a word naming the body), two letters only for the unions
    and nations that go by them, since a person's initials may be written "JA"."""
    if not (word.isalpha() and word.isupper()) or word.lower() in _SUFFIXES:
        return False
    return len(word) >= 3 or word in _TWO_LETTER_BODIES


def read_name(text: str) -> Name:
    """One author entry as a Name: an organisation as written, a person in parts."""
    if is_organisation(text):
        return Name(literal=text)
    parsed = HumanName(text)
    given = " ".join(p for p in (parsed.first, parsed.middle) if p) or None
    family = parsed.last or None
    if family is None:   # a single name: it is the family name
        family, given = given, None
    if family is None:
        return Name(literal=text)
    return Name(family=family, given=given, suffix=parsed.suffix or None)


@functools.lru_cache(maxsize=config.AUTHOR_FORMS_CACHE)
def author_forms(text: str | None) -> tuple[str, ...]:
    """An author field as written and as APA and Chicago write its names, so a pasted
    citation's authors can be compared with it in whichever form it uses."""
    value = clean(text)
    if not value:
        return ()
    names = read_names(value)
    forms = (value, apa_authors(names), chicago_authors(names))
    return tuple(dict.fromkeys(f for f in forms if f))


# ---- writing ----------------------------------------------------------------

def initials(given: str) -> str:
    """APA's initials of given names: "Jane Anne" -> "J. A.", "Jean-Paul" -> "J.-P.",
    "J.R.R." -> "J. R. R."."""
    out = []
    for word in given.split():
        if re.fullmatch(r"(?:[^\W\d_]\.)+", word):   # initials run together: "J.R.R."
            out += [letter + "." for letter in word.split(".") if letter]
            continue
        parts = [p for p in word.split("-") if p]
        out.append("-".join(p[0].upper() + "." for p in parts))
    return " ".join(out)


def apa_name(name: Name) -> str:
    """"Family, G. G." (", Jr." after), or the organisation."""
    if not name.is_person:
        return name.literal or ""
    text = f"{name.family}, {initials(name.given)}" if name.given else name.family or ""
    return f"{text}, {name.suffix}" if name.suffix else text


def inverted_name(name: Name) -> str:
    """"Family, Given" (", Suffix" after), or the organisation: Chicago's first author, RIS."""
    if not name.is_person:
        return name.literal or ""
    text = f"{name.family}, {name.given}" if name.given else name.family or ""
    return f"{text}, {name.suffix}" if name.suffix else text


def direct_name(name: Name) -> str:
    """"Given Family Suffix", or the organisation: Chicago's authors after the first."""
    if not name.is_person:
        return name.literal or ""
    return " ".join(p for p in (name.given, name.family, name.suffix) if p)


def apa_authors(names: Iterable[Name]) -> str | None:
    """APA 7 (9.8): every author inverted with initials, commas between, "&" before the last
    ("Doe, J., & Smith, J."); from 21 authors, the first 19, an ellipsis and the last."""
    written = [apa_name(n) for n in names]
    if not written:
        return None
    if len(written) == 1:
        return written[0]
    if len(written) > APA_MAX_LISTED:
        return ", ".join(written[:APA_LISTED_BEFORE_ELLIPSIS]) + ", \u2026 " + written[-1]
    return ", ".join(written[:-1]) + ", & " + written[-1]


def chicago_authors(names: Iterable[Name]) -> str | None:
    """Chicago (author-date): the first author inverted, the others not, "and" before the
    last ("Doe, Jane, and John Smith"); from seven authors, the first three and "et al."."""
    listed = list(names)
    if not listed:
        return None
    written = [inverted_name(listed[0])] + [direct_name(n) for n in listed[1:]]
    if len(written) == 1:
        return written[0]
    if len(written) > CHICAGO_MAX_LISTED:
        return ", ".join(written[:CHICAGO_LISTED_BEFORE_ET_AL]) + ", et al."
    return ", ".join(written[:-1]) + ", and " + written[-1]


def ris_authors(names: Iterable[Name]) -> list[str]:
    """One RIS ``AU`` value per author: "Family, Given" (", Suffix"), or the organisation."""
    return [inverted_name(n) for n in names]


def csl_authors(names: Iterable[Name]) -> list[dict[str, str]]:
    """CSL-JSON name objects: ``family``/``given`` (and ``suffix``) for a person, ``literal``
    for an organisation."""
    out = []
    for name in names:
        if name.is_person:
            item = {"family": name.family or "", "given": name.given or ""}
            if name.suffix:
                item["suffix"] = name.suffix
            out.append({k: v for k, v in item.items() if v})
        else:
            out.append({"literal": name.literal or ""})
    return out


def bibtex_authors(names: Iterable[Name], escape: Callable[[str], str]) -> str | None:
    """A BibTeX ``author`` value: persons as "Family, Given" ("Family, Suffix, Given" with a
    suffix), organisations in braces so they stay one name, all joined by "and".
    ``escape`` writes BibTeX's special characters literally."""
    written = []
    for name in names:
        if not name.is_person:
            written.append("{" + escape(name.literal or "") + "}")
            continue
        family = escape(name.family or "")
        if " and " in f" {family} ":
            family = "{" + family + "}"
        parts = [family] + ([escape(name.suffix)] if name.suffix else []) + (
            [escape(name.given)] if name.given else [])
        written.append(", ".join(parts))
    return " and ".join(written) or None
