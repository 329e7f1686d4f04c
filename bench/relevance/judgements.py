"""The judged needs and citation cases, read from ``needs.json`` and ``citations.json``.

A need is what a user wants, the query they type for it, and for every
document either engine returned near the top a grade: 2 highly relevant
(it answers the need), 1 relevant (it helps, or answers part of it), 0 not.
Where a document answers, ``passages`` hold short quotes that locate the
answering paragraphs (used to check the first snippet). ``same_document``
lists files that are one document saved more than once; a group shares one
grade, and a results list earns it only at the first copy it shows.

A malformed file raises ``ValueError`` naming the need and the field.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NEEDS_FILE = HERE / "needs.json"
CITATIONS_FILE = HERE / "citations.json"

GRADES = (0, 1, 2)
KINDS = ("ordinary", "hard")
ORDINARY_CLASSES = ("keyword", "name", "typo", "phrase", "question", "known-item", "filtered")
# One hard class per problem the search-quality issue names, in its order.
HARD_CLASSES = (
    "hard:country-words", "hard:acronyms", "hard:demonym-host", "hard:numbers",
    "hard:spelling", "hard:transliteration", "hard:stemming", "hard:proximity",
    "hard:any-word", "hard:did-you-mean", "hard:snippets", "hard:duplicates",
)
FILTERS = ("country", "tier", "year", "from", "to", "publisher", "type")
CITATION_FORMS = ("refworld", "chicago", "apa", "bibtex", "ris", "csl-json", "url", "docid",
                  "symbol", "title", "bare")


@dataclass(frozen=True)
class Judgement:
    grade: int
    passages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    id: str
    kind: str
    cls: str
    query: str
    want: str
    judgements: dict[str, Judgement]
    filters: dict[str, list[str]] = field(default_factory=dict)
    # The suggestion the need expects: text, "" for "no suggestion", None when not judged.
    did_you_mean: str | None = None


@dataclass(frozen=True)
class Needs:
    needs: tuple[Need, ...]
    same_document: tuple[tuple[str, ...], ...]

    def key_of(self) -> dict[str, str]:
        """Each file of a duplicate group mapped to the group's first file."""
        return {path: group[0] for group in self.same_document for path in group}


@dataclass(frozen=True)
class CitationCase:
    id: str
    form: str
    text: str
    expect: str | None   # the cited file, or None when the archive does not hold it
    note: str


def _require(item: dict, name: str, kinds, where: str) -> Any:
    if name not in item:
        raise ValueError(f"{where}: missing field {name!r}")
    value = item[name]
    if not isinstance(value, kinds):
        raise ValueError(f"{where}: field {name!r} has the wrong type ({type(value).__name__})")
    return value


def _judgement(value: Any, where: str) -> Judgement:
    passages: tuple[str, ...]
    if isinstance(value, int) and not isinstance(value, bool):
        grade, passages = value, ()
    elif isinstance(value, dict):
        grade = _require(value, "grade", int, where)
        passages = tuple(_require(value, "passages", list, where)) if "passages" in value else ()
        if not all(isinstance(p, str) and p.strip() for p in passages):
            raise ValueError(f"{where}: passages must be non-empty strings")
    else:
        raise ValueError(f"{where}: a judgement is a grade or {{grade, passages}}")
    if grade not in GRADES:
        raise ValueError(f"{where}: grade {grade!r} is not one of {GRADES}")
    if passages and grade == 0:
        raise ValueError(f"{where}: a document graded 0 has no answering passage")
    return Judgement(grade, passages)


def parse_need(item: dict) -> Need:
    where = f"need {item.get('id', '?')}"
    need_id = _require(item, "id", str, where)
    kind = _require(item, "kind", str, where)
    cls = _require(item, "class", str, where)
    if kind not in KINDS:
        raise ValueError(f"{where}: kind {kind!r} is not one of {KINDS}")
    expected = HARD_CLASSES if kind == "hard" else ORDINARY_CLASSES
    if cls not in expected:
        raise ValueError(f"{where}: class {cls!r} is not a {kind} class ({', '.join(expected)})")
    filters = item.get("filters") or {}
    if not isinstance(filters, dict) or any(k not in FILTERS for k in filters):
        raise ValueError(f"{where}: filters must be an object with keys among {FILTERS}")
    filters = {k: [v] if isinstance(v, str) else list(v) for k, v in filters.items()}
    judged = _require(item, "judgements", dict, where)
    judgements = {path: _judgement(value, f"{where}, {path}") for path, value in judged.items()}
    if not any(j.grade > 0 for j in judgements.values()):
        raise ValueError(f"{where}: no document is judged relevant")
    did_you_mean = item.get("did_you_mean", None)
    if "did_you_mean" in item and did_you_mean is None:
        did_you_mean = ""
    if did_you_mean is not None and not isinstance(did_you_mean, str):
        raise ValueError(f"{where}: did_you_mean is the expected suggestion or null")
    return Need(id=need_id, kind=kind, cls=cls, query=_require(item, "query", str, where),
                want=_require(item, "want", str, where), judgements=judgements,
                filters=filters, did_you_mean=did_you_mean)


def load_needs(path: Path = NEEDS_FILE) -> Needs:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    needs = tuple(parse_need(item) for item in data["needs"])
    ids = [n.id for n in needs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"need ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    groups = tuple(tuple(group) for group in data.get("same_document", []))
    return Needs(needs, groups)


def load_citations(path: Path = CITATIONS_FILE) -> tuple[CitationCase, ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    cases = []
    for item in data["cases"]:
        where = f"citation case {item.get('id', '?')}"
        form = _require(item, "form", str, where)
        if form not in CITATION_FORMS:
            raise ValueError(f"{where}: form {form!r} is not one of {CITATION_FORMS}")
        expect = item.get("expect")
        if expect is not None and not isinstance(expect, str):
            raise ValueError(f"{where}: expect is a file name or null")
        cases.append(CitationCase(_require(item, "id", str, where), form,
                                  _require(item, "text", str, where), expect,
                                  item.get("note", "")))
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise ValueError("citation case ids repeat")
    return tuple(cases)
