"""SQLAlchemy Core tables, repositories and Alembic migrations (SQLite and PostgreSQL)."""
