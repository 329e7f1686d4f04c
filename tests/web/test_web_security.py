"""Script injection from queries and from indexed documents comes out escaped; headers are set."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from web_archive import SCRIPT_PAYLOAD, SVG_PAYLOAD

PAYLOADS = (SCRIPT_PAYLOAD, SVG_PAYLOAD, "<svg onload=alert(1)>", "<b onmouseover=")


def assert_no_raw_payload(html: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html
    page = BeautifulSoup(html, "lxml")
    for script in page.find_all("script"):
        assert script.get("src", "").startswith("/static/"), "only the static script file runs"
        assert not script.string
    for tag in page.find_all(True):
        assert tag.name not in ("svg",) or tag.find_parent("figure", class_="timeline"), tag
        for attribute in tag.attrs:
            assert not attribute.lower().startswith("on"), (tag.name, attribute)
        assert "style" not in tag.attrs, "no inline styles under the CSP"
    for link in page.find_all("a", href=True):
        assert not link["href"].lower().startswith("javascript:")


def snippet_tags(html: str) -> set[str]:
    page = BeautifulSoup(html, "lxml")
    return {tag.name for snippet in page.select(".snippet, .document-text p") for tag in snippet.find_all(True)}


@pytest.mark.parametrize("query", [SCRIPT_PAYLOAD, SVG_PAYLOAD, f"trafficking {SVG_PAYLOAD}",
                                   '"><img src=x onerror=alert(1)>', "</textarea><script>alert(1)</script>"])
def test_queries_are_escaped_everywhere_they_are_shown(client, query):
    for path in ("/search", "/cite", "/documents/tip-mli-2004"):
        response = client.get(path, query_string={"q": query})
        assert response.status_code == 200, path
        assert_no_raw_payload(response.get_data(as_text=True))


@pytest.mark.parametrize("query", ["trafficking", "payload", "victims", "alert", "script", "svg onload"])
def test_payloads_inside_indexed_documents_are_escaped_in_results(client, query):
    response = client.get("/search", query_string={"q": query})
    html = response.get_data(as_text=True)
    assert_no_raw_payload(html)
    assert snippet_tags(html) <= {"mark"}


@pytest.mark.parametrize("doc_id", ["xss-title", "xss-text"])
def test_payloads_inside_documents_are_escaped_on_their_page(client, doc_id):
    for query in ("", "trafficking payload", "script alert svg"):
        response = client.get(f"/documents/{doc_id}", query_string={"q": query} if query else None)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert_no_raw_payload(html)
        assert snippet_tags(html) <= {"mark"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/documents/{doc_id}").get_data(as_text=True)


def test_a_javascript_source_url_is_not_linked(client):
    html = client.get("/documents/xss-title").get_data(as_text=True)
    assert 'href="javascript:' not in html.lower()


def test_exports_carry_payloads_as_data_not_markup(client):
    atom = ET.fromstring(client.get("/search.atom?q=payload").data)
    assert {e.tag.split("}")[0] for e in atom.iter()} == {"{http://www.w3.org/2005/Atom"}
    titles = [e.text for e in atom.iter("{http://www.w3.org/2005/Atom}title")]
    assert f"{SCRIPT_PAYLOAD} Injected report on trafficking" in titles
    response = client.get("/search.csv?q=payload")
    assert response.mimetype == "text/csv" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert f"{SCRIPT_PAYLOAD} Injected report on trafficking" in [r["title"] for r in rows]
    api = client.get("/api/search?q=payload")
    assert api.mimetype == "application/json" and api.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/search?q=trafficking", "/documents/tip-mli-2004", "/cite", "/help",
                                  "/api/search?q=x", "/search?page=0", "/documents/nope", "/static/style.css",
                                  "/healthz", "/search.atom"])
def test_security_headers_are_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "style-src 'self'", "img-src 'self' data:",
                      "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"]
    assert headers["Permissions-Policy"]


def test_pages_have_no_inline_script_or_style(client):
    for path in ("/", "/search?q=trafficking", "/documents/tip-mli-2006?q=forced", "/cite?q=Mali", "/help"):
        html = client.get(path).get_data(as_text=True)
        page = BeautifulSoup(html, "lxml")
        assert all(s.get("src") and not s.string for s in page.find_all("script"))
        assert page.find("style") is None
        assert not page.select("[style]")


def test_static_files_load_nothing_from_elsewhere(client):
    css = client.get("/static/style.css").get_data(as_text=True)
    js = client.get("/static/app.js").get_data(as_text=True)
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert "http" not in css and "http" not in js
    assert "eval(" not in js and "innerHTML" not in js


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:5000", "localhost.attacker.example",
                                  "127.0.0.1.nip.io"])
def test_requests_for_host_names_the_server_does_not_serve_are_refused(client, host):
    page = client.get("/search?q=trafficking", headers={"Host": host})
    assert page.status_code == 400 and "does not answer for the host name" in page.get_data(as_text=True)
    assert page.headers["Content-Security-Policy"] == client.get("/").headers["Content-Security-Policy"]
    api = client.get("/api/documents/tip-mli-2004", headers={"Host": host})
    assert api.status_code == 400 and "host name" in api.get_json()["error"]["message"]


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:8080", "[::1]:5000", "10.1.2.3",
                                  "app.localhost"])
def test_localhost_forms_and_ip_addresses_are_served(client, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


def test_configured_names_and_the_base_url_host_are_served(web_index):
    from webapp import create_app

    app = create_app({"INDEX_DIR": web_index, "TESTING": True, "ALLOWED_HOSTS": ("refs.internal",),
                      "BASE_URL": "https://search.example.org/"})
    client = app.test_client()
    for host in ("refs.internal", "refs.internal:8000", "search.example.org", "SEARCH.example.org."):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    assert client.get("/healthz", headers={"Host": "other.example.org"}).status_code == 400


def test_serve_serves_its_host_name_and_the_base_url_host():
    from webapp.cli import served_hosts

    assert served_hosts("0.0.0.0", None, ()) == ()
    assert served_hosts("myserver", "https://search.example.org/x/", ("a.b",)) == (
        "a.b", "myserver", "search.example.org")
