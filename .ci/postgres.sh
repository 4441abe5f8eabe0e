#!/usr/bin/env bash
# Start a local PostgreSQL server for the team-mode tests and print its SQLAlchemy URL.
# Installs the Debian package when missing (needs root or sudo). Loopback only.
set -euo pipefail
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
as_pg() { if [ -z "$sudo" ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
  $sudo pg_createcluster "$ver" main >/dev/null
fi
$sudo pg_ctlcluster "$ver" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  as_pg pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
as_pg psql -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replanner') THEN
    CREATE ROLE replanner LOGIN PASSWORD 'replanner-test' CREATEDB;
  END IF;
END $$;
SQL
if ! as_pg psql -tAc "SELECT 1 FROM pg_database WHERE datname='replanner_test'" | grep -q 1; then
  as_pg createdb -O replanner replanner_test
fi
echo "postgresql+psycopg://replanner:replanner-test@127.0.0.1:5432/replanner_test"
