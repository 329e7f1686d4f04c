"""`refsearch serve`: builds the index on first run, serves with gunicorn processes, says where."""
from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_archive import build_web_index
from web_server import SECURITY_HEADERS, get_json, raw_request, serve

from webapp.cli import main

pytestmark = pytest.mark.slow


def test_serve_builds_a_missing_index_from_the_default_sources_then_serves_it(tmp_path):
    index = tmp_path / "index"
    with serve(index, tmp_path / "serve.log") as (base, log):
        health = get_json(f"{base}/healthz")
        assert health["documents"] >= 1
        seed = get_json(f"{base}/api/search?q=Mali+2004")["hits"]
        assert any("Mali" in (h["title"] or "") for h in seed)
        with urllib.request.urlopen(f"{base}/") as response:
            assert response.headers["Server"] == "gunicorn"  # a production server, no version
            assert "Content-Security-Policy" in response.headers
    text = log.read_text()
    assert "building it from" in text
    assert f"Serving refsearch at {base}/" in text
    assert (index / "CURRENT").is_file()


def test_serve_uses_an_existing_index_as_it_is(tmp_path):
    index = build_web_index(tmp_path / "index")
    with serve(index, tmp_path / "serve.log", "--threads", "2") as (base, log):
        assert get_json(f"{base}/healthz")["documents"] == get_json(f"{base}/api/search?per_page=1")["total"]
        assert get_json(f"{base}/api/documents/tip-mli-2004")["id"] == "tip-mli-2004"
    assert "building" not in log.read_text()


def processes_running(marker: str) -> int:
    """How many live processes have ``marker`` in their command line."""
    count = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker in cmdline.read_bytes().decode(errors="replace"):
                count += 1
        except OSError:
            pass
    return count


def test_serve_answers_from_several_processes(tmp_path):
    index = build_web_index(tmp_path / "index")
    with serve(index, tmp_path / "serve.log", "--workers", "3", "--threads", "1") as (base, _):
        # the arbiter and its three forked workers share the command line
        deadline = time.monotonic() + 30
        while processes_running(str(index)) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_running(str(index)) == 4
        totals = {get_json(f"{base}/api/search?q=trafficking&per_page=1")["total"] for _ in range(12)}
        assert len(totals) == 1 and totals.pop() > 0
    assert processes_running(str(index)) == 0


def test_serve_help_documents_every_option():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--index", "--host", "--port", "--workers", "--threads", "--facet-limit", "--base-url", "--allow-host",
                   "--time-budget", "--export-time-budget", "--debug"):
        assert option in result.output


def test_serve_gives_the_app_the_time_budgets_it_is_told(tmp_path, monkeypatch):
    from webapp import cli

    started = {}

    class Recorded:
        def __init__(self, make_app, options):
            started["app"], started["options"] = make_app(), options

        def run(self):
            pass

    monkeypatch.setattr(cli, "Server", Recorded)
    index = build_web_index(tmp_path / "index")
    result = CliRunner().invoke(main, ["serve", "--index", str(index), "--time-budget", "2.5",
                                       "--export-time-budget", "7"])
    assert result.exit_code == 0, result.output
    assert started["app"].config["REQUEST_TIME_BUDGET"] == 2.5
    assert started["app"].config["EXPORT_TIME_BUDGET"] == 7


@pytest.mark.parametrize("args", [["--port", "70000"], ["--threads", "0"], ["--workers", "0"],
                                  ["--time-budget", "0"], ["--export-time-budget", "-1"]])
def test_serve_refuses_bad_options(args):
    assert CliRunner().invoke(main, ["serve", *args]).exit_code == 2


def test_every_answer_of_the_server_carries_the_security_headers_and_the_app_limit_is_reachable(tmp_path):
    from indexer import config

    index = build_web_index(tmp_path / "index")
    with serve(index, tmp_path / "serve.log", "--workers", "1", "--threads", "2",
               "--base-url", "https://search.example.org/", "--allow-host", "refs.internal") as (base, _):
        def get(target: str, host: str = "localhost") -> tuple[int, dict, bytes]:
            return raw_request(base, f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                                     .encode("latin-1"))

        just_over = "q=" + "a" * (config.MAX_QUERY_STRING - 1)
        status, headers, body = get(f"/search?{just_over}")
        assert status == 413 and b"Query too long" in body and b"the limit is" in body
        status, headers, body = get("/search?q=" + "a" * config.SERVER_REQUEST_LINE)
        assert status == 414
        for name in SECURITY_HEADERS:
            assert name in headers, (name, headers)
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        status, headers, _ = raw_request(base, b"NOT A REQUEST LINE AT ALL\r\n\r\n")
        assert status == 400 and all(name in headers for name in SECURITY_HEADERS)
        status, headers, _ = raw_request(base, b"GET /search?q=a HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
        assert status == 400 and all(name in headers for name in SECURITY_HEADERS)

        # Host names: a rebinding name is refused, the served ones answer.
        assert get("/healthz", "attacker.example:5000")[0] == 400
        for host in ("localhost:5000", "127.0.0.1", "[::1]:5000", "search.example.org", "refs.internal:80"):
            assert get("/healthz", host)[0] == 200, host
        status, _, body = get("/search.atom?q=trafficking")
        assert status == 200 and b"https://search.example.org/documents/tip-" in body


def test_serve_refuses_a_base_url_that_is_not_a_web_address():
    for bad in ("ftp://x.org/", "search.example.org", "https://x.org/?a=1", "https://x.org/\x1b"):
        result = CliRunner().invoke(main, ["serve", "--base-url", bad])
        assert result.exit_code == 2 and "--base-url" in result.output
