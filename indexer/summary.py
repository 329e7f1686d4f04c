"""A parsed query read back to the user: the summary line, and the words they typed.

The summary says how the query was searched ("all of: trafficking,
children; not smuggling"), including what the parser read differently than
typed, the words the engine does not look for, and the spellings it folds
together ("labour (also labor)"). ``plain_words`` and
``word_count`` give the top-level words and phrases, for the notice of the
any-word fallback and for deciding whether that fallback applies.
"""
from __future__ import annotations

from collections.abc import Callable

from . import countries
from .facets import BY_NAME, EITHER_YEAR
from .querylang import (
    AllOf,
    AnyOf,
    CountryName,
    FieldValue,
    Negation,
    Parsed,
    Phrase,
    Prefix,
    Word,
    YearRange,
    is_words,
)
from .spellings import folded_from

# How the summary line names each kind of year range (``year`` stands for either year).
YEAR_WORDS = {EITHER_YEAR: "year", "year": "published", "report_year": "report year"}


def _describe_node(node, searchable: Callable[[str], bool]) -> str:
    if isinstance(node, Word):
        if not searchable(node.text):
            return f"{node.text} (too common to search for)"
        other = folded_from(node.text)
        return f"{node.text} (also {other})" if other else node.text
    if isinstance(node, Prefix):
        return f"{node.text}*"
    if isinstance(node, Phrase):
        return f'"{node.text}" (exact)'
    if isinstance(node, CountryName):
        country = countries.by_code(node.code)
        name = country.name if country else node.code
        return f"{node.text} (any name of {name})" if node.text != name else f"{name} (any name)"
    if isinstance(node, YearRange):
        years = f"{node.low}" if node.low == node.high else f"{node.low}–{node.high}"
        return f"{YEAR_WORDS.get(node.field, node.field)} {years}"
    if isinstance(node, FieldValue):
        if node.field == "title":
            return f"title: {node.value}"
        facet = BY_NAME[node.field]
        return f"{facet.query_names[0]}: {facet.label(str(node.value))}"
    if isinstance(node, Negation):
        return f"not {_describe_node(node.node, searchable)}"
    if isinstance(node, AnyOf):
        return "(" + " or ".join(_describe_node(n, searchable) for n in node.nodes) + ")"
    if isinstance(node, AllOf):
        return "(" + " and ".join(_describe_node(n, searchable) for n in node.nodes) + ")"
    return str(node)


def _always(word: str) -> bool:
    return True


def describe(parsed: Parsed, any_word: bool = False, searchable: Callable[[str], bool] = _always) -> str:
    """A readable account of how a query is searched, with notes on anything reinterpreted.

    ``searchable`` tells whether the engine looks for a word at all (it may
    drop very common words); the account says so for those it does not.
    """
    tree = parsed.tree
    if tree is None:
        body = "all documents"
    else:
        nodes = tree.nodes if isinstance(tree, AllOf) else (tree,)
        if any_word:
            either = [_describe_node(n, searchable) for n in nodes if is_words(n)]
            parts = ["any of: " + ", ".join(either)] if len(either) > 1 else either
            parts += [_describe_node(n, searchable) for n in nodes if not is_words(n) and not isinstance(n, Negation)]
            body = "; ".join(parts) or "all documents"
        else:
            positive = [_describe_node(n, searchable) for n in nodes if not isinstance(n, Negation)]
            if len(positive) > 1:
                body = "all of: " + ", ".join(positive)
            else:
                body = positive[0] if positive else "all documents"
        negative = [_describe_node(n, searchable) for n in nodes if isinstance(n, Negation)]
        if negative:
            body += "; " + ", ".join(negative)
    if parsed.notes:
        body += " (" + "; ".join(parsed.notes) + ")"
    return body


def plain_words(parsed: Parsed) -> tuple[str, ...]:
    """The top-level words and phrases a user typed (for notices and suggestions)."""
    tree = parsed.tree
    nodes = tree.nodes if isinstance(tree, AllOf) else ((tree,) if tree is not None else ())
    out = []
    for node in nodes:
        if isinstance(node, (Word, CountryName)):
            out.append(node.text)
        elif isinstance(node, Phrase):
            out.append(f'"{node.text}"')
        elif isinstance(node, Prefix):
            out.append(f"{node.text}*")
    return tuple(out)


def word_count(parsed: Parsed) -> int:
    """How many top-level words and phrases the query requires (the any-word fallback needs two)."""
    tree = parsed.tree
    if tree is None:
        return 0
    nodes = tree.nodes if isinstance(tree, AllOf) else (tree,)
    return sum(1 for n in nodes if is_words(n))
