"""refsearch's library: documents in, a Whoosh index, searches and citations out.

Data flows one way: ``reader`` turns a file into a ``records.Document``,
``build`` writes documents into the index described by ``schema``, ``search``
turns a ``records.SearchRequest`` into ``records.SearchResults``, and
``citations`` formats and looks up citations. ``cli`` is a thin shell over all
of it. Nothing here imports ``webapp``: its ``serve`` command is added to the
same command group by ``webapp.cli``, which the ``refsearch`` script runs.
"""

from .engine import mapped as _mapped

# Before any index is opened: read segment files in place instead of copying them.
_mapped.install()
