"""How deep a page's elements nest, measured before any tree is built.

A page nested thousands of elements deep would make BeautifulSoup recurse
past Python's stack; counting with lxml's parser target first refuses such a
page in milliseconds, with the same nesting the tree builder would give.
"""
from __future__ import annotations

from lxml import etree

from .. import config
from .decoding import Unreadable

# How much of a page lxml's parser is fed at a time.
_FEED_CHARS = 65536


class _DepthGauge:
    """An lxml parser target that only counts open elements, and stops at the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.depth = 0
        self.deepest = 0

    def start(self, tag, attrib) -> None:
        self.depth += 1
        if self.depth > self.deepest:
            self.deepest = self.depth
            if self.depth > self.limit:
                raise Unreadable(f"pathological HTML: elements nested more than {self.limit} deep")

    def end(self, tag) -> None:
        self.depth -= 1

    def close(self) -> int:
        return self.deepest


def check_depth(html: str, max_depth: int = config.MAX_HTML_DEPTH) -> int:
    """The deepest element nesting of the page; raises ``Unreadable`` beyond ``max_depth``.

    Runs libxml2's HTML parser (the one BeautifulSoup's lxml builder uses, so
    omitted end tags nest exactly as they will in the tree) with a target
    that keeps no tree, and stops at the first element past the limit: a
    pathological page costs a few milliseconds and never reaches
    BeautifulSoup.
    """
    parser = etree.HTMLParser(target=_DepthGauge(max_depth))
    for start in range(0, len(html), _FEED_CHARS):
        parser.feed(html[start:start + _FEED_CHARS])
    return parser.close()
