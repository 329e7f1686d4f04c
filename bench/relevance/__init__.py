"""Search quality measured on a judged test collection of our own.

The pipeline of one run, one module each:

- ``collection``: which files of the shared corpus make the collection, read
  by refsearch's own reader (plus the Refworld records rebuilt as documents);
- ``judgements``: the needs of the development split (``dev/needs.json``)
  and of the sealed test split (``test/needs-*.json``), each with its
  pooled judgements, and the citation cases (``citations.json``), checked
  as they are loaded;
- ``engines``: every call into refsearch (index, search, citation lookup),
  the one module to change when refsearch's API moves;
- ``baseline``: SQLite FTS5 over the same title and text; ``tantivy_engine``:
  tantivy over them too;
- ``runner``: asks the three engines every need and scores the answers (``metrics``);
- ``report``: writes ``bench/RELEVANCE.md``, with ``bootstrap``'s intervals;
- ``pool``: lists unjudged documents for judging blind; ``sheet``: lists them
  with engine and rank and the paragraphs to read.
"""
