"""Dates keep the precision their source gives, and bad dates are refused, not invented."""
import datetime as dt

import pytest

from indexer.dates import end_of, format_long, parse_date, to_date


@pytest.mark.parametrize("text, expected", [
    ("14 June 2004", "2004-06-14"),
    ("5 June 2002", "2002-06-05"),
    ("January 2013", "2013-01"),
    ("Tuesday, 24 May 2016, 11:51 GMT", "2016-05-24"),
    ("Friday, 07 October 2022, 16:32 GMT", "2022-10-07"),
    ("June 4, 2008", "2008-06-04"),
    ("2004", "2004"),
    ("2004-06", "2004-06"),
    ("2004-6-4", "2004-06-04"),
    ("  2004-06-14 ", "2004-06-14"),
    ("December 2004", "2004-12"),
    ("2004-13-01", None),
    ("2004-02-30", None),
    ("no date here", None),
    ("", None),
    (None, None),
])
def test_parse_date_keeps_the_precision_given(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("iso, first, last", [
    ("2004", dt.date(2004, 1, 1), dt.date(2004, 12, 31)),
    ("2004-02", dt.date(2004, 2, 1), dt.date(2004, 2, 29)),
    ("2003-12", dt.date(2003, 12, 1), dt.date(2003, 12, 31)),
    ("2004-06-14", dt.date(2004, 6, 14), dt.date(2004, 6, 14)),
])
def test_a_partial_date_covers_its_whole_period(iso, first, last):
    assert to_date(iso) == first
    assert end_of(iso) == last


@pytest.mark.parametrize("iso, expected", [
    ("2004-06-14", "14 June 2004"),
    ("2013-01", "January 2013"),
    ("1997", "1997"),
    (None, None),
])
def test_format_long_writes_dates_the_refworld_way(iso, expected):
    assert format_long(iso) == expected
