"""In a real Chromium: the document page of a PDF opens the original at the cited page. A
paragraph's ¶ control opens its passage panel, whose link goes to ``original.pdf#page=N``
for the paragraph's page, answered inline as a PDF; a page marker of the reading view does
the same for its page. Headless Chromium may show no PDF viewer, so the test checks the
address the browser went to and the answer it got, not the pixels."""
from __future__ import annotations

import pytest
from browser_session import browser as browser
from browser_session import watch_csp
from paged_report import write_report
from web_server import serve

from indexer.build import update_index

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pdf_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("originals-browser")
    write_report(root / "documents" / "acme-report.pdf")
    update_index([root / "documents"], root / "index", workers=1)
    with serve(root / "index", root / "serve.log", "--threads", "2") as (base, _):
        yield base


@pytest.fixture
def page(browser, pdf_server):
    context = browser.new_context(base_url=pdf_server, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    watch_csp(page)
    page.problems = problems
    yield page
    context.close()


def open_document(page) -> str:
    """Open the report's page from a search, and answer its address."""
    page.goto("/search?q=betaword")
    page.locator(".hit h2.hit-title a").first.click()
    page.wait_for_url("**/documents/*")
    assert page.evaluate("window.__cspViolations || 0") == 0 and page.problems == []
    return page.url.split("?")[0].split("#")[0]


def follow_to_pdf(page, link) -> object:
    """Click ``link`` and answer the response to the PDF it leads to (a tab's view or a download)."""
    with page.expect_response(lambda r: "/original.pdf" in r.url) as answer:
        link.click()
    return answer.value


def test_a_paragraph_s_passage_panel_opens_the_original_at_its_page(page):
    document = open_document(page)
    page.locator('a.para-link[data-anchor="s2-p2"]').click()
    panel = page.locator("#passage-panel")
    panel.locator(".passage-original a").wait_for(state="visible")
    assert panel.locator(".passage-original").inner_text().strip().endswith("page 2")
    response = follow_to_pdf(page, panel.locator(".passage-original a"))
    assert response.status == 200
    headers = response.headers
    assert headers["content-type"] == "application/pdf" and headers["x-content-type-options"] == "nosniff"
    assert headers["content-disposition"].startswith("inline;")
    page.wait_for_url("**/original.pdf#page=2")
    assert page.url == f"{document}/original.pdf#page=2"


@pytest.mark.parametrize("number", [1, 3])
def test_a_page_marker_opens_the_original_at_that_page(page, number):
    document = open_document(page)
    marker = page.locator(f"#page-{number} a")
    assert marker.inner_text().startswith(f"Page {number}")
    response = follow_to_pdf(page, marker)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.wait_for_url(f"**/original.pdf#page={number}")
    assert page.url == f"{document}/original.pdf#page={number}"
