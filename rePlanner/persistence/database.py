"""Opening a database: URL resolution, SQLite pragmas, migration on open, session factory."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from rePlanner.domain.errors import DatabaseBusyError, DatabaseOpenError
from rePlanner.persistence import schema
from rePlanner.persistence.audit import install_audit

log = logging.getLogger(__name__)


BUSY_TIMEOUT_MS = 5000  # how long a write waits for another program's write to finish


def to_url(path_or_url: str) -> str:
    """A bare path means a SQLite file; anything with '://' is taken as a SQLAlchemy URL."""
    if "://" in path_or_url:
        return path_or_url
    return f"sqlite:///{Path(path_or_url).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the module's
    # legacy mode commits DDL on its own, so a failed migration or import would be half-applied.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


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
        return shown(self.url)

    @contextmanager
    def session(self, user: str, *, audit: bool = True) -> Iterator[Session]:
        """One unit of work: commit on success, roll back everything on any error."""
        s = self._factory()
        s.info["user"] = user
        s.info["audit"] = audit
        try:
            yield s
            s.commit()
        except OperationalError as exc:
            s.rollback()
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise DatabaseBusyError(
                    f"{self.location} is busy: another program is writing to it; "
                    "nothing was changed, try again in a moment"
                ) from exc
            raise
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def dispose(self) -> None:
        self.engine.dispose()


def shown(url: str) -> str:
    """How to name a database to a person: its file path, or its URL without the password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseOpenError(f"not a database path or URL: {url!r}") from exc
    try:
        if parsed.get_backend_name() != "sqlite":
            return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseOpenError(
            f"cannot open {shown(url)}: no database driver for it ({exc}); "
            "for PostgreSQL use a URL starting with postgresql+psycopg://"
        ) from exc
    db = parsed.database
    if db and db != ":memory:":
        try:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create the folder for {db}: {exc}") from exc
    engine = create_engine(url, connect_args={"timeout": 5})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(str(parsed.database))
    return None


def open_database(path_or_url: str, *, migrate: bool = True, create: bool = True) -> Database:
    """Open (creating if allowed) and bring the schema to head; back up a file before upgrading.

    Every failure is a DatabaseOpenError naming the database (never its password), and a failed
    upgrade leaves the database as it was.
    """
    url = to_url(path_or_url)
    where = shown(url)
    file = _sqlite_file(url)
    if not create and file is not None and not file.exists():
        raise DatabaseOpenError(f"no database at {where}")
    engine = make_engine(url)
    try:
        return _open(url, engine, where, migrate, create)
    except DatabaseOpenError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError, sqlite3.Error) as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseOpenError(f"cannot open database {where}: {reason}") from exc
    except BaseException:
        engine.dispose()
        raise


def _open(url: str, engine: Engine, where: str, migrate: bool, create: bool) -> Database:
    empty = schema.is_empty(engine)
    if empty and not create:
        raise DatabaseOpenError(f"no rePlanner database at {where} (it is empty)")
    rev = None if empty else schema.check_not_newer(engine, where)
    if not empty and rev is None:
        raise DatabaseOpenError(
            f"{where} holds tables but is not a rePlanner database (no schema version)"
        )
    backup: Path | None = None
    if migrate and rev != schema.head_revision():
        file = _sqlite_file(url)
        if rev is not None and file is not None:
            backup = schema.backup_sqlite(file, rev)
            log.info("backed up %s to %s before upgrading", where, backup)
        try:
            schema.upgrade(engine)
        except Exception as exc:
            kept = f"; a copy made before the attempt is at {backup}" if backup else ""
            raise DatabaseOpenError(
                f"upgrading {where} from schema {rev} failed and was rolled back: {exc}{kept}"
            ) from exc
    return Database(url=url, engine=engine, backup_path=backup, upgraded_from=rev)


def reset_database(path_or_url: str) -> Path | None:
    """Empty a rePlanner database (for `demo --force`); returns the backup written first, if any.

    Refuses anything that is not a rePlanner database of a known schema version (a text file,
    another application's database, a newer rePlanner's), and a SQLite file another process
    is using. A SQLite file is copied aside before it is deleted.
    """
    url = to_url(path_or_url)
    file = _sqlite_file(url)
    if file is not None and not file.exists():
        return None
    db = open_database(url, migrate=False)  # refuses foreign, unreadable and newer databases
    try:
        if file is None:
            _drop_all(db.engine)
            return None
        _refuse_if_busy(file)
        rev = schema.current_revision(db.engine)
    finally:
        db.dispose()
    backup = schema.backup_sqlite(file, rev) if rev is not None else None
    for p in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        p.unlink(missing_ok=True)
    return backup


def _refuse_if_busy(file: Path) -> None:
    con = sqlite3.connect(file, timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN EXCLUSIVE")
        con.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        raise DatabaseOpenError(
            f"{file} is in use by another program ({exc}); close it first"
        ) from exc
    finally:
        con.close()


def _drop_all(engine: Engine) -> None:
    from rePlanner.persistence.models import Base

    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
