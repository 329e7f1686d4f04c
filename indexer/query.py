"""From raw request strings to a validated ``SearchRequest``, and from that to Whoosh queries.

Everything here is pure: no index is opened, so every decision about what a
query means can be pinned by comparing built ``Query`` objects with ``==``.

The query language, read left to right:

- words are all required (``trafficking children``); ``OR`` between two
  items makes either enough and binds tighter than the implicit AND;
- ``NOT word`` and ``-word`` exclude; parentheses group;
- ``"exact phrase"`` matches the words in order and is never expanded;
- ``field:value`` (or ``field:"two words"``) for title, country, publisher,
  tier, type and year; ``year:2004..2008`` and ``year:2004-2008`` are ranges;
  a publisher or type matches in any case and by a run of its words
  (``publisher:"department of state"``);
- ``traffick*`` matches words starting so (the search bounds the expansion);
- a word or run of words naming a country ("Malian", "Burma", "Ivory Coast")
  matches every name of that country.

Input that cannot be parsed (an unbalanced quote or parenthesis, ``field:``
with no value, an unknown field) is read as plain words and a note says so;
a query never raises for its syntax, only for its length.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.support.charset import accent_map

from . import config, countries, dates
from .engine.schema import SCHEMA
from .errors import QueryError, QueryTooLong
from .records import FACETS, SORTS, TIERS, SearchRequest

# Fields a plain word is looked for in. Their weights (title and country
# names above body) are the schema's index-time field boosts, which BM25F
# applies; a query boost here would multiply on top of them.
WORD_FIELDS = ("title", "country_text", "body")
# Query-time boost per word field (1.0: rely on the schema's field boosts).
WORD_FIELD_BOOSTS = {"title": 1.0, "country_text": 1.0, "body": 1.0}
# Boost of the alternative names a recognised country expands to, relative
# to the word the user typed (the typed spelling is not preferred: all names
# mean the same country).
COUNTRY_EXPANSION_BOOST = 1.0
# The names usable in ``field:value``, mapped to schema fields.
QUERY_FIELDS = {"title": "title", "country": "countries", "publisher": "publisher",
                "tier": "tier", "type": "doc_type", "doc_type": "doc_type", "year": "year"}
# The schema field each facet filters.
FACET_FIELDS = {"tier": "tier", "country": "countries", "publisher": "publisher",
                "doc_type": "doc_type", "year": "year"}
# Exact fields whose ``field:value`` also matches the value's words in a text field.
WORDED_FIELDS = {"publisher": "publisher_text", "doc_type": "doc_type_text"}
# Longest run of words tried as one country name ("Democratic Republic of the Congo").
MAX_COUNTRY_WORDS = 6
# Years a request may name.
YEAR_RANGE = (1900, 2100)

_TIER_KEYS = {
    "1": "Tier 1", "2": "Tier 2", "3": "Tier 3",
    "2watchlist": "Tier 2 Watch List", "watchlist": "Tier 2 Watch List", "2wl": "Tier 2 Watch List",
    "wl": "Tier 2 Watch List", "2watch": "Tier 2 Watch List", "twl": "Tier 2 Watch List",
    "specialcase": "Special Case", "special": "Special Case", "sc": "Special Case",
}
_ANALYZER = SCHEMA["body"].analyzer
_DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD"


# ---- the request ------------------------------------------------------------


def normalise_tier(value: str) -> str | None:
    """The tier ``value`` names ("2", "tier 2 watch list", "2WL", "special"), or None."""
    key = re.sub(r"[^a-z0-9]", "", value.lower())
    if key.startswith("tier"):
        key = key[4:]
    elif key.startswith("t") and key[1:2].isdigit():
        key = key[1:]
    return _TIER_KEYS.get(key)


def _values(args: Mapping[str, str | list[str]], *names: str) -> list[str]:
    """Every non-empty value given under any of ``names`` (forms send empty fields)."""
    out: list[str] = []
    for name in names:
        raw = args.get(name)
        if raw is None:
            continue
        items = [raw] if isinstance(raw, str) else list(raw)
        out.extend(str(item).strip() for item in items if item is not None and str(item).strip())
    return out


def _single(args: Mapping[str, str | list[str]], *names: str) -> str | None:
    values = _values(args, *names)
    if len(values) > 1:
        raise QueryError(f"Give '{names[0]}' once, not {len(values)} times")
    return values[0] if values else None


def _integer(text: str | None, name: str, low: int, high: int, default: int) -> int:
    if text is None:
        return default
    try:
        number = int(text)
    except ValueError:
        raise QueryError(f"'{name}' must be a whole number from {low} to {high}, not '{text}'") from None
    if not low <= number <= high:
        raise QueryError(f"'{name}' must be from {low} to {high}, not {number}")
    return number


def _date(text: str | None) -> str | None:
    if text is None:
        return None
    iso = dates.parse_date(text)
    if iso is None or not re.fullmatch(r"\d{4}(-\d\d){0,2}", iso):
        raise QueryError(f"'{text}' is not a date; {_DATE_HELP}")
    return iso


def _country_code(value: str) -> str:
    found = countries.lookup(value) or (countries.by_code(value) if len(value) in (2, 3) else None)
    if found is None:
        raise QueryError(f"Unknown country '{value}'; give a country name or an ISO code such as MLI")
    return found.code


def parse_request(args: Mapping[str, str | list[str]]) -> SearchRequest:
    """Validate raw strings (CLI options or URL arguments) into a ``SearchRequest``.

    Every bad value raises ``QueryError`` naming it and saying what is allowed;
    a query longer than ``config.MAX_QUERY_LENGTH`` raises ``QueryTooLong``.
    """
    text = " ".join(_values(args, "q"))
    if len(text) > config.MAX_QUERY_LENGTH:
        raise QueryTooLong(f"The query is {len(text)} characters long; "
                           f"the limit is {config.MAX_QUERY_LENGTH}")
    tiers = []
    for value in _values(args, "tier"):
        tier = normalise_tier(value)
        if tier is None:
            raise QueryError(f"Unknown tier '{value}'; use one of: {', '.join(TIERS)}")
        tiers.append(tier)
    years = []
    for value in _values(args, "year"):
        years.append(_integer(value, "year", *YEAR_RANGE, default=0))
    date_from = _date(_single(args, "from", "date_from"))
    date_to = _date(_single(args, "to", "date_to"))
    if date_from and date_to and dates.to_date(date_from) > dates.end_of(date_to):
        raise QueryError(f"'from' ({date_from}) is after 'to' ({date_to})")
    sort = (_single(args, "sort") or "relevance").lower()
    if sort not in SORTS:
        raise QueryError(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}")
    return SearchRequest(
        query=text.strip(),
        tiers=tuple(dict.fromkeys(tiers)),
        countries=tuple(dict.fromkeys(_country_code(v) for v in _values(args, "country"))),
        publishers=tuple(dict.fromkeys(_values(args, "publisher"))),
        doc_types=tuple(dict.fromkeys(_values(args, "type", "doc_type"))),
        years=tuple(dict.fromkeys(years)),
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=_integer(_single(args, "page"), "page", 1, config.MAX_PAGE, default=1),
        per_page=_integer(_single(args, "per_page", "per-page"), "per_page", 1, config.MAX_PER_PAGE,
                          default=config.DEFAULT_PER_PAGE),
    )


# ---- the query language: text -> syntax tree --------------------------------


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
    """Words that name a country; they match every name of it."""

    text: str
    code: str


@dataclass(frozen=True)
class FieldValue:
    field: str  # a schema field
    value: object


@dataclass(frozen=True)
class YearRange:
    low: int
    high: int


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
    depth = 0
    for token in out:
        depth += {"(": 1, ")": -1}.get(token[0], 0)
        if depth < 0:
            raise _Unparsable("an unbalanced parenthesis")
    if depth:
        raise _Unparsable("an unbalanced parenthesis")
    return out


class _Reader:
    """Recursive descent: sequence := item+ ; item := unary (OR unary)* ; unary := NOT unary | -atom | atom."""

    def __init__(self, tokens: list[tuple[str, ...]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.notes: list[str] = []

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
            inner = self.unary()
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
            self.notes.append(f"'{name}:' is not a field (use {', '.join(sorted(set(QUERY_FIELDS) - {'doc_type'}))}); "
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
        return Prefix(text.rstrip("*"))
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
    if field == "countries":
        found = countries.lookup(value) or (countries.by_code(value) if len(value) in (2, 3) else None)
        return FieldValue("countries", found.code) if found else None
    if field == "tier":
        tier = normalise_tier(value)
        return FieldValue("tier", tier) if tier else None
    if field == "year":
        match = _YEAR_RANGE_RE.match(value)
        if match:
            low, high = sorted((int(match.group(1)), int(match.group(2))))
            return YearRange(low, high)
        if re.fullmatch(r"\d{4}", value):
            return YearRange(int(value), int(value))
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
            country = countries.lookup(text)
            if country is not None:
                found = (size, CountryName(text, country.code))
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
    country = countries.lookup(text)
    return CountryName(text, country.code) if country else word


def parse(text: str) -> Parsed:
    """Read query text into a tree; never raises for syntax (see the module docstring)."""
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
    if not items:
        return Parsed(None, tuple(notes))
    return Parsed(items[0] if len(items) == 1 else AllOf(tuple(items)), tuple(notes))


# ---- syntax tree -> Whoosh query --------------------------------------------


def analyse(text: str) -> list[str]:
    """``text`` as the index sees it: terms after folding, stop words and stemming."""
    return [t.text for t in _ANALYZER(text, mode="query")]


def _in_fields(terms: list[str], fields=WORD_FIELDS, boost: float = 1.0) -> wq.Query | None:
    """One word or phrase looked for in each of ``fields`` (OR'ed)."""
    if not terms:
        return None
    parts = []
    for field in fields:
        weight = WORD_FIELD_BOOSTS.get(field, 1.0) * boost
        if len(terms) == 1:
            parts.append(wq.Term(field, terms[0], boost=weight))
        else:
            # Stop words are dropped and positions renumbered, at indexing as here,
            # so "forms of child labour" is the adjacent phrase "form child labour".
            parts.append(wq.Phrase(field, terms, boost=weight))
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _prefix_text(text: str) -> str:
    """The index form of a wildcard's stem: folded, and stemmed only when stemming just shortens it."""
    folded = text.lower().translate(accent_map)
    stemmed = analyse(text)
    if len(stemmed) == 1 and folded.startswith(stemmed[0]):
        return stemmed[0]
    return re.sub(r"\W", "", folded)


def country_query(code: str) -> wq.Query:
    """Every name, alias and demonym of a country, in every word field."""
    country = countries.by_code(code)
    names = countries.search_terms(country) if country else (code,)
    parts: list[wq.Query] = []
    for name in names:
        part = _in_fields(analyse(name), boost=COUNTRY_EXPANSION_BOOST)
        if part is None:
            continue
        for sub in (part.subqueries if isinstance(part, wq.Or) else [part]):
            if sub not in parts:
                parts.append(sub)
    return wq.Or(parts)


def _compile(node, any_word: bool = False) -> wq.Query | None:
    if node is None:
        return None
    if isinstance(node, Word):
        return _in_fields(analyse(node.text))
    if isinstance(node, Phrase):
        return _in_fields(analyse(node.text))
    if isinstance(node, Prefix):
        text = _prefix_text(node.text)
        if not text:
            return None
        return wq.Or([wq.Prefix(field, text) for field in WORD_FIELDS])
    if isinstance(node, CountryName):
        return country_query(node.code)
    if isinstance(node, YearRange):
        return wq.NumericRange("year", node.low, node.high)
    if isinstance(node, FieldValue):
        if node.field == "title":
            return _in_fields(analyse(str(node.value).strip('"')), fields=("title",))
        exact = wq.Term(node.field, node.value)
        if node.field in WORDED_FIELDS:
            # The exact value, or its words in order in any case ("annual report").
            worded = _in_fields(analyse(str(node.value)), fields=(WORDED_FIELDS[node.field],))
            return exact if worded is None else wq.Or([exact, worded])
        return exact
    if isinstance(node, Negation):
        inner = _compile(node.node)
        return wq.Not(inner) if inner is not None else None
    if isinstance(node, AnyOf):
        parts = [q for q in (_compile(n) for n in node.nodes) if q is not None]
        return _combine(parts, wq.Or)
    if isinstance(node, AllOf):
        return _all_of(node.nodes, any_word)
    raise TypeError(f"not a query node: {node!r}")


def _combine(parts: list[wq.Query], kind) -> wq.Query | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(parts)


def _all_of(nodes, any_word: bool) -> wq.Query | None:
    """Every item required; with ``any_word``, any one of the words, but field conditions still all."""
    negative = [q for q in (_compile(n.node) for n in nodes if isinstance(n, Negation)) if q is not None]
    if any_word:
        conditions = [q for q in (_compile(n) for n in nodes if isinstance(n, (FieldValue, YearRange)))
                      if q is not None]
        either = _combine([q for q in (_compile(n) for n in nodes if _is_words(n)) if q is not None], wq.Or)
        required = _combine(conditions + ([either] if either is not None else []), wq.And)
    else:
        positive = [q for q in (_compile(n) for n in nodes if not isinstance(n, Negation)) if q is not None]
        required = _combine(positive, wq.And)
    if not negative:
        return required
    return wq.AndNot(required if required is not None else wq.Every(), _combine(negative, wq.Or))


def _is_words(node) -> bool:
    """Whether ``node`` looks for words (rather than being a field condition or an exclusion)."""
    return not isinstance(node, (FieldValue, YearRange, Negation))


def build_query(request: SearchRequest, any_word: bool = False) -> wq.Query:
    """The Whoosh query for the request's words (``Every`` when it has none).

    ``any_word`` turns the top-level implicit AND between words into OR (field
    conditions such as ``tier:3`` stay required): the fallback when no
    document has all the words.
    """
    tree = parse(request.query).tree
    if tree is None:
        return wq.Every()
    query = _all_of((tree,), any_word) if not isinstance(tree, AllOf) else _all_of(tree.nodes, any_word)
    # Only stop words or punctuation: nothing to look for, so nothing matches.
    return query if query is not None else wq.NullQuery


# ---- filters ----------------------------------------------------------------


def _one_of(field: str, values) -> wq.Query | None:
    terms = [wq.Term(field, v) for v in values]
    return _combine(terms, wq.Or)


def selected_values(request: SearchRequest, facet: str) -> tuple:
    """The values ``request`` selects in one facet (tier, country, publisher, doc_type, year)."""
    return {"tier": request.tiers, "country": request.countries, "publisher": request.publishers,
            "doc_type": request.doc_types, "year": request.years}[facet]


def facet_filter(request: SearchRequest, facet: str) -> wq.Query | None:
    """The filter one facet's selection makes (several values OR'ed), or None."""
    return _one_of(FACET_FIELDS[facet], selected_values(request, facet))


def date_filter(request: SearchRequest) -> wq.Query | None:
    """``published`` within from/to, inclusive at the precision given (to=2004: through 31 Dec 2004)."""
    if not request.date_from and not request.date_to:
        return None
    start = dt.datetime.combine(dates.to_date(request.date_from), dt.time.min) if request.date_from else None
    end = dt.datetime.combine(dates.end_of(request.date_to), dt.time.max) if request.date_to else None
    return wq.DateRange("published", start, end)


def build_filter(request: SearchRequest, exclude_facet: str | None = None) -> wq.Query | None:
    """Every selected facet and the date range AND'ed; ``exclude_facet`` leaves one facet out.

    Leaving a facet's own selection out is how its counts keep the other
    values visible.
    """
    parts = [facet_filter(request, facet) for facet in FACETS if facet != exclude_facet]
    parts.append(date_filter(request))
    return _combine([p for p in parts if p is not None], wq.And)


# ---- reading a query back ---------------------------------------------------


def _describe_node(node) -> str:
    if isinstance(node, Word):
        return node.text if analyse(node.text) else f"{node.text} (too common to search for)"
    if isinstance(node, Prefix):
        return f"{node.text}*"
    if isinstance(node, Phrase):
        return f'"{node.text}" (exact)'
    if isinstance(node, CountryName):
        country = countries.by_code(node.code)
        name = country.name if country else node.code
        return f"{node.text} (any name of {name})" if node.text != name else f"{name} (any name)"
    if isinstance(node, YearRange):
        return f"year {node.low}" if node.low == node.high else f"year {node.low}–{node.high}"
    if isinstance(node, FieldValue):
        label = {"countries": "country", "doc_type": "type"}.get(node.field, node.field)
        value = node.value
        if node.field == "countries":
            country = countries.by_code(str(value))
            value = country.name if country else value
        return f"{label}: {value}"
    if isinstance(node, Negation):
        return f"not {_describe_node(node.node)}"
    if isinstance(node, AnyOf):
        return "(" + " or ".join(_describe_node(n) for n in node.nodes) + ")"
    if isinstance(node, AllOf):
        return "(" + " and ".join(_describe_node(n) for n in node.nodes) + ")"
    return str(node)


def describe(text: str, any_word: bool = False) -> str:
    """A readable account of how ``text`` is searched, with notes on anything reinterpreted."""
    parsed = parse(text)
    tree = parsed.tree
    if tree is None:
        body = "all documents"
    else:
        nodes = tree.nodes if isinstance(tree, AllOf) else (tree,)
        if any_word:
            either = [_describe_node(n) for n in nodes if _is_words(n)]
            parts = ["any of: " + ", ".join(either)] if len(either) > 1 else either
            parts += [_describe_node(n) for n in nodes if not _is_words(n) and not isinstance(n, Negation)]
            body = "; ".join(parts) or "all documents"
        else:
            positive = [_describe_node(n) for n in nodes if not isinstance(n, Negation)]
            if len(positive) > 1:
                body = "all of: " + ", ".join(positive)
            else:
                body = positive[0] if positive else "all documents"
        negative = [_describe_node(n) for n in nodes if isinstance(n, Negation)]
        if negative:
            body += "; " + ", ".join(negative)
    if parsed.notes:
        body += " (" + "; ".join(parsed.notes) + ")"
    return body


def plain_words(text: str) -> tuple[str, ...]:
    """The top-level words and phrases a user typed (for notices and suggestions)."""
    tree = parse(text).tree
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


def word_count(text: str) -> int:
    """How many top-level words and phrases the query requires (the any-word fallback needs two)."""
    tree = parse(text).tree
    if tree is None:
        return 0
    nodes = tree.nodes if isinstance(tree, AllOf) else (tree,)
    return sum(1 for n in nodes if _is_words(n))


@dataclass(frozen=True)
class Highlight:
    """What to mark in a hit's text: index terms, wildcard stems, and phrases (as term tuples)."""

    terms: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.phrases)


def highlight_terms(query: wq.Query) -> Highlight:
    """What a hit is matched on in the word fields; excluded words are not marked."""
    terms: set[str] = set()
    prefixes: set[str] = set()
    phrases: set[tuple[str, ...]] = set()

    def walk(q: wq.Query) -> None:
        if isinstance(q, wq.Not):
            return
        if isinstance(q, wq.AndNot):
            walk(q.a)
            return
        if isinstance(q, (wq.Prefix, wq.Term, wq.Phrase)):
            if q.fieldname not in WORD_FIELDS:
                return
            if isinstance(q, wq.Prefix):
                prefixes.add(q.text)
            elif isinstance(q, wq.Term):
                terms.add(q.text)
            else:
                phrases.add(tuple(q.words))
            return
        for child in q.children():
            walk(child)

    walk(query)
    return Highlight(frozenset(terms), frozenset(prefixes), frozenset(phrases))
