"""Bilingual pages made of the real Universal Declaration of Human Rights: each article in one
language with the same article in the other after it, the second language marked by a
``lang`` attribute, as a page quoting another language marks it."""
from __future__ import annotations

from html import escape
from pathlib import Path

import lxml.html

# Articles taken from each page: 5 is the one on torture, whose words the tests search for.
ARTICLES = (1, 3, 5, 9, 14)


def articles(page: Path) -> dict[int, tuple[str, list[str]]]:
    """Each article of a UDHR page: its heading and its paragraphs."""
    root = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    out = {}
    for article in root.iter("article"):
        heading = article.find("h2")
        out[int(article.get("data-number"))] = (
            heading.text_content().strip() if heading is not None else "",
            [p.text_content().strip() for p in article.iter("p")])
    return out


def bilingual_page(main: Path, main_code: str, other: Path, other_code: str, title: str) -> str:
    """A page in ``main_code`` whose articles are each followed by the ``other_code`` text of
    the same article in a ``<div lang dir>``."""
    ours, theirs = articles(main), articles(other)
    direction = {"ar": "rtl", "en": "ltr"}
    body = []
    for number in ARTICLES:
        heading, paragraphs = ours[number]
        body.append(f"<h2>{escape(heading)}</h2>")
        body += [f"<p>{escape(p)}</p>" for p in paragraphs]
        body.append(f'<div lang="{other_code}" dir="{direction[other_code]}">'
                    + "".join(f"<p>{escape(p)}</p>" for p in theirs[number][1]) + "</div>")
    return (f'<!doctype html><html lang="{main_code}" dir="{direction[main_code]}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>{''.join(body)}</body></html>")


def write_bilingual_pages(corpus: Path, folder: Path) -> dict[str, Path]:
    """The English page with Arabic articles and the Arabic page with English ones, in ``folder``."""
    udhr = corpus / "udhr"
    english, arabic = udhr / "udhr-eng.html", udhr / "udhr-arb.html"
    pages = {
        "english-with-arabic": bilingual_page(english, "en", arabic, "ar",
                                              "Universal Declaration of Human Rights, with the Arabic text"),
        "arabic-with-english": bilingual_page(arabic, "ar", english, "en", "الإعلان العالمي لحقوق الإنسان"),
    }
    out = {}
    for name, html in pages.items():
        out[name] = folder / f"{name}.html"
        out[name].write_text(html, encoding="utf-8")
    return out


def read_bilingual_pages(corpus: Path, folder: Path) -> dict:
    """The two pages of ``write_bilingual_pages``, read as the indexer reads them, by name."""
    from indexer.documents.reader import read_document

    return {name: read_document(path) for name, path in write_bilingual_pages(corpus, folder).items()}
