"""The structured data a web page gives about itself in JSON-LD (schema.org).

Sites built on WordPress and most news and government sites state a page's
publication date only there (``"datePublished"`` in a ``<script
type="application/ld+json">``), often inside an ``@graph`` of several
objects (the site, the page, the article, its breadcrumbs). The scripts are
read before furniture removal drops them, and only the dates and the
publisher's name are kept, as ``jsonld:*`` keys of the page's metadata.
Broken JSON is ignored: it is only missing metadata.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from bs4 import BeautifulSoup

# The objects that describe a page's content, preferred to the site's own (``WebSite``, ``Organization``).
_CONTENT_TYPES = frozenset({"article", "newsarticle", "report", "scholarlyarticle", "creativework",
                            "webpage", "legislation", "blogposting", "dataset", "digitaldocument"})
# Deepest nesting of JSON-LD objects walked (a page's data is shallow; a hostile one is not).
_MAX_DEPTH = 8


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``data``: lists and ``@graph`` walked, nested objects too."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from _objects(value, depth + 1)


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _name(value: Any) -> str | None:
    """A publisher given as a name or as an object with one."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def is_json_ld(kind: str | None) -> bool:
    """Whether a ``<script>``'s type attribute marks JSON-LD."""
    return bool(kind) and "ld+json" in (kind or "").lower()


def jsonld_metadata(soup: BeautifulSoup) -> dict[str, str]:
    """``jsonld:datepublished``, ``jsonld:datemodified`` and ``jsonld:publisher`` of the page's
    content object (an article, a report, the web page), when its JSON-LD gives them."""
    return jsonld_from_scripts(script.string or script.get_text() or ""
                               for script in soup.find_all("script", attrs={"type": is_json_ld}))


def jsonld_from_scripts(scripts: Iterable[str]) -> dict[str, str]:
    """The ``jsonld:*`` keys from the text of each JSON-LD script, in page order.

    Apart from ``jsonld_metadata`` so that a reader with another tree (``lxml_page``) shares it.
    """
    found: dict[str, str] = {}
    ranked: list[tuple[int, dict[str, Any]]] = []
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue
        ranked += [(0 if _types(item) & _CONTENT_TYPES else 1, item) for item in _objects(data)]
    ranked.sort(key=lambda pair: pair[0])
    for _, item in ranked:
        for key, name in (("datePublished", "jsonld:datepublished"), ("dateModified", "jsonld:datemodified")):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                found.setdefault(name, value.strip())
        publisher = _name(item.get("publisher"))
        if publisher:
            found.setdefault("jsonld:publisher", publisher)
    return found
