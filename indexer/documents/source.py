"""What the metadata extractors read about one document, and the addresses it gives for itself."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..refworld_urls import RefworldAddress, parse_refworld_url

REFWORLD_ORIGIN = "https://www.refworld.org"
URL_RE = re.compile(r"https?://[^\s\]\)\"'<>]+")


@dataclass
class Source:
    """Everything the extractors read about one document."""

    path: str
    sha256: str
    title_line: str | None = None          # the text's title line or the HTML's <h1>
    labels: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def body_lines(self) -> list[str]:
        return [line for line in self.body.split("\n") if line]



def address(src: Source) -> RefworldAddress | None:
    """The Refworld address of the page: from the Cite-as URL, canonical link, og:url or labels."""
    for url in candidate_urls(src):
        found = parse_refworld_url(url)
        if found:
            return found
    return None


def candidate_urls(src: Source) -> list[str]:
    """Addresses the page gives for itself, strongest first; site-relative ones made absolute on Refworld."""
    urls = []
    citation = src.labels.get("citation") or ""
    urls += URL_RE.findall(citation)
    on_refworld = (src.meta.get("og:site_name") or "").lower() == "refworld"
    for key in ("canonical", "og:url", "dc.identifier", "citation_public_url", "citation_abstract_html_url",
                "pdf:printed_url"):
        url = (src.meta.get(key) or "").strip()
        if url.startswith("/") and not url.startswith("//") and on_refworld:
            url = REFWORLD_ORIGIN + url
        if url.startswith(("http://", "https://", "//")):
            urls.append("https:" + url if url.startswith("//") else url)
    if src.labels.get("source_url"):
        urls.append(src.labels["source_url"])
    return urls
