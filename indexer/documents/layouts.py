"""Which reader reads a page: lxml for the layouts we know, BeautifulSoup for the rest.

The sites whose pages fill our archives (Refworld's old and new document
pages, the State Department's report pages, ecoi.net's copies) are read by
``lxml_page``, which gives the same ``HtmlParts`` as ``html_page`` at a
fraction of the cost. Any other page, and any page the fast path declines or
fails on, is read by ``html_page``: BeautifulSoup stays the reader of last
resort, so no document is lost to the fast path. A page's site is told by what
its head says of it (canonical address, ``og:url``, ``og:site_name``, the
"Refworld" in its title), never by its file name.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from .furniture import Removal
from .html_page import HtmlParts, parse_html, strip_title_suffix
from .lxml_page import head_metadata, parse_parts, parse_tree

# Site -> the host names of its pages and the names it gives itself in og:site_name.
KNOWN_SITES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "refworld": (("refworld.org",), ("refworld", "unhcr refworld")),
    "state-department": (("state.gov",), ("united states department of state", "u.s. department of state")),
    "ecoi": (("ecoi.net",), ("ecoi.net",)),
}


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def site_of_page(meta: dict[str, str]) -> str | None:
    """The known site a page's head metadata names, or None."""
    hosts = {_host(meta[key]) for key in ("canonical", "og:url") if meta.get(key)}
    site_name = meta.get("og:site_name", "").casefold()
    for site, (domains, names) in KNOWN_SITES.items():
        if any(host == domain or host.endswith("." + domain) for host in hosts for domain in domains):
            return site
        if site_name in names:
            return site
    titles = [meta[key] for key in ("title", "og:title") if meta.get(key)]
    if any(strip_title_suffix(title) != title.strip() for title in titles):
        return "refworld"   # "Mali | Refworld" (new site), "Refworld | Mali" (old site)
    return None


def read_known_layout(html: str, removed: list[Removal] | None = None) -> HtmlParts | None:
    """The page's parts read by lxml when it is a page of a known site; None to leave it to ``html_page``.

    Whatever goes wrong here only sends the page to the full reader, which
    reads it or says why it cannot.
    """
    try:
        root = parse_tree(html)
        if site_of_page(head_metadata(root)) is None:
            return None
        noted: list[Removal] | None = [] if removed is not None else None
        parts = parse_parts(root, noted)
    except Exception:   # noqa: BLE001 - the full reader reads the page or reports it
        return None
    if parts is not None and removed is not None and noted:
        removed.extend(noted)
    return parts


def read_page(html: str, removed: list[Removal] | None = None, *, fast: bool = True) -> HtmlParts:
    """An HTML page's parts: by the fast path where it knows the layout (``fast``), else by ``html_page``."""
    if fast:
        parts = read_known_layout(html, removed)
        if parts is not None:
            return parts
    return parse_html(html, removed=removed)
