"""Back up the database and the media files into a new folder (news.backups describes it).

manage.py backup --output /srv/backup/warta-2026-12-02
manage.py restore_drill /srv/backup/warta-2026-12-02
"""

from django.core.management.base import BaseCommand, CommandError

from news.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Write a backup (database dump, media tar, manifest.json, SHA256SUMS) into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="A folder that does not exist yet or is empty.")
        parser.add_argument("--media-root", help="The media folder (default: MEDIA_ROOT).")

    def handle(self, *args, output: str, media_root: str | None = None, **options):
        try:
            manifest = create_backup(output, media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{name} {count}" for name, count in manifest["counts"].items())
        self.stdout.write(
            f"Backup written to {output}: {counts}, {len(manifest['media']['files'])} media files."
        )
