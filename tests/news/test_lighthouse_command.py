"""`manage.py lighthouse` runs again a run Lighthouse could not record, and never scores it."""

import json
import subprocess
from unittest import mock

from django.core.management.base import CommandError
from django.test import SimpleTestCase

from news.management.commands.lighthouse import Command

NO_NAVSTART = {"runtimeError": {"code": "NO_NAVSTART", "message": "Please run Lighthouse again."}}
GOOD = {"categories": {"performance": {"score": 0.97}}}


class LighthouseRetryTests(SimpleTestCase):
    def run_with(self, outcomes, tmp_path):
        calls = []

        def fake_run(args, **kwargs):
            report, code = outcomes[len(calls)]
            calls.append(args)
            output = next(arg.split("=", 1)[1] for arg in args if arg.startswith("--output-path="))
            if report is not None:
                with open(output, "w") as handle:
                    json.dump(report, handle)
            return subprocess.CompletedProcess(args, code)

        command = Command(stderr=mock.MagicMock())
        with mock.patch("news.management.commands.lighthouse.subprocess.run", fake_run):
            return command.lighthouse("home", "http://127.0.0.1:1/", tmp_path, "/usr/bin/chromium"), calls

    def test_an_unrecorded_run_is_run_again(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "home-1.json"
            report, calls = self.run_with([(NO_NAVSTART, 1), (None, 1), (GOOD, 0)], path)
        self.assertEqual(report, GOOD)
        self.assertEqual(len(calls), 3)

    def test_three_failures_in_a_row_stop_the_command(self):
        import tempfile
        from pathlib import Path

        with (
            tempfile.TemporaryDirectory() as folder,
            self.assertRaisesMessage(CommandError, "failed 3 times"),
        ):
            self.run_with([(NO_NAVSTART, 1)] * 3, Path(folder) / "home-1.json")

    def test_a_run_that_wrote_no_report_is_run_again(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            report, calls = self.run_with([(None, 0), (GOOD, 0)], Path(folder) / "home-1.json")
        self.assertEqual(report, GOOD)
        self.assertEqual(len(calls), 2)
