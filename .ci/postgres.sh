#!/usr/bin/env bash
# Start a local PostgreSQL server for the team-mode tests and print its SQLAlchemy URL on stdout.
# Installs the Debian package when missing (needs root or sudo). Loopback only. Exits non-zero,
# with the reason on stderr, when no server can be had.
set -euo pipefail
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "postgres.sh: needs root or sudo" >&2; exit 1; }
  sudo="sudo -n"
fi
as_pg() { if [ -z "$sudo" ]; then runuser -u postgres -- "$@"; else $sudo -u postgres "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$ver main"; then
  $sudo pg_createcluster "$ver" main >/dev/null
fi
port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  $sudo pg_ctlcluster "$ver" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || { echo "postgres.sh: server on port $port not ready" >&2; exit 1; }

as_pg psql -q -p "$port" -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replanner') THEN
    CREATE ROLE replanner LOGIN PASSWORD 'replanner-test' CREATEDB;
  END IF;
END $$;
SQL
if ! as_pg psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname='replanner_test'" | grep -q 1; then
  as_pg createdb -p "$port" -O replanner replanner_test
fi
echo "postgresql+psycopg://replanner:replanner-test@127.0.0.1:${port}/replanner_test"
