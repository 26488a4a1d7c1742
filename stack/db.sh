#!/bin/sh
# The stack's PostgreSQL: a primary on 127.0.0.1:5433 and a streaming replica on 127.0.0.1:5434,
# under var/stack/pg/, with the role and database warta/warta. Writes var/stack/db.env
# (DATABASE_URL, DATABASE_REPLICA_URL) for the application servers.
#
#   stack/db.sh up       initdb, start the primary, pg_basebackup -R the replica, start it
#                        (a second `up` reuses and starts what exists)
#   stack/db.sh down     stop both (pg_ctl, fast mode)
#   stack/db.sh status   pg_ctl status of both and the replica's lag
#   stack/db.sh stop-primary | stop-replica    stop one of them (fault drills; `up` restarts it)
#
# Run as root (the clusters then run as the `postgres` user) or as an ordinary user.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG_DIR=${PG_DIR:-$ROOT/var/stack/pg}
PRIMARY_PORT=${PRIMARY_PORT:-5433}
REPLICA_PORT=${REPLICA_PORT:-5434}
ENV_FILE=${ENV_FILE:-$ROOT/var/stack/db.env}
SLOT=warta_replica

find_bindir() {
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
}
BIN=${PG_BINDIR:-$(find_bindir)}
if [ -z "$BIN" ]; then
    if [ "$(id -u)" = 0 ]; then
        if [ -f /tmp/apt.log ] && [ "$(tail -n 1 /tmp/apt.log)" != done ]; then
            echo "db.sh: another apt-get is running (/tmp/apt.log); try again when it is done." >&2
            exit 1
        fi
        apt-get install -y -qq postgresql >/dev/null
        BIN=$(find_bindir)
    fi
    [ -n "$BIN" ] || { echo "db.sh: PostgreSQL is not installed (apt-get install postgresql)." >&2; exit 1; }
fi

if [ "$(id -u)" = 0 ]; then
    RUN_AS=postgres
    as_pg() { runuser -u postgres -- "$@"; }
else
    RUN_AS=$(id -un)
    as_pg() { "$@"; }
fi

PRIMARY=$PG_DIR/primary
REPLICA=$PG_DIR/replica
LOGS=$PG_DIR/log

psql_primary() { as_pg "$BIN/psql" -X -q -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

start() {  # data directory, port, log name
    if as_pg "$BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; then
        return
    fi
    as_pg "$BIN/pg_ctl" -D "$1" -l "$LOGS/$3.log" -w -t 60 -o "-p $2 -k $PG_DIR/sock -c listen_addresses=127.0.0.1" start >/dev/null
}

up() {
    mkdir -p "$PG_DIR/sock" "$LOGS"
    [ "$RUN_AS" = postgres ] && chown postgres: "$PG_DIR" "$PG_DIR/sock" "$LOGS"
    if [ ! -f "$PRIMARY/PG_VERSION" ]; then
        as_pg "$BIN/initdb" -D "$PRIMARY" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$PRIMARY/postgresql.conf" <<EOF
# Warta stack (stack/db.sh)
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
hot_standby_feedback = on
wal_keep_size = 256MB
EOF
        # Only 127.0.0.1 listens; trust there keeps the stack free of secrets, and the
        # application still signs in as warta/warta as it would in production.
        cat >"$PRIMARY/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
EOF
    fi
    start "$PRIMARY" "$PRIMARY_PORT" primary
    psql_primary >/dev/null <<EOF
SELECT 'CREATE ROLE warta LOGIN CREATEDB PASSWORD ''warta''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'warta')\gexec
SELECT 'CREATE DATABASE warta OWNER warta' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'warta')\gexec
SELECT FROM pg_create_physical_replication_slot('$SLOT') WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = '$SLOT');
EOF
    if [ ! -f "$REPLICA/PG_VERSION" ]; then
        rm -rf "$REPLICA"
        as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA" -R -X stream -S "$SLOT" -c fast
    fi
    start "$REPLICA" "$REPLICA_PORT" replica
    mkdir -p "$(dirname "$ENV_FILE")"
    cat >"$ENV_FILE" <<EOF
DATABASE_URL=postgres://warta:warta@127.0.0.1:$PRIMARY_PORT/warta
DATABASE_REPLICA_URL=postgres://warta:warta@127.0.0.1:$REPLICA_PORT/warta
EOF
    echo "PostgreSQL primary 127.0.0.1:$PRIMARY_PORT, replica 127.0.0.1:$REPLICA_PORT ($ENV_FILE)"
}

stop_one() {
    if as_pg "$BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; then
        as_pg "$BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null
    fi
}

down() {
    for dir in "$REPLICA" "$PRIMARY"; do
        if [ -f "$dir/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
            as_pg "$BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
        fi
    done
    echo "PostgreSQL primary and replica stopped."
}

status() {
    code=0
    for dir in "$PRIMARY" "$REPLICA"; do
        if as_pg "$BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
            echo "$(basename "$dir"): running"
        else
            echo "$(basename "$dir"): stopped"
            code=3
        fi
    done
    if [ $code = 0 ]; then
        psql_primary -At -c "SELECT 'replication: ' || state || ', replay lag ' || coalesce(replay_lag::text, '0') FROM pg_stat_replication" || true
    fi
    return $code
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    stop-primary) stop_one "$PRIMARY" ;;
    stop-replica) stop_one "$REPLICA" ;;
    *) echo "usage: $0 up|down|status|stop-primary|stop-replica" >&2; exit 2 ;;
esac
