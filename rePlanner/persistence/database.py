"""Opening a database: URL resolution, SQLite pragmas, migration on open, session factory."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from rePlanner.domain.errors import DatabaseOpenError
from rePlanner.persistence import schema
from rePlanner.persistence.audit import install_audit

log = logging.getLogger(__name__)


def to_url(path_or_url: str) -> str:
    """A bare path means a SQLite file; anything with '://' is taken as a SQLAlchemy URL."""
    if "://" in path_or_url:
        return path_or_url
    return f"sqlite:///{Path(path_or_url).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


@dataclass
class Database:
    """An open, migrated database. Services receive this; nothing else makes sessions."""

    url: str
    engine: Engine
    backup_path: Path | None = None
    upgraded_from: str | None = None
    _factory: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        install_audit(self._factory)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def location(self) -> str:
        """What to show a user: the file path for SQLite, the URL without password otherwise."""
        url = self.engine.url
        if self.is_sqlite:
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)

    @contextmanager
    def session(self, user: str, *, audit: bool = True) -> Iterator[Session]:
        """One unit of work: commit on success, roll back everything on any error."""
        s = self._factory()
        s.info["user"] = user
        s.info["audit"] = audit
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseOpenError(f"not a database path or URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            folder = Path(db).parent
            if not folder.exists():
                folder.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def open_database(path_or_url: str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and bring the schema to head; back up a file before upgrading."""
    url = to_url(path_or_url)
    engine = make_engine(url)
    try:
        empty = schema.is_empty(engine)
        rev = None if empty else schema.check_not_newer(engine, path_or_url)
    except DatabaseError as exc:  # locked, unreadable, not a database, server down, ...
        engine.dispose()
        raise DatabaseOpenError(f"cannot open database {path_or_url}: {exc.orig}") from exc
    except Exception:
        engine.dispose()
        raise
    if not empty and rev is None:
        engine.dispose()
        raise DatabaseOpenError(
            f"{path_or_url} holds tables but is not a rePlanner database (no schema version)"
        )
    backup: Path | None = None
    head = schema.head_revision()
    if migrate and rev != head:
        if rev is not None and engine.dialect.name == "sqlite" and engine.url.database:
            backup = schema.backup_sqlite(Path(engine.url.database), rev)
            log.info("backed up %s to %s before upgrading", path_or_url, backup)
        schema.upgrade(engine)
    return Database(url=url, engine=engine, backup_path=backup, upgraded_from=rev)


def reset_database(path_or_url: str) -> None:
    """Remove everything: delete a SQLite file (with its WAL files) or drop every table."""
    url = to_url(path_or_url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            base = Path(parsed.database)
            for p in (base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")):
                p.unlink(missing_ok=True)
        return
    from rePlanner.persistence.models import Base

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    finally:
        engine.dispose()
