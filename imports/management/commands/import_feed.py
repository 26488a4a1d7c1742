"""Import a regional RSS or Atom feed as drafts: `manage.py import_feed URL_OR_FILE --category PATH`."""

from django.core.management.base import BaseCommand, CommandError

from imports.feeds import FETCH_TIMEOUT, FeedError, FeedImporter
from imports.importing import ItemResult


class Command(BaseCommand):
    help = "Import the items of an RSS 2.0 or Atom feed as draft articles for review (see docs/import.md)."

    def add_arguments(self, parser):
        parser.add_argument("location", help="An http(s) URL or a local file.")
        parser.add_argument(
            "--category",
            required=True,
            help='Slug path of the category the drafts go in, e.g. "daerah/jawa-timur".',
        )
        parser.add_argument("--work-unit", help="Slug of the work unit the items come from.")
        parser.add_argument(
            "--image-host",
            action="append",
            default=[],
            dest="image_hosts",
            help="A further host (host[:port]) for item images; the feed's own host always may. Repeatable.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=FETCH_TIMEOUT,
            help=f"Seconds to wait for the network (default {FETCH_TIMEOUT}).",
        )

    def handle(self, *args, location: str, category: str, work_unit: str | None, timeout: float, **options):
        self.verbosity = options["verbosity"]
        importer = FeedImporter(
            location,
            category=category,
            work_unit=work_unit,
            timeout=timeout,
            image_hosts=tuple(options["image_hosts"]),
        )
        try:
            importer.prepare()
        except (FeedError, LookupError) as error:
            raise CommandError(f"{error}. Nothing was imported.") from error
        if importer.problem:
            self.stderr.write(
                self.style.WARNING(f"warning: the feed has errors ({importer.problem}); reading what it can.")
            )
        summary = importer.run(report=self.report)
        line = (
            f"{len(importer.feed.entries)} items from {importer.label or location}: "
            f"{summary.created} new drafts, {summary.skipped} already imported, "
            f"{summary.failed} failed, {summary.warnings} warnings."
        )
        self.stdout.write(self.style.SUCCESS(line) if not summary.failed else line)
        if summary.failed:
            raise CommandError(f"{summary.failed} item(s) failed; they are listed above with their reasons.")

    def report(self, result: ItemResult) -> None:
        label = f"item {result.number}" + (f" ({result.source_id})" if result.source_id else "")
        if result.action == "failed":
            self.stderr.write(self.style.ERROR(f"{label}: failed: {result.reason}"))
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"{label}: warning: {warning}"))
        if result.action != "failed" and self.verbosity > 1:
            self.stdout.write(f"{label}: {result.action}")
