"""Render a Refworld page in the forms refsearch must read: a text dump and HTML layouts.

Tests rebuild real Refworld records through these renderers (header fields
exactly as recorded, a body written for the test) and the benchmark corpus
generator writes its documents with them, so both exercise the same layouts:

- ``text``: the old-site text dump, like the seed (labelled lines, the
  "Disclaimer" label glued to its text, a trailing "Search Refworld").
- ``html-table``: label/value pairs in table rows, with navigation, a cookie
  banner, scripts, styles and a footer around the document.
- ``html-dl``: label/value pairs in a definition list.
- ``html-divs``: label/value pairs in labelled ``<div>``/``<span>`` elements.
- ``html-newsite``: the 2024+ site: no labelled header lines, ``og:title``
  "<title> | Refworld" and ``<link rel="canonical">`` to the new-style URL.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

DISCLAIMER = ("This is not a UNHCR publication. UNHCR is not responsible for, nor does it "
              "necessarily endorse, its content. Any views expressed are solely those of the "
              "author or publisher and do not necessarily reflect those of UNHCR, the United "
              "Nations or its Member States.")

FORMS = ("text", "html-table", "html-dl", "html-divs", "html-newsite")
HTML_FORMS = FORMS[1:]


@dataclass(frozen=True)
class RefworldPage:
    """What a Refworld document page shows; None where the page has no such line."""

    title: str
    paragraphs: tuple[str, ...]
    publisher: str | None = None
    author: str | None = None
    publication_date: str | None = None
    document_symbol: str | None = None
    cite_as: str | None = None
    last_updated: str | None = None
    heading: str | None = None          # e.g. "Mali (Tier 2)", the first body line
    source_url: str | None = None       # the page address (canonical link in HTML forms)
    disclaimer: bool = True
    trailing_disclaimer: bool = False   # "Disclaimer:" at the end instead of in the header
    meta_comment: str | None = None     # e.g. a "generated" marker, kept out of the body
    extra_meta: dict[str, str] = field(default_factory=dict)
    language: str = "en"                # what an HTML form's <html lang> declares

    def labelled(self) -> list[tuple[str, str]]:
        """The header's label/value pairs in page order."""
        pairs = [("Publisher", self.publisher), ("Author", self.author),
                 ("Publication Date", self.publication_date),
                 ("Citation / Document Symbol", self.document_symbol),
                 ("Cite as", self.cite_as)]
        return [(label, value) for label, value in pairs if value]


def render(page: RefworldPage, form: str) -> str:
    """The page in one of ``FORMS``."""
    if form == "text":
        return render_text(page)
    if form not in HTML_FORMS:
        raise ValueError(f"unknown form {form!r}; choose one of {', '.join(FORMS)}")
    return render_html(page, form)


def render_text(page: RefworldPage) -> str:
    lines: list[str] = []
    if page.last_updated:
        lines += [f"Last Updated: {page.last_updated}", ""]
    lines += [page.title, ""]
    lines += [f"{label} {value}" for label, value in page.labelled()]
    if page.disclaimer and not page.trailing_disclaimer and page.labelled():
        lines.append("Disclaimer" + DISCLAIMER)
    lines.append("")
    if page.heading:
        lines += [page.heading, ""]
    for paragraph in page.paragraphs:
        lines += [paragraph, ""]
    if page.disclaimer and page.trailing_disclaimer:
        lines += ["Disclaimer:", DISCLAIMER, ""]
    lines.append("Search Refworld")
    return "\n".join(lines) + "\n"


def _header_html(page: RefworldPage, form: str) -> str:
    pairs = page.labelled()
    if form == "html-newsite" or not pairs:
        return ""
    if form == "html-table":
        rows = "".join(f"<tr><th>{escape(l)}</th><td>{escape(v)}</td></tr>" for l, v in pairs)
        return f'<table class="metadata">{rows}</table>'
    if form == "html-dl":
        items = "".join(f"<dt>{escape(l)}</dt><dd>{escape(v)}</dd>" for l, v in pairs)
        return f'<dl class="document-details">{items}</dl>'
    items = "".join(
        f'<div class="field"><span class="field-label">{escape(l)}:</span> '
        f'<span class="field-value">{escape(v)}</span></div>' for l, v in pairs)
    return f'<div class="details">{items}</div>'


def render_html(page: RefworldPage, form: str) -> str:
    newsite = form == "html-newsite"
    head = ["<meta charset=\"utf-8\">",
            f"<title>{escape(page.title)}{' | Refworld' if newsite else ''}</title>",
            "<style>body{font-family:sans-serif}</style>",
            "<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>"]
    if page.meta_comment:
        head.append(f"<!-- {escape(page.meta_comment)} -->")
        head.append(f'<meta name="generator" content="{escape(page.meta_comment)}">')
    if newsite:
        head.append(f'<meta property="og:title" content="{escape(page.title)} | Refworld">')
        head.append('<meta property="og:site_name" content="Refworld">')
    if page.source_url:
        head.append(f'<link rel="canonical" href="{escape(page.source_url)}">')
    for name, content in page.extra_meta.items():
        head.append(f'<meta name="{escape(name)}" content="{escape(content)}">')
    body = ['<div id="cookie-banner" class="cookie-consent">We use cookies to improve your '
            'experience. <button>Accept</button></div>',
            '<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/search">'
            'Search Refworld</a></li><li><a href="/about">About</a></li></ul></nav></header>',
            "<main>"]
    if page.last_updated and not newsite:
        body.append(f'<p class="last-updated">Last Updated: {escape(page.last_updated)}</p>')
    body.append(f"<h1>{escape(page.title)}</h1>")
    body.append(_header_html(page, form))
    if page.disclaimer and not page.trailing_disclaimer and page.labelled() and not newsite:
        body.append(f'<div class="disclaimer"><strong>Disclaimer</strong>{escape(DISCLAIMER)}</div>')
    body.append('<div class="document-body">')
    if page.heading:
        body.append(f"<h2>{escape(page.heading)}</h2>")
    body += [f"<p>{escape(p)}</p>" for p in page.paragraphs]
    if page.disclaimer and page.trailing_disclaimer:
        body.append(f"<p>Disclaimer:</p><p>{escape(DISCLAIMER)}</p>")
    body.append("</div></main>")
    body.append('<footer><p><a href="/search">Search Refworld</a></p><p>&copy; UNHCR</p></footer>')
    body.append("<script>console.log('analytics')</script>")
    return (f"<!DOCTYPE html>\n<html lang=\"{escape(page.language)}\"><head>{''.join(head)}</head>\n<body>"
            + "\n".join(body) + "</body></html>\n")
