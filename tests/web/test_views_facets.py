"""The web app's pages take every facet from the facet table, never from names written in views."""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from indexer import facets as facet_table
from webapp import views

VIEWS = Path(views.__file__)


def _facet_words() -> set[str]:
    """Every name, URL parameter, alias and query name of the table's facets."""
    words: set[str] = set()
    for facet in facet_table.FACETS:
        words |= {facet.name, facet.param, *facet.aliases, *facet.query_names}
    return words


def _string_literals(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_views_write_no_facet_name_or_parameter_of_the_table():
    tree = ast.parse(VIEWS.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    written = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str) and id(n) not in docstrings}
    assert written & _facet_words() == set()


def test_views_compare_no_facet_name_or_parameter_with_a_written_string():
    """A facet the table does not hold cannot be named either: no ``.name`` or ``.param`` of
    a facet or group is compared with a string written in views."""
    tree = ast.parse(VIEWS.read_text(encoding="utf-8"))
    offending = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        if any(isinstance(side, ast.Attribute) and side.attr in ("name", "param") for side in sides):
            offending += [s for side in sides for s in _string_literals(side)]
    assert offending == []


def test_a_facet_added_to_the_table_is_kept_by_new_queries_and_offered_on_the_home_page(monkeypatch):
    language = facet_table.Facet(
        name="language", param="language", request_key="languages", title="Language",
        values=lambda doc: (doc.language,), normalise=str, entry_point=True,
        help="Only documents in this language.")
    monkeypatch.setattr(facet_table, "FACETS", (*facet_table.FACETS, language))
    assert "language" in views.kept_filters()
    assert "language" in views.entry_points()


@pytest.mark.parametrize("name", [f.name for f in facet_table.FACETS])
def test_a_facet_leaves_the_home_page_and_the_kept_filters_with_its_table_entry(monkeypatch, name):
    removed = facet_table.BY_NAME[name]
    monkeypatch.setattr(facet_table, "FACETS", tuple(f for f in facet_table.FACETS if f is not removed))
    assert removed.param not in views.kept_filters()
    assert name not in views.entry_points()


def test_the_home_page_offers_the_entry_point_facets_of_the_table(monkeypatch):
    marked = tuple(dataclasses.replace(f, entry_point=f.name == "publisher") for f in facet_table.FACETS)
    monkeypatch.setattr(facet_table, "FACETS", marked)
    assert views.entry_points() == {"publisher"}
