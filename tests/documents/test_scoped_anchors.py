"""Repeated headings are anchored within their section, so a section inserted elsewhere moves none."""
from __future__ import annotations

import pytest
from conftest import make_document

from indexer import locations
from indexer.documents import structure


def country_page(countries: list[str]) -> list[str]:
    """A multi-country page: each country's chapter with the same unnumbered subheadings."""
    lines = ["# Trafficking in Persons Report: West Africa", "", "Regional overview.", ""]
    for country in countries:
        lines += [f"## {country} (Tier 2)", "", f"{country} is a source country.", "",
                  "### Prosecution", "", f"{country} prosecuted traffickers.", "",
                  f"{country} convicted two.", "",
                  "### Protection", "", f"{country} identified victims.", ""]
    return lines


def texts_by_anchor(lines: list[str]) -> dict[str, str]:
    built = structure.build(lines)
    parts = {s.anchor: built.text[s.start:s.end] for s in built.sections}
    parts.update({p.anchor: built.text[p.start:p.end] for p in built.paragraphs})
    return parts


def as_document(lines: list[str]):
    built = structure.build(lines)
    return make_document(text=built.text, sections=built.sections, paragraphs=built.paragraphs)


def test_a_repeated_heading_is_anchored_within_its_countrys_section():
    anchors = [s.anchor for s in structure.build(country_page(["Mali", "Niger"])).sections]
    assert anchors == ["trafficking-in-persons-report-west-africa", "mali-tier-2", "mali/prosecution",
                       "mali/protection", "niger-tier-2", "niger/prosecution", "niger/protection"]


def test_inserting_a_country_leaves_the_other_countries_anchors_on_the_same_text():
    before = texts_by_anchor(country_page(["Mali", "Niger", "Senegal"]))
    after = texts_by_anchor(country_page(["Guinea", "Mali", "Niger", "Senegal"]))
    assert "niger/prosecution-p2" in before
    for anchor, text in before.items():
        if anchor != "trafficking-in-persons-report-west-africa":  # the page's whole extent grows
            assert after[anchor] == text, anchor


def test_a_heading_that_does_not_repeat_keeps_its_own_title_as_anchor():
    lines = ["# Mali", "", "Intro.", "", "## Executive Summary", "", "Text.", ""]
    assert [s.anchor for s in structure.build(lines).sections] == ["mali", "executive-summary"]


@pytest.mark.parametrize("former, now", [
    ("prosecution", "mali/prosecution"),
    ("prosecution-2", "niger/prosecution"),
    ("prosecution-2-p2", "niger/prosecution-p2"),
    ("protection-2-p1", "niger/protection-p1"),
    ("niger/prosecution-p1", "niger/prosecution-p1"),
    ("prosecution-3", None),        # there were only two
    ("prosecution-2-p9", None),     # no such paragraph
    ("no-such-heading", None),
])
def test_an_anchor_of_the_former_numbering_names_the_same_part(former, now):
    doc = as_document(country_page(["Mali", "Niger"]))
    assert locations.current_anchor(doc, former) == now
