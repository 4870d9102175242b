#!/usr/bin/env bash
# Ensure a PostgreSQL server is reachable on 127.0.0.1:5432, that role
# `postgres` can log in over TCP without a password, and that database
# `hatchway` exists. Prints the DATABASE_URL to use as the ONLY line on stdout;
# all progress messages go to stderr. Idempotent; never stops a running server.
#
#   DATABASE_URL=$(scripts/ensure-postgres.sh) make test
#
# Order:
#   1. something already answers pg_isready on 127.0.0.1:5432 -> use it;
#   2. else a Debian cluster (pg_lsclusters) on port 5432 exists -> start it;
#   3. else apt-get install postgresql (creates cluster <ver>/main) and start it.
#
# Authentication choice: for clusters we manage we add a pg_hba line
#     host all postgres 127.0.0.1/32 trust
# at the top of pg_hba.conf (first match wins) and reload, rather than setting
# a password. The URL then has no secret in it and is identical to the one used
# on machines where trust is already configured; a password would have to be a
# well-known constant anyway, so it adds no security on a disposable CI box,
# and trust is limited to the postgres role on loopback only. The line is
# added only when a password-less TCP login actually fails.
set -euo pipefail

PGHOST_ADDR=127.0.0.1
PGPORT_NUM="${HATCHWAY_PG_PORT:-5432}"   # overridable for testing this script
DB_NAME="${HATCHWAY_PG_DB:-hatchway}"
READY_TIMEOUT=30
HBA_MARKER="# added by hatchway scripts/ensure-postgres.sh"

# Keep stdout clean for the URL: everything else goes to stderr.
exec 3>&1 1>&2
exec </dev/null

log() { printf 'ensure-postgres: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    SUDO=(false)  # no privileges: any privileged step will fail loudly
fi
as_root() { "${SUDO[@]}" "$@"; }
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else as_root runuser -u postgres -- "$@"; fi
}

export PGCONNECT_TIMEOUT=5

url_for() { printf 'postgres://postgres@%s:%s/%s' "$PGHOST_ADDR" "$PGPORT_NUM" "$1"; }

is_ready() { pg_isready -q -h "$PGHOST_ADDR" -p "$PGPORT_NUM" -t 3 >/dev/null 2>&1; }

port_open() { (exec 9<>"/dev/tcp/$PGHOST_ADDR/$PGPORT_NUM") 2>/dev/null; }

wait_ready() {
    local i
    for ((i = 0; i < READY_TIMEOUT; i++)); do
        is_ready && return 0
        sleep 1
    done
    return 1
}

can_login() { psql "$(url_for postgres)" -wXtAq -c 'select 1' >/dev/null 2>&1; }

apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not available; install PostgreSQL (and its client) manually"
    log "installing $* from Debian"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300 update >/dev/null \
        || die "apt-get update failed (root or passwordless sudo needed)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300 \
        install --no-install-recommends "$@" >/dev/null || die "apt-get install $* failed"
}

# "<version> <cluster> <status>" of the Debian cluster configured for our port.
find_cluster() {
    command -v pg_lsclusters >/dev/null 2>&1 || return 0
    pg_lsclusters -h 2>/dev/null | awk -v port="$PGPORT_NUM" '$3 == port { print $1, $2, $4; exit }'
}

start_cluster() {  # version name
    log "starting cluster $1/$2"
    as_root pg_ctlcluster --skip-systemctl-redirect "$1" "$2" start \
        || die "could not start cluster $1/$2 (see /var/log/postgresql/postgresql-$1-$2.log)"
}

# ---------------------------------------------------------------------------
# 1-3: get a server answering on 127.0.0.1:5432
MANAGED=""   # "<version> <cluster>" when the server is a local Debian cluster
if ! command -v pg_isready >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
    if port_open; then
        apt_install postgresql-client   # a server is there; we only need the client tools
    else
        apt_install postgresql
    fi
fi

if is_ready; then
    log "server already accepting connections on $PGHOST_ADDR:$PGPORT_NUM"
else
    read -r ver name status < <(find_cluster) || true
    if [ -z "${ver:-}" ]; then
        if ! dpkg-query -W -f='${db:Status-Abbrev}' postgresql 2>/dev/null | grep -q '^ii'; then
            apt_install postgresql
        fi
        read -r ver name status < <(find_cluster) || true
        if [ -z "${ver:-}" ]; then
            # The package is installed but no cluster uses our port: create one.
            ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf "%f\n" 2>/dev/null | sort -V | tail -n1 || true)
            [ -n "$ver" ] || die "postgresql installed but no server binaries in /usr/lib/postgresql"
            name=main
            [ ! -e "/etc/postgresql/$ver/main" ] || name="hatchway$PGPORT_NUM"
            log "creating cluster $ver/$name on port $PGPORT_NUM"
            as_root pg_createcluster -p "$PGPORT_NUM" "$ver" "$name" >/dev/null || die "pg_createcluster failed"
            status=down
        fi
    fi
    MANAGED="$ver $name"
    # Debian's default listen_addresses is 'localhost'; make it explicit so
    # 127.0.0.1 is guaranteed (takes effect at start; no-op when already set).
    conf="/etc/postgresql/$ver/$name/postgresql.conf"
    if [ -f "$conf" ] && ! grep -Eq "^[[:space:]]*listen_addresses[[:space:]]*=" "$conf"; then
        as_root pg_conftool "$ver" "$name" set listen_addresses localhost \
            || log "warning: could not set listen_addresses"
    fi
    if [ "${status:-down}" = online ]; then
        log "cluster $ver/$name is running but not answering on $PGHOST_ADDR:$PGPORT_NUM yet"
    else
        start_cluster "$ver" "$name"
    fi
    log "waiting up to ${READY_TIMEOUT}s for $PGHOST_ADDR:$PGPORT_NUM"
    wait_ready || die "PostgreSQL did not become ready on $PGHOST_ADDR:$PGPORT_NUM within ${READY_TIMEOUT}s
$(pg_lsclusters 2>&1 || true)"
fi

# ---------------------------------------------------------------------------
# 4: password-less TCP login for role postgres
if ! can_login; then
    if [ -z "$MANAGED" ]; then
        # Server was already up: only touch it if it is a running local Debian cluster.
        read -r ver name status < <(find_cluster) || true
        [ "${status:-}" = online ] && MANAGED="$ver $name"
    fi
    [ -n "$MANAGED" ] || die "cannot log in as postgres at $(url_for postgres) without a password, and the server is not a local Debian cluster this script can configure"
    read -r ver name <<<"$MANAGED"
    hba=$(as_postgres psql -p "$PGPORT_NUM" -XtAq -c 'show hba_file' 2>/dev/null) || hba="/etc/postgresql/$ver/$name/pg_hba.conf"
    [ -f "$hba" ] || die "pg_hba.conf not found ($hba)"
    if ! grep -qF "$HBA_MARKER" "$hba"; then
        log "adding trust rule for postgres@127.0.0.1/32 to $hba"
        tmp=$(mktemp)
        { printf '%s\nhost    all    postgres    127.0.0.1/32    trust\n' "$HBA_MARKER"; cat "$hba"; } >"$tmp"
        as_root cp "$tmp" "$hba"
        rm -f "$tmp"
    fi
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload || die "reload of $ver/$name failed"
    for _ in 1 2 3 4 5; do can_login && break; sleep 1; done
    can_login || die "still cannot log in as postgres over TCP after updating $hba"
fi

# pytest-django creates test_<name> itself; warn if the role could not.
if [ "$(psql "$(url_for postgres)" -XtAq -c "select rolsuper or rolcreatedb from pg_roles where rolname = current_user")" != t ]; then
    log "warning: role postgres lacks CREATEDB; pytest-django will not be able to create its test database"
fi

# ---------------------------------------------------------------------------
# 5: database for `hatchway migrate` etc. (pytest-django does not need it)
db_exists() {
    [ "$(psql "$(url_for postgres)" -XtAq -v db="$DB_NAME" <<<"select 1 from pg_database where datname = :'db'")" = 1 ]
}
if ! db_exists; then
    log "creating database $DB_NAME"
    # A concurrent run may win the race; only fail if it still does not exist.
    psql "$(url_for postgres)" -XtAq -c "create database \"$DB_NAME\"" >/dev/null 2>&1 || db_exists \
        || die "could not create database $DB_NAME"
fi

printf '%s\n' "$(url_for "$DB_NAME")" >&3
