"""Backups that restore: the database and the media files, with a manifest and checksums.

A backup folder holds
- `database.dump` (PostgreSQL, `pg_dump -Fc`) or `database.sqlite3` (SQLite's backup API);
- `media.tar`, every file under MEDIA_ROOT;
- `manifest.json`: when, from which versions, the counts of pages, revisions, images and
  documents in the dumped database, and every media file with its size and SHA-256;
- `SHA256SUMS` over the three (`sha256sum -c SHA256SUMS` checks them by hand).

On PostgreSQL the counts are taken in the very snapshot that pg_dump exports
(`pg_export_snapshot`), so they describe the dump even while editors keep writing.

`restore_drill` checks the sums, restores into a fresh database (a new database beside the
current one on PostgreSQL, dropped afterwards unless kept; a new SQLite file) and a fresh media
folder, and compares the counts and every file's checksum with the manifest.
"""

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import django
import psycopg
import wagtail
from django.conf import settings
from django.db import connection as default_connection
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MEDIA_TAR = "media.tar"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FORMAT = 1


class BackupError(Exception):
    pass


def counted_tables() -> dict[str, str]:
    return {
        "pages": Page._meta.db_table,
        "revisions": Revision._meta.db_table,
        "images": get_image_model()._meta.db_table,
        "documents": get_document_model()._meta.db_table,
    }


def count_rows(cursor) -> dict[str, int]:
    counts = {}
    for name, table in counted_tables().items():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names from our models
        counts[name] = cursor.fetchone()[0]
    return counts


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pg_params(settings_dict: dict, dbname: str | None = None) -> dict:
    params = {
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "dbname": dbname or settings_dict["NAME"],
    }
    return {key: value for key, value in params.items() if value}


def pg_env(params: dict) -> dict:
    env = dict(os.environ)
    for key, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
    ):
        if key in params:
            env[variable] = params[key]
    return env


def pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore (PG_BINDIR, else the PATH)."""
    path = shutil.which(name, path=os.environ.get("PG_BINDIR")) or shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client).")
    return path


def tool_version(tool: str) -> str:
    try:
        command = [pg_tool(tool), "--version"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
    except (OSError, BackupError, subprocess.CalledProcessError):
        return ""


def dump_database(output: Path, connection=default_connection) -> tuple[str, dict[str, int], str]:
    """Write the database into `output`; (file name, counts, server version)."""
    if connection.vendor == "postgresql":
        params = pg_params(connection.settings_dict)
        with psycopg.connect(**params) as snapshot_holder:
            snapshot_holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            with snapshot_holder.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
                counts = count_rows(cursor)
            result = subprocess.run(  # noqa: S603 - fixed arguments
                [
                    pg_tool("pg_dump"),
                    "-Fc",
                    f"--snapshot={snapshot}",
                    "-f",
                    str(output / PG_DUMP),
                    params["dbname"],
                ],
                env=pg_env(params),
                capture_output=True,
                text=True,
            )
            snapshot_holder.rollback()
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return PG_DUMP, counts, server_version
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output / SQLITE_COPY)
        try:
            connection.connection.backup(target)
            counts = count_rows(target.cursor())
        finally:
            target.close()
        return SQLITE_COPY, counts, sqlite3.sqlite_version
    raise BackupError(f"No backup for the {connection.vendor} database.")


def archive_media(output: Path, media_root: Path) -> list[dict]:
    """Tar every file under `media_root`; the list of files with their size and SHA-256."""
    files = []
    with tarfile.open(output / MEDIA_TAR, "w") as tar:
        if media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink()):
                relative = path.relative_to(media_root).as_posix()
                data = path.read_bytes()  # hashed and archived from the same bytes
                info = tar.gettarinfo(str(path), arcname=relative)
                info.size = len(data)
                tar.addfile(info, fileobj=_BytesReader(data))
                files.append(
                    {"path": relative, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                )
    return files


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


def create_backup(output: Path, media_root: Path | None = None, connection=default_connection) -> dict:
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty.")
    output.mkdir(parents=True, exist_ok=True)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    database_file, counts, server_version = dump_database(output, connection)
    media = archive_media(output, media_root)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "versions": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "database": f"{connection.vendor} {server_version}",
            "pg_dump": tool_version("pg_dump") if connection.vendor == "postgresql" else "",
        },
        "database": {"vendor": connection.vendor, "file": database_file},
        "counts": counts,
        "media": {"file": MEDIA_TAR, "files": media},
        "artifacts": {name: sha256_file(output / name) for name in (database_file, MEDIA_TAR)},
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    write_sums(output, [database_file, MEDIA_TAR, MANIFEST])
    return manifest


def write_sums(folder: Path, names: list[str]) -> None:
    (folder / SUMS).write_text("".join(f"{sha256_file(folder / name)}  {name}\n" for name in names))


def check_sums(folder: Path) -> list[str]:
    problems = []
    sums = folder / SUMS
    if not sums.is_file():
        return [f"{SUMS} is missing."]
    listed = set()
    for line in sums.read_text().splitlines():
        expected, _, name = line.partition("  ")
        listed.add(name)
        path = folder / name
        if "/" in name or not path.is_file():
            problems.append(f"{name}: missing.")
        elif sha256_file(path) != expected:
            problems.append(f"{name}: checksum differs from {SUMS}.")
    if MANIFEST not in listed:
        problems.append(f"{MANIFEST} is not covered by {SUMS}.")
    return problems


def restore_database(folder: Path, manifest: dict, keep: bool, connection=default_connection):
    """Restore into a fresh database; (its name, counts, problems)."""
    vendor, name = manifest["database"]["vendor"], manifest["database"]["file"]
    if vendor == "sqlite":
        target = Path(tempfile.mkdtemp(prefix="warta-drill-")) / "restored.sqlite3"
        shutil.copyfile(folder / name, target)
        restored = sqlite3.connect(target)
        try:
            integrity = restored.execute("PRAGMA integrity_check").fetchone()[0]
            counts = count_rows(restored.cursor())
        finally:
            restored.close()
        problems = [] if integrity == "ok" else [f"SQLite integrity check: {integrity}"]
        if not keep:
            shutil.rmtree(target.parent, ignore_errors=True)
        return str(target), counts, problems
    if vendor != "postgresql" or connection.vendor != "postgresql":
        raise BackupError(f"A {vendor} backup is restored on PostgreSQL (here: {connection.vendor}).")
    params = pg_params(connection.settings_dict)
    drill_name = f"{params['dbname']}_drill_{datetime.now(UTC):%Y%m%d%H%M%S}"[:63]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{drill_name}"')
        admin.execute(f'CREATE DATABASE "{drill_name}"')
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                drill_name,
                str(folder / name),
            ],
            env=pg_env(params),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            return drill_name, {}, [f"pg_restore failed: {result.stderr.strip()}"]
        with (
            psycopg.connect(**pg_params(connection.settings_dict, drill_name)) as restored,
            restored.cursor() as cursor,
        ):
            counts = count_rows(cursor)
        return drill_name, counts, []
    finally:
        if not keep:
            with psycopg.connect(**params, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{drill_name}" WITH (FORCE)')


def restore_media(folder: Path, manifest: dict, target: Path) -> list[str]:
    problems = []
    with tarfile.open(folder / manifest["media"]["file"]) as tar:
        tar.extractall(target, filter="data")
    expected = {item["path"]: item for item in manifest["media"]["files"]}
    found = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    for path in sorted(found - set(expected)):
        problems.append(f"media/{path}: not in the manifest.")
    for path, item in sorted(expected.items()):
        restored = target / path
        if path not in found:
            problems.append(f"media/{path}: missing.")
        elif sha256_file(restored) != item["sha256"]:
            problems.append(f"media/{path}: checksum differs from the manifest.")
    return problems


def restore_drill(folder: Path, media_target: Path | None = None, keep: bool = False) -> dict:
    """Restore the backup in `folder` somewhere fresh and compare it with its manifest.

    Returns {"problems": [...], "counts": {...}, "database": ..., "media": ...}; no problems
    means the backup restores.
    """
    folder = Path(folder)
    problems = check_sums(folder)
    if problems:
        return {"problems": problems}
    manifest = json.loads((folder / MANIFEST).read_text())
    for name, expected in manifest["artifacts"].items():
        if sha256_file(folder / name) != expected:
            problems.append(f"{name}: checksum differs from the manifest.")
    if problems:
        return {"problems": problems}
    throwaway_media = media_target is None
    if throwaway_media:
        media_target = Path(tempfile.mkdtemp(prefix="warta-drill-media-"))
    else:
        media_target = Path(media_target)
        if media_target.exists() and any(media_target.iterdir()):
            raise BackupError(f"{media_target} is not empty.")
        media_target.mkdir(parents=True, exist_ok=True)
    database, counts, db_problems = restore_database(folder, manifest, keep)
    problems += db_problems
    for name, expected in manifest["counts"].items():
        if counts and counts.get(name) != expected:
            problems.append(f"{name}: {counts.get(name)} restored, {expected} in the manifest.")
    problems += restore_media(folder, manifest, media_target)
    if throwaway_media and not keep:
        shutil.rmtree(media_target, ignore_errors=True)
    return {"problems": problems, "counts": counts, "database": database, "media": str(media_target)}
