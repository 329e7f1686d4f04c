"""`refsearch serve`: builds the index on first run, serves with gunicorn processes, says where."""
from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_archive import build_web_index
from web_server import get_json, serve

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
    for option in ("--index", "--host", "--port", "--workers", "--threads", "--debug"):
        assert option in result.output


@pytest.mark.parametrize("args", [["--port", "70000"], ["--threads", "0"], ["--workers", "0"]])
def test_serve_refuses_bad_options(args):
    assert CliRunner().invoke(main, ["serve", *args]).exit_code == 2
