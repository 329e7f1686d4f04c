"""The index folder on disk, whatever engine writes into it.

``generations`` publishes complete index folders by moving one pointer,
``manifest`` records which file became which document in a generation (what
makes builds incremental), and ``locking`` lets one build run at a time.
"""
