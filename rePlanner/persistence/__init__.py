"""SQLAlchemy 2.x tables, database opening, migrations and the audit trail."""
