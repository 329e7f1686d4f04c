"""The query language: text read once into a syntax tree, and the tree read back.

Every later step (the engine compiling the tree into its own query, the
summary line, highlighting, suggestions) takes the ``Parsed`` tree that
``parse`` returned, so a search reads its text once. The language, left to
right:

- words are all required (``trafficking children``); ``OR`` between two
  items makes either enough and binds tighter than the implicit AND;
- ``NOT word`` and ``-word`` exclude; parentheses group;
- ``"exact phrase"`` matches the words in order and is never expanded;
- ``field:value`` (or ``field:"two words"``) for the title and every facet
  that has query names (country, publisher, tier, type, published, reportyear),
  and ``year``: a document published in that year or reporting on it (the
  2024 Country Reports, published in 2025, are ``year:2024`` and
  ``year:2025``; ``reportyear:2024`` and ``published:2025`` each pick one);
  ``year:2004..2008`` and ``year:2004-2008`` are ranges; a publisher or type
  matches in any case and by a run of its words
  (``publisher:"department of state"``);
- ``traffick*`` matches words starting so (the engine bounds the expansion);
- a word or run of words naming a country ("Malian", "Burma", "Ivory Coast")
  matches every name of that country.

Input that cannot be parsed (an unbalanced quote or parenthesis, ``field:``
with no value, an unknown field) is read as plain words and a note says so;
``parse`` raises only for a query too costly to run (``QueryTooCostly``):
nested too deep, too many parts, or a wildcard of one or two letters. The
reader recurses at most ``config.MAX_QUERY_DEPTH`` levels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import config, countries
from .errors import QueryTooCostly
from .facets import BY_NAME, EITHER_YEAR, FACETS, find_country, normalise_tier

# The names usable in ``field:value``: the title, each facet's query names, and ``year``.
QUERY_FIELDS = {"title": "title", "year": EITHER_YEAR,
                **{name: f.name for f in FACETS for name in f.query_names}}
# Longest run of words tried as one country name ("Democratic Republic of the Congo").
MAX_COUNTRY_WORDS = 6


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class CountryName:
    """Words that name a country; they match every name of it. A ``demonym`` ("Somali")
    speaks of the country's people, not of documents about the country."""

    text: str
    code: str
    demonym: bool = False


@dataclass(frozen=True)
class FieldValue:
    field: str  # "title" or a facet name
    value: object


@dataclass(frozen=True)
class YearRange:
    low: int
    high: int
    field: str = EITHER_YEAR  # a facet of numbers ("year", "report_year"), or either year


@dataclass(frozen=True)
class Negation:
    node: object


@dataclass(frozen=True)
class AllOf:
    nodes: tuple


@dataclass(frozen=True)
class AnyOf:
    nodes: tuple


@dataclass(frozen=True)
class Parsed:
    """A query read into a tree, with notes on anything read differently than typed."""

    tree: object | None
    notes: tuple[str, ...] = ()


_TOKEN_RE = re.compile(r'\s*(?:(\()|(\))|(-?)([A-Za-z_]+):"([^"]*)"|(-?)"([^"]*)"|([^\s()"]+))')
_YEAR_RANGE_RE = re.compile(r"^(\d{4})\s*(?:\.\.|-|–)\s*(\d{4})$")


class _Unparsable(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, ...]]:
    """Split into ('(',), (')',), ('phrase', neg, text), ('field', neg, name, value), ('word', text)."""
    if text.count('"') % 2:
        raise _Unparsable("an unbalanced quote")
    out: list[tuple[str, ...]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if not match or match.end() == pos:
            if text[pos:].strip():
                raise _Unparsable("unexpected characters")
            break
        pos = match.end()
        opening, closing, fneg, fname, fvalue, pneg, phrase, word = match.groups()
        if opening:
            out.append(("(",))
        elif closing:
            out.append((")",))
        elif fname is not None:
            out.append(("field", fneg, fname, fvalue))
        elif phrase is not None:
            out.append(("phrase", pneg, phrase))
        elif word is not None:
            out.append(("word", word))
    depth = deepest = 0
    for token in out:
        depth += {"(": 1, ")": -1}.get(token[0], 0)
        deepest = max(deepest, depth)
        if depth < 0:
            raise _Unparsable("an unbalanced parenthesis")
    if depth:
        raise _Unparsable("an unbalanced parenthesis")
    if deepest > config.MAX_QUERY_DEPTH:
        raise QueryTooCostly(f"The query nests parentheses {deepest} deep; at most "
                             f"{config.MAX_QUERY_DEPTH} levels are searched. Remove some parentheses.")
    return out


class _Reader:
    """Recursive descent: sequence := item+ ; item := unary (OR unary)* ; unary := NOT unary | -atom | atom."""

    def __init__(self, tokens: list[tuple[str, ...]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.notes: list[str] = []
        self.negations = 0  # NOTs nested around the item being read

    def peek(self) -> tuple[str, ...] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def sequence(self, closing: bool = False) -> list:
        items: list = []
        while (token := self.peek()) is not None and not (closing and token == (")",)):
            if token == ("word", "AND"):
                self.pos += 1
                continue
            item = self.either()
            if item is not None:
                items.append(item)
        return items

    def either(self):
        options = [self.unary()]
        while self.peek() == ("word", "OR"):
            self.pos += 1
            if self.peek() is None or self.peek() == (")",):
                self.notes.append("a trailing OR was ignored")
                break
            options.append(self.unary())
        options = [o for o in options if o is not None]
        if not options:
            return None
        return options[0] if len(options) == 1 else AnyOf(tuple(options))

    def unary(self):
        token = self.peek()
        if token == ("word", "NOT"):
            self.pos += 1
            if self.peek() is None or self.peek() == (")",):
                self.notes.append("a trailing NOT was ignored")
                return None
            self.negations += 1
            if self.negations > config.MAX_QUERY_DEPTH:
                raise QueryTooCostly(f"The query has more than {config.MAX_QUERY_DEPTH} NOTs in a row; "
                                     "one NOT is enough.")
            try:
                inner = self.unary()
            finally:
                self.negations -= 1
            return Negation(inner) if inner is not None else None
        if token[0] == "word" and token[1].startswith("-") and len(token[1]) > 1:
            self.tokens[self.pos] = ("word", token[1][1:])
            inner = self.atom()
            return Negation(inner) if inner is not None else None
        return self.atom()

    def atom(self):
        token = self.peek()
        self.pos += 1
        kind = token[0]
        if kind == "(":
            items = self.sequence(closing=True)
            self.pos += 1  # the balanced ')'
            if not items:
                return None
            return items[0] if len(items) == 1 else AllOf(tuple(items))
        if kind == ")":
            return None
        if kind == "phrase":
            node = Phrase(token[2]) if token[2].strip() else None
            return Negation(node) if node is not None and token[1] else node
        if kind == "field":
            node = self.field(token[2], token[3], quoted=True)
            return Negation(node) if node is not None and token[1] else node
        text = token[1]
        match = re.fullmatch(r"([A-Za-z_]+):(.*)", text)
        if match and not re.fullmatch(r"[a-z]+://.*", text):
            return self.field(match.group(1), match.group(2), quoted=False)
        return _word(text, self.notes)

    def field(self, name: str, value: str, quoted: bool):
        key = name.lower()
        value = value.strip()
        if key not in QUERY_FIELDS:
            self.notes.append(f"'{name}:' is not a field (use {', '.join(sorted(set(QUERY_FIELDS) - {'doc_type', 'report_year'}))}); "
                              "read as words")
            return _words_node(f"{name} {value}", self.notes)
        if not value:
            self.notes.append(f"'{name}:' has no value; ignored")
            return None
        node = _field_node(QUERY_FIELDS[key], value, quoted)
        if node is None:
            self.notes.append(f"'{name}:{value}' is not a known {key}; read as words")
            return _words_node(value, self.notes)
        return node


def _word(text: str, notes: list[str]):
    if text.endswith("*") and text.rstrip("*") and "*" not in text.rstrip("*"):
        stem = text.rstrip("*")
        if len(re.sub(r"\W", "", stem)) < config.MIN_WILDCARD_LETTERS:
            raise QueryTooCostly(f"'{text}' stands for too many words; give at least "
                                 f"{config.MIN_WILDCARD_LETTERS} letters before the *.")
        return Prefix(stem)
    if "*" in text or "?" in text:
        cleaned = text.replace("*", " ").replace("?", " ").strip()
        notes.append(f"only a trailing * is a wildcard; '{text}' read as '{cleaned}'")
        return _words_node(cleaned, notes) if cleaned else None
    return Word(text)


def _words_node(text: str, notes: list[str]):
    words = [Word(w) for w in re.findall(r"[^\s()\"*?:]+", text)]
    if not words:
        return None
    return words[0] if len(words) == 1 else AllOf(tuple(words))


def _field_node(field: str, value: str, quoted: bool):
    """The node for ``field:value``, or None when the value means nothing in that field."""
    if field == "title":
        return FieldValue("title", value if not quoted else f'"{value}"')
    if field == "country":
        found = find_country(value)
        return FieldValue("country", found.code) if found else None
    if field == "tier":
        tier = normalise_tier(value)
        return FieldValue("tier", tier) if tier else None
    if field == EITHER_YEAR or (field in BY_NAME and BY_NAME[field].kind == "number"):
        match = _YEAR_RANGE_RE.match(value)
        if match:
            low, high = sorted((int(match.group(1)), int(match.group(2))))
            return YearRange(low, high, field)
        if re.fullmatch(r"\d{4}", value):
            return YearRange(int(value), int(value), field)
        return None
    return FieldValue(field, value)


def _recognise_countries(items: list) -> list:
    """Replace runs of plain words that name a country by ``CountryName`` nodes (longest first)."""
    out: list = []
    i = 0
    while i < len(items):
        found = None
        for size in range(min(MAX_COUNTRY_WORDS, len(items) - i), 0, -1):
            run = items[i:i + size]
            if not all(isinstance(n, Word) for n in run):
                continue
            text = " ".join(n.text for n in run)
            if size == 1 and len(text) < 4 and not text.isupper():
                continue  # "car", "per": words, not country codes or acronyms
            named = countries.in_words(text)
            if named is not None:
                found = (size, CountryName(text, named[0].code, named[1]))
                break
        if found:
            out.append(found[1])
            i += found[0]
        else:
            out.append(_recognise_in(items[i]))
            i += 1
    return out


def _recognise_in(node):
    if isinstance(node, AllOf):
        return AllOf(tuple(_recognise_countries(list(node.nodes))))
    if isinstance(node, AnyOf):
        return AnyOf(tuple(_recognise_in(n) for n in node.nodes))
    if isinstance(node, Negation):
        return Negation(_recognise_in(node.node))
    if isinstance(node, Word):
        return _as_country(node)
    return node


def _as_country(word: Word):
    text = word.text
    if len(text) < 4 and not text.isupper():
        return word
    named = countries.in_words(text)
    return CountryName(text, named[0].code, named[1]) if named else word


def _clauses(node) -> int:
    if isinstance(node, (AllOf, AnyOf)):
        return sum(_clauses(n) for n in node.nodes)
    if isinstance(node, Negation):
        return _clauses(node.node)
    return 1


def parse(text: str) -> Parsed:
    """Read query text into a tree; never raises for syntax (see the module docstring).

    A query too costly to run raises ``QueryTooCostly`` saying what to change:
    parentheses or NOTs nested past ``config.MAX_QUERY_DEPTH``, more than
    ``config.MAX_QUERY_CLAUSES`` words and conditions, a wildcard with fewer
    than ``config.MIN_WILDCARD_LETTERS`` letters.
    """
    notes: list[str] = []
    try:
        reader = _Reader(_tokens(text))
        items = reader.sequence()
        notes.extend(reader.notes)
    except _Unparsable as problem:
        notes.append(f"the query has {problem}, so it was read as plain words")
        node = _words_node(text, notes)
        items = list(node.nodes) if isinstance(node, AllOf) else ([node] if node else [])
    items = _recognise_countries(items)
    clauses = sum(_clauses(n) for n in items)
    if clauses > config.MAX_QUERY_CLAUSES:
        raise QueryTooCostly(f"The query has {clauses} words and conditions; at most "
                             f"{config.MAX_QUERY_CLAUSES} are searched. Shorten it.")
    if not items:
        return Parsed(None, tuple(notes))
    return Parsed(items[0] if len(items) == 1 else AllOf(tuple(items)), tuple(notes))


def is_words(node) -> bool:
    """Whether ``node`` looks for words (rather than being a field condition or an exclusion)."""
    return not isinstance(node, (FieldValue, YearRange, Negation))


def top_level(parsed: Parsed) -> tuple:
    """The items of the query's implicit AND (one item when there is no AND)."""
    tree = parsed.tree
    if tree is None:
        return ()
    return tree.nodes if isinstance(tree, AllOf) else (tree,)


def with_corrections(parsed: Parsed, corrections: dict[str, str]) -> Parsed:
    """The tree with top-level words replaced (``corrections`` maps typed text to the new word).

    Country names are recognised again over the new words ("Nigerai" corrected
    to "Nigeria" becomes the country), as ``parse`` would recognise them, but
    the text is not read again.
    """
    items = [Word(corrections[n.text]) if isinstance(n, Word) and n.text in corrections else n
             for n in top_level(parsed)]
    items = _recognise_countries(items)
    if not items:
        return Parsed(None, parsed.notes)
    return Parsed(items[0] if len(items) == 1 else AllOf(tuple(items)), parsed.notes)
