"""The facets, declared once: what a search can be narrowed by and counted on.

Every consumer reads ``FACETS``: request validation (which URL parameters and
CLI options select values, and how a typed value is normalised), the
engine's schema (one exact, sortable field per facet) and its filters,
counts and filter caches, the query language's ``field:value`` names, the
web app's sidebar, chips and toggle links, and the CLI's options.

Adding a facet is one ``Facet`` entry here plus its extractor, the function
that gives a ``Document`` its values (``values``). For example, a language
facet would be::

    Facet(name="language", param="language", request_key="languages",
          title="Language", values=lambda doc: _one(doc.language),
          normalise=_language_code, repeatable=True,
          help="Only documents in this language (ISO 639-1 code, repeatable).")

Existing indexes are rebuilt by the next ``refsearch index``, because the
schema fingerprint changes with the table.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import countries
from .errors import QueryError
from .languages import language_code, language_name, lookup_language
from .numbers import whole_number

if TYPE_CHECKING:  # the records module reads this table; Document is only named in annotations here
    from .records import Document

# The only tier values refsearch knows, in the order the TIP report ranks them.
TIERS = ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case")

# Years a request may name.
YEAR_RANGE = (1900, 2100)

_TIER_KEYS = {
    "1": "Tier 1", "2": "Tier 2", "3": "Tier 3",
    "2watchlist": "Tier 2 Watch List", "watchlist": "Tier 2 Watch List", "2wl": "Tier 2 Watch List",
    "wl": "Tier 2 Watch List", "2watch": "Tier 2 Watch List", "twl": "Tier 2 Watch List",
    "specialcase": "Special Case", "special": "Special Case", "sc": "Special Case",
}


@dataclass(frozen=True)
class Facet:
    """One facet: how its values are read from documents, selected, stored, counted and shown.

    ``kind`` says how the engine stores the values: ``"text"`` (one exact
    value), ``"texts"`` (several exact values, e.g. countries) or
    ``"number"`` (an integer, e.g. the year). ``order`` says how counted
    values are listed: ``"count"`` (most documents first), ``"rank"`` (in
    the order of ``ranks``) or ``"descending"`` (highest number first).
    """

    name: str                   # key in SearchResults.facets and SearchRequest.filters
    param: str                  # URL parameter and CLI option
    request_key: str            # key of the selection in SearchRequest.to_dict()
    title: str                  # heading in the sidebar and on filter chips
    values: Callable[[Document], tuple]   # the extractor: a document's values
    normalise: Callable[[str], object]    # a typed value -> the stored value (QueryError if unknown)
    help: str                   # the CLI option's help text
    kind: str = "text"
    repeatable: bool = True     # several values may be selected (OR'ed)
    order: str = "count"
    ranks: tuple[str, ...] = ()
    label: Callable[[str], str] = str     # how a stored value is shown
    query_names: tuple[str, ...] = ()     # names usable as ``name:value`` in a query
    aliases: tuple[str, ...] = ()         # other URL parameter names accepted
    worded: bool = False        # ``name:value`` also matches the value's words, in any case
    field: str = ""             # the engine's field for the values, when not named for the facet
    entry_point: bool = False   # its values are offered on the home page as ready-made searches
    # Other names of a stored value that a box narrowing the facet's values also accepts
    # ("Burma" for MMR): what the search box understands, the filter box understands too.
    other_names: Callable[[str], tuple[str, ...]] = lambda value: ()

    @property
    def index_field(self) -> str:
        """The engine's field holding the values."""
        return self.field or self.name


def normalise_tier(value: str | None) -> str | None:
    """The tier ``value`` names ("2", "tier 2 watch list", "TIER 2 WATCHLIST", "2WL", "special"),
    or None: what a user types and what a document prints alike."""
    if not value:
        return None
    key = re.sub(r"[^a-z0-9]", "", value.lower())
    if key.startswith("tier"):
        key = key[4:]
    elif key.startswith("t") and key[1:2].isdigit():
        key = key[1:]
    return _TIER_KEYS.get(key)


def _tier(value: str) -> str:
    tier = normalise_tier(value)
    if tier is None:
        raise QueryError(f"Unknown tier '{value}'; use one of: {', '.join(TIERS)}")
    return tier


def find_country(value: str):
    """The country a name, demonym or ISO code names, or None."""
    return countries.lookup(value) or (countries.by_code(value) if len(value) in (2, 3) else None)


def _country(value: str) -> str:
    found = find_country(value)
    if found is None:
        raise QueryError(f"Unknown country '{value}'; give a country name or an ISO code such as MLI")
    return found.code


def _year(value: str) -> int:
    return whole_number(value, "year", *YEAR_RANGE)


def _report_year(value: str) -> int:
    return whole_number(value, "report_year", *YEAR_RANGE)


def _exact(value: str) -> str:
    return value


def country_label(code: str) -> str:
    country = countries.by_code(code)
    return country.name if country else code


def country_names(code: str) -> tuple[str, ...]:
    """Every name, alias, acronym and demonym of the country ``code`` stands for, and the code."""
    country = countries.by_code(code)
    if country is None:
        return ()
    return tuple(dict.fromkeys(countries.search_terms(country) + countries.demonyms(country) + (code,)))


def document_year(doc: Document) -> int | None:
    """The year a document was published in; an undated one counts in its report year."""
    if doc.published:
        return int(doc.published[:4])
    return doc.report_year


def _language(value: str) -> str:
    code = lookup_language(value)
    if code is None:
        raise QueryError(f"Unknown language '{value}'; give its name or an ISO 639 code such as fr or fra")
    return code


def _one(value) -> tuple:
    return (value,) if value not in (None, "") else ()


FACETS: tuple[Facet, ...] = (
    Facet(name="tier", param="tier", request_key="tiers", title="Tier",
          values=lambda doc: _one(doc.tier), normalise=_tier, order="rank", ranks=TIERS,
          query_names=("tier",), entry_point=True,
          help="Only this tier (repeat for several): 1, 2, 2wl, 3, special."),
    Facet(name="country", param="country", request_key="countries", title="Country",
          values=lambda doc: tuple(c.code for c in doc.countries), normalise=_country,
          kind="texts", field="countries", label=country_label, query_names=("country",),
          entry_point=True, other_names=country_names,
          help="Only documents about this country: name, demonym or ISO code (repeatable)."),
    Facet(name="publisher", param="publisher", request_key="publishers", title="Publisher",
          values=lambda doc: _one(doc.publisher), normalise=_exact, repeatable=False,
          query_names=("publisher",), worded=True,
          help="Only this publisher, exactly as listed in facets."),
    Facet(name="doc_type", param="type", request_key="doc_types", title="Document type",
          values=lambda doc: _one(doc.doc_type), normalise=_exact, repeatable=False,
          query_names=("type", "doc_type"), aliases=("doc_type",), worded=True,
          help="Only this document type, e.g. 'Annual report'."),
    Facet(name="year", param="year", request_key="years", title="Year published",
          values=lambda doc: _one(document_year(doc)), normalise=_year, kind="number",
          order="descending", query_names=("published",), entry_point=True,
          help="Only documents published in this year (repeatable)."),
    Facet(name="report_year", param="report_year", request_key="report_years", title="Report year",
          values=lambda doc: _one(doc.report_year), normalise=_report_year, kind="number",
          order="descending", query_names=("reportyear", "report_year"), entry_point=True,
          help="Only reports on this year (repeatable): the year a report covers or is "
               "named for, as in the 2024 Country Reports, published in 2025."),
    Facet(name="language", param="language", request_key="languages", title="Language",
          values=lambda doc: _one(language_code(doc.language)), normalise=_language,
          label=language_name, query_names=("language", "lang"),
          help="Only documents in this language: its name or ISO 639-1/639-3 code (repeatable)."),
)

# ``year:`` in a query: the year a document was published in or reports on (either facet's).
EITHER_YEAR = "year or report year"
YEAR_FACETS = ("year", "report_year")

BY_NAME = {facet.name: facet for facet in FACETS}
BY_PARAM = {facet.param: facet for facet in FACETS}
