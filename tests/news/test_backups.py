"""`manage.py backup` and `manage.py restore_drill`: a backup restores into a fresh database and
media folder with the same counts and files, and a tampered backup fails the drill.

They run on the suite's database (SQLite, or PostgreSQL with pg_dump and pg_restore when
DATABASE_URL names it) and commit, so that the dump sees the rows.
"""

import json
import tarfile
from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import TransactionTestCase
from wagtail.documents import get_document_model

from news import backups
from tests.utils import make_article, make_category, make_image


class BackupDrillTests(TransactionTestCase):
    serialized_rollback = True  # the page tree and site that migrations made

    def setUp(self):
        import tempfile

        self.tmp = Path(tempfile.mkdtemp(prefix="warta-backup-test-"))
        nasional = make_category("Nasional", "nasional")
        for number in range(3):
            make_article(nasional, f"Berita cadangan {number}")
        make_image()
        document = get_document_model()(title="Siaran pers PDF")
        document.file.save("siaran.pdf", ContentFile(b"%PDF-1.4 uji cadangan"), save=True)
        self.document_path = document.file.name  # other tests' uploads share MEDIA_ROOT
        self.output = self.tmp / "backup"
        call_command("backup", output=str(self.output), stdout=StringIO())
        self.manifest = json.loads((self.output / "manifest.json").read_text())

    def tearDown(self):
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)

    def drill(self):
        out = StringIO()
        call_command("restore_drill", str(self.output), stdout=out)
        return out.getvalue()

    def test_the_backup_restores_with_the_same_counts_and_files(self):
        counts = self.manifest["counts"]
        self.assertEqual(counts["documents"], 1)
        self.assertEqual(counts["images"], 1)
        self.assertGreaterEqual(counts["pages"], 6)  # root, home, category, three articles
        self.assertGreaterEqual(counts["revisions"], 4)
        paths = [item["path"] for item in self.manifest["media"]["files"]]
        self.assertTrue(any(path.startswith("documents/") for path in paths), paths)
        self.assertTrue(any(path.startswith("original_images/") for path in paths), paths)
        self.assertIn("Restore drill passed", self.drill())
        self.assertIn(f"pages {counts['pages']}", self.drill())

    def test_restored_media_are_kept_where_asked(self):
        target = self.tmp / "restored-media"
        call_command("restore_drill", str(self.output), media_root=str(target), stdout=StringIO())
        paths = [item["path"] for item in self.manifest["media"]["files"]]
        self.assertIn(self.document_path, paths)
        self.assertEqual((target / self.document_path).read_bytes(), b"%PDF-1.4 uji cadangan")

    def test_a_damaged_file_fails_the_drill(self):
        with open(self.output / "media.tar", "r+b") as tar:
            tar.seek(600)
            byte = tar.read(1)
            tar.seek(600)
            tar.write(bytes([byte[0] ^ 0xFF]))
        with self.assertRaisesRegex(CommandError, "media.tar: checksum differs"):
            self.drill()

    def test_a_backup_missing_rows_fails_the_drill_even_with_new_checksums(self):
        self.manifest["counts"]["pages"] += 1
        (self.output / "manifest.json").write_text(json.dumps(self.manifest))
        backups.write_sums(self.output, [self.manifest["database"]["file"], "media.tar", "manifest.json"])
        with self.assertRaisesRegex(CommandError, "pages: .* restored, .* in the manifest"):
            self.drill()

    def test_a_media_file_swapped_inside_the_archive_fails_the_drill(self):
        # Rebuild the archive with one document's bytes changed and every checksum recomputed
        # except the manifest's list of files: the restored file does not match it.
        original = self.output / "media.tar"
        rebuilt = self.tmp / "media.tar"
        with tarfile.open(original) as source, tarfile.open(rebuilt, "w") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name == self.document_path:
                    data = b"%PDF-1.4 diganti"
                    member.size = len(data)
                target.addfile(member, fileobj=backups._BytesReader(data))
        rebuilt.replace(original)
        self.manifest["artifacts"]["media.tar"] = backups.sha256_file(original)
        (self.output / "manifest.json").write_text(json.dumps(self.manifest))
        backups.write_sums(self.output, [self.manifest["database"]["file"], "media.tar", "manifest.json"])
        with self.assertRaisesRegex(CommandError, r"media/documents/.*checksum differs from the manifest"):
            self.drill()
