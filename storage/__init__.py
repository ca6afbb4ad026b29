"""SQLAlchemy 2 (async) implementation of the core's ports, for SQLite and PostgreSQL."""
