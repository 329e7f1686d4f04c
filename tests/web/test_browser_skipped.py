"""In a real Chromium: the home page of an archive whose last index run skipped files leads
to the list of those files, each with why and what to do, without a console error."""
from __future__ import annotations

import pytest
from browser_session import browser as browser
from browser_session import watch_csp
from skipped_archive import build_skipped_index, write_skipped_archive
from web_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def skipped_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("skipped-browser")
    index = build_skipped_index(write_skipped_archive(root / "documents"), root / "index")
    with serve(index, root / "serve.log", "--threads", "2") as (base, _):
        yield base


def test_the_home_page_leads_to_the_files_not_indexed_and_why(browser, skipped_server):
    context = browser.new_context(base_url=skipped_server, viewport={"width": 390, "height": 800})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    watch_csp(page)
    page.goto("/")
    page.get_by_role("link", name="4 files not indexed").click()
    page.wait_for_url("**/skipped")
    assert page.get_by_role("heading", level=1).inner_text() == "Files not indexed"
    rows = page.locator("table.skipped tbody tr")
    assert rows.count() == 4
    scan = rows.filter(has_text="scan.pdf")
    assert "needs OCR" in scan.inner_text() and "OCRmyPDF" in scan.inner_text()
    # The table fits a phone's width: no sideways scrolling.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("window.__cspViolations || 0") == 0
    assert problems == []
    context.close()
