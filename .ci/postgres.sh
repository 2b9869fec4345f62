#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages (if missing), starts the default cluster, and creates
# the test role and database used by the campaigns PostgreSQL tests. Idempotent: safe to run again.
# Prints the environment the tests read, e.g.:
#   eval "$(.ci/postgres.sh)" && mvn -B verify
# Needs root (apt-get, and to run commands as the postgres OS user).
set -euo pipefail

PG_USER="${CENTRALITA_TEST_PG_USER:-centralita}"
PG_PASSWORD="${CENTRALITA_TEST_PG_PASSWORD:-centralita}"
PG_DB="${CENTRALITA_TEST_PG_DB:-centralita_test}"
PG_PORT="${CENTRALITA_TEST_PG_PORT:-5432}"

log() { echo "postgres.sh: $*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

# Pick the newest installed major version and its cluster (create one if none exists).
PG_VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${PG_VERSION} main$"; then
  log "creating cluster ${PG_VERSION}/main on port ${PG_PORT}"
  pg_createcluster --port "${PG_PORT}" "${PG_VERSION}" main >&2
fi
PG_PORT="$(pg_lsclusters -h | awk -v v="${PG_VERSION}" '$1==v && $2=="main" {print $3}')"

if ! pg_lsclusters -h | awk -v v="${PG_VERSION}" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster ${PG_VERSION}/main"
  pg_ctlcluster "${PG_VERSION}" main start >&2
fi

for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "${PG_PORT}"; then break; fi
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "${PG_PORT}" >&2

as_pg() { (cd / && runuser -u postgres -- "$@"); }

if [ "$(as_pg psql -p "${PG_PORT}" -tAc "SELECT 1 FROM pg_roles WHERE rolname='${PG_USER}'")" != "1" ]; then
  log "creating role ${PG_USER}"
  as_pg psql -q -p "${PG_PORT}" -c "CREATE ROLE \"${PG_USER}\" LOGIN PASSWORD '${PG_PASSWORD}'" >&2
else
  as_pg psql -q -p "${PG_PORT}" -c "ALTER ROLE \"${PG_USER}\" LOGIN PASSWORD '${PG_PASSWORD}'" >&2
fi
if [ "$(as_pg psql -p "${PG_PORT}" -tAc "SELECT 1 FROM pg_database WHERE datname='${PG_DB}'")" != "1" ]; then
  log "creating database ${PG_DB}"
  as_pg createdb -p "${PG_PORT}" -O "${PG_USER}" "${PG_DB}" >&2
fi

URL="jdbc:postgresql://127.0.0.1:${PG_PORT}/${PG_DB}"
log "ready: ${URL}"
echo "export CENTRALITA_TEST_PG_URL='${URL}'"
echo "export CENTRALITA_TEST_PG_USER='${PG_USER}'"
echo "export CENTRALITA_TEST_PG_PASSWORD='${PG_PASSWORD}'"
