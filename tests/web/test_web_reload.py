"""A running app picks up a rebuilt index at the next request, without a restart."""
from __future__ import annotations

import threading

from conftest import make_document
from web_archive import build_web_index, web_documents

from webapp import create_app


def test_the_next_request_after_a_rebuild_sees_the_new_document(tmp_path):
    index = build_web_index(tmp_path / "index")
    client = create_app({"INDEX_DIR": index, "TESTING": True}).test_client()
    first = client.get("/healthz").get_json()
    assert client.get("/documents/fresh-2030").status_code == 404
    assert client.get("/api/search?q=zanzibarite").get_json()["total"] == 0

    fresh = make_document(id="fresh-2030", title="Zanzibarite report", text="The zanzibarite question.",
                          path="new/fresh.txt", published="2030-01-01", report_year=2030)
    build_web_index(index, web_documents() + [fresh])

    assert client.get("/documents/fresh-2030").status_code == 200
    assert client.get("/api/search?q=zanzibarite").get_json()["total"] == 1
    second = client.get("/healthz").get_json()
    assert second["generation"] != first["generation"]
    assert second["documents"] == first["documents"] + 1


def test_the_index_is_opened_once_per_generation(tmp_path, monkeypatch):
    from indexer.engine import archive as engine_archive

    index = build_web_index(tmp_path / "index")
    opened = []
    real_open = engine_archive.open_generation
    monkeypatch.setattr(engine_archive, "open_generation", lambda d: opened.append(d) or real_open(d))
    client = create_app({"INDEX_DIR": index, "TESTING": True}).test_client()
    for _ in range(3):
        assert client.get("/api/search?q=trafficking").status_code == 200
    assert len(opened) == 1
    build_web_index(index)
    assert client.get("/api/search?q=trafficking").status_code == 200
    assert len(opened) == 2


def test_concurrent_requests_during_a_rebuild_all_succeed(tmp_path):
    index = build_web_index(tmp_path / "index")
    app = create_app({"INDEX_DIR": index, "TESTING": True})
    statuses: list[int] = []
    lock = threading.Lock()

    def worker():
        client = app.test_client()
        for _ in range(6):
            status = client.get("/api/search?q=forced+labour&per_page=5").status_code
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    build_web_index(index)
    for t in threads:
        t.join()
    assert statuses == [200] * 24


def test_an_index_built_after_the_app_started_is_served_at_once(tmp_path):
    index = tmp_path / "index"
    client = create_app({"INDEX_DIR": index, "TESTING": True}).test_client()
    assert client.get("/search?q=trafficking").status_code == 503
    assert client.get("/healthz").status_code == 503
    build_web_index(index)
    assert client.get("/search?q=trafficking").status_code == 200
    assert client.get("/healthz").get_json()["ok"] is True
