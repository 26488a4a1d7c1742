import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

BASE_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Nothing of the test run's own environment that production must not have (the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE fails check --deploy).
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", **env})
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_refuses_to_start_without_secret_key(self):
        result = run_manage("check")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set", result.stderr)

    def test_deploy_check_is_clean_with_environment(self):
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY="a-long-and-random-production-secret-for-the-test-0123456789",
            ALLOWED_HOSTS="warta.example,www.warta.example",
            CSRF_TRUSTED_ORIGINS="https://warta.example",
        )
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)

    def test_environment_lists_and_ssl_redirect_switch(self):
        code = (
            "from django.conf import settings;"
            "print(settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS, settings.SECURE_SSL_REDIRECT,"
            " settings.SECURE_PROXY_SSL_HEADER)"
        )
        result = run_manage(
            "shell",
            "-c",
            code,
            SECRET_KEY="x" * 60,
            ALLOWED_HOSTS="a.example, b.example",
            CSRF_TRUSTED_ORIGINS="https://a.example",
            SECURE_SSL_REDIRECT="false",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(
            "['a.example', 'b.example'] ['https://a.example'] False ('HTTP_X_FORWARDED_PROTO', 'https')",
            result.stdout,
        )
