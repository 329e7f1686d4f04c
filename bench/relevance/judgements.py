"""The judged needs and citation cases, read from the split folders and ``citations.json``.

A need is what a user wants, the query they type for it, and for every
document either engine returned near the top a grade: 2 highly relevant
(it answers the need), 1 relevant (it helps, or answers part of it), 0 not.
Where a document answers, ``passages`` hold short quotes that locate the
answering paragraphs (used to check the first snippet). ``same_document``
lists files that are one document saved more than once; a group shares one
grade, and a results list earns it only at the first copy it shows.

The needs come in two splits. The development split (``dev/needs.json``)
is the one ranking may be tuned on; its needs have a kind (ordinary or
hard) and the classes of the search-quality issue (hard needs also the
classes of the sealed split, ``HARD_TEST_CLASSES``), and its file holds the
``same_document`` groups, which apply to both splits. The sealed test
split is every ``test/needs-*.json``: written and judged by someone who
never saw a ranking, its needs have a class of ``TEST_CLASSES`` and no
kind, and nobody edits them. Documents an engine brings up that a need
does not judge are judged blind from a pool (``python -m bench.relevance
pool``) into the split's ``pool-judgements.json``, which is merged here: a
pooled grade fills a gap and never overrides the writer's.

A malformed file raises ``ValueError`` naming the need and the field.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "test")
NEEDS_FILE = HERE / "dev" / "needs.json"   # the development split; holds same_document
POOL_FILE = "pool-judgements.json"         # per split folder: grades of pooled documents
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
# Hard development needs of the sealed split's kinds, so the two splits compare class by class.
HARD_TEST_CLASSES = ("paraphrase", "question", "typo", "acronym", "multi-aspect")
# The sealed test split's classes (its needs have no kind).
TEST_CLASSES = ("keyword", "paraphrase", "question", "acronym", "typo", "multi-aspect",
                "legal-term", "one-section", "demonym", "name")
FILTERS = ("country", "tier", "year", "from", "to", "publisher", "type")
CITATION_FORMS = ("refworld", "chicago", "apa", "bibtex", "ris", "csl-json", "url", "docid",
                  "symbol", "title", "bare", "abbreviated", "quotation")


@dataclass(frozen=True)
class Judgement:
    grade: int
    passages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    id: str
    kind: str | None          # "ordinary" or "hard" in the development split; None in the test split
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
    pooled: int = 0           # judgements merged in from the split's pool-judgements.json

    def key_of(self) -> dict[str, str]:
        """Each file of a duplicate group mapped to the group's first file."""
        return {path: group[0] for group in self.same_document for path in group}


@dataclass(frozen=True)
class QuotedPassage:
    """A quotation pasted from a corpus file, kept as where it stands rather than its words
    (no text of the shared corpus is copied into the collection): ``words`` words of the
    paragraph ``at`` from its word ``start``, the words ``omit`` (a [from, to) pair) left out
    with "[...]" as a quoting writer leaves out a passage."""

    file: str
    at: str
    start: int = 0
    words: int = 60
    omit: tuple[int, int] | None = None


@dataclass(frozen=True)
class CitationCase:
    id: str
    form: str
    text: str
    expect: str | None   # the cited file, or None when the archive does not hold it
    note: str
    quote: QuotedPassage | None = None   # the text, when it is a passage of a corpus file


def _quoted_passage(item: dict, where: str) -> QuotedPassage:
    if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not isinstance(item.get("at"), str):
        raise ValueError(f"{where}: quote needs a file and a paragraph anchor 'at'")
    omit = item.get("omit")
    if omit is not None and not (isinstance(omit, list) and len(omit) == 2
                                 and all(isinstance(n, int) for n in omit)):
        raise ValueError(f"{where}: quote's omit is a [from, to] pair of word numbers")
    return QuotedPassage(item["file"], item["at"], int(item.get("start", 0)), int(item.get("words", 60)),
                         tuple(omit) if omit else None)


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
    cls = _require(item, "class", str, where)
    kind = None
    if "kind" in item:
        kind = _require(item, "kind", str, where)
        if kind not in KINDS:
            raise ValueError(f"{where}: kind {kind!r} is not one of {KINDS}")
        expected = HARD_CLASSES + HARD_TEST_CLASSES if kind == "hard" else ORDINARY_CLASSES
        if cls not in expected:
            raise ValueError(f"{where}: class {cls!r} is not a {kind} class ({', '.join(expected)})")
    elif cls not in TEST_CLASSES:
        raise ValueError(f"{where}: class {cls!r} is not a test-split class "
                         f"({', '.join(TEST_CLASSES)}); a development need states its kind")
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


def _read(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error})") from error


def _unique(needs: tuple[Need, ...]) -> tuple[Need, ...]:
    ids = [n.id for n in needs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"need ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    return needs


def load_needs(path: Path = NEEDS_FILE) -> Needs:
    """One needs file with its own ``same_document`` groups (no pooled judgements)."""
    data = _read(path)
    needs = _unique(tuple(parse_need(item) for item in data["needs"]))
    groups = tuple(tuple(group) for group in data.get("same_document", []))
    return Needs(needs, groups)


def split_files(split: str, root: Path = HERE) -> list[Path]:
    """The needs files of a split: ``dev/needs.json``, or every ``test/needs-*.json``."""
    if split == "dev":
        return [Path(root) / "dev" / "needs.json"]
    if split == "test":
        files = sorted((Path(root) / "test").glob("needs-*.json"))
        if not files:
            raise ValueError(f"no test needs: no needs-*.json in {Path(root) / 'test'}")
        return files
    raise ValueError(f"no split {split!r}: the splits are {', '.join(SPLITS)}")


def load_pool_judgements(path: Path) -> dict[str, dict[str, Judgement]]:
    """``{need id: {file: judgement}}`` from a split's pool-judgements file (empty when absent)."""
    if not Path(path).is_file():
        return {}
    data = _read(path)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f"{path}: expected {{need id: {{file: grade or {{grade, passages}}}}}}")
    return {need_id: {file: _judgement(value, f"{path.name}, need {need_id}, {file}")
                      for file, value in judged.items()}
            for need_id, judged in data.items()}


def merge_pooled(needs: tuple[Need, ...], pooled: dict[str, dict[str, Judgement]],
                 key_of: dict[str, str]) -> tuple[tuple[Need, ...], int]:
    """The needs with the pooled grades added where the writer judged nothing for the document.

    A pooled grade for a document the writer graded (or graded through
    another copy of it) is ignored: the writer read the document for the
    need, the pool's judge only saw it come up.
    """
    by_id = {n.id: n for n in needs}
    unknown = sorted(set(pooled) - set(by_id))
    if unknown:
        raise ValueError(f"pooled judgements for needs the split does not have: {', '.join(unknown)}")
    merged, added = [], 0
    for need in needs:
        judged = dict(need.judgements)
        covered = {key_of.get(p, p) for p in judged}
        for path, judgement in pooled.get(need.id, {}).items():
            key = key_of.get(path, path)
            if key not in covered:
                judged[path] = judgement
                covered.add(key)
                added += 1
        merged.append(replace(need, judgements=judged))
    return tuple(merged), added


def load_split(split: str, root: Path = HERE) -> Needs:
    """A split's needs from all its files, with the pooled judgements merged in.

    The ``same_document`` groups are the development file's (plus any a
    test file states): copies are copies whichever split asks.
    """
    groups = [tuple(g) for g in _read(Path(root) / "dev" / "needs.json").get("same_document", [])]
    needs: list[Need] = []
    for path in split_files(split, root):
        data = _read(path)
        try:
            needs.extend(parse_need(item) for item in data["needs"])
        except ValueError as error:
            raise ValueError(f"{path.name}: {error}") from error
        groups += [tuple(g) for g in data.get("same_document", []) if tuple(g) not in groups]
    key_of = {path: group[0] for group in groups for path in group}
    merged, added = merge_pooled(_unique(tuple(needs)),
                                 load_pool_judgements(Path(root) / split / POOL_FILE), key_of)
    return Needs(merged, tuple(groups), added)


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
        quote = _quoted_passage(item["quote"], where) if "quote" in item else None
        text = item.get("text", "") if quote else _require(item, "text", str, where)
        cases.append(CitationCase(_require(item, "id", str, where), form, text, expect,
                                  item.get("note", ""), quote))
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise ValueError("citation case ids repeat")
    return tuple(cases)
