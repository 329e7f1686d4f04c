"""The whole site in a real headless Chromium against a real `refsearch serve` process.

Debian's ``chromium`` package is driven by Playwright's Python API (no
browser download). The scenario is what a researcher does: search from the
home page, narrow by a facet and undo it, page forward, open a document,
switch the citation style and copy it, and look up a citation; throughout,
the pages must log no console error and no Content-Security-Policy violation.
Then the site as phones, tablets, keyboards and printers meet it: every page
at 320, 390, 768 and 1366 px without sideways scrolling, the filters behind
a control on narrow screens, the first result a few Tab presses from the
search box, "show all" on long facets, the way back to the same results,
and a document printed as a document.

One server and one browser serve the whole module; each test opens its own
context (a clean profile) in that browser.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import make_document
from playwright import sync_api
from web_archive import build_web_index, web_documents
from web_server import PROJECT_ROOT, get_json, serve

from indexer.citations.formats import format_citation
from indexer.records import Country

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

if CHROMIUM is None:
    pytest.skip("the chromium executable is not installed (scripts/setup test installs it)",
                allow_module_level=True)

def archive_documents(corpus: Path | None) -> list:
    """The web test archive, the seed, and the real 2024 human-rights reports when present."""
    from indexer.documents.reader import read_document

    docs = web_documents() + [read_document(PROJECT_ROOT / "seeds" / "000_68d998b4ddf15f34.txt")]
    docs.append(make_document(
        id="long-words", title="Trafficking " + "Supercalifragilistic" * 8 + " report",
        publisher="Publisher-with-an-unbreakable-name-" * 3, published="2003-03-03",
        countries=(Country("Mali", "MLI"),), doc_type="Annual report",
        source_url="https://www.example.org/" + "very-long-path-segment/" * 12 + "report.html",
        text="Trafficking " + "x" * 300 + " and an address https://www.example.org/" + "a" * 200))
    if corpus is not None:
        for folder in sorted(corpus.glob("hrr-2024*")):
            docs.extend(read_document(p) for p in sorted(folder.glob("*.md")) if p.stem != "PROVENANCE")
    unique = {}
    for doc in docs:
        unique.setdefault(doc.id, doc)
    return list(unique.values())


@pytest.fixture(scope="module")
def browser_index(tmp_path_factory):
    corpus = PROJECT_ROOT.parent / "shared" / "corpus"
    return build_web_index(tmp_path_factory.mktemp("browser-index"),
                           archive_documents(corpus if corpus.is_dir() else None))


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser_index):
    """A real `refsearch serve` on a free loopback port, over a prebuilt index."""
    index = browser_index
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with serve(index, log, "--threads", "4") as (base, _):
        yield base
    port = base.rsplit(":", 1)[1]
    assert f"Serving refsearch at http://127.0.0.1:{port}/" in log.read_text(errors="replace")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors, uncaught exceptions and CSP violations."""
    context = browser.new_context(base_url=server)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.set_default_timeout(30_000)  # generous: a loaded CI machine is slow, never wrong
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.problems = problems
    yield page
    # A CSP violation is reported on the console as an error, and also as an event:
    assert page.evaluate("window.__cspViolations || 0") == 0
    assert problems == []
    context.close()


def watch_csp(page) -> None:
    page.add_init_script("window.__cspViolations = 0;"
                         "document.addEventListener('securitypolicyviolation',"
                         " function () { window.__cspViolations += 1; });")


def count_of(page) -> int:
    text = page.locator("#results-count").inner_text()
    return int(text.split()[0]) if text[0].isdigit() else 0


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


WIDTHS = (320, 390, 768, 1366)
EVERY_PAGE = ("/", "/search?q=trafficking", "/search?q=forced+labour&tier=Tier+2&sort=newest",
              "/search?q=Supercalifragilistic", "/search?q=zzzqqx", "/search/facets/country?q=trafficking",
              "/documents/tip-tcd-2006?q=debt", "/documents/long-words", "/documents/xss-title",
              "/cite", "/cite?q=Mali+2005", "/help", "/documents/nope", "/search?q=x&page=0")


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


def test_show_all_works_on_every_facet_with_and_without_javascript(browser, browser_index, tmp_path):
    """A server listing two values per filter: every filter then has more than it shows."""
    with serve(browser_index, tmp_path / "serve.log", "--facet-limit", "2", "--workers", "1") as (base, _):
        totals = {name: len(values) for name, values in
                  get_json(f"{base}/api/search?per_page=1").get("facets", {}).items()}
        for javascript in (True, False):
            context = browser.new_context(base_url=base, java_script_enabled=javascript)
            page = context.new_page()
            for facet in ("tier", "country", "publisher", "doc_type", "year"):
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
