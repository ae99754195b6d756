#!/usr/bin/env bash
# PostgreSQL and Redis for `make test`, from the system's Debian packages.
#
# Starts each server only when it does not answer on localhost, then creates the
# test role and database when missing. Safe to run any number of times; when all
# is in place it only checks and prints one line.
#
# Two roles, as in production (README, "Database roles"). The owner `mgn` is
# deliberately NOT a superuser: the tests prove that a trigger refuses updates of the
# access log, and the role needs only CREATEDB for pytest-django's test database. The
# runtime role `mgn_app` may only log in: the suite grants it, as `migrate` does in
# production, SELECT and INSERT on the access log, and a test connects as it to see
# everything else refused. Roles are cluster-wide, so this script (as postgres) makes it.
set -euo pipefail

ROLE=mgn
RUNTIME_ROLE=mgn_app
DATABASE=mgn

log() { echo "services: $*"; }
die() { echo "services: $*" >&2; exit 1; }

# wait_up SECONDS COMMAND...: retry until COMMAND succeeds.
wait_up() {
  local seconds=$1; shift
  local tries=$((seconds * 5))
  while ((tries-- > 0)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

pg_up() { pg_isready -q -h localhost; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

# --- PostgreSQL -------------------------------------------------------------
command -v pg_isready >/dev/null || die "pg_isready not found: install PostgreSQL (apt-get install postgresql)."
if ! pg_up; then
  command -v pg_ctlcluster >/dev/null \
    || die "PostgreSQL does not answer on localhost and pg_ctlcluster is missing; start it yourself."
  # Normally one version under /etc/postgresql; with several, the newest.
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ] || [ ! -d "/etc/postgresql/$version/main" ]; then
    # The package was installed where its post-install could not create a cluster.
    version=${version:-$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)}
    [ -n "$version" ] || die "no PostgreSQL server installed (apt-get install postgresql)."
    log "creating PostgreSQL $version cluster 'main'"
    pg_createcluster "$version" main
  fi
  log "starting PostgreSQL $version/main"
  # "already running" (e.g. listening on the socket only) is not fatal; the wait decides.
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_up 60 pg_up || die "PostgreSQL did not come up on localhost:5432."
fi

# Administrative psql: the postgres role over TCP when the server trusts it (as here),
# else peer authentication over the socket as the postgres system user (a fresh
# Debian install), which needs root.
if psql -X -w -U postgres -h localhost -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
  pg_admin() { psql -X -w -q -v ON_ERROR_STOP=1 -U postgres -h localhost -d postgres "$@"; }
elif [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
  pg_admin() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"); }
else
  die "cannot connect as the postgres superuser; create roles '$ROLE' (LOGIN CREATEDB) and '$RUNTIME_ROLE' (LOGIN) and database '$DATABASE' yourself."
fi

if [ "$(pg_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  log "creating role $ROLE (LOGIN CREATEDB, not a superuser)"
  pg_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB"
fi
if [ "$(pg_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$RUNTIME_ROLE'")" != "1" ]; then
  log "creating role $RUNTIME_ROLE (LOGIN only: the application's runtime role)"
  pg_admin -c "CREATE ROLE $RUNTIME_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
fi
if [ "$(pg_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
  log "creating database $DATABASE owned by $ROLE"
  pg_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE"
fi

# The tests connect as postgres://mgn@localhost/mgn (and as mgn_app) without a
# password. A fresh Debian cluster asks loopback clients for one (scram-sha-256), so let
# only these roles in from this machine, without a password.
for role in "$ROLE" "$RUNTIME_ROLE"; do
  if ! psql -X -w -U "$role" -h localhost -d "$DATABASE" -tAc 'SELECT 1' >/dev/null 2>&1; then
    hba=$(pg_admin -tAc 'SHOW hba_file')
    [ -w "$hba" ] || die "role $role cannot log in on localhost without a password and $hba is not writable."
    log "allowing role $role from localhost without a password in $hba"
    {
      echo "# Added by .ci/services.sh for the test suite: role $role, loopback only."
      echo "host all $role 127.0.0.1/32 trust"
      echo "host all $role ::1/128 trust"
      cat "$hba"
    } >"$hba.new"
    cat "$hba.new" >"$hba" && rm -f "$hba.new"  # keep the file's owner and mode
    pg_admin -c 'SELECT pg_reload_conf()' >/dev/null
    wait_up 10 psql -X -w -U "$role" -h localhost -d "$DATABASE" -tAc 'SELECT 1' \
      || die "role $role still cannot log in on localhost."
  fi
done

# --- Redis ------------------------------------------------------------------
if ! redis_up; then
  command -v redis-server >/dev/null || die "Redis does not answer on localhost:6379 and redis-server is missing (apt-get install redis-server)."
  mkdir -p /var/lib/redis /var/log/redis \
    || die "cannot create /var/lib/redis and /var/log/redis; start Redis on localhost:6379 yourself."
  log "starting redis-server on localhost:6379 (no persistence)"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_up 20 redis_up || die "Redis did not come up on localhost:6379 (see /var/log/redis/ci.log)."
fi

log "PostgreSQL (roles $ROLE and $RUNTIME_ROLE, database $DATABASE) and Redis are up on localhost"
