"""Keeping a build within ``config.BUILD_MEMORY_MB``, its processes together.

A build runs one main process, ``workers`` reading processes and, for a
large batch, one writing process per core. Every one of them holds the
interpreter, the libraries and the passage model (``BUILD_PROCESS_MB``,
measured); beyond that the main process holds the manifest's records,
packed, and the furniture learner's counts (``BUILD_RECORD_BYTES`` a file),
and a writing process holds its posting pool, which is what grows with the
archive: Whoosh's pool held every posting of a
segment as its own tuple until its limit, and a large build's writing
processes each ran up to their limit. So the pool's limit is what the
bound sets: what is left of the bound once every process's base is counted
and the records are set aside, shared among the writing processes, and never
above ``INDEX_WRITER_MB``. A pool past its limit spills to a run file and
starts again empty (``engine.postingpool``), which costs a merge at the end
of the segment but changes nothing in the index. The merge, which starts
once the pool is empty, holds one record of about ``RUN_RECORD_BYTES`` of
every run (at most ``MAX_OPEN_RUNS`` of them): its records were a fixed
number of words, which held a third of every run's postings at once and
made a writing process grow with the archive past its pool's limit.
"""
from __future__ import annotations

from .. import config

# The smallest pool a writing process is given (MB), however tight the bound: below it the
# run files would be many and tiny.
MIN_POOL_MB = 1


def pool_mb(writers: int, readers: int, files: int) -> int:
    """The posting pool (MB) each of ``writers`` writing processes may hold, with ``readers``
    reading processes beside them and ``files`` files in the manifest."""
    processes = 1 + readers + (writers if writers > 1 else 0)  # one writer is the main process
    records_mb = files * config.BUILD_RECORD_BYTES // (1 << 20)
    left = config.BUILD_MEMORY_MB - processes * config.BUILD_PROCESS_MB - records_mb
    return max(MIN_POOL_MB, min(config.INDEX_WRITER_MB, left // max(1, writers)))
