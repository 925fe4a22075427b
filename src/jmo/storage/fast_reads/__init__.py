"""The fast read lane (issue 10): the hot reads' use cases run in the event loop on asyncpg,
without a hop to a worker thread or SQLAlchemy's per-statement work, through the same
repositories and use cases as every other request (docs/decisions/fast-read-lane.md)."""
