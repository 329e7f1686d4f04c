"""The browser tests' setting: a real `refsearch serve` process over the web test
archive (with the seed and, when present, the corpus's 2024 human-rights reports) and
Debian's headless ``chromium`` driven by Playwright's Python API (no browser download).

Importing this module skips the importing test module when chromium is not installed.
Each test module gets one server and one browser; each test opens its own context (a
clean profile) in that browser, and `page` fails a test whose pages log a console error
or a Content-Security-Policy violation.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import make_document
from playwright import sync_api
from web_archive import build_web_index, web_documents
from web_server import PROJECT_ROOT, serve

from indexer.records import Country

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
