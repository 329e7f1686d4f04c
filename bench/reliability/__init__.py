"""What refsearch does with hostile files, faults, kills and hostile web requests.

``python -m bench.reliability`` (``run.main``) prints the tables of
RELIABILITY.md; ``common`` holds what its sections share.
"""
