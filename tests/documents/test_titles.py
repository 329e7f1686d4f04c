"""Titles: weak ones refused, fallbacks in order, bare country titles completed."""
from __future__ import annotations

import pytest

from indexer.documents.reader import parse_document
from indexer.documents.titles import cite_as_title, is_weak_title, readable_file_name


@pytest.mark.parametrize("title, weak", [
    ("https://www.refworld.org/docid/4680d7f3c.html", True), ("68d998b4ddf15f34", True),
    ("report.pdf", True), ("Mali", False), ("Trafficking in Persons Report 2008 - Mali", False),
])
def test_weak_titles(title, weak):
    assert is_weak_title(title) is weak


@pytest.mark.parametrize("citation, publisher, title", [
    ("United States Department of State, U.S. Department of State 2004 Trafficking in Persons Report - Mali, "
     "14 June 2004, available at: [accessed 25 May 2016]", "United States Department of State",
     "U.S. Department of State 2004 Trafficking in Persons Report - Mali"),
    ("Canada: Immigration and Refugee Board of Canada, Nigeria: Information on returnees, treatment, 1 March 1997, "
     "NGA26574.E, available at: https://www.refworld.org/docid/3ae6ab005c.html [accessed 1 May 2016]",
     "Canada: Immigration and Refugee Board of Canada", None),   # no "<date>, available at": not guessed
    ("Human Rights Watch, Mali: War Crimes, January 2013, available at: https://x", "Human Rights Watch",
     "Mali: War Crimes"),
    ("Someone Else, A Title, 2004, available at: x", "Human Rights Watch", None),
])
def test_the_title_inside_a_cite_as_line(citation, publisher, title):
    assert cite_as_title(citation, publisher) == title


@pytest.mark.parametrize("path, title", [
    ("archive/mali-2024_human-rights-report.pdf", "Mali 2024 human rights report"),
    ("seeds/000_68d998b4ddf15f34.txt", None),
    ("x/4680d7f3c.html", None),
])
def test_a_file_name_made_readable(path, title):
    assert readable_file_name(path) == title


@pytest.mark.parametrize("text, path, title", [
    # No title line, but a heading: the heading.
    ("## Situation of returnees\n\nReturnees were questioned.\n", "x/68d998b4ddf15f34.md", "Situation of returnees"),
    # No title line nor heading, a Cite-as line: its title.
    ("Publisher Human Rights Watch\nCite as Human Rights Watch, Mali: War Crimes in the North, January 2013, "
     "available at: [accessed 2 May 2016]\n\n[Editorial note.] Soldiers executed civilians.\n",
     "x/68d998b4ddf15f34.txt", "Mali: War Crimes in the North"),
    # An address as the first line is the page's address, never its title.
    ("https://www.refworld.org/docid/4680d7f3c.html\n\n[Preface.] Mali is a source country.\n",
     "x/mali-tip-chapter.txt", "Mali tip chapter"),
])
def test_fallback_titles_in_order(text, path, title):
    assert parse_document(text.encode(), path).title == title


@pytest.mark.parametrize("html, title, year", [
    ('<html><head><meta property="og:title" content="Mali | Refworld"></head><body>'
     "<p>Trafficking in Persons Report 2008</p><p>MALI (Tier 2)</p><p>Mali is a source country.</p></body></html>",
     "Trafficking in Persons Report 2008 - Mali", 2008),
    ('<html><head><title>Mali</title></head><body><h2>Mali</h2><p>2024 Human Rights Report</p>'
     "<p>There were no significant changes.</p></body></html>", "2024 Human Rights Report - Mali", 2024),
    ('<html><head><title>Mali</title></head><body><p>Mali is a landlocked country.</p></body></html>', "Mali", None),
])
def test_a_bare_country_title_is_completed_with_the_series_the_page_names(html, title, year):
    doc = parse_document(html.encode(), "page.html")
    assert (doc.title, doc.report_year) == (title, year)
