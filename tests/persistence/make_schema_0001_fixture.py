"""How tests/persistence/data/schema_0001.sqlite was made (kept for the record; not a test).

It is a database written by the first schema version, with a few rows, committed as a file so
the upgrade test always starts from what version 0001 really wrote.
Run: python tests/persistence/make_schema_0001_fixture.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from rePlanner.persistence import schema

TARGET = Path(__file__).parent / "data" / "schema_0001.sqlite"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{TARGET}")
    schema.upgrade(engine, "0001")
    engine.dispose()
    con = sqlite3.connect(TARGET)
    with con:
        con.execute(
            "INSERT INTO suppliers (id, name, country, tier, is_internal, origin, created_at,"
            " updated_at) VALUES (1, 'Baotou Magnetics', 'China', 2, 0, 'user',"
            " '2026-01-05 10:00:00', '2026-01-05 10:00:00')"
        )
        con.execute(
            "INSERT INTO sites (id, supplier_id, name, country, origin, created_at, updated_at)"
            " VALUES (1, 1, 'Baotou plant', 'China', 'user', '2026-01-05 10:00:00',"
            " '2026-01-05 10:00:00')"
        )
        con.execute(
            "INSERT INTO parts (id, part_number, description, uom, origin, created_at, updated_at)"
            " VALUES (1, '000123', 'EPS motor magnet', 'pc', 'user', '2026-01-05 10:00:00',"
            " '2026-01-05 10:00:00')"
        )
        con.execute(
            "INSERT INTO audit_log (at, user, action, entity, entity_id, changes) VALUES"
            " ('2026-01-05 10:00:00', 'anna', 'create', 'suppliers', '1', '{}')"
        )
    con.execute("VACUUM")
    con.close()


if __name__ == "__main__":
    main()
