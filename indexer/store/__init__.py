"""The index folder on disk, whatever engine writes into it.

``generations`` publishes complete index folders by moving one pointer (and
finds the newest complete one when the pointer is damaged), ``manifest``
records which file became which document in a generation (what makes builds
incremental), ``integrity`` records and checks the checksum of every file of
a generation, and ``locking`` lets one build run at a time.
"""
