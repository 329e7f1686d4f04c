"""The whole site in a real headless Chromium, as a researcher goes through it: search
from the home page, narrow by a facet and undo it, page forward, open a document, switch
the citation style and copy it, look up a citation, sort and filter from the keyboard,
"show all" on long facets and the way back to the same results; throughout, the pages
log no console error and no Content-Security-Policy violation."""
from __future__ import annotations

import datetime as dt

import pytest
from browser_session import browser as browser
from browser_session import browser_index as browser_index
from browser_session import count_of, watch_csp
from browser_session import page as page
from browser_session import server as server
from web_archive import web_documents
from web_server import PROJECT_ROOT, get_json, serve

from indexer.citations.formats import format_citation

pytestmark = pytest.mark.browser


def test_search_narrow_page_read_cite_and_look_up(page, server):
    watch_csp(page)
    page.goto("/")
    page.get_by_label("Search the archive").fill("trafficking")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=trafficking")
    total = count_of(page)
    assert total > 10

    # Narrow by a country facet: counts and results change, a chip appears.
    page.locator('a.facet-link[data-facet="country"]', has_text="Nigeria").click()
    page.wait_for_url("**country=NGA**")
    narrowed = count_of(page)
    assert 0 < narrowed < total
    titles = page.locator(".hit-title a").all_inner_texts()
    assert titles and all("Nigeria" in t for t in titles)
    chip = page.locator("a.chip")
    assert chip.count() == 1 and "Nigeria" in chip.inner_text()

    # Remove it again with the chip.
    chip.click()
    page.wait_for_url("**/search?q=trafficking")
    assert count_of(page) == total

    # Sort with the menu (JavaScript submits it when a pointer picks), then page forward.
    page.dispatch_event("#sort", "pointerdown")
    page.select_option("#sort", "newest")
    page.wait_for_url("**sort=newest**")
    page.locator('nav.pager a[rel="next"]').click()
    page.wait_for_url("**page=2**")
    assert page.locator('nav.pager [aria-current="page"]').inner_text() == "2"

    # Open a document: the query's words are highlighted in its text.
    first = page.locator(".hit-title a").first
    first.click()
    page.wait_for_url("**/documents/**")
    assert page.locator(".document-text mark").count() > 0
    doc_id = page.url.split("/documents/")[1].split("?")[0]

    # Switch the citation style in place, then copy it.
    expected = get_json(f"{server}/api/documents/{doc_id}/citation?style=apa")["citation"]
    page.locator('.style-switch a[data-style="apa"]').click()
    # Functions, not expression strings: Playwright would eval a string, which the CSP forbids.
    page.wait_for_function(
        "expected => document.getElementById('citation-text').textContent === expected", arg=expected)
    assert "style=apa" in page.url
    assert page.locator('.style-switch a[aria-current="true"]').inner_text() == "APA"
    page.get_by_role("button", name="Copy citation").click()
    page.wait_for_function("() => document.querySelector('.copy-status').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == expected

    # Look a citation up.
    target = next(d for d in web_documents() if d.id == "tip-gha-2006")
    page.goto("/cite")
    page.get_by_label("Citation, Refworld URL, docid or document symbol").fill(format_citation(target, "refworld"))
    page.get_by_role("button", name="Look up").click()
    page.wait_for_url("**/cite?q=**")
    best = page.locator(".candidate h3 a").first
    assert best.get_attribute("href") == "/documents/tip-gha-2006"
    assert "Confidence" in page.locator(".candidate .confidence").first.inner_text()


def test_document_page_timeline_and_keyboard_focus(page):
    watch_csp(page)
    page.goto("/documents/tip-tcd-2006")
    assert page.locator("figure.timeline svg circle").count() == 6
    assert page.locator(".series-table tbody tr").count() == 6
    # The skip link is the first stop of the keyboard and leads to the main content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_pages_are_clean_without_javascript(browser, server):
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/documents/tip-mli-2005?style=bibtex")
    assert page.locator("#citation-text").inner_text().startswith("@")
    assert page.locator("button.copy-button").is_hidden()
    page.goto("/search?q=forced+labour")
    page.locator('a.facet-link[data-facet="tier"]').first.click()
    assert page.locator("a.chip").count() == 1
    context.close()


def test_the_sort_menu_waits_for_apply_when_used_from_the_keyboard(page):
    page.goto("/search?q=trafficking")
    address = page.url
    page.locator("#sort").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)
    assert page.url == address and page.locator("#sort").input_value() == "newest"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Apply"
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=newest**")


def test_long_facets_show_all_their_values_and_filter_as_one_types(page, server):
    page.goto("/search?q=trafficking")
    total = len(get_json(f"{server}/api/search?q=trafficking")["facets"]["country"])
    assert total == 30  # the API lists the first 30, like the CLI
    show_all = page.locator("#facet-country ~ .show-all a")
    count = int(show_all.inner_text().split()[2])
    assert count > 30
    assert page.locator('a.facet-link[data-facet="country"]').count() == 30
    show_all.click()
    page.wait_for_url("**/search/facets/country?q=trafficking")
    assert page.locator('a.facet-link[data-facet="country"]').count() == count
    page.get_by_label("Filter country values").fill("niger")
    visible = page.locator('a.facet-link[data-facet="country"]:visible').all_inner_texts()
    assert visible and all("niger" in v.lower() for v in visible)
    page.locator('a.facet-link[data-facet="country"]:visible', has_text="Nigeria").click()
    page.wait_for_url("**/search?q=trafficking&country=NGA")
    assert page.locator("a.chip").count() == 1


def test_the_home_page_browses_by_tier_country_and_year(page, server):
    page.goto("/")
    for facet in ("tier", "country", "year"):
        assert page.locator(f"#entry-{facet} ~ ul a").count() > 0
    page.locator("#entry-country ~ .show-all a").click()
    page.wait_for_url("**/search/facets/country")
    page.locator('a.facet-link[data-facet="country"]', has_text="Chad").click()
    page.wait_for_url("**/search?country=TCD")
    assert count_of(page) == get_json(f"{server}/api/search?country=TCD")["total"] >= 6


def test_back_to_results_returns_to_the_same_query_filters_sort_and_page(page):
    page.goto("/search?q=trafficking&tier=Tier+2&sort=oldest&per_page=5&page=2")
    address = page.url
    titles = page.locator(".hit-title a").all_inner_texts()
    page.locator(".hit-title a").nth(2).click()
    page.wait_for_url("**/documents/**")
    page.locator('.style-switch a[data-style="bibtex"]').click()  # switching styles keeps the way back
    page.get_by_role("link", name="Back to results").click()
    page.wait_for_url("**/search?**")
    assert page.url == address
    assert page.locator(".hit-title a").all_inner_texts() == titles


def test_back_to_results_returns_to_where_the_results_were_scrolled(page):
    page.set_viewport_size({"width": 1366, "height": 700})
    page.goto("/search?q=trafficking&per_page=50")
    address = page.url
    hit = page.locator(".hit-title a").nth(20)
    hit.scroll_into_view_if_needed()
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 700
    hit.click()
    page.wait_for_url("**/documents/**")
    page.get_by_role("link", name="Back to results").click()
    page.wait_for_url("**/search?**")
    assert page.url == address
    page.wait_for_function("y => Math.abs(window.scrollY - y) <= 1", arg=scrolled)
    # The same search opened anew (typed, or from a bookmark) starts at the top.
    page.goto(address)
    assert page.evaluate("() => window.scrollY") == 0


@pytest.mark.parametrize("typed, country", [("ivory", "Côte d'Ivoire"), ("ivorian", "Côte d'Ivoire"),
                                            ("burma", "Myanmar")])
def test_the_country_filter_box_knows_the_names_the_search_box_knows(page, typed, country):
    page.goto("/search/facets/country")
    labels = page.locator('a.facet-link[data-facet="country"] .facet-label').all_inner_texts()
    if country not in labels:
        pytest.skip(f"no document about {country} in this archive (the corpus's reports are absent)")
    page.get_by_label("Filter country values").fill(typed)
    visible = page.locator('a.facet-link[data-facet="country"]:visible .facet-label').all_inner_texts()
    assert visible == [country]


def test_a_bad_date_is_shown_next_to_its_field_and_the_results_stay(page):
    page.goto("/search?q=trafficking")
    total = count_of(page)
    page.get_by_label("From").fill("2004-13")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**from=2004-13**")
    field = page.get_by_label("From")
    assert field.get_attribute("aria-invalid") == "true"
    assert "not a date" in page.locator("#from-error").inner_text()
    assert count_of(page) == total and page.locator(".hit").count() == 10


def test_a_docid_or_address_typed_into_the_search_box_offers_the_lookup(page):
    page.goto("/")
    page.get_by_label("Search the archive").fill("https://www.refworld.org/docid/2006tcdtip.html")
    page.keyboard.press("Enter")
    page.locator(".lookup-offer a").click()
    page.wait_for_url("**/cite?q=**")
    assert page.locator(".candidate h3 a").first.get_attribute("href") == "/documents/tip-tcd-2006"
    assert page.locator(".candidate .verdict-label").first.inner_text() == "Found"


def test_the_lookup_example_finds_its_document_and_meters_follow_confidence(page):
    page.goto("/cite")
    example = page.locator("a.cite-example")
    text = example.inner_text()
    example.click()
    page.wait_for_url("**/cite?q=**")
    assert page.get_by_label("Citation, Refworld URL, docid or document symbol").input_value() == text
    first = page.locator(".candidate").first
    assert "confidence-found" in first.get_attribute("class")
    assert first.locator(".verdict-label").inner_text() == "Found"
    # A vague citation: weak candidates are marked as such, never as found.
    page.goto("/cite?q=" + "Report on something else entirely, 1999")
    for candidate in page.locator(".candidate").all():
        value = float(candidate.locator("meter").get_attribute("value"))
        kind = candidate.get_attribute("class")
        if value < 0.6:
            assert "confidence-absent" in kind and "not in this archive" in candidate.inner_text()
        assert float(candidate.locator("meter").get_attribute("high")) == 0.85


def test_show_all_works_on_every_facet_with_and_without_javascript(browser, browser_index, tmp_path):
    """A server listing two values per filter: every filter then has more than it shows."""
    with serve(browser_index, tmp_path / "serve.log", "--facet-limit", "2", "--workers", "1") as (base, _):
        totals = {name: len(values) for name, values in
                  get_json(f"{base}/api/search?per_page=1").get("facets", {}).items()}
        for javascript in (True, False):
            context = browser.new_context(base_url=base, java_script_enabled=javascript)
            page = context.new_page()
            for facet in ("tier", "country", "publisher", "doc_type", "year", "report_year"):
                page.goto("/search")
                section = page.locator(f"section.facet:has(#facet-{facet})")
                assert section.locator("a.facet-link").count() == 2, facet
                show_all = section.locator(".show-all a")
                count = int(show_all.inner_text().split()[2])
                assert count > 2 and count >= totals[facet]
                show_all.click()
                page.wait_for_url(f"**/search/facets/{facet}")
                assert page.locator("a.facet-link").count() == count
            context.close()


def test_switching_the_style_on_a_paragraph_shows_that_paragraph_cited_in_the_new_style(page):
    """A page opened at a paragraph (``?at=``) keeps citing that paragraph when the passage
    panel's style changes: the citation address holds ``at``, and ``style`` is added beside it."""
    from indexer.citations.intext import short_forms
    from indexer.documents.reader import read_document
    from indexer.locations import place_of

    seed = read_document(PROJECT_ROOT / "seeds" / "000_68d998b4ddf15f34.txt")
    anchor = seed.paragraphs[2].anchor
    page.goto(f"/documents/{seed.id}?at={anchor}")
    for style in ("apa", "chicago"):
        expected = short_forms(seed, style, place_of(seed, anchor), dt.date.today())[0].text
        assert "para. 3" in expected
        page.locator(f'#passage-panel .passage-styles a[data-style="{style}"]').click()
        page.wait_for_function(
            "expected => document.getElementById('passage-form-1').textContent === expected",
            arg=expected)
        assert f"style={style}" in page.url and f"at={anchor}" in page.url
