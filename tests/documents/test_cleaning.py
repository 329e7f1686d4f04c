"""Text cleaning steps, each alone, as tables of (input, expected)."""
from __future__ import annotations

import pytest

from bench.corpus.forms import DISCLAIMER
from indexer.documents.cleaning import (
    clean_body,
    collapse_blank_lines,
    drop_disclaimer,
    drop_furniture_lines,
    drop_repeated_title,
    label_key,
    labelled_line,
    looks_like_title,
    normalise_lines,
    split_header,
    take_front_matter,
    unmark_headings,
)
from indexer.documents.metadata import is_tier_heading


@pytest.mark.parametrize("label, key", [
    ("Publisher", "publisher"), ("Publisher:", "publisher"), ("Judicial Body", "publisher"),
    ("Author", "author"), ("Publication Date", "published"), ("Citation / Document Symbol", "document_symbol"),
    ("Cite as", "citation"), ("CITE AS:", "citation"), ("Last Updated", "last_updated"),
    ("Source PDF", "source_url"), ("Disclaimer", "disclaimer"), ("Colour", None), ("", None),
    ("Original link:", "original_url"), ("Document ID:", "document_id"),
])
def test_label_key(label, key):
    assert label_key(label) == key


@pytest.mark.parametrize("line, expected", [
    ("Publisher United States Department of State", ("publisher", "United States Department of State")),
    ("Publisher: Human Rights Watch", ("publisher", "Human Rights Watch")),
    ("Citation / Document Symbol NGA26574.E", ("document_symbol", "NGA26574.E")),
    ("Cite as Canada: Immigration and Refugee Board of Canada, Nigeria: X, 1 April 1997",
     ("citation", "Canada: Immigration and Refugee Board of Canada, Nigeria: X, 1 April 1997")),
    ("Last Updated: Tuesday, 24 May 2016, 11:51 GMT", ("last_updated", "Tuesday, 24 May 2016, 11:51 GMT")),
    ("Source PDF: https://www.state.gov/x.pdf", ("source_url", "https://www.state.gov/x.pdf")),
    ("Authorities arrested two traffickers.", None),
    ("Publishers in Mali were harassed.", None),
    ("Type of work: domestic", None),
])
def test_labelled_line(line, expected):
    assert labelled_line(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("U.S. Department of State 2004 Trafficking in Persons Report - Mali", True),
    ("Nigeria: Information on whether the embassy is closed, and if so, since when and why", True),
    ("[From the introductory text accompanying this report]", False),
    ("The Government of Nigeria has demonstrated sustained progress to combat trafficking in persons "
     "since the release of the 2009 Report, and it continued to prosecute offenders.", False),
    ("", False),
])
def test_looks_like_title(line, expected):
    assert looks_like_title(line) is expected


def test_split_header_takes_the_seed_layout_apart():
    lines = normalise_lines("Last Updated: Tuesday, 24 May 2016, 11:51 GMT\n\nThe Title\n\n"
                            "Publisher Somebody\nAuthor Someone\nPublication Date 14 June 2004\n"
                            f"Cite as Somebody, The Title, 14 June 2004\nDisclaimer{DISCLAIMER}\n\n"
                            "Mali (Tier 2)\n\nAuthor of the body sentence.\n")
    split = split_header(lines, is_heading=is_tier_heading)
    assert split.title == "The Title"
    assert split.labels == {"last_updated": "Tuesday, 24 May 2016, 11:51 GMT", "publisher": "Somebody",
                            "author": "Someone", "published": "14 June 2004",
                            "citation": "Somebody, The Title, 14 June 2004"}
    assert [l for l in split.body if l] == ["Mali (Tier 2)", "Author of the body sentence."]


@pytest.mark.parametrize("text, title, first_body", [
    ("MALI: TIER 2 WATCH LIST\n\nBody.", None, "MALI: TIER 2 WATCH LIST"),
    ("# Mali — Country Reports\n\nEditions included: 2024\n\n## Mali — 2024 Report", "Mali — Country Reports",
     "## Mali — 2024 Report"),
    ("[Editorial note]\n\nBody.", None, "[Editorial note]"),
    ("Short Title\n\nBody paragraph.", "Short Title", "Body paragraph."),
    ("Skip to main content\nSearch Refworld\nShort Title\n\nBody paragraph.", "Short Title", "Body paragraph."),
])
def test_split_header_without_a_labelled_block(text, title, first_body):
    split = split_header(normalise_lines(text), is_heading=is_tier_heading)
    assert split.title == title
    assert next(l for l in split.body if l) == first_body


def test_take_front_matter_moves_converter_labels_out_of_the_body():
    split = split_header(normalise_lines("# T\n\n## Heading\n\nSource PDF: https://x.org/a.pdf\n\nText."))
    take_front_matter(split)
    assert split.labels["source_url"] == "https://x.org/a.pdf"
    assert [l for l in split.body if l] == ["## Heading", "Text."]


@pytest.mark.parametrize("step, lines, expected", [
    (drop_disclaimer, ["Body.", "Disclaimer:", DISCLAIMER, "End."], ["Body.", "End."]),
    (drop_disclaimer, ["Disclaimer" + DISCLAIMER, "Body."], ["Body."]),
    (drop_disclaimer, ["Body.", "Disclaimer:"], ["Body."]),
    (drop_disclaimer, ["Disclaimer: the author's own views follow.", "Body."],
     ["Disclaimer: the author's own views follow.", "Body."]),
    (drop_furniture_lines, ["Body.", "Search Refworld", "Last Updated: 1 May 2016"], ["Body."]),
    (drop_furniture_lines, ["Users search Refworld daily."], ["Users search Refworld daily."]),
    (drop_furniture_lines, ["Part one", "----------", "Text", "* * *", "| a |"], ["Part one", "Text", "* * *", "| a |"]),
    (unmark_headings, ["### Executive Summary", "#hashtag text", "Text"], ["Executive Summary", "#hashtag text", "Text"]),
    (collapse_blank_lines, ["", "a", "", "", "", "b", "", ""], ["a", "", "b"]),
])
def test_cleaning_step(step, lines, expected):
    assert step(lines) == expected


@pytest.mark.parametrize("lines, title, expected", [
    (["Title", "", "Title", "Body"], "Title", ["Body"]),
    (["", "TITLE", "Body"], "Title", ["Body"]),
    (["Body", "Title"], "Title", ["Body", "Title"]),
    (["Body"], None, ["Body"]),
])
def test_drop_repeated_title(lines, title, expected):
    assert [l for l in drop_repeated_title(lines, title) if l] == expected


def test_clean_body_keeps_paragraph_breaks_and_drops_all_furniture():
    lines = ["Mali (Tier 2)", "", "First.", "", "", "", "Second.", "", "Disclaimer:", DISCLAIMER, "", "Search Refworld"]
    assert clean_body(lines, "Some Title") == "Mali (Tier 2)\n\nFirst.\n\nSecond."


def test_state_department_release_line_gives_author_and_date_and_breadcrumb_goes():
    split = split_header(normalise_lines(
        "Trafficking in Persons Report 2008\n\nYou are in: Under Secretary > Trafficking in Persons Report 2008\n"
        "Released by the Office to Monitor and Combat Trafficking in Persons / June 4, 2008\n\n"
        "AFGHANISTAN (Tier 2)\n\nBody."), is_heading=is_tier_heading)
    take_front_matter(split)
    assert split.labels == {"author": "Office to Monitor and Combat Trafficking in Persons",
                            "published": "June 4, 2008"}
    assert [l for l in split.body if l] == ["AFGHANISTAN (Tier 2)", "Body."]


def test_yaml_front_matter_gives_fields_and_leaves_the_body():
    text = ("---\ntitle: \"Mali: Situation of returnees\"\npublisher: Human Rights Watch\ndate: 2019-03-01\n"
            "url: https://www.hrw.org/report/mali\ntags: [a, b]\n---\n\n# Mali: Situation of returnees\n\nBody text.")
    split = split_header(normalise_lines(text))
    assert split.title == "Mali: Situation of returnees"
    assert split.labels == {"publisher": "Human Rights Watch", "published": "2019-03-01",
                            "source_url": "https://www.hrw.org/report/mali"}
    assert clean_body(split.body, split.title) == "Body text."


def test_a_rule_that_opens_a_text_without_closing_is_not_front_matter():
    split = split_header(normalise_lines("---\nTitle line\n\nBody."))
    assert split.title == "Title line" and split.labels == {}
    assert clean_body(split.body, split.title) == "Body."
