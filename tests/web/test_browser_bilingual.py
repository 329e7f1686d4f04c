"""A bilingual page in a real headless Chromium, on a phone and on a desktop: the Arabic
articles of an English page are laid out right to left and its English ones left to right,
on the document page, in the results' snippets and in the quotation the ¶ control's panel
fills in with script."""
from __future__ import annotations

import pytest
from bilingual_pages import read_bilingual_pages
from browser_session import browser as browser
from browser_session import server as server
from browser_session import watch_csp
from web_archive import build_web_index

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)
ENGLISH_WORDS = "No one shall be subjected to torture"
ARABIC_WORDS = "لا يعرض أي إنسان للتعذيب"
# The computed direction of the text holding ``words`` (the innermost element holding them).
DIRECTION_OF = """words => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent.includes(words) && node.parentElement.offsetParent !== null) {
      return getComputedStyle(node.parentElement).direction;
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def pages(corpus_dir, tmp_path_factory):
    return read_bilingual_pages(corpus_dir, tmp_path_factory.mktemp("bilingual-browser-pages"))


@pytest.fixture(scope="module")
def browser_index(pages, tmp_path_factory):
    """The two bilingual pages alone: the server (``browser_session.server``) serves this index."""
    return build_web_index(tmp_path_factory.mktemp("bilingual-browser-index"), list(pages.values()))


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def page(request, browser, server):
    context = browser.new_context(base_url=server, viewport={"width": request.param, "height": 900})
    page = context.new_page()
    watch_csp(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    assert errors == [] and page.evaluate("window.__cspViolations || 0") == 0
    context.close()


@pytest.mark.parametrize("words, direction", [(ARABIC_WORDS, "rtl"), (ENGLISH_WORDS, "ltr")])
def test_each_language_of_the_document_page_runs_in_its_direction(page, pages, words, direction):
    page.goto(f"/documents/{pages['english-with-arabic'].id}")
    assert page.evaluate(DIRECTION_OF, words) == direction


@pytest.mark.parametrize("words, direction", [(ARABIC_WORDS, "rtl"), (ENGLISH_WORDS, "ltr")])
def test_an_english_part_of_an_arabic_page_runs_left_to_right(page, pages, words, direction):
    page.goto(f"/documents/{pages['arabic-with-english'].id}")
    assert page.evaluate(DIRECTION_OF, words) == direction


@pytest.mark.parametrize("query, word, direction", [("تعذيب", "للتعذيب", "rtl"), ("torture", "torture", "ltr")])
def test_a_snippets_marked_word_runs_in_its_languages_direction(page, query, word, direction):
    page.goto(f"/search?q={query}")
    marks = page.locator(".snippet mark")
    assert marks.count() >= 2
    assert set(marks.evaluate_all("ms => ms.map(m => m.textContent + ' ' + getComputedStyle(m).direction)")) == {
        f"{word} {direction}"}


def test_the_quotation_the_panel_fills_in_runs_right_to_left(page, pages):
    doc = pages["english-with-arabic"]
    page.goto(f"/documents/{doc.id}")
    page.locator('a.para-link[data-anchor="article-5-p2"]').click()
    page.wait_for_function("() => document.getElementById('passage-panel').dataset.at === 'article-5-p2'"
                           " && document.getElementById('passage-quotation').textContent !== ''")
    quoted = page.locator("#passage-quotation span[lang]")
    assert quoted.evaluate("s => [s.lang, getComputedStyle(s).direction]") == ["ar", "rtl"]
    assert quoted.text_content().startswith(ARABIC_WORDS)
    assert page.locator("#passage-quotation").evaluate("p => getComputedStyle(p).direction") == "ltr"
