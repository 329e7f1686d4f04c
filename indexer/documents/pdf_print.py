"""A web page a browser printed to PDF: its address and title from the page, not the browser's margins.

Chromium's "Save as PDF" (and Firefox's print) puts in every page's
margins the date, the page's ``<title>`` (which names the site: "Ghana -
United States Department of State") and, at the foot, the page's address
and "1/5". ``pdf`` removes those as running lines; this module reads what
they say: the address printed at the foot is where the document comes from
(its source address, so its site is the site of the archive's HTML pages,
whose furniture then applies to the print), and when the PDF's own Title
is only that ``<title>``, the document's title is its first heading.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# A running line that is an address, with the browser's page counter ("1/5") or without.
_PRINTED_ADDRESS_RE = re.compile(r"^(?P<url>https?://\S+?)(?:\s+\d{1,4}\s*/\s*\d{1,4})?$")


def printed_address(running: Iterable[str]) -> str | None:
    """The address a browser printed at the foot of every page, among the running lines."""
    for text in running:
        match = _PRINTED_ADDRESS_RE.match(text.strip())
        if match:
            return match.group("url")
    return None


def print_metadata(meta: dict[str, str], running: list[str], first_heading: str | None) -> dict[str, str]:
    """``meta`` with the printed address as ``pdf:printed_url`` and, when the PDF's Title is the
    page's ``<title>`` repeated in the margins, the first heading as its title."""
    address = printed_address(running)
    if address is None:
        return meta
    meta = {**meta, "pdf:printed_url": address}
    title = " ".join(meta.get("pdf:title", "").split()).casefold()
    if first_heading and (not title or any(" ".join(t.split()).casefold() == title for t in running)):
        meta["pdf:title"] = first_heading
    return meta
