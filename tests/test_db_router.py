"""Routing decisions of cms.db_router, without a replica: the replica's presence and state are
mocked (tests/stack/ runs them against a real primary and replica)."""

from unittest import mock

import time_machine
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, override_settings

from cms import db_router
from news import caching

factory = RequestFactory()


def with_replica(usable=True):
    return mock.patch.multiple(
        db_router,
        replica_configured=mock.Mock(return_value=True),
        replica_status=mock.Mock(return_value={"configured": True, "usable": usable, "lag_seconds": 0.1}),
        changed_recently=mock.Mock(return_value=False),
    )


class ReadAliasTests(SimpleTestCase):
    def test_without_a_replica_everything_reads_from_the_primary(self):
        self.assertIsNone(db_router.read_alias(factory.get("/nasional/berita/")))

    def test_an_anonymous_reader_reads_from_the_replica(self):
        with with_replica():
            self.assertEqual(db_router.read_alias(factory.get("/nasional/berita/")), "replica")
            self.assertEqual(db_router.read_alias(factory.head("/")), "replica")
            self.assertEqual(db_router.read_alias(factory.get("/feeds/terbaru/")), "replica")

    def test_writes_the_admin_sessions_and_files_read_from_the_primary(self):
        with with_replica():
            self.assertIsNone(db_router.read_alias(factory.post("/cari/")))
            self.assertIsNone(db_router.read_alias(factory.get("/admin/pages/")))
            self.assertIsNone(db_router.read_alias(factory.get("/media/original_images/a.jpg")))
            self.assertIsNone(db_router.read_alias(factory.get("/documents/1/siaran.pdf")))
            signed_in = factory.get("/nasional/")
            signed_in.COOKIES["sessionid"] = "abc"
            self.assertIsNone(db_router.read_alias(signed_in))

    def test_a_browser_that_just_posted_reads_from_the_primary(self):
        with with_replica():
            pinned = factory.get("/nasional/")
            pinned.COOKIES[db_router.PIN_COOKIE] = "1"
            self.assertIsNone(db_router.read_alias(pinned))

    def test_a_replica_down_or_lagging_leaves_readers_on_the_primary(self):
        with with_replica(usable=False):
            self.assertIsNone(db_router.read_alias(factory.get("/nasional/berita/")))


@override_settings(WARTA_REPLICA_CHECK_SECONDS=1.5, WARTA_REPLICA_MAX_LAG_SECONDS=5)
class AfterAChangeTests(SimpleTestCase):
    def test_readers_read_from_the_primary_while_the_replica_may_still_replay_a_change(self):
        patches = mock.patch.multiple(
            db_router,
            replica_configured=mock.Mock(return_value=True),
            replica_status=mock.Mock(return_value={"configured": True, "usable": True, "lag_seconds": 0}),
        )
        with patches, time_machine.travel("2026-12-02 12:00:00 +0000", tick=False) as clock:
            caching.bump(["home"])
            self.assertIsNone(db_router.read_alias(factory.get("/nasional/")))
            clock.shift(6)  # 5 s of allowed lag and 1.5 s between two measurements
            self.assertIsNone(db_router.read_alias(factory.get("/nasional/")))
            clock.shift(1)
            self.assertEqual(db_router.read_alias(factory.get("/nasional/")), "replica")


class MiddlewareAndRouterTests(SimpleTestCase):
    def test_the_request_reads_where_the_middleware_decided_and_only_during_it(self):
        router = db_router.ReplicaRouter()
        seen = []

        def view(request):
            seen.append(router.db_for_read(None))
            return HttpResponse("ok")

        with with_replica():
            db_router.ReadReplicaMiddleware(view)(factory.get("/nasional/"))
            db_router.ReadReplicaMiddleware(view)(factory.get("/admin/"))
        self.assertEqual(seen, ["replica", None])
        self.assertIsNone(router.db_for_read(None))  # outside a request: the primary
        self.assertEqual(router.db_for_write(None), "default")
        self.assertFalse(router.allow_migrate("replica", "news"))

    @override_settings(WARTA_PRIMARY_PIN_SECONDS=7)
    def test_a_post_pins_the_browser_to_the_primary_for_a_while(self):
        with with_replica():
            response = db_router.ReadReplicaMiddleware(lambda request: HttpResponse())(factory.post("/x/"))
        cookie = response.cookies[db_router.PIN_COOKIE]
        self.assertEqual(cookie["max-age"], 7)
        self.assertTrue(cookie["httponly"])
        with with_replica():
            response = db_router.ReadReplicaMiddleware(lambda request: HttpResponse())(factory.get("/x/"))
        self.assertNotIn(db_router.PIN_COOKIE, response.cookies)


@override_settings(WARTA_REPLICA_CHECK_SECONDS=1.5, WARTA_REPLICA_MAX_LAG_SECONDS=5)
class ReplicaStatusTests(SimpleTestCase):
    def setUp(self):
        db_router.forget_replica_status()
        self.addCleanup(db_router.forget_replica_status)
        patcher = mock.patch.object(db_router, "replica_configured", return_value=True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_the_replica_is_measured_at_most_once_per_interval(self):
        measured = {"usable": True, "lag_seconds": 0.0, "error": ""}
        with (
            mock.patch.object(db_router, "measure_replica", return_value=measured) as measure,
            mock.patch.object(db_router.time, "monotonic", side_effect=[100.0, 100.5, 101.4, 101.6]),
        ):
            for _ in range(3):
                self.assertTrue(db_router.replica_status()["usable"])
            self.assertEqual(measure.call_count, 1)
            db_router.replica_status()
            self.assertEqual(measure.call_count, 2)

    def test_lag_is_zero_when_the_replica_has_replayed_everything_however_idle(self):
        primary, replica = mock.MagicMock(), mock.MagicMock()
        primary.cursor.return_value.__enter__.return_value.fetchone.return_value = ("0/3000060",)
        # Caught up (0 bytes behind) although the last transaction was replayed an hour ago.
        replica.cursor.return_value.__enter__.return_value.fetchone.return_value = (True, 0, 3600.0)
        with mock.patch.object(db_router, "connections", {"default": primary, "replica": replica}):
            self.assertEqual(db_router.measure_replica(), {"usable": True, "lag_seconds": 0.0, "error": ""})
            replica.cursor.return_value.__enter__.return_value.fetchone.return_value = (True, 8192, 7.5)
            status = db_router.measure_replica()
        self.assertEqual((status["usable"], status["lag_seconds"]), (False, 7.5))

    def test_a_replica_that_does_not_answer_is_not_usable(self):
        from django.db import OperationalError

        primary, replica = mock.MagicMock(), mock.MagicMock()
        primary.cursor.return_value.__enter__.return_value.fetchone.return_value = ("0/3000060",)
        replica.cursor.side_effect = OperationalError("connection refused")
        with mock.patch.object(db_router, "connections", {"default": primary, "replica": replica}):
            status = db_router.measure_replica()
        self.assertFalse(status["usable"])
        self.assertIn("refused", status["error"])
        replica.close.assert_called_once()
