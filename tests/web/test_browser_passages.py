"""Citing a paragraph in place, in a real headless Chromium: every paragraph's ¶ control is
visible, large enough and legible on a phone and reachable with the keyboard; it opens the
passage citation panel right under its paragraph, at 390 and 1366 px, where each style's
in-text forms (with the locator) and reference entry are shown and copied, and the
quotation with its citation; a page opened at a paragraph (``?at=``) has the panel there."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from browser_session import browser as browser
from browser_session import browser_index as browser_index
from browser_session import page as page
from browser_session import server as server
from browser_session import watch_csp
from web_server import PROJECT_ROOT

from indexer.citations.formats import STYLES, format_citation
from indexer.citations.intext import short_forms
from indexer.documents.reader import read_document
from indexer.locations import pinpoint_of, place_of

pytestmark = pytest.mark.browser

# How far below its paragraph the panel may start (CSS pixels): a margin, no more.
NEAR = 24
# WCAG 2.2 AA: text contrast 4.5:1, and a pointer target of at least 24 by 24 px.
CONTRAST = 4.5
TARGET = 24


@pytest.fixture(scope="module")
def seed():
    return read_document(PROJECT_ROOT / "seeds" / "000_68d998b4ddf15f34.txt")


def expected_forms(doc, anchor: str, style: str) -> list[str]:
    return [f.text for f in short_forms(doc, style, place_of(doc, anchor), dt.date.today())]


def open_panel_with_keyboard(page, anchor: str) -> None:
    control = page.locator(f'a.para-link[data-anchor="{anchor}"]')
    control.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "anchor => { const p = document.getElementById('passage-panel');"
        " return !p.hidden && p.dataset.at === anchor && p.previousElementSibling.id === anchor; }",
        arg=anchor)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    fg, bg = (tuple(int(v) for v in re.findall(r"\d+", colour)[:3]) for colour in (foreground, background))
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("style", STYLES)
def test_a_paragraph_cited_in_each_style_shows_and_copies_its_in_text_and_reference_forms(page, seed, style):
    watch_csp(page)
    anchor = seed.paragraphs[2].anchor
    page.goto(f"/documents/{seed.id}")
    open_panel_with_keyboard(page, anchor)
    panel = page.locator("#passage-panel")
    panel.locator(f'.passage-styles a[data-style="{style}"]').click()
    page.wait_for_function(
        "style => document.getElementById('passage-panel').dataset.style === style", arg=style)
    forms = expected_forms(seed, anchor, style)
    reference = format_citation(seed, style, dt.date.today(), pinpoint_of(seed, anchor))
    assert panel.locator(".citation.in-text").all_text_contents() == forms
    assert bool(forms) == (style != "ris")
    assert all("para" in form for form in forms)
    assert panel.locator("#passage-reference").text_content() == reference
    assert f"style={style}" in page.url and f"at={anchor}" in page.url
    # Every form has its own Copy, and the clipboard then holds exactly that form.
    for index, expected in enumerate([*forms, reference]):
        button = panel.locator(".passage-form button.passage-copy").nth(index)
        button.click()
        page.wait_for_function("() => document.querySelector('#passage-panel .copy-status').textContent === 'Copied'")
        assert page.evaluate("navigator.clipboard.readText()") == expected
        page.evaluate("document.querySelector('#passage-panel .copy-status').textContent = ''")
    panel.get_by_role("button", name="Copy the quotation with its citation").click()
    page.wait_for_function("() => document.querySelector('#passage-panel .copy-status').textContent === 'Copied'")
    quoted = page.evaluate("navigator.clipboard.readText()")
    paragraph = " ".join(seed.text[seed.paragraphs[2].start:seed.paragraphs[2].end].split())
    assert quoted.startswith("\u201c" + paragraph[:40])
    assert quoted.endswith(forms[0] if forms and style != "csl-json" else reference)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_passage_panel_opens_right_under_its_paragraph_from_the_keyboard(browser, server, seed, width):
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"/documents/{seed.id}")
    first, second = seed.paragraphs[1].anchor, seed.paragraphs[2].anchor
    # The ¶ controls are in the keyboard's order, one after the other.
    page.locator(f'a.para-link[data-anchor="{first}"]').focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.anchor") == second
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('passage-panel').hidden")
    paragraph = page.locator(f'[id="{second}"]').bounding_box()
    panel = page.locator("#passage-panel").bounding_box()
    assert 0 <= panel["y"] - (paragraph["y"] + paragraph["height"]) <= NEAR
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Focus moves into the panel; Tab reaches its controls, Escape closes it and goes back.
    assert page.evaluate("document.activeElement.id") == "passage-panel"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#passage-panel') !== null")
    page.keyboard.press("Escape")
    assert page.locator("#passage-panel").is_hidden()
    assert page.evaluate("document.activeElement.dataset.anchor") == second
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_every_paragraph_control_is_visible_legible_and_large_enough_without_hover(browser, server, seed, width):
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"/documents/{seed.id}")
    controls = page.locator("a.para-link")
    assert controls.count() == len([p for p in seed.paragraphs if p.anchor])
    for index in range(controls.count()):
        control = controls.nth(index)
        box = control.bounding_box()
        assert box["width"] >= TARGET and box["height"] >= TARGET
        assert box["x"] + box["width"] <= width
        style = control.evaluate("e => { const s = getComputedStyle(e);"
                                 " return [s.color, s.backgroundColor, s.opacity, s.visibility]; }")
        assert style[2] == "1" and style[3] == "visible"
        assert contrast(style[0], style[1]) >= CONTRAST
        assert control.get_attribute("aria-controls") == "passage-panel"
        assert "Cite this paragraph" in control.inner_text()
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_page_opened_at_a_paragraph_has_the_panel_under_that_paragraph(browser, server, seed, javascript):
    context = browser.new_context(base_url=server, java_script_enabled=javascript,
                                  viewport={"width": 390, "height": 800})
    page = context.new_page()
    anchor = seed.paragraphs[3].anchor
    page.goto(f"/documents/{seed.id}?at={anchor}&style=apa#{anchor}")
    panel = page.locator("#passage-panel")
    assert panel.is_visible()
    assert panel.locator(".citation.in-text").all_text_contents() == expected_forms(seed, anchor, "apa")
    paragraph = page.locator(f'[id="{anchor}"]').bounding_box()
    box = panel.bounding_box()
    assert 0 <= box["y"] - (paragraph["y"] + paragraph["height"]) <= NEAR
    # The panel is in view: the page scrolled to the paragraph, not to the top.
    assert box["y"] < 800 and page.evaluate("window.scrollY") > 0
    assert panel.locator("button.passage-copy").first.is_visible() == javascript
    context.close()


def test_the_document_citation_at_the_top_stays_the_whole_document(page, seed):
    anchor = seed.paragraphs[2].anchor
    page.goto(f"/documents/{seed.id}?at={anchor}&style=chicago")
    assert page.locator("#cite-title").inner_text() == "Cite this document"
    assert page.locator("#citation-text").text_content() == format_citation(seed, "chicago", dt.date.today())
    page.locator(f'a.para-link[data-anchor="{seed.paragraphs[4].anchor}"]').click()
    page.wait_for_function(
        "anchor => document.getElementById('passage-panel').dataset.at === anchor",
        arg=seed.paragraphs[4].anchor)
    assert f"at={seed.paragraphs[4].anchor}" in page.url
    assert page.locator(".para.cited").count() == 1
