"""The acronyms the archive defines, looked for both ways at query time.

Indexing keeps every definition a document gives as a term of its own
(``acronyms``). A generation's definitions are read once into a ``Table``;
``expand`` then lets an acronym typed in capitals also find its long forms
as phrases ("IDPs" finds "internally displaced persons"), and a run of
typed words that is a long form also find the acronym ("civil society
organizations" finds "CSOs"). A long form counts when at least
``config.ACRONYM_MIN_DOCUMENTS`` documents define it so, at most
``config.ACRONYM_LONG_FORMS`` per acronym, the most defined first.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import config
from ..querylang import AllOf, AnyOf, Parsed, Phrase, Word
from .acronyms import PREFIX, key, typed_acronym
from .analysis import analyse
from .readercache import bounded


@dataclass(frozen=True, slots=True)
class Learned:
    """The key of a generation's table of learned acronyms (one per field and threshold)."""
    field: str
    min_docs: int


@dataclass(frozen=True)
class Table:
    """A generation's learned acronyms: long forms by acronym, and acronyms by the
    analysed terms of a long form."""

    long_forms: dict[str, tuple[str, ...]]
    acronyms: dict[tuple[str, ...], str]


def table(reader, field: str = "body") -> Table:
    """What the archive defines, read once per generation from its definition terms."""
    min_docs = config.ACRONYM_MIN_DOCUMENTS
    cache = bounded(reader, Learned, 4)
    wanted = Learned(field, min_docs)
    found = cache.get(wanted)
    if found is not None:
        return found
    counted: dict[str, list[tuple[int, str]]] = {}
    for raw in reader.expand_prefix(field, PREFIX):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        documents = reader.doc_frequency(field, text)
        if documents < min_docs:
            continue
        acronym, _, long_form = text[len(PREFIX):].partition("=")
        counted.setdefault(acronym, []).append((documents, long_form))
    long_forms: dict[str, tuple[str, ...]] = {}
    acronyms: dict[tuple[str, ...], tuple[int, str]] = {}
    for acronym, forms in counted.items():
        forms.sort(key=lambda pair: (-pair[0], pair[1]))
        kept = tuple(dict.fromkeys(form for _, form in forms))[:config.ACRONYM_LONG_FORMS]
        long_forms[acronym] = kept
        for documents, form in forms:
            if form not in kept:
                continue
            terms = tuple(analyse(form))
            if len(terms) > 1 and (terms not in acronyms or acronyms[terms][0] < documents):
                acronyms[terms] = (documents, acronym)
    return cache.put(wanted, Table(long_forms, {terms: a for terms, (_, a) in acronyms.items()}))




def expand(parsed: Parsed, learned: Table) -> Parsed:
    """``parsed`` with each acronym typed in capitals also looking for its learned long
    forms, and each run of typed words that is a long form also for its acronym."""
    if parsed.tree is None or not (learned.long_forms or learned.acronyms):
        return parsed
    tree = parsed.tree
    items = list(tree.nodes) if isinstance(tree, AllOf) else [tree]
    out = _expand_items(items, learned)
    if out == items:
        return parsed
    return Parsed(out[0] if len(out) == 1 else AllOf(tuple(out)), parsed.notes)


def _expand_items(items: list, learned: Table) -> list:
    out: list = []
    i = 0
    while i < len(items):
        node = items[i]
        run = _long_form_run(items, i, learned)
        if run is not None:
            size, acronym = run
            words = items[i:i + size]
            out.append(AnyOf((AllOf(tuple(words)), Word(acronym))))
            i += size
            continue
        if isinstance(node, Word) and typed_acronym(node.text):
            forms = learned.long_forms.get(key(node.text), ())
            if forms:
                node = AnyOf((node, *(Phrase(form) for form in forms)))
        out.append(node)
        i += 1
    return out


def _long_form_run(items: list, start: int, learned: Table) -> tuple[int, str] | None:
    """(words, acronym) for the longest run of plain words from ``start`` that is a long form."""
    if not learned.acronyms:
        return None
    best = None
    end = start
    while end < len(items) and isinstance(items[end], Word) and not typed_acronym(items[end].text):
        end += 1
        if end - start < 2:
            continue
        terms = tuple(analyse(" ".join(n.text for n in items[start:end])))
        if terms in learned.acronyms:
            best = (end - start, learned.acronyms[terms].upper())
    return best
