"""The code a page's language is filed under (``languages.language_code``)."""
from __future__ import annotations

import pycountry
import pytest

from indexer.languages import language_code


@pytest.mark.parametrize("given, filed", [
    ("en", "en"), ("EN-gb", "en"), ("en_US", "en"), ("eng", "en"), ("fr-CA", "fr"), ("fre", "fr"),
    ("arb", "ar"), ("pes", "fa"), ("gsw", "gsw"), ("zz", None), ("qqq", None), ("english", None),
    ("", None), (None, None),
])
def test_a_language_tag_is_filed_under_its_code(given, filed):
    assert language_code(given) == filed


def test_english_is_filed_without_loading_the_table_of_languages(monkeypatch):
    """Loading pycountry's table costs a process about 0.05 CPU s: an update of a few English
    pages paid it in the build process for nothing."""
    def unwanted(**kwargs):
        raise AssertionError(f"looked up {kwargs}")

    monkeypatch.setattr(pycountry.languages, "get", unwanted)
    assert language_code("en") == "en"
    assert language_code("en-GB") == "en"
