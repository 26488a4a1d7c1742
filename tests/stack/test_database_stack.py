"""The database side of the stack with a real primary and streaming replica (stack/db.sh):
readers read from the replica, and from the primary when the replica stops or lags; editors get
the 503 page while PostgreSQL is down and the site recovers without a restart."""

import time

from tests.stack.conftest import db_sh, primary_sql, probe, replica_sql


def test_an_anonymous_read_goes_to_the_replica(stack):
    seen = probe("route")
    assert seen["status_code"] == 200
    assert seen["alias"] == "replica"
    assert (seen["in_recovery"], seen["port"]) == (True, 5434)
    assert seen["replica"]["usable"] is True
    assert seen["pages"] >= 2


def test_reads_continue_from_the_primary_when_the_replica_stops(stack):
    db_sh("stop-replica")
    try:
        seen = probe("route")
    finally:
        db_sh("up")
    assert seen["status_code"] == 200  # no error for the reader
    assert seen["alias"] == "default"
    assert (seen["in_recovery"], seen["port"]) == (False, 5433)
    assert seen["replica"]["usable"] is False
    assert seen["pages"] >= 2


def test_a_replica_lagging_past_the_bound_leaves_reads_on_the_primary(stack):
    primary_sql("CREATE TABLE IF NOT EXISTS stack_heartbeat (at timestamptz)")
    replica_sql("SELECT pg_wal_replay_pause()")
    try:
        primary_sql("INSERT INTO stack_heartbeat VALUES (now())")
        time.sleep(2.5)
        primary_sql("INSERT INTO stack_heartbeat VALUES (now())")
        seen = probe("route", WARTA_REPLICA_MAX_LAG_SECONDS="1")
    finally:
        replica_sql("SELECT pg_wal_replay_resume()")
    assert seen["replica"]["usable"] is False
    assert seen["replica"]["lag_seconds"] > 1
    assert seen["alias"] == "default"
    assert seen["port"] == 5433
    # Caught up again: the replica serves readers.
    time.sleep(1)
    assert probe("route", WARTA_REPLICA_MAX_LAG_SECONDS="1")["alias"] == "replica"


def test_editors_get_the_503_page_while_postgresql_is_down_and_the_site_recovers(stack):
    steps = probe("outage")
    assert steps["before"]["status"] == 200  # the editor's dashboard
    assert steps["down"]["status"] == 503
    assert "Basis data sedang tidak dapat dihubungi" in steps["down"]["body"]
    assert "Traceback" not in steps["down"]["body"]
    assert steps["after"]["status"] == 200  # the same process and session, no restart
