"""HTML pages: depth guard, head metadata, label/value markup in any form, furniture removed."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bench.corpus.forms import HTML_FORMS, RefworldPage, render
from indexer.documents.decoding import Unreadable
from indexer.documents.html_page import (
    check_depth,
    head_metadata,
    parse_html,
    remove_furniture,
    strip_title_suffix,
    take_label_pairs,
    to_text,
)
from indexer.documents.reader import parse_document


@pytest.mark.parametrize("html, depth", [
    ("<html><body><p>a</p></body></html>", 3),
    ("<html><body>" + "<p>unclosed" * 1000 + "</body></html>", 3),
    ("<html><body><ul>" + "<li>item" * 1000 + "</ul></body></html>", 4),
    ("<html><body><table>" + "<tr><td>a<td>b" * 1000 + "</table></body></html>", 5),
    ("<html><body>" + "<div/>" * 1000 + "</body></html>", 3),
    ("<html><body><br><img src=x><hr/></body></html>", 3),
    ("<html><body><script>" + "<div>" * 1000 + "</script><!-- " + "<div>" * 1000 + " --></body></html>", 3),
])
def test_check_depth_counts_nesting_as_the_tree_builder_will(html, depth):
    assert check_depth(html) == depth


@pytest.mark.parametrize("html", [
    "<div>" * 100_000,
    "<html><body>" + "<span><p>x" * 300 + "</body></html>",       # a paragraph does not close across a span
    "<html><body>" + "<table><tr><td>" * 200 + "</body></html>",  # unclosed tables nest
    "<html><body>" + "<b>x" * 500 + "</body></html>",
])
def test_check_depth_refuses_pathological_nesting_before_any_tree_is_built(html):
    with pytest.raises(Unreadable, match="nested more than 400 deep"):
        check_depth(html)


def test_check_depth_limit_is_a_parameter():
    with pytest.raises(Unreadable, match="nested more than 10 deep"):
        check_depth("<span>" * 11, max_depth=10)
    assert check_depth("<span>" * 8, max_depth=10) == 10


@pytest.mark.parametrize("title, expected", [
    ("Mali | Refworld", "Mali"), ("Mali - Refworld", "Mali"), ("Mali", "Mali"),
    ("Report - Mali | Refworld", "Report - Mali"),
])
def test_strip_title_suffix(title, expected):
    assert strip_title_suffix(title) == expected


def test_head_metadata_reads_meta_og_canonical_title_and_lang():
    soup = BeautifulSoup(
        '<html lang="fr-FR"><head><title>T | Refworld</title><meta property="og:title" content="T | Refworld">'
        '<meta name="DC.Date" content="2004-06-14"><link rel="canonical" href="https://www.refworld.org/docid/4680d7f3c.html">'
        '<meta property="og:url" content="https://example.org/x"></head><body></body></html>', "lxml")
    meta = head_metadata(soup)
    assert meta["og:title"] == "T | Refworld" and meta["title"] == "T | Refworld"
    assert meta["dc.date"] == "2004-06-14" and meta["html-lang"] == "fr-FR"
    assert meta["canonical"] == "https://www.refworld.org/docid/4680d7f3c.html"
    assert meta["og:url"] == "https://example.org/x"


@pytest.mark.parametrize("markup", [
    "<table><tr><th>Publisher</th><td>Human Rights Watch</td></tr><tr><td>Author:</td><td>A. Writer</td></tr></table>",
    "<dl><dt>Publisher</dt><dd>Human Rights Watch</dd><dt>Author</dt><dd>A. Writer</dd></dl>",
    '<div><span class="label">Publisher:</span> <span>Human Rights Watch</span></div>'
    '<div><b>Author</b><i>A. Writer</i></div>',
    "<p><strong>Publisher:</strong> Human Rights Watch</p><p><strong>Author:</strong> A. Writer</p>",
])
def test_label_pairs_are_taken_from_any_markup(markup):
    soup = BeautifulSoup(f"<html><body>{markup}<p>Body text stays.</p></body></html>", "lxml")
    assert take_label_pairs(soup) == {"publisher": "Human Rights Watch", "author": "A. Writer"}
    assert " ".join(soup.body.get_text(" ").split()) == "Body text stays."


def test_ecoi_nets_document_metadata_list_leaves_the_body_as_fields():
    soup = BeautifulSoup(
        '<html><body><dl class="document-metadata"><dt>Source:</dt><dd>USDOS – US Department of State</dd>'
        '<dt>Original link:</dt><dd><a href="https://www.state.gov/r.pdf">https://www.state.gov/r.pdf</a></dd>'
        "<dt>Document ID:</dt><dd>2128771</dd></dl><p>Body text stays.</p></body></html>", "lxml")
    assert take_label_pairs(soup) == {"source": "USDOS – US Department of State",
                                      "original_url": "https://www.state.gov/r.pdf", "document_id": "2128771"}
    assert " ".join(soup.body.get_text(" ").split()) == "Body text stays."


def test_unknown_labels_and_labels_in_prose_stay_in_the_body():
    soup = BeautifulSoup("<html><body><table><tr><th>Year</th><td>Victims</td></tr></table>"
                         "<p><b>Author</b> of the study, she said the publisher refused.</p></body></html>", "lxml")
    assert take_label_pairs(soup) == {}
    assert "Victims" in soup.get_text() and "of the study" in soup.get_text()


def test_remove_furniture_drops_navigation_banners_scripts_forms_and_footer():
    soup = BeautifulSoup(
        "<html><body><div id='cookie-banner'>We use cookies</div><header>Site header</header>"
        "<nav>Menu</nav><div class='main-menu'>More menu</div><form><input name=q>Search</form>"
        "<aside>Related</aside><style>p{}</style><script>track()</script><noscript>enable js</noscript>"
        "<div role='navigation'>Crumbs</div><main><p>Keep me.</p></main><footer>Footer</footer></body></html>",
        "lxml")
    remove_furniture(soup)
    assert " ".join(soup.body.get_text(" ").split()) == "Keep me."


def test_to_text_puts_blocks_on_their_own_lines_with_blank_lines_between():
    soup = BeautifulSoup("<body><h2>Heading</h2><p>One\n   line,<br>next <b>bold</b> word.</p>"
                         "<ul><li>a</li><li>b</li></ul></body>", "lxml")
    lines = [line for line in to_text(soup.body).split("\n")]
    assert [l for l in lines if l] == ["Heading", "One line,", "next bold word.", "a", "b"]
    assert "" in lines


@pytest.mark.parametrize("form", HTML_FORMS)
def test_every_html_layout_of_a_page_gives_the_same_body(form):
    page = RefworldPage(title="Trafficking in Persons Report 2010 - Nigeria", heading="NIGERIA (Tier 1)",
                        paragraphs=("First paragraph.", "Second paragraph."),
                        publisher="United States Department of State", publication_date="14 June 2010",
                        cite_as="United States Department of State, Trafficking in Persons Report 2010 - Nigeria, "
                                "14 June 2010, available at: [accessed 1 May 2016]",
                        last_updated="Tuesday, 24 May 2016, 11:51 GMT",
                        source_url="https://www.refworld.org/docid/4c1883e0c.html")
    doc = parse_document(render(page, form).encode(), f"page.{form}.html")
    assert doc.text == "NIGERIA (Tier 1)\n\nFirst paragraph.\n\nSecond paragraph."
    assert doc.title == page.title and doc.refworld_docid == "4c1883e0c" and doc.tier == "Tier 1"


def test_parse_html_refuses_a_page_without_body_text():
    with pytest.raises(Unreadable, match="HTML without a body"):
        parse_html("<html><head><title>x</title></head><body><nav>menu</nav></body></html>")


def test_meta_tags_fill_fields_a_page_does_not_label():
    html = ('<html lang="en"><head><meta name="citation_title" content="A Report on Mali">'
            '<meta name="citation_publisher" content="Amnesty International">'
            '<meta name="citation_publication_date" content="2012/03">'
            '<meta property="article:modified_time" content="2016-05-24T11:51:00Z">'
            '<meta property="og:url" content="https://www.refworld.org/docid/4f1234567.html"></head>'
            "<body><p>Mali faces a crisis in the north.</p></body></html>")
    doc = parse_document(html.encode(), "meta.html")
    assert (doc.title, doc.publisher, doc.last_updated, doc.refworld_docid) == (
        "A Report on Mali", "Amnesty International", "2016-05-24", "4f1234567")
    assert doc.countries[0].code == "MLI"


def test_drupal_style_fields_and_item_lists_are_read():
    html = ('<html lang="en"><head><title>Refworld | Mali: Conflict report</title></head><body>'
            '<div class="field field--name-field-publisher"><div class="field__label">Publisher</div>'
            '<div class="field__item">Amnesty International</div></div>'
            '<div class="field field--name-field-countries"><div class="field__label">Countries</div>'
            '<div class="field__items"><div class="field__item">Mali</div><div class="field__item">Niger</div></div></div>'
            '<div class="field field--name-body"><p>Armed groups attacked villages in the north.</p></div>'
            '</body></html>')
    doc = parse_document(html.encode(), "drupal.html")
    assert doc.title == "Mali: Conflict report"
    assert doc.publisher == "Amnesty International"
    assert [c.code for c in doc.countries] == ["MLI", "NER"]
    assert doc.text == "Armed groups attacked villages in the north."


def test_an_articles_own_header_is_kept_while_the_sites_header_goes():
    html = ("<html><head><title>Site | Refworld</title></head><body><header><h1>Refworld</h1><nav>Home</nav></header>"
            "<article><header><h1>Mali: Situation of women</h1><p>Published 3 May 2012</p></header>"
            "<p>Women in Mali face violence.</p></article><footer>Contact us</footer></body></html>")
    doc = parse_document(html.encode(), "article.html")
    assert doc.title == "Mali: Situation of women"
    assert doc.text == "Published 3 May 2012\n\nWomen in Mali face violence."


def test_last_updated_is_read_outside_the_main_column():
    html = ('<html><body><div class="topbar"><span>Last Updated: Friday, 19 May 2023, 07:24 GMT</span></div>'
            "<main><h1>Nigeria: Information on returnees</h1><p>Returnees faced no difficulties.</p></main></body></html>")
    doc = parse_document(html.encode(), "outside.html")
    assert doc.last_updated == "2023-05-19"
    assert doc.text == "Returnees faced no difficulties."


def test_a_text_dump_saved_inside_pre_reads_like_the_text(seed_path):
    from html import escape

    from indexer.documents.reader import read_document
    text = seed_path.read_text(encoding="utf-8")
    html = f"<html><head><title>Refworld | Mali</title></head><body><pre>{escape(text)}</pre></body></html>"
    doc = parse_document(html.encode(), "dump.html")
    seed = read_document(seed_path)
    for name in ("title", "publisher", "author", "published", "last_updated", "countries", "tier",
                 "report_year", "citation", "text"):
        assert getattr(doc, name) == getattr(seed, name), name


def test_a_page_without_h1_keeps_its_first_paragraph_in_the_body():
    html = ("<html><head><title>Mali: Report on returnees | Refworld</title></head><body>"
            "<p>Short opening line</p><p>Returnees faced no difficulties.</p></body></html>")
    doc = parse_document(html.encode(), "noh1.html")
    assert doc.title == "Mali: Report on returnees"
    assert doc.text == "Short opening line\n\nReturnees faced no difficulties."
