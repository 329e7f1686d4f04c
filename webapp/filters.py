"""Jinja filters, including the one place where highlighted HTML is marked safe.

Autoescaping covers everything a document or a query contributes to a page.
The search layer's snippets and ``indexer.engine.highlight`` produce HTML in which
every character is escaped except ``<mark>`` and ``</mark>``; ``highlighted``
re-checks that promise before trusting the string, and escapes the whole of
it when any other tag (or a stray ``<``) is present.
"""
from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

from indexer.citations.parts import web_address
from indexer.dates import format_long
from indexer.languages import language_code, right_to_left

from .feeds import xml_safe
from .originals import citation_meta, original_path, original_url, page_url
from .public import archive_name

_ANY_TAG = re.compile(r"<[^>]*>?")
_MARK_TAG = re.compile(r"</?mark>")


def only_marks(html: str) -> bool:
    """Whether ``html`` contains no markup other than bare ``<mark>``/``</mark>`` tags."""
    return all(_MARK_TAG.fullmatch(tag) for tag in _ANY_TAG.findall(html))


def highlighted(html: str | None) -> Markup:
    """Trust ``html`` as markup only when its tags are all ``<mark>``; escape it otherwise."""
    if not html:
        return Markup("")
    if only_marks(html):
        return Markup(html)
    return escape(html)


def long_date(iso: str | None) -> str:
    """An ISO date as "14 June 2004" (or "June 2004", "2004"); empty when unknown."""
    if not iso:
        return ""
    return format_long(iso) or iso


def tier_class(tier: str | None) -> str:
    """A CSS class for a tier badge: "tier-2-watch-list"; the badge always shows its text too."""
    return "tier-" + re.sub(r"[^a-z0-9]+", "-", (tier or "none").lower()).strip("-")


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address (or a Refworld address form), else None: a
    document's own links never run script."""
    return web_address(url)


def text_language(language: str | None) -> Markup:
    """The ``lang`` and ``dir`` attributes of an element holding a document's own words: a
    right-to-left language (Arabic, Persian, Pashto, Urdu) is laid out right to left, and
    the browser picks the fonts of the language."""
    code = language_code(language)
    if code is None:
        return Markup("")
    direction = "rtl" if right_to_left(code) else "ltr"
    return Markup(' lang="{}" dir="{}"').format(code, direction)


def init_app(app: Flask) -> None:
    app.add_template_filter(archive_name)
    app.add_template_filter(web_url)
    app.add_template_filter(xml_safe)
    app.add_template_filter(highlighted)
    app.add_template_filter(text_language)
    app.add_template_filter(long_date)
    app.add_template_filter(tier_class)
    app.add_template_global(citation_meta)
    app.add_template_global(original_path)
    app.add_template_global(original_url)
    app.add_template_global(page_url)
