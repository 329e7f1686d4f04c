"""The date fields of the refine form, checked one by one.

A mistyped date should not cost the reader their results: a date that does
not parse (or a range that ends before it starts) becomes an error message
shown next to its field, the search runs without it, and every link of the
page leaves it out, while the field keeps what was typed so it can be fixed.
"""
from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from indexer.errors import QueryError
from indexer.request import parse_request

DATE_FIELDS = ("from", "to")


def checked_dates(args: Any) -> tuple[MultiDict, dict[str, str]]:
    """``args`` without the date fields that are not dates, and an error message for each."""
    errors: dict[str, str] = {}
    for name in DATE_FIELDS:
        value = (args.get(name) or "").strip()
        if value:
            try:
                parse_request({name: value})
            except QueryError as error:
                errors[name] = str(error)
    if not errors and (args.get("from") or "").strip() and (args.get("to") or "").strip():
        try:
            parse_request({"from": args.get("from"), "to": args.get("to")})
        except QueryError as error:
            errors["to"] = str(error)
    if not errors:
        return args, {}
    kept = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in errors])
    return kept, errors
