"""Spaced and closed spellings of a compound find each other, as the archive writes them.

Reports write one compound three ways: "air strikes", "air-strikes" and
"airstrikes"; "post election", "post-election", "postelection". Indexing
adds the closed form of every hyphenated word (``analysis``), and a
hyphenated query word looks for its parts side by side and closed
(``compile``), so the hyphenated spelling finds the other two and they find
it. Here two typed words whose closed form the archive holds also look for
it ("air strikes" finds "airstrikes"). A closed word is not split the other
way: "shutdown" would then find every "shut down", a verb that means
something else.
"""
from __future__ import annotations

from ..querylang import AllOf, AnyOf, Parsed, Word
from .analysis import analyse, dropped


def _plain(node) -> bool:
    """A typed word of letters that is not an acronym or a stop word."""
    return (isinstance(node, Word) and node.text.isalpha() and not node.text.isupper()
            and not dropped(node.text))


def _holds(reader, word: str) -> bool:
    terms = analyse(word)
    return len(terms) == 1 and reader.doc_frequency("body", terms[0]) > 0


def expand(parsed: Parsed, reader) -> Parsed:
    """``parsed`` with two adjacent typed words also looked for closed, where the archive
    writes them so."""
    tree = parsed.tree
    if tree is None:
        return parsed
    items = list(tree.nodes) if isinstance(tree, AllOf) else [tree]
    out: list = []
    i = 0
    while i < len(items):
        node = items[i]
        after = items[i + 1] if i + 1 < len(items) else None
        if isinstance(node, Word) and isinstance(after, Word) and _plain(node) and _plain(after):
            closed = node.text + after.text
            if _holds(reader, closed):
                out.append(AnyOf((AllOf((node, after)), Word(closed.lower()))))
                i += 2
                continue
        out.append(node)
        i += 1
    if out == items:
        return parsed
    return Parsed(out[0] if len(out) == 1 else AllOf(tuple(out)), parsed.notes)
