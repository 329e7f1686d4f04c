"""How fast refsearch builds and answers, beside SQLite FTS5 on the same documents (``bench/run``)."""
