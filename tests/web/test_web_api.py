"""The JSON API answers with the library's own records, exactly as the library builds them,
except what is not for publishing: unsafe addresses and the server's folders."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from werkzeug.datastructures import MultiDict

from indexer.archive import open_archive
from indexer.citations.formats import STYLES, citation_spans, format_citation
from indexer.citations.intext import short_forms
from indexer.citations.lookup import lookup
from indexer.citations.parts import web_address
from indexer.dates import format_long
from indexer.provenance import date_origins
from indexer.request import parse_request
from webapp.params import request_mapping
from webapp.public import public_document, public_results


@pytest.fixture(scope="module")
def archive(web_index):
    with open_archive(web_index) as opened:
        yield opened


@pytest.mark.parametrize("args", [
    [("q", "forced labour")],
    [("q", "trafficking"), ("tier", "Tier 2"), ("tier", "Tier 3"), ("page", "2")],
    [("q", "trafficking"), ("country", "NGA"), ("sort", "newest"), ("per_page", "5")],
    [("q", "Malian")],
    [("q", "trafficking"), ("from", "2005"), ("to", "2006-06"), ("type", "Annual report")],
    [("q", "trafficking zzzqqxx")],
    [("q", "traffick*"), ("year", "2004"), ("year", "2005")],
    [("q", 'title:"Persons Report" -Chad')],
    [("q", "nothingmatchesthis")],
    [],
])
def test_api_search_is_exactly_the_results_to_dict(client, archive, args):
    response = client.get("/api/search", query_string=args)
    assert response.status_code == 200
    mapping = request_mapping(MultiDict(args))
    mapping.setdefault("per_page", "10")
    results = archive.search(parse_request(mapping))
    assert response.get_json() == json.loads(json.dumps(public_results(results)))
    as_records = results.to_dict()
    for hit in as_records["hits"]:
        hit["source_url"] = web_address(hit["source_url"])
    assert response.get_json() == json.loads(json.dumps(as_records))


def test_api_search_uses_the_configured_page_size(web_index):
    from webapp import create_app

    client = create_app({"INDEX_DIR": web_index, "TESTING": True, "PER_PAGE": 3}).test_client()
    data = client.get("/api/search?q=trafficking").get_json()
    assert data["per_page"] == 3 and len(data["hits"]) == 3


def test_api_document_is_the_document_record(client, archive):
    data = client.get("/api/documents/tip-mli-2004").get_json()
    assert data == public_document(archive.document("tip-mli-2004"))
    doc = archive.document("tip-mli-2004")
    assert data == {**doc.to_dict(), "path": "tip/mli-2004.txt",
                    "dates": {name: found.to_dict() for name, found in date_origins(doc).items()}}
    assert data["text"].startswith("MALI (Tier 2)")


@pytest.mark.parametrize("style", STYLES)
def test_api_citation_in_every_style(client, archive, style):
    data = client.get(f"/api/documents/tip-gha-2005/citation?style={style}").get_json()
    doc = archive.document("tip-gha-2005")
    assert data == {"style": style, "id": "tip-gha-2005",
                    "citation": format_citation(doc, style, dt.date.today()),
                    "spans": [{"text": s.text, "italic": s.italic}
                              for s in citation_spans(doc, style, dt.date.today())],
                    "in_text": [{"kind": f.kind, "text": f.text,
                                 "spans": [{"text": s.text, "italic": s.italic} for s in f.spans]}
                                for f in short_forms(doc, style, None, dt.date.today())],
                    "at": None, "pinpoint": None, "quotation": None, "page": None, "original": None}
    assert any(s["italic"] for s in data["spans"]) == (style in ("apa", "chicago"))


def test_api_citation_says_it_was_accessed_today(client):
    data = client.get("/api/documents/tip-gha-2005/citation?style=refworld").get_json()
    assert data["citation"].endswith(f"[accessed {format_long(dt.date.today().isoformat())}]")


def test_api_citation_defaults_to_refworld(client):
    assert client.get("/api/documents/tip-gha-2005/citation").get_json()["style"] == "refworld"


def test_api_cite_returns_ranked_candidates(client, archive):
    text = format_citation(archive.document("tip-tcd-2007"), "refworld")
    data = client.get("/api/cite", query_string={"q": text}).get_json()
    assert data["query"] == text
    assert data["candidates"] == [c.to_dict() for c in lookup(archive, text, 5)]
    assert data["candidates"][0]["id"] == "tip-tcd-2007"


def test_api_responses_are_json_with_cors_free_defaults(client):
    response = client.get("/api/search?q=trafficking")
    assert response.mimetype == "application/json"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_api_search_prints_the_same_as_the_cli_search_json(client, web_index):
    from click.testing import CliRunner

    from webapp.cli import main

    result = CliRunner().invoke(main, ["search", "--index", str(web_index), "--json", "--tier", "2",
                                       "--country", "Mali", "forced", "labour"])
    assert result.exit_code == 0, result.output
    api = client.get("/api/search?q=forced+labour&tier=2&country=Mali").get_json()
    printed = json.loads(result.output)
    assert any(h["source_url"] == "javascript:alert(1)" for h in printed["hits"])
    for hit in printed["hits"]:  # the API publishes only web addresses
        hit["source_url"] = web_address(hit["source_url"])
    assert printed == api


def test_api_citation_with_at_and_style_cites_that_passage_in_that_style(tmp_path, seed_as_extracted):
    """``at`` and ``style`` together: the passage's in-text forms in the style asked for, not
    the whole document's and not the default style's; the reference entry names the work."""
    from indexer.build import write_index
    from indexer.locations import pinpoint_of, place_of
    from webapp import create_app

    seed = seed_as_extracted
    write_index(tmp_path, [seed])
    client = create_app({"INDEX_DIR": tmp_path, "TESTING": True}).test_client()
    anchor = seed.paragraphs[2].anchor
    for style in ("apa", "chicago"):
        data = client.get(f"/api/documents/{seed.id}/citation",
                          query_string={"at": anchor, "style": style}).get_json()
        forms = short_forms(seed, style, place_of(seed, anchor), dt.date.today())
        assert data["style"] == style and data["at"] == anchor
        assert data["pinpoint"] == pinpoint_of(seed, anchor) == "Mali (Tier 2), para. 3"
        assert [f["text"] for f in data["in_text"]] == [f.text for f in forms]
        assert all("para. 3" in f["text"] for f in data["in_text"])
        assert data["citation"] == format_citation(seed, style, dt.date.today())
        assert data["quotation"].endswith(forms[0].text)


def test_an_anchor_the_document_does_not_have_is_named_not_ignored(tmp_path, seed_as_extracted):
    """A citation asked for at a part the document lacks cites the whole document and says
    so, in the API and on the document page."""
    from indexer.build import write_index
    from webapp import create_app

    seed = seed_as_extracted
    write_index(tmp_path, [seed])
    client = create_app({"INDEX_DIR": tmp_path, "TESTING": True}).test_client()
    data = client.get(f"/api/documents/{seed.id}/citation", query_string={"at": "s99-p7"}).get_json()
    assert data["citation"] == format_citation(seed, "refworld", dt.date.today(), None)
    assert "s99-p7" in data["notice"] and "whole document" in data["notice"]
    known = client.get(f"/api/documents/{seed.id}/citation",
                       query_string={"at": seed.paragraphs[2].anchor}).get_json()
    assert "notice" not in known
    page = client.get(f"/documents/{seed.id}", query_string={"at": "s99-p7"}).get_data(as_text=True)
    assert "no section or paragraph" in page and "s99-p7" in page
    assert "no section or paragraph" not in client.get(
        f"/documents/{seed.id}", query_string={"at": seed.paragraphs[2].anchor}).get_data(as_text=True)
