"""The site in a real headless Chromium as phones, tablets, keyboards and printers meet
it: every page at 320, 390, 768 and 1366 px without sideways scrolling, the filters
behind a control on narrow screens, the first result a few Tab presses from the search
box, and a document printed as a document."""
from __future__ import annotations

import pytest
from browser_session import browser as browser
from browser_session import browser_index as browser_index
from browser_session import server as server
from web_server import get_json

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 768, 1366)

EVERY_PAGE = ("/", "/search?q=trafficking", "/search?q=forced+labour&tier=Tier+2&sort=newest",
              "/search?q=Supercalifragilistic", "/search?q=zzzqqx", "/search/facets/country?q=trafficking",
              "/documents/tip-tcd-2006?q=debt", "/documents/long-words", "/documents/xss-title",
              "/cite", "/cite?q=Mali+2005", "/help", "/skipped", "/documents/nope", "/search?q=x&page=0")


def hrr_document_id(server) -> str | None:
    hits = get_json(f"{server}/api/search?q=police+arrest&type=Country+reports&per_page=1")["hits"]
    return hits[0]["id"] if hits else None


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_every_width_without_sideways_scrolling(browser, server, width):
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 800})
    page = context.new_page()
    paths = list(EVERY_PAGE) + ([f"/documents/{hrr_document_id(server)}?q=police"] if hrr_document_id(server) else [])
    for path in paths:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, (path, overflow)
    context.close()


@pytest.mark.parametrize("width", [320, 768])
def test_the_tier_chart_fits_its_column(browser, server, width):
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto("/documents/tip-tcd-2006")
    chart = page.locator("figure.timeline svg").bounding_box()
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= width
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_narrow_screens_put_the_filters_behind_a_control_at_the_top(browser, server, javascript):
    context = browser.new_context(base_url=server, viewport={"width": 390, "height": 800},
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/search?q=trafficking&tier=Tier+2")
    toggle = page.locator(".filters-toggle a")
    assert toggle.is_visible() and "1 active" in toggle.inner_text()
    first_hit = page.locator(".hit-title a").first
    assert toggle.bounding_box()["y"] < first_hit.bounding_box()["y"]
    assert page.locator("#filters").is_hidden()
    toggle.click()
    assert page.locator("#filters").is_visible()
    assert page.locator("#filters").bounding_box()["y"] < first_hit.bounding_box()["y"]
    page.locator('a.facet-link[data-facet="country"]').first.click()
    page.wait_for_url("**country=**")
    assert page.locator("a.chip").count() == 2
    page.goto("/search?q=trafficking")
    page.set_viewport_size({"width": 1366, "height": 800})
    assert page.locator("#filters").is_visible() and toggle.is_hidden()
    context.close()


def tabs_to_first_result(page, limit: int = 5) -> int | None:
    """Tab presses from the search box until the first result's link has the focus."""
    page.locator("#q").focus()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.querySelector('.hit-title a')"):
            return presses
    return None


@pytest.mark.parametrize("width", [390, 1366])
def test_the_first_result_is_at_most_five_tabs_from_the_search_box(browser, server, width):
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto("/search?q=trafficking")
    assert tabs_to_first_result(page) is not None
    # The skip link is the first stop of the page and leads to the results.
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to results"
    page.keyboard.press("Enter")
    on_first = "document.activeElement === document.querySelector('.hit-title a')"
    page.keyboard.press("Tab")
    if width < 800:  # the "Filters and sort" control comes first on a narrow screen
        assert page.evaluate("document.activeElement.textContent").startswith("Filters and sort")
        page.keyboard.press("Tab")
    assert page.evaluate(on_first)
    context.close()


def test_a_document_prints_as_the_document(browser, server):
    context = browser.new_context(base_url=server)
    page = context.new_page()
    page.goto("/documents/tip-tcd-2006?q=debt&back=q%3Ddebt")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".back", ".style-switch", ".document-side"):
        assert page.locator(hidden).first.is_hidden(), hidden
    citation = page.locator("#citation-text").bounding_box()
    text = page.locator(".document-text").bounding_box()
    assert citation["y"] < text["y"]
    after = page.evaluate("getComputedStyle(document.querySelector('.source a'), '::after').content")
    assert "https://www.refworld.org/docid/2006tcdtip.html" in after
    assert page.locator(".print-address").is_visible()
    context.close()
