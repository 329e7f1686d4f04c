"""The template helpers: the one filter that trusts highlighted HTML, and the tier timeline."""
from __future__ import annotations

import pytest
from conftest import make_document

from webapp.filters import highlighted, only_marks
from webapp.timeline import tier_timeline


@pytest.mark.parametrize("html, trusted", [
    ("plain &amp; escaped", True),
    ("a <mark>word</mark> here", True),
    ("<mark>a</mark><mark>b</mark>", True),
    ("<script>alert(1)</script>", False),
    ('<mark onclick="x">a</mark>', False),
    ("<svg onload=alert(1)>", False),
    ("a < b", False),
    ("<b>bold</b>", False),
])
def test_only_bare_mark_tags_pass_the_highlighted_filter(html, trusted):
    assert only_marks(html) is trusted
    out = str(highlighted(html))
    if trusted:
        assert out == html
    else:
        assert "<" not in out.replace("&lt;", "")


def test_tier_timeline_plots_tier_by_year_with_tier_1_on_top():
    docs = [make_document(id=f"mli{y}", report_year=y, tier=t, published=f"{y}-06-01")
            for y, t in [(2006, "Tier 3"), (2004, "Tier 1"), (2005, "Tier 2 Watch List")]]
    docs.append(make_document(id="hrr", report_year=2005, tier=None))
    timeline = tier_timeline(docs, "mli2005")
    assert [(p.year, p.tier) for p in timeline.points] == [
        (2004, "Tier 1"), (2005, "Tier 2 Watch List"), (2006, "Tier 3")]
    xs = [p.x for p in timeline.points]
    ys = [p.y for p in timeline.points]
    assert xs == sorted(xs) and ys == sorted(ys)
    assert [p.current for p in timeline.points] == [False, True, False]
    assert len(timeline.polyline.split()) == 3


def test_tier_timeline_needs_two_tiered_points():
    assert tier_timeline([make_document(id="a", tier="Tier 2")], "a") is None
    assert tier_timeline([make_document(id="a", tier=None), make_document(id="b", tier=None)], "a") is None


@pytest.mark.parametrize("path, expected", [
    ("tip/mali-2008.txt", "tip/mali-2008.txt"),
    ("/home/someone/elsewhere/reports/mali.txt", "mali.txt"),
    ("../outside/secret.txt", "secret.txt"),
    ("C:\\Users\\someone\\archive\\mali.html", "mali.html"),
    ("", ""),
])
def test_archive_name_never_says_where_the_archive_is(path, expected):
    from webapp.public import archive_name

    assert archive_name(path) == expected


def test_archive_name_keeps_the_folders_inside_the_archive():
    from indexer import config
    from webapp.public import archive_name

    assert archive_name(str(config.DOCUMENTS_DIR / "tip" / "mali.txt")) == "tip/mali.txt"
    assert archive_name(str(config.SEEDS_DIR / "000_68d998b4ddf15f34.txt")) == "000_68d998b4ddf15f34.txt"


@pytest.mark.parametrize("text, expected", [
    ("plain", "plain"), ("a\x1bb\x08c\x00d", "abcd"), ("tab\tnew\nline\r", "tab\tnew\nline\r"),
    ("\ud800lone surrogate", "lone surrogate"), ("\ufffe\uffff", ""), ("emoji \U0001F600", "emoji \U0001F600"),
    (None, ""),
])
def test_xml_safe_drops_only_what_xml_forbids(text, expected):
    from webapp.feeds import xml_safe

    assert xml_safe(text) == expected


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Mali", "Mali"), (2004, "2004"), (None, ""), ("a=b", "a=b"),
])
def test_spreadsheet_cells_never_start_a_formula(value, expected):
    from webapp.exports import spreadsheet_cell

    assert spreadsheet_cell(value) == expected
