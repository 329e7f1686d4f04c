"""The lxml fast path reads the known page layouts into the same Documents as BeautifulSoup."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bench.corpus.forms import HTML_FORMS
from bench.corpus.generate import read_manifest, write_corpus
from indexer.documents import layouts, lxml_page
from indexer.documents.decoding import decode
from indexer.documents.html_page import parse_html
from indexer.documents.layouts import read_known_layout, read_page, site_of_page
from indexer.documents.reader import parse_reading
from indexer.errors import DocumentError
from indexer.records import Document

# The corpus pages written in the style of the sites the fast path knows.
KNOWN_CORPUS_PAGES = ("producers/refworld-old-ghana.html", "producers/statedept-ghana.html",
                      "producers/ecoi-ghana-a.html")


def _differences(path: str, data: bytes) -> list[str]:
    """The fields in which the two readers' Documents (and removal notes) differ, or their errors."""
    readings = []
    for fast in (False, True):
        try:
            readings.append(parse_reading(data, path, explain=True, fast_html=fast))
        except DocumentError as error:
            readings.append(str(error))
    slow, fast = readings
    if isinstance(slow, str) or isinstance(fast, str):
        return [] if slow == fast else [f"{path}: {slow!r} against {fast!r}"]
    found = [f"{path}: {field.name}" for field in dataclasses.fields(Document)
             if getattr(slow.document, field.name) != getattr(fast.document, field.name)]
    if slow.removed != fast.removed:
        found.append(f"{path}: removed")
    if slow.observation != fast.observation:
        found.append(f"{path}: observation")
    return found


@pytest.fixture(scope="module")
def generated_pages(tmp_path_factory, corpus_dir) -> list[Path]:
    """300 generated documents in the four HTML layouts."""
    folder = tmp_path_factory.mktemp("generated-html")
    write_corpus(folder, 300, forms=HTML_FORMS, corpus_dir=corpus_dir)
    return sorted(folder.rglob("*.html"))


def test_the_generated_pages_cover_every_html_layout(generated_pages):
    _, docs = read_manifest(generated_pages[0].parents[1])
    assert {doc.form for doc in docs} == set(HTML_FORMS)
    assert len(generated_pages) == 300


def test_every_generated_page_gives_the_same_document_by_both_readers(generated_pages):
    differences = [d for path in generated_pages for d in _differences(str(path), path.read_bytes())]
    assert differences == []


def test_every_html_page_of_the_shared_corpus_gives_the_same_document_by_both_readers(corpus_dir):
    pages = sorted(corpus_dir.rglob("*.html"))
    assert len(pages) >= 20
    differences = [d for path in pages for d in _differences(str(path), path.read_bytes())]
    assert differences == []


def test_the_fast_path_takes_every_generated_page(generated_pages):
    declined = [path.name for path in generated_pages if read_known_layout(decode(path.read_bytes())) is None]
    assert declined == []


@pytest.mark.parametrize("name", KNOWN_CORPUS_PAGES)
def test_the_fast_path_takes_the_refworld_state_department_and_ecoi_pages_of_the_corpus(corpus_dir, name):
    assert read_known_layout(decode((corpus_dir / name).read_bytes())) is not None


def test_a_corpus_page_the_fast_path_declines_is_of_no_known_site(corpus_dir):
    declined = [path for path in sorted(corpus_dir.rglob("*.html"))
                if read_known_layout(decode(path.read_bytes())) is None]
    assert declined, "the UDHR pages are of no known site"
    for path in declined:
        root = lxml_page.parse_tree(decode(path.read_bytes()))
        assert site_of_page(lxml_page.head_metadata(root)) is None, path.name


def test_the_lxml_reader_agrees_with_beautifulsoup_even_on_pages_of_no_known_site(corpus_dir):
    """The fast path is limited to known sites by choice: its reading is general (the UDHR pages)."""
    for path in sorted((corpus_dir / "udhr").glob("*.html")):
        html = decode(path.read_bytes())
        assert lxml_page.parse_parts(lxml_page.parse_tree(html)) == parse_html(html), path.name


@pytest.mark.parametrize(("meta", "site"), [
    ({"canonical": "https://www.refworld.org/docid/4680d7f3c.html"}, "refworld"),
    ({"og:url": "https://refworld.org/reference/annualreport/usdos/2003/en/26145"}, "refworld"),
    ({"title": "Refworld | Mali"}, "refworld"),
    ({"og:title": "Mali | Refworld"}, "refworld"),
    ({"canonical": "https://www.state.gov/reports/2024-country-reports-on-human-rights-practices/ghana/"},
     "state-department"),
    ({"og:site_name": "United States Department of State"}, "state-department"),
    ({"canonical": "https://www.ecoi.net/en/document/2128771.html"}, "ecoi"),
    ({"canonical": "https://notrefworld.org/docid/4680d7f3c.html"}, None),
    ({"canonical": "https://example.org/?u=https://www.refworld.org/"}, None),
    ({"title": "Universal Declaration of Human Rights"}, None),
    ({}, None),
])
def test_a_page_is_of_a_known_site_by_what_its_head_says(meta, site):
    assert site_of_page(meta) == site


_HEAD = '<head><title>Refworld | Mali</title><link rel="canonical" href="https://www.refworld.org/docid/1.html"></head>'


@pytest.mark.parametrize("body", [
    # the strings on either side of a removed field stay apart
    "<p>Before<span>Publisher:</span> <span>Human Rights Watch</span>after</p><p>Body text here.</p>",
    "<div>one<div class='field'><b>Author:</b> Someone</div>two</div><p>Body text.</p>",
    # a comment between strings, and furniture between strings
    "<p>a<!-- c -->b <b>x</b> <i>y</i>c<nav>menu</nav>d</p>",
    # text kept as is inside pre, tails after it collapsed
    "<pre>  keep\n   these   spaces </pre>  tail   text <pre>x<b> y </b>  z</pre>",
    # last updated in a comment, in a script, in a sibling element
    "<!-- Last Updated: 1 May 2020 --><p>Body.</p>",
    "<script>var s = 'Last Updated: 2 May 2020';</script><p>Body.</p>",
    "<p><b>Last Updated:</b><span>3 May 2020</span></p><p>Body.</p>",
    # values as lists of items, with and without loose text
    "<table><tr><th>Country</th><td><div>Mali</div><div>Niger</div></td></tr></table><p>Body.</p>",
    "<table><tr><th>Country</th><td>x<div>Mali</div><div>Niger</div></td></tr></table><p>Body.</p>",
    "<dl><dt>Publisher</dt><!-- x --><dd><a>HRW</a><a>AI</a></dd></dl><p>Body.</p>",
    # headings, an empty h1 and a second h1, one article, main by role, hidden elements
    "<h1></h1><article><h1>Title</h1><h2>Part <i>one</i></h2><p>Text.</p></article>",
    "<div role='main'><h3>Sub</h3><p>Text<br>next line</p></div><aside>side</aside>",
    "<div aria-hidden='true'>gone</div><div hidden>gone too</div><main><p>Kept.</p></main>",
    "<header>site</header><main><header>own header</header><p>Text.</p></main><footer>foot</footer>",
    # entities, non-breaking spaces, a CDATA section and a processing instruction (comments in HTML)
    "<p>A&nbsp;B &amp; C</p><![CDATA[ hidden ]]><?php echo 1 ?><p>D</p>",
    # tables, unclosed tags, stray end tags
    "<table><tr><td>a</td><td>b</td><td>c</td></tr></table><p>one<p>two</div><li>three",
])
def test_tricky_markup_is_read_the_same_by_both_readers(body):
    html = f"<!DOCTYPE html><html lang='en'>{_HEAD}<body>{body}</body></html>"
    slow_removed: list = []
    fast_removed: list = []
    fast = read_known_layout(html, fast_removed)
    assert fast is not None
    assert (fast, fast_removed) == (parse_html(html, removed=slow_removed), slow_removed)


def test_a_page_with_ruby_annotations_is_left_to_beautifulsoup():
    html = f"<html>{_HEAD}<body><p><ruby>漢<rt>kan</rt></ruby> text</p></body></html>"
    assert read_known_layout(html) is None
    assert read_page(html) == parse_html(html)


def test_a_page_the_fast_path_fails_on_is_read_by_beautifulsoup(monkeypatch):
    html = f"<html>{_HEAD}<body><p>Body text.</p></body></html>"

    def broken(root, removed=None):
        raise RuntimeError("a bug in the fast path")

    monkeypatch.setattr(layouts, "parse_parts", broken)
    assert read_page(html) == parse_html(html)


@pytest.mark.parametrize("html", [
    f"<html>{_HEAD}<body><nav>menu only</nav></body></html>",
    f"<html>{_HEAD}</html>",
])
def test_a_known_page_without_text_is_refused_in_beautifulsoups_words(html):
    assert read_known_layout(html) is None
    with pytest.raises(DocumentError, match="HTML without a body") as slow:
        parse_reading(html.encode(), "page.html", fast_html=False)
    with pytest.raises(DocumentError) as fast:
        parse_reading(html.encode(), "page.html")
    assert str(fast.value) == str(slow.value)
