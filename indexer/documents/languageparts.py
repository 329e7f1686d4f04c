"""The stretches of a page's text that its markup says are in another language.

A bilingual page marks its parts: an English report with a ``<div lang="fr">``
summary, a decision quoting a ``<p lang="ar">`` statement. Each part is analysed
in its own language (``engine.analysis``), so the page needs to say where in its
clean text each part is. The text is built and cleaned elsewhere (``html_page``,
then the line cleaning), so rather than carrying offsets through every step, the
page is walked once more here: each block's text is given the language of the
nearest element that declares one, and each block in another language than the
document's is found in the clean text, in order, word for word (spacing aside).
A block the cleaning changed is not found and stays in the main language; that
costs its words their own stemming, never a wrong offset.

Only a page with a ``lang`` attribute below ``<html>`` is walked again, and lxml
reads a page in a small part of the time the rest of the reading takes.
"""
from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

from ..languages import language_code
from ..records import LanguagePart

# A lang attribute on an element other than <html> (the page's own language is read elsewhere).
_MARKED_RE = re.compile(r"<(?!html[\s>])[a-z][\w:-]*\s[^>]*?\b(?:xml:)?lang\s*=", re.I)
# Elements whose text is never shown.
_HIDDEN = frozenset(("script", "style", "noscript", "template", "head", "title", "svg"))
# Elements that begin a new block of text: a block is found in the text on its own.
_BLOCKS = frozenset(("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
                     "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "blockquote", "pre",
                     "address", "figure", "figcaption", "body", "header", "footer", "aside", "br", "hr"))
# A block shorter than this many letters is not looked for (a lone word may be found anywhere).
_MIN_LETTERS = 12


def _declared(element, inherited: str | None) -> str | None:
    """The language an element's text is in: its own ``lang`` when that is a language code."""
    value = element.get("lang") or element.get("xml:lang") or element.get(
        "{http://www.w3.org/XML/1998/namespace}lang")
    return (language_code(value) or inherited) if value else inherited


def _blocks(root, language: str) -> list[tuple[str, str]]:
    """(language, text) of each block of the page under ``root``, in document order."""
    out: list[tuple[str, str]] = []
    run: list[str] = []
    run_language = language

    def add(text: str | None, where: str) -> None:
        nonlocal run_language
        if not text or not text.strip():
            return
        if where != run_language and run:
            flush()
        run_language = where
        run.append(text)

    def flush() -> None:
        if run:
            out.append((run_language, " ".join(run)))
            run.clear()

    stack: list[tuple[Any, str, bool]] = [(root, language, False)]
    while stack:
        node, where, leaving = stack.pop()
        if leaving:  # the element's tail is in its parent's language
            if node.tag in _BLOCKS:
                flush()
            add(node.tail, where)
            continue
        if not isinstance(node.tag, str) or node.tag in _HIDDEN:
            add(node.tail, where)  # a comment's or a hidden element's tail is still text
            continue
        own = _declared(node, where) or where
        if node.tag in _BLOCKS:
            flush()
        add(node.text, own)
        stack.append((node, where, True))
        stack.extend((child, own, False) for child in reversed(node))
    flush()
    return out


def _find(text: str, block: str, at: int) -> re.Match | None:
    words = block.split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    return re.compile(pattern).search(text, at)


def language_parts(html: str, text: str, language: str | None) -> tuple[LanguagePart, ...]:
    """The stretches of ``text`` (the page's clean text) that ``html`` marks as written in
    another language than the document's ``language`` (None: English, as it is analysed)."""
    if not _MARKED_RE.search(html):
        return ()
    main = language_code(language) or "en"
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, etree.ParserError):
        return ()
    body = root.find("body")
    parts: list[LanguagePart] = []
    at = 0
    for where, block in _blocks(body if body is not None else root, main):
        if where == main or sum(ch.isalpha() for ch in block) < _MIN_LETTERS:
            continue
        found = _find(text, block, at)
        if found is None:
            continue
        start, end = found.span()
        at = end
        last = parts[-1] if parts else None
        if last is not None and last.language == where and not text[last.end:start].strip():
            parts[-1] = LanguagePart(last.start, end, where)
        else:
            parts.append(LanguagePart(start, end, where))
    return tuple(parts)
