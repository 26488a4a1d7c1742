"""Import the legacy archive: `manage.py import_articles FILE.jsonl [--dry-run] [--as-draft]`."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.archive import ArchiveImporter
from imports.importing import ItemResult
from imports.progress import Progress


class Command(BaseCommand):
    help = "Import articles from a JSON Lines archive (one article per line; see docs/import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .jsonl file; image paths are relative to it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every line and report, but write nothing."
        )
        parser.add_argument(
            "--as-draft",
            action="store_true",
            help="Save drafts instead of publishing (an already published article keeps its live version).",
        )

    def handle(self, *args, file: Path, dry_run: bool, as_draft: bool, verbosity: int, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        importer = ArchiveImporter(file, dry_run=dry_run, as_draft=as_draft)
        total = importer.count_lines()
        progress = Progress(self.stdout, total, noun="lines", enabled=verbosity > 0)
        self.verbosity = verbosity
        self.progress = progress
        started = time.monotonic()
        try:
            summary = importer.run(report=self.report, progress=progress.update, warn=self.warn)
        except LookupError as error:
            raise CommandError(str(error)) from error
        progress.finish()
        elapsed = time.monotonic() - started
        done = summary.created + summary.updated + summary.failed
        rate = done / elapsed if elapsed else 0
        verb = ("would create", "would update") if dry_run else ("created", "updated")
        line = (
            f"{done} lines in {elapsed:.1f} s ({rate:.0f} lines/s): {summary.created} {verb[0]}, "
            f"{summary.updated} {verb[1]}, {summary.failed} failed, {summary.warnings} warnings."
        )
        if dry_run:
            line = f"Dry run, nothing was written. {line}"
        self.stdout.write(self.style.SUCCESS(line) if not summary.failed else line)
        if summary.failed:
            raise CommandError(f"{summary.failed} line(s) failed; they are listed above with their reasons.")

    def report(self, result: ItemResult) -> None:
        if result.action == "failed":
            self.progress.message(
                self.stderr, self.style.ERROR(f"line {result.number}: failed: {result.reason}")
            )
        for warning in result.warnings:
            self.warn(result, warning)
        if result.action != "failed" and self.verbosity > 1:
            url = result.page.get_url() if result.page else ""
            self.progress.message(
                self.stdout, f"line {result.number}: {result.action} {result.source_id} {url}"
            )

    def warn(self, result: ItemResult, message: str) -> None:
        self.progress.message(self.stderr, self.style.WARNING(f"line {result.number}: warning: {message}"))
