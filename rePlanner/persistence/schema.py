"""Schema versions: upgrade older databases (after a backup), refuse newer ones."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from rePlanner.domain.errors import DatabaseOpenError, SchemaTooNewError


class MigrationError(DatabaseOpenError):
    """An upgrade was rolled back; the database is as it was."""


MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()


def upgrade(engine: Engine, target: str = "head") -> None:
    """All migrations in one transaction: either the database reaches `target` or nothing changed.

    On SQLite, batch mode rebuilds tables (create copy, drop, rename); with foreign keys on, the
    drop would fail or cascade into child rows, so they are off while migrating and every
    reference is checked before the commit.
    """
    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:  # must run outside a transaction to take effect
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                if sqlite:
                    _check_foreign_keys(conn)
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _check_foreign_keys(conn: Connection) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise MigrationError(
            f"the upgrade would leave {len(broken)} broken references in {', '.join(tables)}; "
            "nothing was changed"
        )


def check_not_newer(engine: Engine, location: str) -> str | None:
    rev = current_revision(engine)
    if rev is not None and rev not in known_revisions():
        raise SchemaTooNewError(location, rev, head_revision())
    return rev


def backup_sqlite(path: Path, revision: str | None) -> Path:
    """Consistent copy via SQLite's backup API (a plain copy could miss the WAL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}-schema-{revision}{path.suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.backup-{stamp}-{n}-schema-{revision}{path.suffix}")
        n += 1
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target


def copy_file(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
