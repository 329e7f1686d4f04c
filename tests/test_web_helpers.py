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
