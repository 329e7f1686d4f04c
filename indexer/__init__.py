"""refsearch's library: documents in, an index, searches and citations out.

Data flows one way: ``documents`` turns a file into a ``records.Document``,
``build`` has the engine write documents into a new index generation
(``store``), an ``archive.Archive`` (the seam in front of ``engine``, the
only package that knows Whoosh) turns a ``records.SearchRequest`` into
``records.SearchResults``, and ``citations`` formats citations and finds the
document a pasted one names. ``request`` and ``querylang`` read what users
type; ``facets`` declares the facets once for all of them. ``cli`` is a thin
shell over all of it. Nothing here imports ``webapp``: its ``serve`` command
is added to the same command group by ``webapp.cli``, which the
``refsearch`` script runs.
"""
