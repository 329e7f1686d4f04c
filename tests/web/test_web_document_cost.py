"""What a document page costs, counted in the work it asks of the engine rather than timed:
the archive-wide rankings and reads a page makes stay as few as the page needs."""
from __future__ import annotations

from indexer.engine import similar


def test_a_document_page_ranks_the_documents_like_it_once(client, monkeypatch):
    """"More like this" and the copies of the document come from one ranking of the archive."""
    rankings = []
    ranked = similar.similar_docnums

    def counted(*args, **kwargs):
        rankings.append(args[1])
        return ranked(*args, **kwargs)

    monkeypatch.setattr(similar, "similar_docnums", counted)
    page = client.get("/documents/tip-gha-2006")
    assert page.status_code == 200
    assert len(rankings) <= 1
