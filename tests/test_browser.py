"""The whole site in a real headless Chromium against a real `refsearch serve` process.

Debian's ``chromium`` package is driven by Playwright's Python API (no
browser download). The scenario is what a researcher does: search from the
home page, narrow by a facet and undo it, page forward, open a document,
switch the citation style and copy it, and look up a citation; throughout,
the pages must log no console error and no Content-Security-Policy violation.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright import sync_api
from web_archive import build_web_index, web_documents
from web_server import PROJECT_ROOT, get_json, serve

from indexer.citations.formats import format_citation

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
    if corpus is not None:
        for folder in sorted(corpus.glob("hrr-2024*")):
            docs.extend(read_document(p) for p in sorted(folder.glob("*.md")) if p.stem != "PROVENANCE")
    unique = {}
    for doc in docs:
        unique.setdefault(doc.id, doc)
    return list(unique.values())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real `refsearch serve` on a free loopback port, over a prebuilt index."""
    corpus = PROJECT_ROOT.parent / "shared" / "corpus"
    index = build_web_index(tmp_path_factory.mktemp("browser-index"),
                            archive_documents(corpus if corpus.is_dir() else None))
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

    # Sort with the menu (JavaScript submits it), then page forward.
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


@pytest.mark.parametrize("path", ["/search?q=forced+labour&tier=Tier+2", "/documents/tip-tcd-2006?q=debt",
                                  "/cite?q=Mali+2005", "/help"])
def test_pages_fit_a_phone_screen(browser, server, path):
    context = browser.new_context(base_url=server, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
