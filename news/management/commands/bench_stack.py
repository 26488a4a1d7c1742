"""`make bench-stack`: the newsroom scenario through the running stack (nginx -> Varnish -> two
gunicorn servers -> PostgreSQL, Redis), against the bare view on one such server.

Run in the stack's environment (var/stack/env, as `make bench-stack` does). Every cache empty at
the start (Varnish: a ban of everything; Redis: FLUSHALL). Readers: wrk with the newsroom mix
(_bench_mix, _bench_newsroom.lua) at https://127.0.0.1:<STACK_HTTPS_PORT>; a publication every
10 s through the path the admin takes (_bench_publisher, in a thread of this process, which
purges Varnish like an application server), each one "visible" once the home page through
nginx shows it. Search is left out of the mix: every request comes from 127.0.0.1, and
production's per-address limit on /cari/ would answer most of them 429. Then application server
B is replaced for BARE_SECONDS by the same gunicorn (2 workers x 4 threads) with
cms.settings.stack_bench, whose /__bench__/bare/ is the ceiling, and `stack/up` starts B again.
Prints a table and writes var/bench/stack-<UTC time>.json.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from . import _bench_mix, _bench_publisher
from .bench import BARE_SECONDS, CONNECTIONS, READER_TIMEOUT_SECONDS, machine_info, ms, wrk, wrk_mix

ROOT = Path(settings.BASE_DIR)
STATE = ROOT / "var" / "stack"
HTTPS_PORT = os.environ.get("STACK_HTTPS_PORT", "8443")
VARNISH_ADMIN_PORT = os.environ.get("STACK_VARNISH_ADMIN_PORT", "6082")
APP_B_PORT = os.environ.get("STACK_APP_B_PORT", "8202")
REDIS_PORT = os.environ.get("STACK_REDIS_PORT", "6390")
GIVE_UP_SECONDS = 8


class Command(BaseCommand):
    help = "The newsroom scenario through the running stack (make stack), against the bare view."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=45, help="length of the readers' run")
        parser.add_argument("--publish-every", type=float, default=10.0)

    def handle(self, *args, seconds: float, publish_every: float, **options):
        if not (STATE / "env").exists():
            raise CommandError("The stack is not up: run `make stack` first.")
        base_url = f"https://127.0.0.1:{HTTPS_PORT}"
        urls = _bench_mix.collect_urls()
        urls.pop("search", None)
        mix = _bench_mix.build_mix(urls, {k: v for k, v in _bench_mix.SHARES.items() if k != "search"})
        out_dir = ROOT / "var" / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)
        mix_path = out_dir / "mix-stack.tsv"
        _bench_mix.write_mix(mix, mix_path)
        self.stdout.write(f"Stack bench: {len(mix)} URLs (search left out), {seconds:g} s, every cache empty")
        self.empty_caches()
        load_before = os.getloadavg()
        start_at = time.time() + 2
        publisher_result = {}

        def publish():
            try:
                publisher_result.update(
                    _bench_publisher.run(
                        0, start_at, start_at + seconds, publish_every, GIVE_UP_SECONDS, base_url=base_url
                    )
                )
            finally:
                connections.close_all()

        publisher = threading.Thread(target=publish)
        publisher.start()
        time.sleep(max(0.0, start_at - time.time()))
        run = wrk_mix(base_url, mix_path, seconds)
        publisher.join(timeout=120)
        load_after = os.getloadavg()
        bare = self.bare()
        publications = publisher_result.get("publications", [])
        seen = [event["visible_seconds"] for event in publications if event["visible_seconds"] is not None]
        marked = run["hits"] + run["misses"]
        rps = run["requests"] / (run["duration_us"] / 1e6)
        result = {
            **run,
            "rps": rps,
            "p50_ms": run["p50_us"] / 1000 if run["p99_us"] else None,
            "p99_ms": run["p99_us"] / 1000 if run["p99_us"] else None,
            "errors": run["connect_errors"] + run["read_errors"] + run["write_errors"] + run["status_errors"],
            "hit_ratio": run["hits"] / marked if marked else None,
            "bare": bare,
            "x_bare": rps / bare["rps"] if bare["rps"] else None,
            "publications": publications,
            "visible_median_s": statistics.median(seen) if seen else None,
            "visible_max_s": max(seen) if seen else None,
            "never_visible": len(publications) - len(seen),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "seconds": seconds,
            "connections": CONNECTIONS,
            "reader_timeout_seconds": READER_TIMEOUT_SECONDS,
            "urls": len(mix),
            "machine": machine_info(),
        }
        self.report(result)
        path = out_dir / f"stack-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
        path.write_text(json.dumps(result, indent=2, default=str))
        self.stdout.write(f"\nWritten to {path.relative_to(ROOT)}")

    def empty_caches(self) -> None:
        varnishadm = [
            "varnishadm",
            "-T",
            f"127.0.0.1:{VARNISH_ADMIN_PORT}",
            "-S",
            str(STATE / "varnish" / "secret"),
        ]
        subprocess.run([*varnishadm, "ban", "req.url ~ ."], check=True, capture_output=True)  # noqa: S603
        subprocess.run(["redis-cli", "-p", REDIS_PORT, "flushall"], check=True, capture_output=True)  # noqa: S603,S607

    def bare(self) -> dict:
        """The bare view on application server B's port, served by the same gunicorn with
        cms.settings.stack_bench; B is started again afterwards."""
        master = int((STATE / "run" / "gunicorn-b.pid").read_text())
        os.kill(master, signal.SIGTERM)
        for _ in range(80):
            if not Path(f"/proc/{master}").exists():
                break
            time.sleep(0.25)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.stack_bench"}
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "cms.wsgi:application", "--chdir", str(ROOT),
             "--bind", f"127.0.0.1:{APP_B_PORT}", "--workers", "2", "--threads", "4",
             "--worker-class", "gthread", "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{APP_B_PORT}/__bench__/bare/"
            for _ in range(120):
                probe = subprocess.run(["curl", "-fs", "-o", "/dev/null", url], check=False)  # noqa: S603,S607
                if probe.returncode == 0:
                    break
                time.sleep(0.5)
            return wrk(url, BARE_SECONDS, check=False)
        finally:
            server.terminate()
            server.wait(timeout=30)
            subprocess.run([str(ROOT / "stack" / "up")], check=True, capture_output=True, cwd=ROOT)  # noqa: S603

    def report(self, row: dict) -> None:
        load = row["load_average_before"], row["load_average_after"]
        hit = f"{row['hit_ratio']:.1%}" if row["hit_ratio"] is not None else "-"
        visible = (
            f"{row['visible_median_s']:.2f} s / {row['visible_max_s']:.2f} s"
            if row["visible_median_s"] is not None
            else "-"
        )
        lines = [
            ("req/s through the edge", f"{row['rps']:.0f}"),
            ("bare req/s (one server)", f"{row['bare']['rps']:.0f}"),
            ("x bare", f"{row['x_bare']:.2f}" if row["x_bare"] else "-"),
            ("hit ratio (Varnish)", f"{hit} ({row['hits']} HIT, {row['misses']} MISS)"),
            ("p50 / p99", f"{ms(row['p50_ms'])} ms / {ms(row['p99_ms'])} ms"),
            ("errors / timeouts", f"{row['errors']} / {row['timeouts']} (statuses {row['statuses']})"),
            ("publish -> visible, median / max", f"{visible}, {len(row['publications'])} publications, "
             f"{row['never_visible']} never"),
            ("load average before -> after", f"{load[0][0]:.1f} -> {load[1][0]:.1f}"),
        ]  # fmt: skip
        self.stdout.write("")
        for label, value in lines:
            self.stdout.write(f"  {label:<34} {value}")
        targets = [
            ("edge >= 2x bare", (row["x_bare"] or 0) >= 2),
            ("hit ratio >= 90 %", (row["hit_ratio"] or 0) >= 0.9),
            ("p99 < 50 ms", (row["p99_ms"] or 1e9) < 50),
            ("0 errors, 0 timeouts", row["errors"] == 0 and row["timeouts"] == 0),
            ("publish -> visible <= 1 s", row["visible_max_s"] is not None and row["visible_max_s"] <= 1
             and row["never_visible"] == 0),
        ]  # fmt: skip
        row["targets"] = [{"target": label, "met": met} for label, met in targets]
        self.stdout.write(
            "\n  Targets (issue #19): " + ", ".join(f"{t} {'met' if m else 'NOT met'}" for t, m in targets)
        )
