"""Jinja filters, including the one place where highlighted HTML is marked safe.

Autoescaping covers everything a document or a query contributes to a page.
The search layer's snippets and ``indexer.engine.highlight`` produce HTML in which
every character is escaped except ``<mark>`` and ``</mark>``; ``highlighted``
re-checks that promise before trusting the string, and escapes the whole of
it when any other tag (or a stray ``<``) is present.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from flask import Flask
from markupsafe import Markup, escape

from indexer.citations.parts import web_address
from indexer.dates import format_long
from indexer.languages import direction, language_code
from indexer.records import TextRun

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
    return Markup(' lang="{}" dir="{}"').format(code, direction(code))


def title_language(language: str | None) -> Markup:
    """``text_language`` for a title; a title of unknown language is laid out in the direction
    of its first letter (``dir="auto"``), so an Arabic title never has its punctuation reordered
    as left-to-right text."""
    return text_language(language) or Markup(' dir="auto"')


def sole_language(runs: Sequence[TextRun] | None) -> str | None:
    """The language of a block or snippet that is all in one language other than its
    document's (a part of a bilingual page), which its own element then carries; else None."""
    return runs[0].language if runs and len(runs) == 1 else None


def in_languages(html: str | None, runs: Sequence[TextRun] | None, around: str | None) -> Markup:
    """Highlighted ``html`` with each of its ``runs`` in another language than ``around`` (the
    language of the element holding it) in a ``<span>`` with that run's ``lang`` and ``dir``,
    which also isolates it, so its direction never reorders the text around it."""
    if not runs or len(runs) == 1:
        return highlighted(html)
    outer = language_code(around)
    out = Markup("")
    for run in runs:
        inner = highlighted(run.html)
        out += (inner if run.language is None or run.language == outer
                else Markup("<span{}>{}</span>").format(text_language(run.language), inner))
    return out


def init_app(app: Flask) -> None:
    app.add_template_filter(archive_name)
    app.add_template_filter(web_url)
    app.add_template_filter(xml_safe)
    app.add_template_filter(highlighted)
    app.add_template_filter(text_language)
    app.add_template_filter(title_language)
    app.add_template_filter(sole_language)
    app.add_template_filter(in_languages)
    app.add_template_filter(long_date)
    app.add_template_filter(tier_class)
    app.add_template_global(citation_meta)
    app.add_template_global(original_path)
    app.add_template_global(original_url)
    app.add_template_global(page_url)
