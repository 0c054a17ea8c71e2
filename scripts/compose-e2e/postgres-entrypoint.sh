#!/bin/sh
# Entry point of the local PostgreSQL base image (scripts/compose-e2e/local-bases.sh), for machines
# that cannot pull postgres:17-bookworm. It honours what docker-compose.yml uses of the official
# image: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, data in /var/lib/postgresql/data, the
# server as the postgres user, password authentication from other hosts; PGPORT picks the port.
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA
POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  password_file=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
  initdb --username="$POSTGRES_USER" --pwfile="$password_file" --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$password_file"
  echo 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    pg_ctl --wait --silent --options="-c listen_addresses=''" start
    psql --quiet --username="$POSTGRES_USER" --dbname=postgres \
      --command="CREATE DATABASE \"$POSTGRES_DB\""
    pg_ctl --wait --silent stop
  fi
fi
exec postgres -c listen_addresses='*' "$@"
