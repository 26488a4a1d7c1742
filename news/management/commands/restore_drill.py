"""Restore a backup into a fresh database and media folder and check it against its manifest.

Exits non-zero when a checksum, a count or a media file differs: a backup that does not pass
the drill is not a backup.
"""

from django.core.management.base import BaseCommand, CommandError

from news.backups import BackupError, restore_drill


class Command(BaseCommand):
    help = "Restore a backup folder into a fresh database and media folder and verify it."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")
        parser.add_argument("--media-root", help="Restore the media here (an empty folder) and keep it.")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep the restored database (and media) instead of removing them.",
        )

    def handle(self, *args, folder: str, media_root: str | None = None, keep: bool = False, **options):
        try:
            report = restore_drill(folder, media_root, keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if report["problems"]:
            raise CommandError("Restore drill failed:\n  " + "\n  ".join(report["problems"]))
        counts = ", ".join(f"{name} {count}" for name, count in report["counts"].items())
        kept = f" (kept: {report['database']}, {report['media']})" if keep else ""
        self.stdout.write(f"Restore drill passed: {counts}; every media file matches{kept}.")
